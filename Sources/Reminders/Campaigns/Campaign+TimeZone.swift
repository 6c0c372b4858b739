public import Foundation

extension Campaign {
    /// The zone for a name such as `Europe/Berlin`, `US/Eastern` or `Eastern Standard Time`,
    /// or nil (see `TimeZoneName`).
    public static func ianaTimeZone(_ identifier: String) -> TimeZone? {
        try? TimeZoneName.parse(identifier)
    }
}
