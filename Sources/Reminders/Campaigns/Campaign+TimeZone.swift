public import Foundation

extension Campaign {
    /// The zone for an IANA identifier such as `Europe/Berlin`, or nil.
    ///
    /// Accepted: `UTC`, `Etc/UTC`, `GMT`, and `Area/Location` identifiers in one of the IANA
    /// geographic areas that Foundation can load. Abbreviations (`EST`, `CET`), POSIX-style
    /// names and the sign-inverted `Etc/GMT+5` are rejected: they look right and mislead.
    /// Foundation's `knownTimeZoneIdentifiers` is not used as the list: on Linux it lacks
    /// current names such as `Asia/Kolkata`.
    public static func ianaTimeZone(_ identifier: String) -> TimeZone? {
        if utcIdentifiers.contains(identifier) { return TimeZone(identifier: identifier) }
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

    private static let utcIdentifiers: Set<String> = ["UTC", "Etc/UTC", "GMT"]

    /// The geographic areas of the IANA time zone database.
    private static let ianaAreas: Set<String> = [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific",
    ]
}
