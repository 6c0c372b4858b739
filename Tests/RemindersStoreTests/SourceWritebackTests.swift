import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

/// `source.postgres.writeback` (issue 18): each settled contact's outcome reaches the practice
/// system once, a refused one is retried and then left for staff, and a crash between the
/// source's commit and ours neither loses an outcome nor sends it twice.
///
/// The "source" is a table in the test database, reached on a connection of its own.
@Suite struct SourceWritebackTests {
    static let statement = """
        UPDATE practice_appointments SET reminder_status = $2, reminder_answer = $3, reminder_called_at = $4, \
        reminder_call_id = $5, writes = writes + 1 WHERE id = $1
        """

    /// A campaign with a write-back, and the source table it writes to with one row per contact id.
    static func seed(_ db: Connection, statement: String = statement, ids: [String]) throws -> StoredCampaign {
        let file = """
            {"name": "writeback-test", "agent_id": "a", "from_number": "+15550100000", "timezone": "UTC",
             "source": {"postgres": {"query": "SELECT 1", "writeback": "\(statement)"}}}
            """
        let stored = try CampaignStore.save(try Campaign.parse(Data(file.utf8), file: "w.json"), db)
        try db.execute("""
            CREATE TABLE practice_appointments (id text PRIMARY KEY, reminder_status text, reminder_answer text,
                reminder_called_at timestamptz, reminder_call_id text, writes int NOT NULL DEFAULT 0)
            """)
        try db.execute("INSERT INTO practice_appointments (id) SELECT unnest(\(ids)::text[])")
        return stored
    }

