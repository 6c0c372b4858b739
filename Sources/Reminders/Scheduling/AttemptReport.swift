public import Foundation

/// What is known about a call at one moment: from a webhook, a status poll, the sessions list
/// or the dial response. Fields left nil keep what the attempt already has.
public struct AttemptReport: Sendable, Equatable {
    /// The state the source reports.
    public var state: CallState
    /// The provider's call id, when the source names it.
    public var callID: String?
    /// When the source says the state changed; nil means "now".
    public var occurredAt: Date?
    /// Talk time in seconds.
    public var durationSeconds: Int?
    public var recordingID: String?
    /// The provider's reason for ending (or failing) the call.
    public var endReason: String?

    public init(
        state: CallState, callID: String? = nil, occurredAt: Date? = nil, durationSeconds: Int? = nil,
        recordingID: String? = nil, endReason: String? = nil
    ) {
        self.state = state
        self.callID = callID
        self.occurredAt = occurredAt
        self.durationSeconds = durationSeconds
        self.recordingID = recordingID
        self.endReason = endReason
    }
}
