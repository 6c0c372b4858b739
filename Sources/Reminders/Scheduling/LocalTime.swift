/// A wall-clock time of day, minute precision, written `HH:MM` on a 24-hour clock.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Hour of the day, `0...23`.
    public let hour: Int
    /// Minute of the hour, `0...59`.
    public let minute: Int

    /// Creates a time of day, or returns nil when the hour or minute is out of range.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Creates a time for constants known to be valid, clamping out-of-range parts.
    init(clampingHour hour: Int, minute: Int) {
        self.hour = min(max(hour, 0), 23)
        self.minute = min(max(minute, 0), 59)
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
