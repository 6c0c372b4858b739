/// A request as the simulator's logic sees it, free of any server type.
public struct SimulatorRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: String?
    /// The `Authorization` header, if any.
    public var authorization: String?
    public var body: [UInt8]
    /// Whether the connection carried a request before this one (a kept-alive connection reused).
    public var onReusedConnection: Bool

    public init(
        method: String, path: String, query: String? = nil, authorization: String? = nil, body: [UInt8] = [],
        onReusedConnection: Bool = false
    ) {
        self.onReusedConnection = onReusedConnection
        self.method = method
        self.path = path
        self.query = query
        self.authorization = authorization
        self.body = body
    }
}
