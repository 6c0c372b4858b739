import Testing
import Foundation
import VoiceAPI
import VoiceSimulator

/// A simulator on 127.0.0.1 with an ephemeral port, and a client pointed at it.
struct SimulatorFixture {
    static let key = "test-key-0123456789"

    let simulator: VoiceSimulator
    let client: VoiceClient
    let baseURL: URL

    init(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }, clientTimeout: Duration = .seconds(5)) throws {
        var configuration = SimulatorConfiguration(apiKey: Self.key, timing: .fast)
        configure(&configuration)
        simulator = VoiceSimulator(configuration: configuration)
        let port = try simulator.start(host: "127.0.0.1", port: 0)
        baseURL = try #require(URL(string: "http://127.0.0.1:\(port)"))
        client = VoiceClient(baseURL: baseURL, apiKey: try APIKey(Self.key), timeout: clientTimeout)
    }

    func shutdown() {
        simulator.shutdown()
    }

    /// Polls `condition` until it holds or `deadline` passes; returns whether it held.
    static func eventually(within deadline: Duration = .seconds(5), _ condition: () throws -> Bool) rethrows -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        let tick = DispatchSemaphore(value: 0)
        while clock.now < end {
            if try condition() { return true }
            _ = tick.wait(timeout: .now() + .milliseconds(10))
        }
        return try condition()
    }
}

/// A dial request to `number` with valid other fields.
func dialRequest(to number: String = "+15551230134", webhookURL: String? = nil) -> DialRequest {
    DialRequest(
        agentID: "agent_1", toNumber: number, fromNumber: "+15550001111", context: ["first_name": "Ada"],
        maxDuration: 120, recording: true, webhookURL: webhookURL)
}
