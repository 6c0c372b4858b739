import Foundation
import Testing
import VoiceAPI
import VoiceSimulator

/// A request that places a call leaves the machine once (issue 16). When a provider closed a
/// kept-alive connection without answering, the transport used to send the same dial again on a
/// new connection; now dials, starts and ends always ride a connection of their own.
@Suite struct FreshConnectionTests {
    @Test func aDialNeverRidesAReusedConnection() throws {
        let fixture = try SimulatorFixture { $0.faults = Faults(droppedOnReusedConnection: 1) }
        defer { fixture.shutdown() }
        // A read first, so the client holds a kept-alive connection to the provider.
        _ = try fixture.client.sessions()
        let result = fixture.client.dial(dialRequest())

        guard case .accepted(let callID, _) = result else {
            Issue.record("the dial was not answered: \(result)")
            return
        }
        let dials = fixture.simulator.log.filter { $0.path == "/voice/outbound/dial" }
        #expect(dials.count == 1)
        #expect(dials.first?.callID == callID)
        #expect(fixture.simulator.calls.count == 1)
    }

    @Test func readsKeepTheirPooledConnection() throws {
        // The fault is armed for reads' connections too: a read on a reused connection is
        // unaffected (only dials are dropped), so two reads succeed either way; what the test
        // pins is that a dial after several reads still goes out exactly once.
        let fixture = try SimulatorFixture { $0.faults = Faults(droppedOnReusedConnection: 1) }
        defer { fixture.shutdown() }
        for _ in 0..<3 { _ = try fixture.client.sessions() }
        for index in 0..<2 {
            guard case .accepted = fixture.client.dial(dialRequest(to: "+1555123013\(index)")) else {
                Issue.record("dial \(index) was not accepted")
                return
            }
        }
        #expect(fixture.simulator.log.filter { $0.path == "/voice/outbound/dial" }.count == 2)
    }

    @Test func aDroppedAnswerOnAFreshConnectionIsKnownAtOnce() throws {
        // The deadline is long: an answer reported as lost names the lost connection, where
        // waiting out the deadline would say "no answer within 60s".
        let fixture = try SimulatorFixture({ $0.faults = Faults(droppedResponse: 1) }, clientTimeout: .seconds(60))
        defer { fixture.shutdown() }
        let result = fixture.client.dial(dialRequest())
        guard case .ambiguous(let reason) = result else {
            Issue.record("a dropped answer is not ambiguous: \(result)")
            return
        }
        #expect(!reason.contains("within"))
        #expect(fixture.simulator.log.filter { $0.path == "/voice/outbound/dial" }.count == 1)
    }
}
