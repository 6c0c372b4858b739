/// A day of the week, written in campaign files by its three-letter English name.
public enum Weekday: String, Sendable, Hashable, CaseIterable, Comparable {
    case monday = "mon"
    case tuesday = "tue"
    case wednesday = "wed"
    case thursday = "thu"
    case friday = "fri"
    case saturday = "sat"
    case sunday = "sun"

    /// The weekday of a civil day counted from 1970-01-01, which was a Thursday.
    init(daysSinceEpoch day: Int) {
        // Monday is 0 in `allCases`; 1970-01-01 is index 3.
        let index = ((day + 3) % 7 + 7) % 7
        self = Self.allCases[index]
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
