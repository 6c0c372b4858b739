/// Why `AttemptOutcomes` refused to change an attempt; nothing was written.
public enum AttemptOutcomesError: Error, Equatable, CustomStringConvertible {
    /// No attempt has this id.
    case attemptNotFound(Int64)
    /// The report names a call other than the one the attempt already has: never applied,
    /// since it would let one call's events move another's attempt.
    case callIDMismatch(attemptID: Int64)
    /// The operation needs the attempt in another state (for example rescheduling a dialed attempt).
    case wrongState(attemptID: Int64, state: String, operation: String)
    /// A value read back from the database is outside what the schema allows.
    case corrupt(String)

    public var description: String {
        switch self {
        case .attemptNotFound(let id): "no call attempt with id \(id)"
        case .callIDMismatch(let id): "attempt \(id): the reported call id differs from the attempt's call id"
        case .wrongState(let id, let state, let operation): "attempt \(id) is \(state): cannot \(operation)"
        case .corrupt(let what): "unexpected value in the database: \(what)"
        }
    }
}
