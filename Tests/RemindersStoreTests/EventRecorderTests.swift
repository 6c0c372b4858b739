import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

@Suite struct EventRecorderTests {
    let now = CallFixture.iso("2026-11-25T10:00:00Z")

    func event(_ callID: String, _ status: String, _ state: CallState?, second: Int) -> ProviderEvent {
        let at = now.addingTimeInterval(Double(second))
        return ProviderEvent(
            callID: callID, status: status, state: state, occurredAt: at, payload: #"{"call_id":"\#(callID)","status":"\#(status)"}"#)
    }

    /// Records `items` inside a caller's transaction, or in one of its own (the receiver's pipelined path).
    func record(_ items: [EventRecorder.Item], committing: Bool, _ db: Connection) throws -> [EventRecorder.Result] {
        if committing {
            let results = try EventRecorder.recordBatchCommitting(items, settings: ["plan_cache_mode": "force_generic_plan"], now: now, db)
            #expect(!db.inTransaction)
            return results
        }
        return try db.transaction { tx in try EventRecorder.recordBatch(items, now: now, tx) }
    }

    @Test(arguments: [false, true])
    func aBatchAppliesEachAttemptsEventsInOrderAndMarksDuplicates(committing: Bool) throws {
        try TestDatabase.withMigrated { db, _ in
            let a = try CallFixture.make(db, state: .initiating, callID: "call_a", externalID: "a")
            let b = try CallFixture.make(db, state: .dialing, externalID: "b")
            let items = [
                EventRecorder.Item(token: a.token, event: event("call_a", "ringing", .ringing, second: 1)),
                EventRecorder.Item(token: b.token, event: event("call_b", "ringing", .ringing, second: 1)),
                EventRecorder.Item(token: a.token, event: event("call_a", "completed", .completed, second: 9)),
                EventRecorder.Item(token: a.token, event: event("call_a", "ringing", .ringing, second: 1)),
                EventRecorder.Item(token: b.token, event: event("call_other", "completed", .completed, second: 9)),
                EventRecorder.Item(token: String(repeating: "0", count: 48), event: event("call_z", "ringing", .ringing, second: 1)),
                EventRecorder.Item(token: b.token, event: event("call_b", "call.transferred", nil, second: 5)),
            ]
            let results = try record(items, committing: committing, db)
            func disposition(_ index: Int) -> String {
                guard case .recorded(_, let disposition, let duplicate, _) = results[index] else { return "\(results[index])" }
                return disposition.rawValue + (duplicate ? "+dup" : "")
            }
            #expect(disposition(0) == "applied")
            #expect(disposition(1) == "adopted")
            #expect(disposition(2) == "applied")
            #expect(disposition(3) == "late+dup")
            #expect(results[4] == .callIDMismatch(attemptID: b.attemptID))
            #expect(results[5] == .unknownToken)
            #expect(disposition(6) == "unrecognized")
            guard case .recorded(_, _, _, let update) = results[2] else { return }
            #expect(update?.followUp == .settled(.reached, reason: nil))
            #expect(try a.attempt(db, "state") == "completed")
            #expect(try a.contact(db).status == "reached")
            #expect(try b.attempt(db, "state") == "ringing")
            #expect(try b.attempt(db, "call_id") == "call_b")
            let stored = try db.query("SELECT count(*)::int AS n FROM call_events")[0].decode("n", as: Int.self)
            #expect(stored == 4)
        }
    }

    @Test(arguments: [false, true])
    func aNoAnswerInABatchSchedulesTheRetry(committing: Bool) throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let items = [EventRecorder.Item(token: f.token, event: event("call_1", "no_answer", .noAnswer, second: 0))]
            let result = try record(items, committing: committing, db)[0]
            guard case .recorded(_, .applied, false, let update) = result, case .retry(_, let due) = update?.followUp else {
                Issue.record("expected a retry, got \(result)")
                return
            }
            #expect(due == now.addingTimeInterval(30 * 60))
            #expect(try f.attemptCount(db) == 2)
        }
    }

    /// We asked the provider to end a queued call (an opt-out since it was submitted), and the
    /// final webhook that the end makes it send arrives before our record of the end: the
    /// attempt ends cancelled for our reason and the contact is settled so, with no retry.
    @Test(arguments: [false, true])
    func theFinalWebhookOfAnEndWeAskedForEndsTheAttemptForOurReason(committing: Bool) throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .initiating, callID: "call_1")
            try db.transaction { tx in try AttemptOutcomes.endRequested(attemptID: f.attemptID, reason: "suppressed", now: now, tx) }
            let items = [EventRecorder.Item(token: f.token, event: event("call_1", "failed", .failed, second: 1))]
            let result = try record(items, committing: committing, db)[0]
            guard case .recorded(_, .applied, false, let update) = result else {
                Issue.record("expected the event applied, got \(result)")
                return
            }
            #expect(update?.followUp == .settled(.cancelled, reason: "suppressed"))
            #expect(try f.attempt(db, "state") == "cancelled")
            #expect(try f.attempt(db, "end_reason") == "suppressed")
            #expect(try f.contact(db).status == "cancelled")
            #expect(try f.attemptCount(db) == 1)
            // Our record of the confirmed end then finds the attempt ended.
            let late = try db.transaction { tx in
                try AttemptOutcomes.endedByOperator(attemptID: f.attemptID, reason: "suppressed", providerPayload: "{}", now: now, tx)
            }
            #expect(late.transition == .recordOnly(.alreadyTerminal))
        }
    }

    @Test func aCommittingBatchThatFailsStoresNothing() throws {
        try TestDatabase.withMigrated { db, url in
            let a = try CallFixture.make(db, state: .initiating, callID: "call_a", externalID: "a")
            let bad = ProviderEvent(
                callID: "call_a", status: "completed", state: .completed, occurredAt: now, payload: #"{"call_id":"call_a","x":"\u0000"}"#)
            let items = [
                EventRecorder.Item(token: a.token, event: event("call_a", "ringing", .ringing, second: 1)),
                EventRecorder.Item(token: a.token, event: bad),
            ]
            let error = try #require(throws: PostgresError.self) { try EventRecorder.recordBatchCommitting(items, now: now, db) }
            #expect(error.sqlState.map { SQLState.dataException ~= $0 } == true)
            #expect(!db.inTransaction)
            let other = try Connection(url: url)
            #expect(try other.query("SELECT count(*)::int AS n FROM call_events")[0].decode("n", as: Int.self) == 0)
            #expect(try a.attempt(other, "state") == "initiating")
        }
    }

    @Test func aCommittingBatchRefusesToRunInsideATransaction() throws {
        try TestDatabase.withMigrated { db, _ in
            let error = try #require(throws: PostgresError.self) {
                try db.transaction { tx in try EventRecorder.recordBatchCommitting([], now: now, tx) }
            }
            #expect(error.kind == .misuse)
        }
    }
}
