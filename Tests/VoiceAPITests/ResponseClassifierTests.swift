import Foundation
import Testing
@testable import VoiceAPI

@Suite struct ResponseClassifierTests {
    static let now = Date(timeIntervalSince1970: 1_772_877_600)

    static func response(_ status: Int, _ body: String = "", retryAfter: String? = nil) -> HTTPExchangeOutcome {
        .response(status: status, headers: retryAfter.map { ["retry-after": $0] } ?? [:], body: Array(body.utf8))
    }

    @Test(arguments: [
        (response(200, #"{"call_id":"call_1","status":"initiating"}"#), DialResult.accepted(callID: "call_1", status: .initiating)),
        (response(201, #"{"session_id":"call_2","event":"call.ringing"}"#), .accepted(callID: "call_2", status: .ringing)),
        (response(200, #"{"status":"initiating"}"#), .ambiguous("the provider accepted the dial but named no call_id")),
        (response(200, "<html>"), .ambiguous("the provider accepted the dial but its answer is not a JSON object")),
        (response(429, retryAfter: "7"), .rateLimited(retryAfter: .seconds(7))),
        (response(429), .rateLimited(retryAfter: nil)),
        (response(429, retryAfter: "soon"), .rateLimited(retryAfter: nil)),
        (response(429, retryAfter: "Sat, 07 Mar 2026 10:00:30 GMT"), .rateLimited(retryAfter: .seconds(30))),
        (response(402, #"{"error":"insufficient balance"}"#), .permanent(status: 402, message: "insufficient balance")),
        (response(422, #"{"message":"invalid number +15551230134"}"#), .permanent(status: 422, message: "invalid number +1******0134")),
        (response(401, "bad key"), .permanent(status: 401, message: "bad key")),
        // A 5xx may follow a placed call (a gateway in front of the provider): look before dialing again.
        (response(503, #"{"error":"down"}"#), .ambiguous("HTTP 503: down")),
        (response(502, "bad gateway"), .ambiguous("HTTP 502: bad gateway")),
        (.notSent("refused"), .transient("refused")),
        (.noAnswer("timed out"), .ambiguous("timed out")),
    ])
    func dialClasses(outcome: HTTPExchangeOutcome, expected: DialResult) {
        #expect(VoiceClient.dialResult(outcome, now: Self.now) == expected)
    }

    @Test func retryAfterIsBounded() {
        #expect(ResponseClassifier.retryAfter("999999", now: Self.now) == ResponseClassifier.maxRetryAfter)
        #expect(ResponseClassifier.retryAfter("-5", now: Self.now) == nil)
        #expect(ResponseClassifier.retryAfter("Sat, 07 Mar 2026 09:00:00 GMT", now: Self.now) == .zero)
    }

    @Test func longMessagesAreTruncated() {
        let message = ResponseClassifier.providerMessage(Array(String(repeating: "x", count: 10_000).utf8))
        #expect(message.count == ResponseClassifier.maxMessageLength)
    }

    @Test func controlCharactersAreRemoved() {
        #expect(ResponseClassifier.providerMessage(Array("bad\r\nline\u{1B}[31m".utf8)) == "badline[31m")
    }
}
