/// A contact's final status (the `contacts.status` values other than `pending`).
public enum ContactSettlement: String, Sendable, Equatable, CaseIterable {
    case reached
    case notReached = "not_reached"
    case skipped
    case cancelled
}
