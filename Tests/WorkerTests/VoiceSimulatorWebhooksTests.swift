import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
import VoiceAPI
import VoiceSimulator
import Worker

/// The receiver fed by the simulator's real webhooks: attempts dialed through `VoiceClient`.
@Suite struct VoiceSimulatorWebhooksTests {
    static let key = "test-key-0123456789"

    @Test func simulatedCallsSettleOrRetryFromTheirWebhooks() throws {
        let simulator = VoiceSimulator(configuration: SimulatorConfiguration(apiKey: Self.key, timing: .fast))
        let simPort = try simulator.start(host: "127.0.0.1", port: 0)
        defer { simulator.shutdown() }
        let baseURL = try #require(URL(string: "http://127.0.0.1:\(simPort)"))
        let client = VoiceClient(baseURL: baseURL, apiKey: try APIKey(Self.key), timeout: .seconds(5))
        try ReceiverHarness.with { db, port, _ in
            // The simulator's rules: last digit 0 completes, 6 goes unanswered, 7 is busy, 8 fails.
            let numbers = ["+15550100130", "+15550100136", "+15550100137", "+15550100138"]
            var fixtures: [CallFixture] = []
            for (index, number) in numbers.enumerated() {
                let fixture = try CallFixture.make(db, state: .dialing, externalID: "sim\(index)", phone: number)
                fixtures.append(fixture)
                let request = DialRequest(
                    agentID: "agent_1", toNumber: number, fromNumber: "+15550100000", context: [:], maxDuration: 60,
                    recording: false, webhookURL: "http://127.0.0.1:\(port)/webhooks/voice/\(fixture.token)")
                guard case .accepted(let callID, _) = client.dial(request) else {
                    Issue.record("dial \(index) was not accepted")
                    return
                }
                // The dial response and the first webhook race; either order ends the same.
                try db.transaction { tx in
                    try AttemptOutcomes.adoptCall(attemptID: fixture.attemptID, callID: callID, source: "dial", now: Date(), tx)
                }
            }
            let ended = try eventually(timeout: .seconds(20)) {
                try db.query("""
                    SELECT count(*)::int AS n FROM call_attempts
                    WHERE attempt_number = 1 AND state IN ('completed', 'no_answer', 'busy', 'failed')
                    """)[0].decode("n", as: Int.self) == numbers.count
            }
            #expect(ended)
            #expect(try fixtures[0].attempt(db, "state") == "completed")
            #expect(try fixtures[0].contact(db).status == "reached")
            #expect(try fixtures[1].attempt(db, "state") == "no_answer")
            #expect(try fixtures[1].attemptCount(db) == 2)
            #expect(try fixtures[2].attempt(db, "state") == "busy")
            #expect(try fixtures[2].attemptCount(db) == 2)
            #expect(try fixtures[3].attempt(db, "state") == "failed")
            #expect(try fixtures[3].contact(db) == ("not_reached", "not_retried:failed"))
            let unapplied = try db.query("SELECT count(*)::int AS n FROM call_events WHERE disposition = 'unrecognized'")
            #expect(try unapplied[0].decode("n", as: Int.self) == 0)
        }
    }

    /// The simulator signs as the provider's webhook system does, and the receiver, holding the
    /// same secret, takes those deliveries and nothing else (issue 16).
    @Test func signedDeliveriesFromTheSimulatorAreTaken() throws {
        let secret = "whsec-simulated"
        var configuration = SimulatorConfiguration(apiKey: Self.key, timing: .fast)
        configuration.webhooks.secret = secret
        let simulator = VoiceSimulator(configuration: configuration)
        let simPort = try simulator.start(host: "127.0.0.1", port: 0)
        defer { simulator.shutdown() }
        let client = VoiceClient(
            baseURL: try #require(URL(string: "http://127.0.0.1:\(simPort)")), apiKey: try APIKey(Self.key), timeout: .seconds(5))
        try ReceiverHarness.with(signature: WebhookSignature(secret: secret), now: { Date() }) { db, port, _ in
            let fixture = try CallFixture.make(db, state: .dialing, externalID: "signed", phone: "+15550100130")
            let request = DialRequest(
                agentID: "agent_1", toNumber: "+15550100130", fromNumber: "+15550100000", context: [:], maxDuration: 60,
                recording: false, webhookURL: "http://127.0.0.1:\(port)/webhooks/voice/\(fixture.token)")
            guard case .accepted(let callID, _) = client.dial(request) else {
                Issue.record("the dial was not accepted")
                return
            }
            try db.transaction { tx in
                try AttemptOutcomes.adoptCall(attemptID: fixture.attemptID, callID: callID, source: "dial", now: Date(), tx)
            }
            #expect(try eventually(timeout: .seconds(20)) { try fixture.contact(db).status == "reached" })
            let refused = simulator.log.filter { $0.kind == .webhook && $0.status != 200 }
            #expect(refused.isEmpty)
        }
    }
}
