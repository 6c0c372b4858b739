public import Foundation
import Timestamps

/// Reads appointment times: ISO 8601 instants, or local date-times in a contact's time zone.
public enum AppointmentTime {
    /// The widest UTC offset accepted, in seconds (ISO 8601 practice; real zones stay within ±14h).
    static let maxOffsetSeconds = 18 * 3600

    /// Parses `text` into an instant, reading a time without offset in `timeZone`.
    ///
    /// Accepted: `2026-11-26T09:30:00-05:00`, `…+0530`, `…Z`, optional fractional seconds
    /// (`09:30:00.250Z`), and local `2026-11-26T09:30`, `2026-11-26 09:30[:00]`.
    /// A local time skipped by a daylight-saving change is an error. A local time that occurs
    /// twice (when clocks go back) is read as the EARLIER instant: for a reminder, being early
    /// is harmless while being late misses the appointment.
    ///
    /// With a `format`, the text must match it and is a local time in `timeZone`.
    public static func parse(
        _ text: String, timeZone: TimeZone, format: AppointmentFormat? = nil
    ) throws(AppointmentTimeError) -> Date {
        let fields: DateTimeText
        if let format {
            fields = try format.fields(text)
        } else {
            fields = try DateTimeText.parse(text)
        }
        let days = CivilDate.daysSinceEpoch(year: fields.year, month: fields.month, day: fields.day)
        let localSeconds = days * CivilDate.secondsPerDay + fields.hour * 3600 + fields.minute * 60 + fields.second
        let seconds: Int
        if let offset = fields.offsetSeconds {
            seconds = localSeconds - offset
        } else {
            seconds = try resolve(localSeconds: localSeconds, in: timeZone)
        }
        return Date(timeIntervalSince1970: Double(seconds) + fields.fraction)
    }

    /// `instant` as a local ISO 8601 date-time in `timeZone` (`2026-12-04T09:00:00`), as
    /// templates read appointment times.
    public static func localText(_ instant: Date, timeZone: TimeZone) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let days = Int((Double(seconds) / Double(CivilDate.secondsPerDay)).rounded(.down))
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        let inDay = seconds - days * CivilDate.secondsPerDay
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60))"
    }

    /// Finds the instant whose wall-clock time in `timeZone` is `localSeconds` (counted as if UTC).
    ///
    /// Tries the offsets in force around that time: each candidate that maps back to the same
    /// wall-clock time is valid. None means a gap; two mean an overlap, and the earlier wins.
    static func resolve(localSeconds: Int, in timeZone: TimeZone) throws(AppointmentTimeError) -> Int {
        // Two days either side reaches past any single transition on the same date.
        let probeDistance = 2 * CivilDate.secondsPerDay
        var earliest: Int?
        var tried: [Int] = []
        for probe in [localSeconds, localSeconds - probeDistance, localSeconds + probeDistance] {
            let offset = offsetSeconds(timeZone, at: probe)
            if tried.contains(offset) { continue }
            tried.append(offset)
            let candidate = localSeconds - offset
            if offsetSeconds(timeZone, at: candidate) == offset {
                earliest = min(earliest ?? candidate, candidate)
            }
        }
        guard let earliest else { throw .nonexistentLocalTime(timeZone: timeZone.identifier) }
        return earliest
    }

    private static func offsetSeconds(_ timeZone: TimeZone, at seconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }
}
