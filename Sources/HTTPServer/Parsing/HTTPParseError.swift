/// Why a request was refused, with the status code to answer before closing the connection.
///
/// The reason names the offending part (request line, a header's name, the body framing) but never
/// echoes its content, so header values and bodies cannot leak into logs.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer: 400, 411, 413, 414, 417, 431, 501 or 505.
    public var status: Int
    /// A short human explanation, safe to log and to send back as the response body.
    public var reason: String

    /// Creates an error with its response status and reason.
    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "HTTP \(status): \(reason)" }

    static func badRequest(_ reason: String) -> HTTPParseError { .init(status: 400, reason: reason) }
}
