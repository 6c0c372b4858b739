import Foundation
import Postgres
import Reminders
import Testing
import TestSupport
@testable import RemindersStore

/// Imports move waiting attempts set-based (`ImportSQL.rescheduleAttempts`), a million rows in one
/// statement; the rule itself is `AttemptMachine`'s `reimported` event. This holds the SQL to the
/// machine on every kind of input: a first attempt or a retry, a reminder time earlier, later or
/// none, a row that now skips the contact or not.
@Suite("Import reschedule rule", .serialized)
struct ImportRescheduleRuleTests {
    @Test func theImportsStatementFollowsTheMachine() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        let day = ReimportDuringCallsTests.appointment(days: 3)
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([ImportFixture.header, "A1,Ana,212 555 0101,\(day),"]), db)
            let attemptID = try #require(try db.scalar("SELECT id FROM call_attempts", as: Int64.self))
            let contactID = try #require(try db.scalar("SELECT contact_id FROM call_attempts", as: Int64.self))
            let base = ImportFixture.now.addingTimeInterval(86_400)
            for attemptNumber in [1, 2] {
                for newDue in [base.addingTimeInterval(-3_600), base.addingTimeInterval(3_600), nil] {
                    for reason in [nil, "no_calling_window_before_appointment"] as [String?] {
                        try db.execute("""
                            UPDATE call_attempts SET state = 'scheduled', attempt_number = \(attemptNumber), due_at = \(base),
                                   to_number = '+12125550101', end_reason = NULL, ended_at = NULL WHERE id = \(attemptID)
                            """)
                        let (before, after, at) = try db.transaction { tx in
                            let before = try LockedAttempt.lock(attemptID, tx).record
                            try tx.execute("""
                                CREATE TEMP TABLE import_plan ON COMMIT DROP AS
                                SELECT \(contactID)::bigint AS contact_id, \(newDue)::timestamptz AS due_at,
                                       '+12125550199'::text AS phone, \(reason)::text AS reason, true AS changed, true AS reschedulable
                                """)
                            try tx.execute(ImportSQL.rescheduleAttempts)
                            let at = try #require(try tx.scalar("SELECT now()", as: Date.self))
                            return (before, try LockedAttempt.lock(attemptID, tx).record, at)
                        }
                        let expected = AttemptMachine.apply(
                            .reimported(dueAt: newDue, number: "+12125550199", skipReason: reason, firstAttempt: attemptNumber == 1, at: at),
                            to: before).record
                        #expect(after == expected, "attempt \(attemptNumber), due \(String(describing: newDue)), reason \(reason ?? "none")")
                    }
                }
            }
        }
    }
}
