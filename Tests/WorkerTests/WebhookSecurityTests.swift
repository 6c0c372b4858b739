import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
import VoiceAPI
@testable import Worker

/// What a webhook must show before it changes anything (issue 16): a valid signature when a
/// secret is set, a delivery not seen before, and an attempt still open to events. Tokens are
/// stored as hashes only.
@Suite struct WebhookSecurityTests {
    typealias H = ReceiverHarness
    static let secret = "whsec-receiver-test"
    static let signer = WebhookSignature(secret: secret)

    static func signed(_ body: String, at instant: Date = H.now, delivery: String? = nil) -> [(String, String)] {
        let stamp = String(Int(instant.timeIntervalSince1970))
        var headers = [("X-Webhook-Timestamp", stamp), ("X-Webhook-Signature", signer.sign(body: Array(body.utf8), timestamp: stamp))]
        if let delivery { headers.append(("X-Webhook-Delivery-Id", delivery)) }
        return headers
    }

    @Test func withASecretOnlyAFreshValidSignatureGetsIn() throws {
        try H.with(signature: Self.signer) { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let completed = H.event("call_1", "completed", at: H.stamp(-60))
            let forged = [("X-Webhook-Timestamp", "1800000000"), ("X-Webhook-Signature", "sha256=" + String(repeating: "0", count: 64))]
            for headers in [[], forged, Self.signed(completed, at: H.now.addingTimeInterval(-3_600)), Self.signed(completed + " ")] {
                #expect(try H.post(port, token: f.token, completed, headers: headers).status == 401)
            }
            #expect(try H.eventCount(db) == 0)
            #expect(try f.attempt(db, "state") == "ringing")
            #expect(try H.post(port, token: f.token, completed, headers: Self.signed(completed)).status == 200)
            #expect(try f.attempt(db, "state") == "completed")
        }
    }

    @Test func anUnsignedDeliveryIsRefusedWithoutTheDatabase() throws {
        // The pool points at a port nothing listens on: any database access would answer 503.
        let receiver = WebhookReceiver(
            databaseURL: "postgresql://nobody@127.0.0.1:9/none", poolSize: 1, logger: Logger(level: .error), signature: Self.signer)
        let port = try receiver.start(host: "127.0.0.1", port: 0)
        defer { receiver.shutdown(gracePeriod: .seconds(1)) }
        let response = try H.post(port, token: WebhookToken.generate(), H.event("call_1", "completed"))
        #expect(response.status == 401)
    }

    @Test func aRepeatedDeliveryIsAppliedOnce() throws {
        try H.with(signature: Self.signer) { db, port, _ in
            let f = try CallFixture.make(db, state: .initiating, callID: "call_1")
            let ringing = H.event("call_1", "ringing", at: H.stamp(-60))
            // The same delivery id with another body: a replay dressed up, or a provider bug.
            let answered = H.event("call_1", "in_progress", at: H.stamp(-55))
            #expect(try H.post(port, token: f.token, ringing, headers: Self.signed(ringing, delivery: "dlv_1")).status == 200)
            #expect(try H.post(port, token: f.token, answered, headers: Self.signed(answered, delivery: "dlv_1")).status == 200)
            #expect(try f.attempt(db, "state") == "ringing")
            #expect(try H.eventCount(db) == 1)
            #expect(try H.post(port, token: f.token, answered, headers: Self.signed(answered, delivery: "dlv_2")).status == 200)
            #expect(try f.attempt(db, "state") == "in_progress")
        }
    }

    @Test func withoutASecretDeliveryIDsAreNotTrusted() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .initiating, callID: "call_1")
            let ringing = H.event("call_1", "ringing", at: H.stamp(-60))
            let answered = H.event("call_1", "in_progress", at: H.stamp(-55))
            #expect(try H.post(port, token: f.token, ringing, headers: [("X-Webhook-Delivery-Id", "dlv_1")]).status == 200)
            #expect(try H.post(port, token: f.token, answered, headers: [("X-Webhook-Delivery-Id", "dlv_1")]).status == 200)
            #expect(try f.attempt(db, "state") == "in_progress")
        }
    }

    @Test func anEndedCallTakesEventsForABoundedTime() throws {
        let clock = TestClock(H.now)
        try H.with(now: { clock.now }) { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            #expect(try H.post(port, token: f.token, H.event("call_1", "completed", at: H.stamp(-60))).status == 200)
            let late = H.event("call_1", "ringing", at: H.stamp(-120))
            clock.now = H.now.addingTimeInterval(EventRecorder.lateWebhookWindow - 120)
            #expect(try H.post(port, token: f.token, late).status == 200)
            clock.now = H.now.addingTimeInterval(EventRecorder.lateWebhookWindow + 120)
            #expect(try H.post(port, token: f.token, H.event("call_1", "in_progress", at: H.stamp(-90))).status == 410)
            #expect(try H.eventCount(db) == 2)
        }
    }

    @Test func anAttemptTakesABoundedNumberOfEvents() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            for second in 0..<EventRecorder.maxWebhooksPerAttempt {
                let event = H.event("call_1", "ringing", at: H.stamp(TimeInterval(second - 600)))
                #expect(try H.post(port, token: f.token, event).status == 200)
            }
            #expect(try H.post(port, token: f.token, H.event("call_1", "completed", at: H.stamp(-1))).status == 410)
            #expect(try H.eventCount(db) == EventRecorder.maxWebhooksPerAttempt)
            #expect(try f.attempt(db, "state") == "ringing")
        }
    }

    @Test func theDatabaseHoldsOnlyAHashOfAToken() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let row = try db.query("SELECT row_to_json(a)::text AS row FROM call_attempts a WHERE id = \(f.attemptID)")[0]
            #expect(!(try row.decode("row", as: String.self)).contains(f.token))
            let found = try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE webhook_token_hash = webhook_token_hash(\(f.token))")
            #expect(try found[0].decode("n", as: Int.self) == 1)
        }
    }
}

/// A clock the test moves.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date
    init(_ start: Date) { instant = start }
    var now: Date {
        get { lock.withLock { instant } }
        set { lock.withLock { instant = newValue } }
    }
}
