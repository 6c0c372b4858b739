/// A failure to set up or run the listening socket, naming the call and the address involved.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done, such as `bind 127.0.0.1:8080`.
    public var operation: String
    /// The system's explanation (from `strerror` or `gai_strerror`).
    public var message: String

    /// Creates an error for `operation` with the system's `message`.
    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation) failed: \(message)" }
}
