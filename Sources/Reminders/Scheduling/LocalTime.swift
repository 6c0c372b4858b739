/// A wall-clock time of day, minute precision, written `HH:MM` on a 24-hour clock.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Hour of the day, `0...23`, or 24 for `endOfDay`.
    public let hour: Int
    /// Minute of the hour, `0...59`.
    public let minute: Int

    /// `24:00`, the midnight that ends a day (as in ISO 8601): a calling window may end there, so
    /// "00:00"–"24:00" is open all day, where "23:59" would leave the last minute closed.
    public static let endOfDay = LocalTime(clampingHour: 24, minute: 0)

    /// Creates a time of day, or returns nil when the hour or minute is out of range; 24:00 is
    /// the only time with hour 24.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Creates a time for constants known to be valid, clamping out-of-range parts.
    init(clampingHour hour: Int, minute: Int) {
        self.hour = min(max(hour, 0), 24)
        self.minute = hour >= 24 ? 0 : min(max(minute, 0), 59)
    }

    /// Parses exactly `HH:MM` (two digits each), or returns nil.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// Seconds since local midnight.
    public var secondsIntoDay: Int { hour * 3_600 + minute * 60 }

    /// The `HH:MM` form.
    public var description: String {
        let hh = hour < 10 ? "0\(hour)" : "\(hour)"
        let mm = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(hh):\(mm)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsIntoDay < rhs.secondsIntoDay }
}
