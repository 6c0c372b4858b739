/// One line of the simulator's log: a request it answered or a webhook it tried to deliver.
///
/// Dial entries carry the full `to_number` on purpose: the log exists for tests to check who was called.
public struct SimulatorLogEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case request
        case webhook
    }

    public var kind: Kind
    /// Wall-clock time, ISO 8601 with milliseconds.
    public var time: String
    /// Monotonic milliseconds since the simulator started, for ordering.
    public var elapsedMilliseconds: Int64
    public var method: String?
    public var path: String?
    /// The status answered (request) or received (webhook); nil when none (dropped, unreachable, not sent).
    public var status: Int?
    public var toNumber: String?
    public var callID: String?
    /// The webhook's status (`ringing`, `completed`, …).
    public var event: String?
    public var attempt: Int?
    /// Why something unusual happened (`dropped_response`, `missing_webhook`, `refused: not loopback`, …).
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case kind, time, method, path, status, event, attempt, note
        case elapsedMilliseconds = "elapsed_ms"
        case toNumber = "to_number"
        case callID = "call_id"
    }
}
