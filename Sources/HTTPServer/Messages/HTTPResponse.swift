/// A response produced by a handler; the server adds the framing headers when writing it.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, such as 200 or 404.
    public var status: Int
    /// Header fields to send. `Content-Length`, `Transfer-Encoding` and `Connection` are set by the server.
    public var headers: HTTPHeaders
    /// The body bytes (never sent for `HEAD` requests, 1xx, 204 and 304).
    public var body: [UInt8]
    /// When set, the server closes the connection without sending anything: how a simulator
    /// imitates an answer lost on the network.
    public var dropsConnection = false

    /// Creates a response from its parts.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text (UTF-8) response.
    public static func text(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Array(body.utf8)
        )
    }

    /// A JSON response from already-encoded bytes.
    public static func json(_ status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// No response at all: the connection is closed unanswered.
    public static var dropConnection: HTTPResponse {
        var response = HTTPResponse(status: 0)
        response.dropsConnection = true
        return response
    }

    /// An empty response with only a status, such as 204.
    public static func empty(_ status: Int) -> HTTPResponse {
        HTTPResponse(status: status)
    }
}
