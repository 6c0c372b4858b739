public import Foundation

/// Reads time zone names as exports write them: any name of the IANA time zone database, links
/// included (`US/Eastern`, `Asia/Calcutta`, `Etc/GMT-6`), and Windows zone names (`Eastern
/// Standard Time`) through the CLDR mapping. A zone is kept under its canonical IANA name
/// (`US/Eastern` is `America/New_York`), so the same place is one zone however it was written.
///
/// Abbreviations (`EST`, `IST`, `CET`) are refused with a suggestion: they are ambiguous (`IST`
/// is India, Israel and Ireland) and a fixed-offset `EST` ignores daylight saving, which would
/// put a summer call an hour off. `Etc/GMT±N` is accepted with its POSIX sign, which is inverted:
/// `Etc/GMT-6` is six hours *ahead* of UTC (the README says so).
public enum TimeZoneName {
    /// A zone and the canonical name it is stored under.
    public struct Resolved: Sendable, Equatable {
        public let zone: TimeZone
        public let identifier: String
    }

    /// Names of UTC: stored as `UTC`, the name the project has always used for it.
    static let utcNames: Set<String> = ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "Greenwich", "Etc/Greenwich", "GMT0", "Etc/GMT0", "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0"]

    /// The longest name looked at; the longest IANA and Windows names are under 40 characters.
    static let maxLength = 64

    /// Abbreviations people write, with the zone most often meant, for the refusal's suggestion.
    static let abbreviationSuggestions: [String: String] = [
        "EST": "America/New_York", "EDT": "America/New_York", "CST": "America/Chicago", "CDT": "America/Chicago",
        "MST": "America/Denver", "MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
        "AKST": "America/Anchorage", "HST": "Pacific/Honolulu", "AST": "America/Halifax", "NST": "America/St_Johns",
        "BST": "Europe/London", "WET": "Europe/Lisbon", "CET": "Europe/Paris", "CEST": "Europe/Paris", "MET": "Europe/Paris",
        "EET": "Europe/Athens", "EEST": "Europe/Athens", "MSK": "Europe/Moscow", "IST": "Asia/Kolkata",
        "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
        "ACST": "Australia/Adelaide", "AWST": "Australia/Perth", "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland",
    ]

    /// The zone named exactly `identifier` in the IANA database (a zone or a link), or nil. Used
    /// for names already stored, which are canonical; abbreviations are refused here too.
    public static func zone(ianaIdentifier identifier: String) -> TimeZone? {
        resolveIANA(identifier)?.zone
    }

    /// Returns the time zone named `name` (surrounding spaces ignored).
    public static func parse(_ name: String) throws(TimeZoneError) -> TimeZone {
        try resolve(name).zone
    }

    /// Reads `name` (surrounding spaces ignored) and returns its zone and canonical name.
    public static func resolve(_ name: String) throws(TimeZoneError) -> Resolved {
        let trimmed = name.trimmingSpacesAndTabs()
        guard !trimmed.isEmpty else { throw .empty }
        guard trimmed.utf8.count <= maxLength else { throw .unknown(String(trimmed.prefix(maxLength)), suggestion: nil) }
        if let resolved = resolveIANA(trimmed) { return resolved }
        if let iana = WindowsTimeZones.ianaZone(forWindowsName: trimmed), let resolved = resolveIANA(iana) { return resolved }
        if isAbbreviation(trimmed) {
            throw .abbreviation(trimmed, suggestion: abbreviationSuggestions[trimmed.uppercased()])
        }
        if let suggestion = caseInsensitiveMatch(trimmed) {
            throw .unknown(trimmed, suggestion: suggestion)
        }
        throw .unknown(trimmed, suggestion: nil)
    }

    private static func resolveIANA(_ name: String) -> Resolved? {
        if utcNames.contains(name) { return TimeZone(identifier: "UTC").map { Resolved(zone: $0, identifier: "UTC") } }
        guard !isAbbreviation(name), name.allSatisfy(isZoneNameCharacter), IANAZoneDatabase.system.knows(name) else { return nil }
        let canonical = IANAZoneDatabase.system.canonical(name)
        if utcNames.contains(canonical) { return TimeZone(identifier: "UTC").map { Resolved(zone: $0, identifier: "UTC") } }
        guard let zone = TimeZone(identifier: canonical) else { return nil }
        return Resolved(zone: zone, identifier: canonical)
    }

    /// An all-capitals word without `/` (`EST`, `PST8PDT`, `CET`): tzdata keeps some of these as
    /// legacy zones, but written in an export they are abbreviations.
    static func isAbbreviation(_ name: String) -> Bool {
        !name.contains("/") && name.contains(where: \.isLetter) && !name.contains(where: \.isLowercase)
            && !utcNames.contains(name) && name.count <= 8
    }

    private static func isZoneNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "+" || c == "-" || c == "/")
    }

    /// A known name that differs from `name` only in capitals, to suggest the right spelling.
    private static func caseInsensitiveMatch(_ name: String) -> String? {
        let lowered = name.lowercased()
        let database = IANAZoneDatabase.system
        return database.zones.first { $0.lowercased() == lowered }
            ?? database.links.keys.first { $0.lowercased() == lowered }.map(database.canonical)
            ?? TimeZone.knownTimeZoneIdentifiers.first { $0.lowercased() == lowered }
    }
}

/// Why a time zone name was refused.
public enum TimeZoneError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No name given.
    case empty
    /// An abbreviation such as `EST`, with the zone most often meant by it.
    case abbreviation(String, suggestion: String?)
    /// A name the zone database does not know, with a known name differing only in case, if any.
    case unknown(String, suggestion: String?)

    /// The reason for a contact's row: the cell is not repeated, since in a shifted export it may
    /// hold a name or a number (only a suggested zone name is).
    public var rowReason: String {
        switch self {
        case .empty: "no time zone"
        case .abbreviation(_, let suggestion?):
            "an abbreviation, not a time zone (it does not say which; did you mean \(suggestion)?)"
        case .abbreviation(_, nil): "an abbreviation, not a time zone (use a name such as America/New_York)"
        case .unknown(_, let suggestion?): "not a time zone this machine knows (did you mean \(suggestion)?)"
        case .unknown(_, nil): "not a time zone this machine knows (use an IANA name such as Europe/London)"
        }
    }

    /// A human reason.
    public var description: String {
        switch self {
        case .empty:
            "no time zone"
        case .abbreviation(let name, let suggestion?):
            "\"\(name)\" is an abbreviation, not a time zone: it does not say which (did you mean \(suggestion)?)"
        case .abbreviation(let name, nil):
            "\"\(name)\" is an abbreviation, not a time zone (use a name such as America/New_York)"
        case .unknown(let name, let suggestion?):
            "unknown time zone \"\(name)\" (did you mean \(suggestion)?)"
        case .unknown(let name, nil):
            "unknown time zone \"\(name)\" (use an IANA name such as Europe/London, or a Windows name such as Eastern Standard Time)"
        }
    }
}
