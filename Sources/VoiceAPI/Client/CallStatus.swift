/// A call's status as the provider reports it; unknown values are kept, never guessed.
public enum CallStatus: Sendable, Hashable, CustomStringConvertible {
    case initiating
    case ringing
    case inProgress
    case completed
    case noAnswer
    case busy
    case failed
    /// A status this client does not know; stored, but it never changes a call's state.
    case unrecognized(String)

    /// Reads a status, accepting the event form with its `call.` prefix (`call.completed`).
    public init(wireValue: String) {
        let bare = wireValue.hasPrefix("call.") ? String(wireValue.dropFirst(5)) : wireValue
        switch bare {
        case "initiating": self = .initiating
        case "ringing": self = .ringing
        case "in_progress": self = .inProgress
        case "completed": self = .completed
        case "no_answer": self = .noAnswer
        case "busy": self = .busy
        case "failed": self = .failed
        default: self = .unrecognized(wireValue)
        }
    }

    /// The provider's spelling (`in_progress`, `no_answer`, …).
    public var wireValue: String {
        switch self {
        case .initiating: "initiating"
        case .ringing: "ringing"
        case .inProgress: "in_progress"
        case .completed: "completed"
        case .noAnswer: "no_answer"
        case .busy: "busy"
        case .failed: "failed"
        case .unrecognized(let value): value
        }
    }

    /// Whether the call has ended; a terminal status never goes back.
    public var isTerminal: Bool {
        switch self {
        case .completed, .noAnswer, .busy, .failed: true
        case .initiating, .ringing, .inProgress, .unrecognized: false
        }
    }

    public var description: String { wireValue }
}
