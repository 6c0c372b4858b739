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