    /// A contact settled as `status`, with one attempt in `state` (none for nil) carrying `answer`.
    @discardableResult
    static func contact(_ db: Connection, _ stored: StoredCampaign, _ id: String, status: String,
                        attempt state: String? = nil, answer: String? = nil, answerDue: Bool = false) throws -> Int64 {
        let contactID = try db.query("""
            INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash,
                                  status, status_reason, settled_at)
            VALUES (\(stored.id), \(id), '+15550100134', 'UTC', now() + interval '3 days', '{}', '{}', 'h',
                    \(status), NULL, CASE WHEN \(status) = 'pending' THEN NULL ELSE now() END)
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        if let state {
            try db.execute("""
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number,
                                           call_id, dialed_at, answer, answer_due_at)
                VALUES (\(contactID), \(stored.id), 1, \(state), now(), '+15550100134', \("call-" + id),
                        '2026-01-02T15:04:05Z', \(answer)::text, CASE WHEN \(answerDue) THEN now() END)
                """)
        }
        return contactID
    }

    static func source(_ db: Connection, _ id: String) throws -> (status: String?, answer: String?, callID: String?, calledAt: Date?, writes: Int) {
        let row = try db.query("SELECT * FROM practice_appointments WHERE id = \(id)")[0]
        return (try row.decode("reminder_status"), try row.decode("reminder_answer"), try row.decode("reminder_call_id"),
                try row.decode("reminder_called_at"), try row.decode("writes"))
    }

    static func pass(_ db: Connection, _ url: String, _ stored: StoredCampaign, retryFailed: Bool = false) throws -> SourceWriteback.Summary {
        let source = try Connection(url: url)
        return try SourceWriteback(campaign: try CampaignStore.load(name: stored.campaign.name, db), db: db, source: source)
            .run(retryFailed: retryFailed)
    }

    @Test func eachSettledOutcomeIsWrittenOnceAndAWaitingAnswerWaits() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["r1", "n1", "p1", "w1", "s1"])
            try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "n1", status: "not_reached", attempt: "no_answer")
            try Self.contact(db, stored, "p1", status: "pending", attempt: "scheduled")
            let waiting = try Self.contact(db, stored, "w1", status: "reached", attempt: "completed", answerDue: true)
            try Self.contact(db, stored, "s1", status: "skipped")

            let first = try Self.pass(db, url, stored)
            #expect(first.queued == 3 && first.applied == 3 && first.pending == 0 && first.stoppedBy == nil)
            let reached = try Self.source(db, "r1")
            #expect(reached.status == "reached" && reached.answer == "confirmed" && reached.callID == "call-r1")
            #expect(reached.calledAt == CallFixture.iso("2026-01-02T15:04:05Z"))
            #expect(try Self.source(db, "n1").status == "not_reached")
            #expect(try Self.source(db, "n1").answer == nil)
            #expect(try Self.source(db, "s1").status == "skipped")
            #expect(try Self.source(db, "s1").callID == nil)
            #expect(try Self.source(db, "p1").writes == 0)
            #expect(try Self.source(db, "w1").writes == 0)

            // Again: nothing new, nothing sent twice.
            let second = try Self.pass(db, url, stored)
            #expect(second.queued == 0 && second.applied == 0)
            #expect(try ["r1", "n1", "s1"].map { try Self.source(db, $0).writes } == [1, 1, 1])

            // The answer comes in: now it is written.
            try db.execute("UPDATE call_attempts SET answer = 'reschedule_requested' WHERE contact_id = \(waiting)")
            #expect(try Self.pass(db, url, stored).applied == 1)
            #expect(try Self.source(db, "w1").answer == "reschedule_requested")
        }
    }

    @Test func aStatementMayUseSomeParametersAndTheirTypesAreInferred() throws {
        try TestDatabase.withMigrated { db, url in
            let statement = "UPDATE practice_appointments SET reminder_called_at = $4, writes = writes + 1 WHERE id = $1"
            let stored = try Self.seed(db, statement: statement, ids: ["r1", "gone"])
            try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "x9", status: "not_reached", attempt: "busy")
            let summary = try Self.pass(db, url, stored)
            #expect(summary.applied == 2)
            #expect(summary.matchedNoRow == 1)  // x9 is not in the source
            #expect(try Self.source(db, "r1").calledAt == CallFixture.iso("2026-01-02T15:04:05Z"))
        }
    }

    @Test func aRefusedRowIsRetriedThenLeftForStaffAndTheOthersGoThrough() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["ok", "bad"])
            try db.execute("ALTER TABLE practice_appointments ADD CHECK (id <> 'bad' OR reminder_status IS NULL)")
            try Self.contact(db, stored, "ok", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "bad", status: "not_reached", attempt: "no_answer")
            var summary = try Self.pass(db, url, stored)
            #expect(summary.applied == 1 && summary.refused == 1 && summary.failed == 0 && summary.pending == 1)
            for _ in 2..<SourceWriteback.maxTries { summary = try Self.pass(db, url, stored) }
            #expect(summary.failed == 0 && summary.pending == 1)
            summary = try Self.pass(db, url, stored)
            #expect(summary.refused == 1 && summary.failed == 1 && summary.pending == 0)
            let failed = try db.query("SELECT tries, last_error FROM writebacks WHERE state = 'failed'")
            #expect(failed.count == 1)
            #expect(try failed[0].decode("tries", as: Int.self) == SourceWriteback.maxTries)
            // The row's error keeps the server's message; what the pass reports does not (it may quote values).
            #expect(try failed[0].decode("last_error", as: String.self).contains("violates check constraint"))
            #expect(summary.refusals == ["SQLSTATE 23514 (check constraint violated)": 1])
            // A failed one waits for staff; once the source is mended, --retry-failed sends it.
            #expect(try Self.pass(db, url, stored).refused == 0)
            try db.execute("ALTER TABLE practice_appointments DROP CONSTRAINT practice_appointments_check")
            #expect(try Self.pass(db, url, stored, retryFailed: true).applied == 1)
            #expect(try Self.source(db, "bad").writes == 1)
            #expect(try Self.source(db, "ok").writes == 1)
        }
    }

    @Test func aBrokenStatementOrAnUnreachableSourceStopsThePassAndCostsNoTry() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, statement: "UPDATE no_such_table SET x = $2 WHERE id = $1", ids: [])
            try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            let summary = try Self.pass(db, url, stored)
            #expect(summary.stoppedBy?.contains("42P01") == true, "\(summary)")
            #expect(summary.pending == 1)
            // A source that goes away: the pass stops at once, saying so.
            let source = try Connection(url: url)
            let pid = source.backendPID
            try db.execute("SELECT pg_terminate_backend(\(Int(pid))::int)")
            let unreachable = try SourceWriteback(campaign: stored, db: db, source: source).run()
            #expect(unreachable.stoppedBy?.contains("unreachable") == true, "\(unreachable)")
            #expect(unreachable.pending == 1)
            #expect(try db.query("SELECT tries FROM writebacks")[0].decode("tries", as: Int.self) == 0)
        }
    }

    @Test func aCrashBetweenTheSourcesCommitAndOursNeitherLosesNorRepeats() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["done", "undone"])
            try Self.contact(db, stored, "done", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "undone", status: "not_reached", attempt: "busy")
            // Record both, as a pass would before sending.
            let source = try Connection(url: url)
            try db.execute("""
                INSERT INTO writebacks (campaign_id, contact_id, status, answer, last_call_at, call_id)
                SELECT c.campaign_id, c.id, c.status, a.answer, a.dialed_at, a.call_id
                  FROM contacts c JOIN call_attempts a ON a.contact_id = c.id
                """)
            // "done": the source committed, then the process died before recording it.
            let committed: Int64 = try source.transaction { tx in
                try tx.execute("UPDATE practice_appointments SET reminder_status = 'reached', writes = writes + 1 WHERE id = 'done'")
                return try tx.query("SELECT txid_current() AS x")[0].decode("x")
            }
            // "undone": the process died before the source committed; the server rolled it back.
            var rolledBack: Int64 = 0
            _ = try? source.transaction { tx in
                rolledBack = try tx.query("SELECT txid_current() AS x")[0].decode("x")
                try tx.execute("UPDATE practice_appointments SET writes = writes + 1 WHERE id = 'undone'")
                throw CancellationError()
            }
            try db.execute("""
                UPDATE writebacks w SET state = 'sending', tries = 1,
                       source_xid = CASE c.external_id WHEN 'done' THEN \(committed) ELSE \(rolledBack) END
                  FROM contacts c WHERE c.id = w.contact_id
                """)
            let summary = try Self.pass(db, url, stored)
            #expect(summary.applied == 2 && summary.queued == 0 && summary.pending == 0)
            #expect(try Self.source(db, "done").writes == 1)  // not sent again
            #expect(try Self.source(db, "undone").writes == 1)  // sent, once
            #expect(try Self.source(db, "undone").status == "not_reached")
        }
    }

    @Test func onePassPerCampaignAtATime() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: [])
            let other = try Connection(url: url)
            try other.execute("SELECT pg_advisory_lock(\(Int32(0x5752_424B)), \(stored.id)::int)")
            #expect(throws: StoreError.conflict("another write-back of campaign writeback-test is running")) {
                try Self.pass(db, url, stored)
            }
            try other.execute("SELECT pg_advisory_unlock(\(Int32(0x5752_424B)), \(stored.id)::int)")
            #expect(try Self.pass(db, url, stored).stoppedBy == nil)
        }
    }

    @Test func anOutcomeThatChangesBeforeItIsSentSupersedesTheOldOne() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, statement: "UPDATE nowhere SET x = $2 WHERE id = $1", ids: ["r1"])
            let contact = try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "unclear")
            _ = try Self.pass(db, url, stored)  // queued, but the statement is broken: not sent
            try db.execute("UPDATE call_attempts SET answer = 'confirmed' WHERE contact_id = \(contact)")
            _ = try Self.pass(db, url, stored)
            let states = try db.query("SELECT answer || ':' || state AS s FROM writebacks ORDER BY id").map { try $0.decode("s", as: String.self) }
            #expect(states == ["unclear:superseded", "confirmed:pending"])
            // Back to the first outcome: recorded anew, the other superseded; reopened, all are.
            try db.execute("UPDATE call_attempts SET answer = 'unclear' WHERE contact_id = \(contact)")
            _ = try Self.pass(db, url, stored)
            let again = try db.query("SELECT answer || ':' || state AS s FROM writebacks ORDER BY id").map { try $0.decode("s", as: String.self) }
            #expect(again == ["unclear:superseded", "confirmed:superseded", "unclear:pending"])
            try db.execute("UPDATE contacts SET status = 'pending', settled_at = NULL WHERE id = \(contact)")
            _ = try Self.pass(db, url, stored)
            let reopened = try db.query("SELECT answer || ':' || state AS s FROM writebacks ORDER BY id").map { try $0.decode("s", as: String.self) }
            #expect(reopened == ["unclear:superseded", "confirmed:superseded", "unclear:superseded"])
        }
    }

    /// The source holds the current outcome: an outcome that comes back to one it was told
    /// before, after another, is told again (once).
    @Test func anOutcomeThatReturnsToAnEarlierOneIsToldAgain() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["r1"])
            let contact = try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            #expect(try Self.pass(db, url, stored).applied == 1)
            try db.execute("UPDATE call_attempts SET answer = 'cancel_requested' WHERE contact_id = \(contact)")
            #expect(try Self.pass(db, url, stored).applied == 1)
            #expect(try Self.source(db, "r1").answer == "cancel_requested")
            try db.execute("UPDATE call_attempts SET answer = 'confirmed' WHERE contact_id = \(contact)")
            #expect(try Self.pass(db, url, stored).applied == 1)
            #expect(try Self.pass(db, url, stored).queued == 0)
            #expect(try Self.source(db, "r1").answer == "confirmed")
            #expect(try Self.source(db, "r1").writes == 3)
        }
    }

    /// A change that was never sent, undone before the next pass: the source already holds the
    /// outcome, so nothing is sent again (an INSERT-style statement would write it twice).
    @Test func aChangeUndoneBeforeItWasSentSendsNothing() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["r1"])
            let contact = try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            #expect(try Self.pass(db, url, stored).applied == 1)
            try db.execute("UPDATE call_attempts SET answer = 'cancel_requested' WHERE contact_id = \(contact)")
            let gone = try Connection(url: url)
            try db.execute("SELECT pg_terminate_backend(\(Int(gone.backendPID))::int)")
            let stopped = try SourceWriteback(campaign: stored, db: db, source: gone).run()
            #expect(stopped.queued == 1 && stopped.stoppedBy != nil)
            try db.execute("UPDATE call_attempts SET answer = 'confirmed' WHERE contact_id = \(contact)")
            let summary = try Self.pass(db, url, stored)
            #expect(summary.queued == 0 && summary.applied == 0 && summary.pending == 0)
            #expect(try Self.source(db, "r1").writes == 1)
        }
    }

    /// An older send whose transaction the source rolls back after a newer one was applied is
    /// not sent later: the source keeps the newer outcome.
    @Test func anOlderSendThatComesBackAfterANewerOneIsNotSent() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["r1"])
            try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            // A crashed pass's transaction, still open on the source, sending an older outcome.
            let crashed = try Connection(url: url)
            try crashed.execute("BEGIN")
            let xid: Int64 = try crashed.query("SELECT txid_current() AS x")[0].decode("x")
            try db.execute("""
                INSERT INTO writebacks (campaign_id, contact_id, status, answer, state, source_xid)
                SELECT campaign_id, id, 'reached', 'cancel_requested', 'sending', \(xid) FROM contacts
                """)
            #expect(try Self.pass(db, url, stored).applied == 1)
            #expect(try Self.source(db, "r1").answer == "confirmed")
            try crashed.execute("ROLLBACK")
            let summary = try Self.pass(db, url, stored)
            #expect(summary.applied == 0 && summary.pending == 0, "\(summary)")
            #expect(try Self.source(db, "r1").answer == "confirmed")
            #expect(try Self.source(db, "r1").writes == 1)
        }
    }

    /// A row locked on the source is contention, not the row's fault: it costs no try and goes
    /// through once the lock is gone. (The statement asks NOWAIT rather than a lock_timeout,
    /// whose timer libfaketime stops in the shifted-clock passes.)
    @Test func aLockedRowCostsNoTry() throws {
        try TestDatabase.withMigrated { db, url in
            let statement = """
                UPDATE practice_appointments SET reminder_status = $2, writes = writes + 1 \
                WHERE id = (SELECT id FROM practice_appointments WHERE id = $1 FOR UPDATE NOWAIT)
                """
            let stored = try Self.seed(db, statement: statement, ids: ["ok", "locked"])
            try Self.contact(db, stored, "ok", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "locked", status: "reached", attempt: "completed", answer: "confirmed")
            let holder = try Connection(url: url)
            try holder.execute("BEGIN")
            try holder.execute("SELECT 1 FROM practice_appointments WHERE id = 'locked' FOR UPDATE")
            let summary = try Self.pass(db, url, stored)
            #expect(summary.applied == 1 && summary.refused == 1, "\(summary)")
            #expect(summary.refusals == ["SQLSTATE 55P03 (row locked)": 1])
            #expect(try db.query("SELECT sum(tries)::int AS t FROM writebacks")[0].decode("t", as: Int.self) == 0)
            try holder.execute("ROLLBACK")
            #expect(try Self.pass(db, url, stored).applied == 1)
            #expect(try Self.source(db, "locked").writes == 1)
        }
    }

    /// A statement the source cannot run for anyone (here a constant it cannot read) stops the
    /// pass when it is prepared: it is not taken for one row's refusal and costs no try.
    @Test func aStatementTheSourceCannotPrepareStopsThePass() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, statement: "UPDATE practice_appointments SET writes = 'abc'::int WHERE id = $1", ids: ["r1", "r2"])
            try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "r2", status: "not_reached", attempt: "busy")
            let summary = try Self.pass(db, url, stored)
            #expect(summary.stoppedBy?.contains("22P02") == true, "\(summary)")
            #expect(summary.refused == 0 && summary.pending == 2)
            #expect(try db.query("SELECT sum(tries) AS t FROM writebacks")[0].decode("t", as: Int.self) == 0)
        }
    }

    /// A deferred constraint is checked at its row, so it refuses that row alone rather than
    /// sinking the whole batch at COMMIT.
    @Test func aDeferredConstraintRefusesItsRowAlone() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["ok", "bad"])
            try db.execute("CREATE TABLE known_calls (id text PRIMARY KEY)")
            try db.execute("INSERT INTO known_calls VALUES ('call-ok')")
            try db.execute("""
                ALTER TABLE practice_appointments ADD FOREIGN KEY (reminder_call_id) REFERENCES known_calls
                    DEFERRABLE INITIALLY DEFERRED
                """)
            try Self.contact(db, stored, "ok", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "bad", status: "reached", attempt: "completed", answer: "confirmed")
            let summary = try Self.pass(db, url, stored)
            #expect(summary.applied == 1 && summary.refused == 1 && summary.stoppedBy == nil, "\(summary)")
            #expect(try Self.source(db, "ok").writes == 1)
            #expect(try Self.source(db, "bad").writes == 0)
        }
    }

    /// A transaction id the source has never reached (the source was replaced by another
    /// database): whether the row was applied cannot be known, so staff decide.
    @Test func aTransactionTheSourceNeverHadIsLeftForStaff() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["r1"])
            try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            try db.execute("""
                INSERT INTO writebacks (campaign_id, contact_id, status, answer, last_call_at, call_id, state, source_xid)
                SELECT c.campaign_id, c.id, c.status, a.answer, a.dialed_at, a.call_id, 'sending', txid_current() + 1000000
                  FROM contacts c JOIN call_attempts a ON a.contact_id = c.id
                """)
            let summary = try Self.pass(db, url, stored)
            #expect(summary.failed == 1 && summary.stoppedBy == nil, "\(summary)")
            #expect(try Self.source(db, "r1").writes == 0)
        }
    }

    /// The report counts what the source was told: applied, pending (not yet, or waiting for an
    /// answer), failed; and each row carries the `report_fields` the contact's source row had.
    @Test func theReportCountsWriteBacksAndCarriesTheReportFields() throws {
        try TestDatabase.withMigrated { db, url in
            let stored = try Self.seed(db, ids: ["r1", "w1"])
            try Self.contact(db, stored, "r1", status: "reached", attempt: "completed", answer: "confirmed")
            try Self.contact(db, stored, "w1", status: "reached", attempt: "completed", answerDue: true)
            try Self.contact(db, stored, "gone", status: "not_reached", attempt: "busy")  // not in the source: applied to no row
            _ = try Self.pass(db, url, stored)
            let report = try ReportQueries.report(for: stored, runID: nil, generatedAt: Date(), db)
            #expect(report.writebacks == WritebackCounts(applied: 2, pending: 1, failed: 0))

            // Values are the source's own: any character, a separator of ours included, stays in its column.
            try db.execute(#"UPDATE contacts SET fields = '{"Last Name": "Oka\u001ffor", "Provider": "Dr. Ames, \"Jr\""}' WHERE external_id = 'r1'"#)
            var rows: [String: [String]] = [:]
            try ReportQueries.forEachContactRow(campaignID: stored.id, runID: nil, statuses: nil,
                                                fields: ["Provider", "Last Name", "Missing"], db) { rows[$0.id] = $0.fields }
            #expect(rows["r1"] == ["Dr. Ames, \"Jr\"", "Oka\u{1F}for", ""])
            #expect(rows["w1"] == ["", "", ""])
        }
    }
}
