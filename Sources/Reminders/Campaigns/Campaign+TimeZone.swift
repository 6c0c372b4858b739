public import Foundation

extension Campaign {
    /// Whether a status value (from the `status` column or a source recheck) means the
    /// appointment was cancelled: one of `values`, spaces and capitals ignored. The one reading
    /// of `cancelled_values`, for imports, syncs and rechecks alike.
    public static func isCancelled(status: String, values: Set<String>) -> Bool {
        !values.isEmpty && values.contains(status.trimmingSpacesAndTabs().lowercased())
    }

    /// The zone for a name such as `Europe/Berlin`, `US/Eastern` or `Eastern Standard Time`,
    /// or nil (see `TimeZoneName`). The one reading of a contact's stored zone for the claim,
    /// retries, `preview` and `plan`: where it is nil (this machine's tzdata lacks the zone), the
    /// contact's calling window is unknown, so it is settled `time_zone_unknown`, never guessed.
    public static func ianaTimeZone(_ identifier: String) -> TimeZone? {
        try? TimeZoneName.parse(identifier)
    }
}
