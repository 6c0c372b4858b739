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

    @Test func aBatchAppliesEachAttemptsEventsInOrderAndMarksDuplicates() throws {
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
            let results = try db.transaction { tx in try EventRecorder.recordBatch(items, now: now, tx) }
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

    @Test func aNoAnswerInABatchSchedulesTheRetry() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let result = try db.transaction { tx in
                try EventRecorder.record(event("call_1", "no_answer", .noAnswer, second: 0), token: f.token, now: now, tx)
            }
            guard case .recorded(_, .applied, false, let update) = result, case .retry(_, let due) = update?.followUp else {
                Issue.record("expected a retry, got \(result)")
                return
            }
            #expect(due == now.addingTimeInterval(30 * 60))
            #expect(try f.attemptCount(db) == 2)
        }
    }
}
