import Foundation
import Logging
import Postgres
import TestSupport
import VoiceAPI
import Worker

/// A receiver on 127.0.0.1 over a fresh migrated database, stopped afterwards.
enum ReceiverHarness {
    /// The receiver's clock in these tests: the retry policy is checked against it exactly.
    static let now = CallFixture.iso("2026-11-25T10:00:00Z")

    static func with<Result>(
        concurrentBatches: Int = WebhookReceiver.defaultConcurrentBatches, signature: WebhookSignature? = nil,
        now: @escaping @Sendable () -> Date = { ReceiverHarness.now },
        _ body: (Connection, UInt16, WebhookReceiver) throws -> Result
    ) throws -> Result {
        try TestDatabase.withMigrated { db, url in
            let receiver = WebhookReceiver(
                databaseURL: url, logger: Logger(level: .error), maxConcurrentBatches: concurrentBatches, signature: signature, now: now)
            let port = try receiver.start(host: "127.0.0.1", port: 0)
            defer { receiver.shutdown(gracePeriod: .seconds(2)) }
            return try body(db, port, receiver)
        }
    }

    static func post(_ port: UInt16, token: String, _ json: String, headers: [(String, String)] = []) throws -> TestResponse {
        try HTTPTestClient.request(port: port, method: "POST", path: "/webhooks/voice/\(token)", headers: headers, body: json)
    }

    static func event(_ callID: String, _ status: String, at timestamp: String? = nil, extra: String = "") -> String {
        let time = timestamp.map { #","timestamp":"\#($0)""# } ?? ""
        return #"{"call_id":"\#(callID)","status":"\#(status)"\#(time)\#(extra)}"#
    }

    /// `now` moved by `seconds`, as a webhook's ISO 8601 timestamp.
    static func stamp(_ seconds: TimeInterval) -> String {
        ISO8601DateFormatter().string(from: now.addingTimeInterval(seconds))
    }

    static func eventCount(_ db: Connection) throws -> Int {
        try db.query("SELECT count(*)::int AS n FROM call_events")[0].decode("n")
    }
}
