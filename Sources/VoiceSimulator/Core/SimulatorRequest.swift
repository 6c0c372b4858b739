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
