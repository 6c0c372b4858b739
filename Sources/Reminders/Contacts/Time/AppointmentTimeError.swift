/// Why an appointment time was refused; descriptions do not repeat the value.
public enum AppointmentTimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not shaped like an ISO 8601 date-time.
    case invalidFormat
    /// A month or day that does not exist (such as 2026-02-30).
    case invalidDate
    /// An hour, minute or second out of range.
    case invalidTime
    /// A UTC offset out of range.
    case invalidOffset
    /// A local time skipped by a daylight-saving change in the named zone.
    case nonexistentLocalTime(timeZone: String)
    /// Not in the campaign's `appointment_format`, which is named.
    case notInFormat(String)

    /// A human reason.
    public var description: String {
        switch self {
        case .invalidFormat:
            "not an ISO 8601 date-time (expected e.g. 2026-11-26T09:30:00-05:00, "
                + "2026-11-26T14:30:00Z or a local 2026-11-26 09:30)"
        case .invalidDate:
            "no such date"
        case .invalidTime:
            "invalid time of day"
        case .invalidOffset:
            "invalid UTC offset (expected Z or ±hh:mm up to 18:00)"
        case .notInFormat(let pattern):
            "not a date-time in the form \(pattern) (the campaign's appointment_format)"
        case .nonexistentLocalTime(let timeZone):
            "the local time does not exist in \(timeZone): clocks skip it for daylight saving"
        }
    }
}
