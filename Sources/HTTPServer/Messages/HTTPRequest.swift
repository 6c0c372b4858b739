/// A complete, validated HTTP/1.1 request as handed to the server's handler.
public struct HTTPRequest: Sendable, Equatable {
    /// The method token, such as `GET` or `POST` (case-sensitive, as RFC 9110 says).
    public var method: String
    /// The request target exactly as sent: origin-form (`/a?b`), absolute-form or `*`.
    public var target: String
    /// The path part of the target, without the query; `*` for `OPTIONS *`.
    public var path: String
    /// The query part of the target after `?`, or `nil` when there is no `?`.
    public var query: String?
    /// The protocol version from the request line.
    public var version: HTTPVersion
    /// The header fields in the order received.
    public var headers: HTTPHeaders
    /// Trailer fields sent after a chunked body (usually empty).
    public var trailers: HTTPHeaders
    /// The body after removing any chunked framing.
    public var body: [UInt8]
    /// How many requests the same connection carried before this one: 0 on a fresh connection.
    /// The server sets it; the provider simulator uses it to fail only reused connections.
    public var precedingRequestsOnConnection = 0

    /// Creates a request; the parser builds these, tests may too.
    public init(
        method: String,
        target: String,
        path: String,
        query: String? = nil,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        trailers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.trailers = trailers
        self.body = body
    }

    /// Whether the client wants the connection kept open after the response.
    ///
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var wantsKeepAlive: Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        if version == .http1_0 { return headers.containsToken("keep-alive", in: "Connection") }
        return true
    }
}
