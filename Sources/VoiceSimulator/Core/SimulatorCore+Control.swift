import Foundation

extension SimulatorCore {
    /// The `/_sim/...` endpoints for out-of-process tests: `GET /_sim/log`, `POST /_sim/config`.
    ///
    /// Not behind the API key: they exist only on a loopback test simulator.
    mutating func control(_ request: SimulatorRequest, segments: [String]) -> SimulatorResponse {
        switch (request.method, segments) {
        case ("GET", ["log"]):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let body = try? encoder.encode(log) else { return .error(500, "cannot encode the log") }
            return SimulatorResponse(status: 200, headers: ["Content-Type": "application/json"], body: [UInt8](body))
        case ("POST", ["config"]):
            struct Patch: Decodable {
                let faults: Faults?
                let outcomes: OutcomePolicy?
            }
            guard let patch = try? JSONDecoder().decode(Patch.self, from: Data(request.body)) else {
                return .error(422, "expected {\"faults\": {...}, \"outcomes\": \"rules\"|\"mix\"} with rates 0…1")
            }
            update(faults: patch.faults ?? configuration.faults, outcomes: patch.outcomes)
            return .json(200, .object([("ok", .bool(true))]))
        default:
            return .error(404, "no such simulator endpoint")
        }
    }
}
