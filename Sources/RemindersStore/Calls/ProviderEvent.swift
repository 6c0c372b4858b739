public import Foundation
public import Reminders

/// One status event from the provider, as the store records it (the webhook's fields, read by
/// the caller; this module does not depend on the provider client).
public struct ProviderEvent: Sendable, Equatable {
    public var callID: String
    /// The status as the provider spelled it (`ringing`, `call.completed`, or one we do not know).
    public var status: String
    /// The state the status means, or nil for a status we do not recognize (recorded, never applied).
    public var state: CallState?
    /// When the provider says the status changed.
    public var occurredAt: Date?
    public var durationSeconds: Int?
    public var recordingID: String?
    public var reason: String?
    /// The body as received (JSON), kept in `call_events.payload`.
    public var payload: String

    public init(
        callID: String, status: String, state: CallState?, occurredAt: Date? = nil, durationSeconds: Int? = nil,
        recordingID: String? = nil, reason: String? = nil, payload: String
    ) {
        self.callID = callID
        self.status = status
        self.state = state
        self.occurredAt = occurredAt
        self.durationSeconds = durationSeconds
        self.recordingID = recordingID
        self.reason = reason
        self.payload = payload
    }

    /// Call id, status and timestamp: the same event delivered twice has the same key.
    public var dedupeKey: String {
        let instant = occurredAt.map { String(format: "%.3f", $0.timeIntervalSince1970) } ?? "-"
        return "\(callID)|\(status)|\(instant)"
    }
}
