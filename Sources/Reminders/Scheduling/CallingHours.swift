public import Foundation

/// The hours in which a contact may be called, read on the contact's own wall clock.
///
/// A window runs from `start` (included) to `end` (excluded) on each day in `days`. Window
/// edges are converted to instants per day, so DST days get a shorter or longer window, and a
/// start that falls in a DST gap opens at the first valid instant after it.
public struct CallingHours: Sendable, Equatable {
    /// Local time the window opens.
    public let start: LocalTime
    /// Local time the window closes; calls must start before it.
    public let end: LocalTime
    /// Days of the week on which the window opens.
    public let days: Set<Weekday>
    /// Whether the campaign explicitly allowed hours outside the legal 08:00–21:00.
    public let overrideLegalHours: Bool

    /// The legal calling hours; wider hours need `overrideLegalHours`.
    public static let legalStart = LocalTime(clampingHour: 8, minute: 0)
    /// The end of the legal calling hours.
    public static let legalEnd = LocalTime(clampingHour: 21, minute: 0)

    /// The hours used when a campaign does not say: 09:00–20:00 every day.
    public static let `default` = CallingHours(
        start: LocalTime(clampingHour: 9, minute: 0),
        end: LocalTime(clampingHour: 20, minute: 0),
        days: Set(Weekday.allCases),
        overrideLegalHours: false
    )

    /// Days scanned for the next opening: one full week plus the current day covers every pattern.
    private static let searchDays = 8

    /// Creates calling hours; a window whose `end` is not after `start` never opens.
    public init(start: LocalTime, end: LocalTime, days: Set<Weekday>, overrideLegalHours: Bool = false) {
        self.start = start
        self.end = end
        self.days = days
        self.overrideLegalHours = overrideLegalHours
    }

    /// Whether the hours stay inside 08:00–21:00.
    public var isWithinLegalHours: Bool {
        start >= Self.legalStart && end <= Self.legalEnd
    }

    /// Whether a call may start at `instant` for a contact in `timeZone`.
    public func contains(_ instant: Date, timeZone: TimeZone) -> Bool {
        windowEnd(containing: instant, timeZone: timeZone) != nil
    }

    /// The instant itself when it is inside a window, else the start of the next window; nil when
    /// no window ever opens (no days, or `end` not after `start`).
    public func nextOpening(atOrAfter instant: Date, timeZone: TimeZone) -> Date? {
        let clock = WallClock(timeZone: timeZone)
        let today = clock.localDayAndSecond(of: instant).day
        for day in today..<(today + Self.searchDays) {
            guard let window = window(onDay: day, clock: clock), window.end > instant else { continue }
            return max(window.start, instant)
        }
        return nil
    }

    /// The end of the window that contains `instant`, or nil when `instant` is outside every window.
    public func windowEnd(containing instant: Date, timeZone: TimeZone) -> Date? {
        let clock = WallClock(timeZone: timeZone)
        let today = clock.localDayAndSecond(of: instant).day
        guard let window = window(onDay: today, clock: clock), window.start <= instant, instant < window.end
        else { return nil }
        return window.end
    }

    /// The window of one local civil day as instants, or nil when it does not open that day.
    private func window(onDay day: Int, clock: WallClock) -> (start: Date, end: Date)? {
        guard days.contains(Weekday(daysSinceEpoch: day)) else { return nil }
        let opens = clock.instant(day: day, second: start.secondsIntoDay)
        let closes = clock.instant(day: day, second: end.secondsIntoDay)
        return opens < closes ? (opens, closes) : nil
    }
}
