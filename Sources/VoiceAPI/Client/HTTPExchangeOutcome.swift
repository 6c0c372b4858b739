/// What came of one HTTP exchange, in the classes a caller must tell apart.
public enum HTTPExchangeOutcome: Sendable, Equatable {
    /// The server answered (any status); header names are lowercased.
    case response(status: Int, headers: [String: String], body: [UInt8])
    /// Nothing reached the server (refused, unknown host): safe to send again.
    case notSent(String)
    /// The request may have reached the server but no answer came (timeout, reset).
    case noAnswer(String)
}
