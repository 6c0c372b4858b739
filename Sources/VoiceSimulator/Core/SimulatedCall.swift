public import VoiceAPI

/// A call the simulator accepted, with the life it will live.
public struct SimulatedCall: Sendable, Equatable {
    public var id: String
    public var request: DialRequest
    /// Monotonic time of the dial.
    public var createdAt: Duration
    public var outcome: CallOutcome
    /// True status changes, in time order (what `GET /voice/status` reports, whatever the webhook faults).
    public var timeline: [StatusChange]
    public var recordingID: String?
}
