public import Foundation

/// Reads IANA time zone names (`America/New_York`, `Europe/London`, `UTC`) and nothing else.
///
/// Abbreviations such as `EST` or `PST` are refused: they are ambiguous (`IST` is three
/// zones) and a fixed-offset `EST` ignores daylight saving, which would put a summer call an
/// hour off.
public enum TimeZoneName {
    /// The UTC spellings accepted without an `Area/` prefix.
    static let utcNames: Set<String> = ["UTC", "Etc/UTC", "GMT"]

    /// Names Foundation lists, by their lowercased form, to suggest the right spelling.
    private static let byLowercase: [String: String] = Dictionary(
        TimeZone.knownTimeZoneIdentifiers.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

    /// The longest name looked at; the longest IANA names are about 30 characters.
    static let maxLength = 64

    /// The zone for an exact IANA identifier such as `Europe/Berlin`, or nil: the one rule for
    /// campaign and contact time zones alike.
    ///
    /// Accepted: `UTC`, `Etc/UTC`, `GMT`, and `Area/Location` identifiers in one of the IANA
    /// geographic areas that Foundation can load. Abbreviations (`EST`, `CET`), legacy links
    /// (`US/Eastern`) and the sign-inverted `Etc/GMT+5` are refused: they look right and mislead.
    /// Foundation's `knownTimeZoneIdentifiers` is not the list: on Linux it lacks current names
    /// such as `Asia/Kolkata`.
    public static func zone(ianaIdentifier identifier: String) -> TimeZone? {
        if utcNames.contains(identifier) { return TimeZone(identifier: identifier) }
        let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let area = parts.first, ianaAreas.contains(String(area)),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isZoneNameCharacter) }),
              let zone = TimeZone(identifier: identifier), zone.identifier == identifier
        else { return nil }
        return zone
    }

    private static func isZoneNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "+" || c == "-")
    }

    /// The geographic areas of the IANA time zone database.
    private static let ianaAreas: Set<String> = [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific",
    ]

    /// Returns the time zone named `name` (surrounding spaces ignored).
    public static func parse(_ name: String) throws(TimeZoneError) -> TimeZone {
        let trimmed = name.trimmingSpacesAndTabs()
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.utf8.count <= maxLength else { throw .unknown(String(trimmed.prefix(maxLength)), suggestion: nil) }
        guard let zone = zone(ianaIdentifier: trimmed) else {
            if let suggestion = byLowercase[trimmed.lowercased()] {
                throw .unknown(trimmed, suggestion: suggestion)
            }
            if !trimmed.contains("/") && trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                throw .abbreviation(trimmed)
            }
            throw .unknown(trimmed, suggestion: nil)
        }
        return zone
    }
}

/// Why a time zone name was refused.
public enum TimeZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No name given.
    case empty
    /// An abbreviation or legacy name such as `EST`.
    case abbreviation(String)
    /// A name Foundation does not know, with a known name differing only in case, if any.
    case unknown(String, suggestion: String?)

    /// The reason for a contact's row: the cell is not repeated, since in a shifted export it may
    /// hold a name or a number (only a suggested zone name is).
    public var rowReason: String {
        switch self {
        case .empty: "no time zone"
        case .abbreviation: "an abbreviation, not an IANA time zone (use a name such as America/New_York)"
        case .unknown(_, let suggestion?): "not a time zone this machine knows (did you mean \(suggestion)?)"
        case .unknown(_, nil): "not a time zone this machine knows (use an IANA name such as Europe/London)"
        }
    }

    /// A human reason.
    public var description: String {
        switch self {
        case .empty:
            "no time zone"
        case .abbreviation(let name):
            "\"\(name)\" is an abbreviation, not an IANA time zone (use a name such as America/New_York)"
        case .unknown(let name, let suggestion?):
            "unknown time zone \"\(name)\" (did you mean \(suggestion)?)"
        case .unknown(let name, nil):
            "unknown time zone \"\(name)\" (use an IANA name such as Europe/London)"
        }
    }
}
