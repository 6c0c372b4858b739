public import Foundation
import Timestamps

/// ISO 8601 instants as the provider writes them (`2026-03-07T10:00:00Z`, fractions allowed).
public enum ISO8601 {
    /// Parses an instant with an offset, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        InternetTimestamp.parse(text)
    }

    /// Formats an instant in UTC without fractions.
    public static func format(_ date: Date) -> String {
        InternetTimestamp.format(date)
    }
}
