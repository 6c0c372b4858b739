import Foundation
import Testing
import VoiceAPI

@Suite struct DialRequestTests {
    @Test func encodesTheDocumentedKeys() throws {
        let request = DialRequest(
            agentID: "agent_1", toNumber: "+15551230134", fromNumber: "+15550001111", context: ["name": "Ada"],
            maxDuration: 300, recording: true, scheduledAt: Date(timeIntervalSince1970: 1_772_877_600),
            webhookURL: "http://127.0.0.1:8080/webhooks/voice/tok")
        let text = String(decoding: request.jsonBody(), as: UTF8.self)
        #expect(
            text
                == #"{"agent_id":"agent_1","context":{"name":"Ada"},"from_number":"+15550001111","max_duration":300,"#
                + #""recording":true,"scheduled_at":"2026-03-07T10:00:00Z","to_number":"+15551230134","#
                + #""webhook_url":"http://127.0.0.1:8080/webhooks/voice/tok"}"#)
    }

    @Test func omitsOptionalFields() {
        let request = DialRequest(agentID: "a", toNumber: "+15551230134", fromNumber: "+15550001111")
        #expect(
            String(decoding: request.jsonBody(), as: UTF8.self)
                == #"{"agent_id":"a","from_number":"+15550001111","to_number":"+15551230134"}"#)
    }

    @Test func roundTrips() throws {
        let request = dialRequest(webhookURL: "http://127.0.0.1:1/x")
        #expect(try JSONDecoder().decode(DialRequest.self, from: Data(request.jsonBody())) == request)
    }
}
