import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
@testable import Worker

@Suite struct WebhookReceiverTests {
    typealias H = ReceiverHarness

    @Test func outOfOrderAndDuplicateEventsEndCompletedExactlyOnce() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .initiating, callID: "call_1")
            let completed = H.event("call_1", "completed", at: "2026-11-25T10:00:05Z", extra: #","duration":31"#)
            let ringing = H.event("call_1", "ringing", at: "2026-11-25T09:59:00Z")
            for body in [completed, ringing, completed, ringing] {
                #expect(try H.post(port, token: f.token, body).status == 200)
            }
            #expect(try f.attempt(db, "state") == "completed")
            #expect(try f.attempt(db, "duration_seconds") == "31")
            #expect(try f.contact(db).status == "reached")
            #expect(try f.attemptCount(db) == 1)
            let rows = try db.query("SELECT status, disposition FROM call_events ORDER BY id").map {
                "\(try $0.decode("status", as: String.self))=\(try $0.decode("disposition", as: String.self))"
            }
            #expect(rows == ["completed=applied", "ringing=late"])
        }
    }

    @Test(arguments: [String(repeating: "a", count: 48), "short", String(repeating: "Z", count: 48)])
    func unknownTokenIs404AndStoresNothing(token: String) throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let response = try H.post(port, token: token, H.event("call_1", "completed"))
            #expect(response.status == 404)
            #expect(try H.eventCount(db) == 0)
            #expect(try f.attempt(db, "state") == "ringing")
        }
    }

    @Test(arguments: ["not json", "[]", #"{"status":"completed"}"#, #"{"call_id":"call_1"}"#, #"{"call_id":"call_1","status":"completed","duration":-4}"#])
    func invalidBodyIs400AndStoresNothing(body: String) throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            #expect(try H.post(port, token: f.token, body).status == 400)
            #expect(try H.eventCount(db) == 0)
            #expect(try f.attempt(db, "state") == "ringing")
        }
    }

    @Test func noAnswerSchedulesTheRetryExactlyPerPolicy() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            // Ended 09:58:00 to the second, so by 09:58:01 at the latest; policy delay 30m: due
            // 10:28:01, after the receiver's "now" of 10:00.
            #expect(try H.post(port, token: f.token, H.event("call_1", "no_answer", at: "2026-11-25T09:58:00Z")).status == 200)
            let next = try db.query("""
                SELECT attempt_number, state, due_at FROM call_attempts WHERE contact_id = \(f.contactID) AND id <> \(f.attemptID)
                """)
            #expect(next.count == 1)
            let row = try #require(next.first)
            #expect(try row.decode("attempt_number", as: Int.self) == 2)
            #expect(try row.decode("state", as: String.self) == "scheduled")
            #expect(try row.decode("due_at", as: Date.self) == H.now.addingTimeInterval(28 * 60 + 1))
            #expect(try f.contact(db).status == "pending")
        }
    }

    /// A webhook that is the first news of a call whose dial answer never came (a dropped answer,
    /// a worker killed after sending) stamps it dialed at the event's time and polled after the
    /// campaign's delay (600 s max_duration + 60 s grace). Before, it got neither: with its final
    /// webhook lost it stayed live for ever, and the frequency cap did not see it (issue 15, case 1).
    @Test(arguments: [CallState.dialing, .unknown])
    func theFirstNewsOfACallStampsItDialedAndPolled(state: CallState) throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: state)
            let ringingAt = H.now.addingTimeInterval(-5)
            let event = H.event("call_9", "ringing", at: ISO8601DateFormatter().string(from: ringingAt))
            #expect(try H.post(port, token: f.token, event).status == 200)
            #expect(try f.attempt(db, "state") == "ringing")
            let row = try db.query("SELECT dialed_at, poll_at FROM call_attempts WHERE id = \(f.attemptID)")[0]
            #expect(try row.decode("dialed_at", as: Date?.self) == ringingAt)
            #expect(try row.decode("poll_at", as: Date?.self) == H.now.addingTimeInterval(660))
        }
    }

    /// A table lock held elsewhere costs seconds, not a hung request: the webhook gets a 503 (the
    /// provider retries) within the receiver's bounded waits, and is stored once the lock goes.
    /// Before, it waited for the lock (about 14 s of a 15 s lock) past the provider's 5 s timeout.
    /// Not run under libfaketime (scripts/test's shifted passes): Postgres's own lock and statement
    /// timeouts never fire in a server started under it, whatever the date.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FAKETIME"] == nil, "Postgres timeouts do not fire under libfaketime"))
    func aLockHeldElsewhereGetsA503NotAHungRequest() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let name = try db.query("SELECT current_database() AS name")[0].decode("name", as: String.self)
            var url = try #require(URLComponents(string: try TestDatabase.clusterURL()))
            url.path = "/" + name
            let blocker = try Connection(url: try #require(url.string))
            try blocker.executeScript(unsafeSQL: "BEGIN; LOCK TABLE call_attempts IN ACCESS EXCLUSIVE MODE")
            #expect(try H.post(port, token: f.token, H.event("call_1", "completed")).status == 503)
            try blocker.executeScript(unsafeSQL: "ROLLBACK")
            #expect(try H.post(port, token: f.token, H.event("call_1", "completed")).status == 200)
            #expect(try f.attempt(db, "state") == "completed")
        }
    }

    /// `/healthz` says whether an event could be recorded now: while a lock stops writes to the
    /// event tables it is 503, and 200 again once the lock goes (issue 16: it said 200 throughout).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FAKETIME"] == nil, "Postgres timeouts do not fire under libfaketime"))
    func healthzIs503WhileEventsCannotBeRecorded() throws {
        try H.with { db, port, receiver in
            let name = try db.query("SELECT current_database() AS name")[0].decode("name", as: String.self)
            var url = try #require(URLComponents(string: try TestDatabase.clusterURL()))
            url.path = "/" + name
            let blocker = try Connection(url: try #require(url.string))
            #expect(try HTTPTestClient.request(port: port, method: "GET", path: "/healthz").status == 200)
            try blocker.executeScript(unsafeSQL: "BEGIN; LOCK TABLE call_events IN SHARE MODE")
            let locked = try HTTPTestClient.request(port: port, method: "GET", path: "/healthz")
            #expect(locked.status == 503)
            #expect(locked.body.contains("locked"))
            try blocker.executeScript(unsafeSQL: "ROLLBACK")
            #expect(try HTTPTestClient.request(port: port, method: "GET", path: "/healthz").status == 200)
            // A read-only database (a setting new sessions take up) cannot record events either.
            try db.execute("ALTER DATABASE \(unsafeSQL: name) SET default_transaction_read_only = on")
            receiver.endpoint.pool.closeIdle()
            let readOnly = try HTTPTestClient.request(port: port, method: "GET", path: "/healthz")
            #expect(readOnly.status == 503)
            #expect(readOnly.body.contains("read-only"))
        }
    }

    /// Scrapes have their own listener and connection: with the webhooks' pool all taken,
    /// `/metrics` still answers with the database's figures (issue 16: 8 slow scrapes on the
    /// webhooks' pool made `/healthz` 503).
    @Test func metricsAnswerApartFromTheWebhooksPool() throws {
        try H.with { db, port, receiver in
            let metricsPort = try receiver.startMetrics(host: "127.0.0.1", port: 0)
            let pool = receiver.endpoint.pool
            let hold = DispatchSemaphore(value: 0)
            let held = DispatchGroup()
            for _ in 0..<pool.maxConnections {
                held.enter()
                Thread {
                    try? pool.withConnection { _ in
                        held.leave()
                        hold.wait()
                    }
                }.start()
            }
            held.wait()
            defer { for _ in 0..<pool.maxConnections { hold.signal() } }
            let response = try HTTPTestClient.request(port: metricsPort, method: "GET", path: "/metrics")
            #expect(response.status == 200)
            #expect(try PrometheusSamples.parse(response.body)["reminders_database_up"] == 1)
            #expect(try HTTPTestClient.request(port: port, method: "GET", path: "/metrics").status == 404)
            #expect(try HTTPTestClient.request(port: metricsPort, method: "GET", path: "/healthz").status == 404)
        }
    }

    @Test func adoptsTheCallOfAnUnknownAttempt() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .unknown)
            #expect(try H.post(port, token: f.token, H.event("call_7", "ringing", at: "2026-11-25T09:59:00Z")).status == 200)
            #expect(try f.attempt(db, "state") == "ringing")
            #expect(try f.attempt(db, "call_id") == "call_7")
            #expect(try f.attempt(db, "resolved_by") == "webhook")
            #expect(try db.query("SELECT disposition FROM call_events")[0].decode("disposition", as: String.self) == "adopted")
        }
    }

    @Test func aBodyPostgresCannotStoreIs400AndChangesNothing() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .initiating, callID: "call_1")
            // jsonb refuses \u0000; the event is otherwise valid.
            let body = #"{"call_id":"call_1","status":"ringing","reason":"a\u0000b"}"#
            #expect(try H.post(port, token: f.token, body).status == 400)
            #expect(try H.eventCount(db) == 0)
            #expect(try f.attempt(db, "state") == "initiating")
        }
    }

    @Test func aDifferentCallIDIsRefusedAndChangesNothing() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            #expect(try H.post(port, token: f.token, H.event("call_2", "completed")).status == 409)
            #expect(try H.eventCount(db) == 0)
            #expect(try f.attempt(db, "state") == "ringing")
        }
    }

    @Test func unrecognizedStatusIsStoredButNotApplied() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            #expect(try H.post(port, token: f.token, H.event("call_1", "call.transferred")).status == 200)
            #expect(try f.attempt(db, "state") == "ringing")
            #expect(try db.query("SELECT disposition FROM call_events")[0].decode("disposition", as: String.self) == "unrecognized")
        }
    }

    @Test func anEndedCallWakesTheDispatchers() throws {
        try H.with { db, port, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            try db.listen(WakeChannel.name)
            #expect(try H.post(port, token: f.token, H.event("call_1", "completed")).status == 200)
            let note = try db.waitForNotification(timeout: .seconds(5))
            #expect(note?.channel == WakeChannel.name)
        }
    }

    /// One batch at a time, and several (finishing batches hand the queue on to each other).
    @Test(arguments: [1, 3])
    func concurrentConnectionsApplyEveryEventExactlyOnce(concurrentBatches: Int) throws {
        try H.with(concurrentBatches: concurrentBatches) { db, port, _ in
            let attempts = 40
            var fixtures: [CallFixture] = []
            for index in 0..<attempts {
                fixtures.append(try CallFixture.make(db, state: .initiating, callID: "call_\(index)", externalID: "c\(index)"))
            }
            let failures = Failures()
            let tokens = fixtures.map(\.token)
            DispatchQueue.concurrentPerform(iterations: attempts) { index in
                // The last two repeat earlier deliveries exactly: duplicates.
                let statuses = [("ringing", 0), ("in_progress", 1), ("completed", 2), ("completed", 2), ("ringing", 0)]
                for (status, minute) in statuses {
                    let at = "2026-11-25T09:5\(minute):00Z"
                    do {
                        let response = try H.post(port, token: tokens[index], H.event("call_\(index)", status, at: at))
                        if response.status != 200 { failures.add("\(index): \(response.status)") }
                    } catch {
                        failures.add("\(index): \(error)")
                    }
                }
            }
            #expect(failures.all.isEmpty)
            let states = try db.query("SELECT state, count(*)::int AS n FROM call_attempts GROUP BY state")
            #expect(states.count == 1)
            #expect(try states[0].decode("state", as: String.self) == "completed")
            #expect(try states[0].decode("n", as: Int.self) == attempts)
            let reached = try db.query("SELECT count(*)::int AS n FROM contacts WHERE status = 'reached'")[0].decode("n", as: Int.self)
            #expect(reached == attempts)
            // ringing, in_progress, completed per call; the repeats were duplicates.
            #expect(try H.eventCount(db) == attempts * 3)
        }
    }

    /// A cut database connection (a restart, a failover) costs the provider nothing: the event is
    /// tried again on a new connection, stored once, and no batch place is lost on the way.
    @Test func aCutDatabaseConnectionIsTriedAgainOnANewOne() throws {
        try H.with { db, port, receiver in
            let f = try CallFixture.make(db, state: .initiating, callID: "call_1")
            #expect(try H.post(port, token: f.token, H.event("call_1", "ringing", at: "2026-11-25T09:50:00Z")).status == 200)
            // The database is this test's own: every other backend in it is the receiver's one connection.
            let pids: [Int32] = try db.query("""
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                """).map { try $0.decode("pid") }
            #expect(pids.count == 1)
            for pid in pids { try db.execute("SELECT pg_terminate_backend(\(pid))") }
            #expect(try H.post(port, token: f.token, H.event("call_1", "in_progress", at: "2026-11-25T09:51:00Z")).status == 200)
            #expect(try H.post(port, token: f.token, H.event("call_1", "completed", at: "2026-11-25T09:52:00Z")).status == 200)
            #expect(try H.eventCount(db) == 3)
            #expect(try f.attempt(db, "state") == "completed")
            #expect(receiver.endpoint.batcher.runningBatches == 0)
        }
    }

    @Test func healthzAnswers200WithTheDatabaseAnd503WithoutIt() throws {
        let healthy = try H.with { _, port, _ in try HTTPTestClient.request(port: port, method: "GET", path: "/healthz") }
        #expect(healthy.status == 200)
        let receiver = WebhookReceiver(
            databaseURL: "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", poolSize: 2, logger: .init(level: .error))
        let port = try receiver.start(host: "127.0.0.1", port: 0)
        let metricsPort = try receiver.startMetrics(host: "127.0.0.1", port: 0)
        defer { receiver.shutdown(gracePeriod: .seconds(1)) }
        #expect(try HTTPTestClient.request(port: port, method: "GET", path: "/healthz").status == 503)
        let metrics = try HTTPTestClient.request(port: metricsPort, method: "GET", path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("reminders_database_up 0"))
        let token = WebhookToken.generate()
        #expect(try H.post(port, token: token, H.event("call_1", "completed")).status == 503)
    }

    @Test func metricsTextParsesAndCountsRequestsEventsAndAttempts() throws {
        try H.with { db, port, receiver in
            let metricsPort = try receiver.startMetrics(host: "127.0.0.1", port: 0)
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            try db.execute("""
                INSERT INTO rate_buckets (account, endpoint, per_minute, burst, granted, rate_limited)
                VALUES ('acct_1', 'dial', 10, 1, 7, 2)
                """)
            _ = try H.post(port, token: f.token, H.event("call_1", "completed"))
            _ = try H.post(port, token: WebhookToken.generate(), H.event("call_1", "completed"))
            let response = try HTTPTestClient.request(port: metricsPort, method: "GET", path: "/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = try PrometheusSamples.parse(response.body)
            #expect(samples[#"reminders_http_requests_total{route="/webhooks/voice/{token}",status="200"}"#] == 1)
            #expect(samples[#"reminders_http_requests_total{route="/webhooks/voice/{token}",status="404"}"#] == 1)
            #expect(samples[#"reminders_webhook_events_total{status="completed",disposition="applied"}"#] == 1)
            #expect(samples[#"reminders_rate_granted_total{account="acct_1",endpoint="dial"}"#] == 7)
            #expect(samples[#"reminders_rate_limited_total{account="acct_1",endpoint="dial"}"#] == 2)
            #expect(samples[#"reminders_attempts{state="completed"}"#] == 1)
            #expect(samples[#"reminders_attempts{state="scheduled"}"#] == 0)
            #expect(samples["reminders_database_up"] == 1)
            #expect(!response.body.contains(f.token))
        }
    }

    @Test(arguments: [
        ("GET", "/nope", 404), ("GET", "/webhooks/voice/abc", 405), ("DELETE", "/healthz", 405), ("GET", "/metrics", 404),
        ("POST", "/webhooks/voice/", 404), ("GET", "/webhooks/other", 404),
    ])
    func otherPathsAndMethodsAreRefused(method: String, path: String, status: Int) throws {
        let response = try H.with { _, port, _ in try HTTPTestClient.request(port: port, method: method, path: path) }
        #expect(response.status == status)
    }
}

/// Collects failures from many threads.
final class Failures: Sendable {
    private let lock = NSLock()
    // Only touched while `lock` is held.
    nonisolated(unsafe) private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
