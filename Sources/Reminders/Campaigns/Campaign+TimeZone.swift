public import Foundation

extension Campaign {
    /// The zone for an IANA identifier such as `Europe/Berlin`, or nil (see `TimeZoneName`).
    public static func ianaTimeZone(_ identifier: String) -> TimeZone? {
        TimeZoneName.zone(ianaIdentifier: identifier)
    }
}
