public import Foundation

/// ISO 8601 instants as the provider writes them (`2026-03-07T10:00:00Z`, fractions allowed).
public enum ISO8601 {
    /// Parses an instant with an offset, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Formats an instant in UTC without fractions.
    public static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
