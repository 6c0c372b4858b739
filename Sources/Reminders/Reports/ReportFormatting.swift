public import Foundation
import Timestamps

/// Number and time formatting shared by the report renderers: deterministic, locale-free, and
/// cheap enough to run once per row over a million rows (Foundation's formatters are not).
public enum ReportFormatting {
    /// `date` in `zone` as staff read an appointment: `2026-12-04 09:30 GMT-5`, with the zone's
    /// name at that instant as this machine's time zone data gives it (on Linux, its UTC offset).
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let name = zone.abbreviation(for: date) ?? "UTC"
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3_600)):\(two(secondOfDay % 3_600 / 60)) \(name)"
    }

    /// `2026-11-25T01:59:16Z`: UTC, whole seconds (fractions are truncated).
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        guard (0...9_999).contains(year) else { return "\(year)-\(month)-\(day)T00:00:00Z" }
        // Written digit by digit into a fixed buffer: this runs once per row in CSV and JSON.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            put(month, 2, at: 5)
            put(day, 2, at: 8)
            put(secondOfDay / 3_600, 2, at: 11)
            put(secondOfDay / 60 % 60, 2, at: 14)
            put(secondOfDay % 60, 2, at: 17)
            for (offset, byte) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] as [(Int, Unicode.Scalar)] {
                buffer[offset] = UInt8(ascii: byte)
            }
            return 20
        }
    }

    /// `2026-11-25 01:59 UTC`, for people.
    public static func minute(_ date: Date) -> String {
        let text = timestamp(date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }

    /// A number rounded to at most `places` decimals with trailing zeros dropped: `30`, `0.5`, `0.6667`.
    public static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A ratio as a percentage with one decimal: `66.7%`; an em dash when there is no ratio.
    public static func percent(_ ratio: Double?) -> String {
        guard let ratio else { return "—" }
        return decimal(ratio * 100, places: 1) + "%"
    }

}
