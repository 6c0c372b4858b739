import Foundation
import Testing
import VoiceAPI
import VoiceSimulator

/// The client against an in-process simulator on 127.0.0.1: every endpoint and every result class.
@Suite struct VoiceClientTests {
    @Test func dialIsAcceptedAndTheCallEnds() throws {
        let fixture = try SimulatorFixture()
        defer { fixture.shutdown() }
        let result = fixture.client.dial(dialRequest())
        guard case .accepted(let callID, let status) = result else {
            Issue.record("expected accepted, got \(result)")
            return
        }
        #expect(status == .initiating)
        #expect(callID.hasPrefix("call_"))
        let ended = try SimulatorFixture.eventually { try fixture.client.status(callID: callID).status == .completed }
        #expect(ended)
        let report = try fixture.client.status(callID: callID)
        #expect(report.callID == callID)
        #expect(report.recordingID != nil)
    }

    @Test func rateLimitedWithRetryAfter() throws {
        let fixture = try SimulatorFixture { $0.limits = RateLimits(perWindow: [.dial: 2], window: .seconds(60)) }
        defer { fixture.shutdown() }
        for _ in 0..<2 {
            guard case .accepted = fixture.client.dial(dialRequest()) else {
                Issue.record("the first two dials should pass")
                return
            }
        }
        guard case .rateLimited(let retryAfter) = fixture.client.dial(dialRequest()) else {
            Issue.record("the third dial should be rate limited")
            return
        }
        let wait = try #require(retryAfter)
        #expect(wait > .seconds(50) && wait <= .seconds(60))
        #expect(fixture.simulator.calls.count == 2)
    }

    @Test func permanentForBadNumberAndNoBalance() throws {
        let fixture = try SimulatorFixture()
        defer { fixture.shutdown() }
        #expect(fixture.client.dial(dialRequest(to: "5551230134")) == .permanent(status: 422, message: "to_number must be E.164"))
        fixture.simulator.update(faults: Faults(insufficientBalance: true))
        #expect(fixture.client.dial(dialRequest()) == .permanent(status: 402, message: "insufficient balance"))
        #expect(fixture.simulator.calls.isEmpty)
    }

    @Test func wrongKeyIsPermanentAndNeverEchoed() throws {
        let fixture = try SimulatorFixture()
        defer { fixture.shutdown() }
        let client = VoiceClient(baseURL: fixture.baseURL, apiKey: try APIKey("wrong-secret"), timeout: .seconds(5))
        let result = client.dial(dialRequest())
        #expect(result == .permanent(status: 401, message: "missing or invalid API key"))
        #expect(!"\(result)".contains("wrong-secret"))
    }

    /// A 5xx may come after the call was placed (a gateway in front of the provider), so a dial
    /// answered 5xx is ambiguous; the reading endpoints keep 5xx as transient.
    @Test func ambiguousOnServerError() throws {
        let fixture = try SimulatorFixture { $0.faults.dialServerError = 1 }
        defer { fixture.shutdown() }
        #expect(fixture.client.dial(dialRequest()) == .ambiguous("HTTP 503: service temporarily unavailable"))
        #expect(fixture.simulator.calls.isEmpty)
    }

    @Test func ambiguousWhenTheCallWasPlacedBehindAGatewayError() throws {
        let fixture = try SimulatorFixture { $0.faults.placedServerError = 1 }
        defer { fixture.shutdown() }
        #expect(fixture.client.dial(dialRequest()) == .ambiguous("HTTP 502: bad gateway"))
        #expect(fixture.simulator.calls.count == 1)
    }

    @Test func transientWhenNothingListens() throws {
        // Bind, learn the port, then stop: the port is then (almost certainly) closed.
        let fixture = try SimulatorFixture()
        let url = fixture.baseURL
        fixture.shutdown()
        let client = VoiceClient(baseURL: url, apiKey: try APIKey("k"), timeout: .seconds(5))
        guard case .transient = client.dial(dialRequest()) else {
            Issue.record("a refused connection is transient")
            return
        }
        #expect(throws: VoiceAPIError.self) { try client.status(callID: "call_x") }
    }

    @Test func ambiguousWhenTheResponseIsDropped() throws {
        let fixture = try SimulatorFixture(
            {
                $0.faults.droppedResponse = 1
                $0.droppedResponseHold = .seconds(20)
            }, clientTimeout: .milliseconds(300))
        defer { fixture.shutdown() }
        let clock = ContinuousClock()
        let started = clock.now
        let result = fixture.client.dial(dialRequest())
        #expect(clock.now - started < .seconds(5), "our deadline must hold")
        guard case .ambiguous = result else {
            Issue.record("expected ambiguous, got \(result)")
            return
        }
        #expect(fixture.simulator.calls.count == 1, "the call still happens")
    }

