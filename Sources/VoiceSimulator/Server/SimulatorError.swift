/// Misuse of a simulator's lifecycle.
public enum SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `start` was called on a simulator that is running or was shut down; make a new one instead.
    case alreadyStarted

    public var description: String {
        switch self {
        case .alreadyStarted: "the simulator was already started; create a new one to start again"
        }
    }
}
