/// A request as the simulator's logic sees it, free of any server type.
public struct SimulatorRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: String?
    /// The `Authorization` header, if any.
    public var authorization: String?
    public var body: [UInt8]

    public init(method: String, path: String, query: String? = nil, authorization: String? = nil, body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.authorization = authorization
        self.body = body
    }
}

/// A response as the simulator's logic decides it.
public struct SimulatorResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    static func json(_ status: Int, _ value: WireJSON, headers: [String: String] = [:]) -> SimulatorResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return SimulatorResponse(status: status, headers: headers, body: value.bytes)
    }

    static func error(_ status: Int, _ message: String, headers: [String: String] = [:]) -> SimulatorResponse {
        json(status, .object([("error", .string(message))]), headers: headers)
    }
}

/// What the shell must do with a request.
public enum SimulatorAnswer: Sendable, Equatable {
    case respond(SimulatorResponse)
    /// Do not answer (the dial was still accepted); `late` is what a very late answer would say.
    case drop(late: SimulatorResponse)
}