    @Test func ambiguousWhenTheConnectionClosesUnanswered() throws {
        let fixture = try SimulatorFixture({ $0.faults.droppedResponse = 1 }, clientTimeout: .seconds(5))
        defer { fixture.shutdown() }
        // Warm a keep-alive connection first: a client that silently re-sent the POST on a reused
        // connection would place a second call here.
        _ = try? fixture.client.status(callID: "call_none")
        let result = fixture.client.dial(dialRequest())
        guard case .ambiguous = result else {
            Issue.record("expected ambiguous, got \(result)")
            return
        }
        #expect(fixture.simulator.calls.count == 1, "the call happens exactly once")
    }

    @Test func sessionsListFiltersAndDetails() throws {
        let fixture = try SimulatorFixture()
        defer { fixture.shutdown() }
        var ids: [String] = []
        for number in ["+15551230131", "+15551230136", "+15551230132"] {
            guard case .accepted(let id, _) = fixture.client.dial(dialRequest(to: number)) else {
                Issue.record("dial failed")
                return
            }
            ids.append(id)
        }
        let settled = try SimulatorFixture.eventually {
            try fixture.client.sessions(SessionQuery(status: .completed)).total == 2
        }
        #expect(settled)
        let all = try fixture.client.sessions()
        #expect(all.total == 3)
        #expect(all.sessions.map(\.callID) == ids)
        #expect(all.sessions.first?.toNumber == "+15551230131")
        let page = try fixture.client.sessions(SessionQuery(agentID: "agent_1", limit: 1, offset: 1))
        #expect(page.sessions.map(\.callID) == [ids[1]])
        #expect(page.total == 3)
        #expect(try fixture.client.sessions(SessionQuery(agentID: "nobody")).total == 0)
        #expect(try fixture.client.sessions(SessionQuery(startDate: Date().addingTimeInterval(3600))).total == 0)

        let details = try fixture.client.session(id: ids[1])
        #expect(details.status == .noAnswer)
        #expect(details.fromNumber == "+15550001111")
        #expect(throws: VoiceAPIError.permanent(status: 404, message: "no such session")) {
            try fixture.client.session(id: "call_missing")
        }
    }

    @Test func transcriptAndRecording() throws {
        let fixture = try SimulatorFixture()
        defer { fixture.shutdown() }
        guard case .accepted(let id, _) = fixture.client.dial(dialRequest()) else {
            Issue.record("dial failed")
            return
        }
        #expect(try SimulatorFixture.eventually { try fixture.client.status(callID: id).status == .completed })
        let transcript = try fixture.client.transcript(sessionID: id)
        #expect(transcript.sessionID == id)
        #expect(transcript.entries.count == 2)
        let recordingID = try #require(try fixture.client.status(callID: id).recordingID)
        let recording = try fixture.client.recording(id: recordingID)
        #expect(recording.callID == id)
        #expect(recording.url != nil)
    }

    @Test func endStopsALiveCall() throws {
        let fixture = try SimulatorFixture { $0.timing = .realistic }
        defer { fixture.shutdown() }
        guard case .accepted(let id, _) = fixture.client.dial(dialRequest()) else {
            Issue.record("dial failed")
            return
        }
        #expect(try fixture.client.end(sessionID: id) == .failed)
        #expect(try fixture.client.status(callID: id).status == .failed)
        #expect(try fixture.client.end(sessionID: id) == .failed, "ending twice is harmless")
    }

    @Test func startsAWebSession() throws {
        let fixture = try SimulatorFixture()
        defer { fixture.shutdown() }
        let session = try fixture.client.startWebSession(agentID: "agent_1")
        #expect(session.sessionID.hasPrefix("ws_"))
        #expect(!session.token.isEmpty)
        #expect(session.livekitURL.hasPrefix("ws://"))
        #expect(!"\(session)".contains(session.token))
    }

    @Test func statusEndpointIsRateLimited() throws {
        let fixture = try SimulatorFixture { $0.limits = RateLimits(perWindow: [.status: 1], window: .seconds(60)) }
        defer { fixture.shutdown() }
        #expect(throws: VoiceAPIError.permanent(status: 404, message: "no such call")) {
            try fixture.client.status(callID: "call_x")
        }
        #expect {
            try fixture.client.status(callID: "call_x")
        } throws: { error in
            guard case .rateLimited(let retryAfter)? = error as? VoiceAPIError else { return false }
            return retryAfter != nil
        }
    }
}
