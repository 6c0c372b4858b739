import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

@Suite struct ImporterTests {
    static let rows = [
        ImportFixture.header,
        "A1,Ana,(212) 555-0101,2026-11-25T10:00,",
        "A2,Ben,212-555-0102,2026-11-19T10:00,",                 // appointment passed
        "A3,Cy,+1 212 555 0103,2026-11-26T16:00,America/Chicago", // suppressed below
        "A4,Di,12,2026-11-25T10:00,",                             // bad phone
        "A1,Ana,212 555 0101,2026-11-25T10:00,",                  // duplicate id
        "A5,,212 555 0105,2026-11-25T10:00,",                     // greeting has no name
        "A6,Ed,+44 20 7946 0958,2026-11-27T09:30,Europe/London",
    ]

    /// Contacts are numbered in the file's order, so every report lists them as the file does,
    /// whatever order the database joins the rows in (a hash join did not keep it).
    @Test func contactsKeepTheFilesOrder() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            let ids = (1...300).map { "Z\(String(format: "%03d", ($0 * 7919) % 1000))" }
            var rows = [ImportFixture.header]
            for (index, id) in ids.enumerated() {
                rows.append("\(id),Ana,212 555 \(String(format: "%04d", index)),2026-11-25T10:00,")
            }
            _ = try fixture.run(try fixture.write(rows), db)
            let stored = try db.query("SELECT external_id FROM contacts ORDER BY id").map { try $0.decode("external_id", as: String.self) }
            #expect(stored == ids)
        }
    }

    @Test func importsValidRowsSkipsAndRejectsTheRest() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            try db.execute("INSERT INTO suppressions (phone) VALUES ('+12125550103')")
            let (summary, rejections) = try fixture.run(try fixture.write(Self.rows), db)
            #expect(summary == ImportSummary(accepted: 2, skipped: 2, rejected: 3))
            #expect(rejections.map(\.line) == [5, 7, 6])
            #expect(rejections.map(\.field) == ["phone", "context.greeting", "id"])
            #expect(rejections[2].reason == "duplicate id (first on line 2)")

            let statuses = try db.query("SELECT external_id, status, status_reason FROM contacts ORDER BY external_id").map {
                "\(try $0.decode("external_id", as: String.self)):\(try $0.decode("status", as: String.self)):\(try $0.decode("status_reason", as: String?.self) ?? "-")"
            }
            #expect(statuses == ["A1:pending:-", "A2:skipped:appointment_passed", "A3:skipped:suppressed", "A6:pending:-"])

            // A1: 24 h before 10:00 New York time, inside 09:00-20:00.
            let due = try db.scalar("""
                SELECT a.due_at FROM call_attempts a JOIN contacts c ON c.id = a.contact_id
                WHERE c.external_id = 'A1' AND a.attempt_number = 1 AND a.state = 'scheduled'
                """, as: Date.self)
            #expect(due == Date(timeIntervalSince1970: 1_795_186_800 + 4 * 86_400))
            #expect(try db.scalar("SELECT count(*) FROM call_attempts", as: Int.self) == 2)
            // A token is made when its attempt is claimed; nothing of one exists before.
            #expect(try db.scalar("SELECT count(webhook_token_hash) FROM call_attempts", as: Int.self) == 0)
            let context = try db.scalar("SELECT context->>'greeting' FROM contacts WHERE external_id = 'A6'", as: String.self)
            #expect(context == "Hi Ed")
        }
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            let path = try fixture.write(Self.rows)
            _ = try fixture.run(path, db)
            let before = try db.scalar("SELECT string_agg(updated_at::text || id, ',' ORDER BY id) FROM contacts", as: String.self)
            let attemptsBefore = try db.scalar("SELECT string_agg(updated_at::text || due_at::text, ',' ORDER BY id) FROM call_attempts", as: String.self)
            let (summary, _) = try fixture.run(path, db, now: ImportFixture.now.addingTimeInterval(3_600))
            #expect(summary == ImportSummary(unchanged: 4, rejected: 3))
            #expect(try db.scalar("SELECT string_agg(updated_at::text || id, ',' ORDER BY id) FROM contacts", as: String.self) == before)
            #expect(try db.scalar("SELECT string_agg(updated_at::text || due_at::text, ',' ORDER BY id) FROM call_attempts", as: String.self) == attemptsBefore)
        }
    }

    @Test func changedAppointmentReschedulesAndAReachedContactStaysReached() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([
                ImportFixture.header, "A1,Ana,212 555 0101,2026-11-25T10:00,", "A6,Ed,212 555 0106,2026-11-25T11:00,",
            ]), db)
            // A6 was called and reached.
            try db.execute("""
                UPDATE call_attempts SET state = 'completed', call_id = 'call-1'
                WHERE contact_id = (SELECT id FROM contacts WHERE external_id = 'A6')
                """)
            try db.execute("UPDATE contacts SET status = 'reached', settled_at = now() WHERE external_id = 'A6'")

            let (summary, _) = try fixture.run(try fixture.write([
                ImportFixture.header, "A1,Ana,212 555 0101,2026-11-26T10:00,", "A6,Ed,212 555 0106,2026-11-26T11:00,",
            ], name: "changed.csv"), db)
            #expect(summary == ImportSummary(updated: 2))
            let due = try db.scalar("""
                SELECT a.due_at FROM call_attempts a JOIN contacts c ON c.id = a.contact_id
                WHERE c.external_id = 'A1' AND a.state = 'scheduled'
                """, as: Date.self)
            #expect(due == Date(timeIntervalSince1970: 1_795_186_800 + 5 * 86_400))
            #expect(try db.scalar("SELECT count(*) FROM call_attempts", as: Int.self) == 2)
            #expect(try db.scalar("SELECT status FROM contacts WHERE external_id = 'A6'", as: String.self) == "reached")
            #expect(try db.scalar("SELECT state FROM call_attempts WHERE call_id = 'call-1'", as: String.self) == "completed")
        }
    }

    @Test func appointmentMovedIntoThePastSkipsTheScheduledAttemptAndBackAgainReschedules() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([ImportFixture.header, "A1,Ana,212 555 0101,2026-11-25T10:00,"]), db)
            let (past, _) = try fixture.run(try fixture.write([ImportFixture.header, "A1,Ana,212 555 0101,2026-11-19T10:00,"], name: "b.csv"), db)
            #expect(past == ImportSummary(skipped: 1))
            #expect(try db.scalar("SELECT state FROM call_attempts", as: String.self) == "skipped")
            #expect(try db.scalar("SELECT status_reason FROM contacts", as: String.self) == "appointment_passed")

            let (again, _) = try fixture.run(try fixture.write([ImportFixture.header, "A1,Ana,212 555 0101,2026-11-25T10:00,"], name: "c.csv"), db)
            #expect(again == ImportSummary(updated: 1))
            #expect(try db.scalar("SELECT status FROM contacts", as: String.self) == "pending")
            #expect(try db.scalar("SELECT max(attempt_number) FROM call_attempts WHERE state = 'scheduled'", as: Int.self) == 2)
        }
    }

    @Test func dryRunCountsButWritesNothing() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            let (summary, rejections) = try fixture.run(try fixture.write(Self.rows), db, dryRun: true)
            #expect(summary == ImportSummary(accepted: 3, skipped: 1, rejected: 3, dryRun: true))
            #expect(rejections.count == 3)
            for table in ["campaigns", "contacts", "call_attempts"] {
                #expect(try db.scalar(Query(unsafeSQL: "SELECT count(*) FROM \(table)"), as: Int.self) == 0)
            }
        }
    }

    static let fileLevelProblems: [(name: String, bytes: [UInt8], message: String)] = [
        ("empty", [], "the file is empty"),
        ("missing column", Array("id,first_name,appointment_at\nA1,Ana,2026-11-25T10:00\n".utf8), "missing column \"phone\" (for phone)"),
        ("template column", Array("id,phone,appointment_at\nA1,2125550101,2026-11-25T10:00\n".utf8),
         "missing column \"first_name\" (used by context \"greeting\")"),
        ("semicolons", Array("id;first_name;phone;appointment_at\n".utf8), "looks ';'-separated"),
        ("latin-1 after good rows", Array("\(ImportFixture.header)\nA1,Ana,2125550101,2026-11-25T10:00,\nA2,Jos".utf8) + [0xE9]
            + Array(",2125550102,2026-11-25T10:00,\n".utf8), "line 3"),
        ("binary (zip)", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00], "NUL byte"),
        ("unterminated quote", Array("\(ImportFixture.header)\nA1,\"Ana,2125550101,2026-11-25T10:00,\n".utf8), "unterminated"),
    ]

    @Test(arguments: fileLevelProblems.indices)
    func fileLevelProblemIsOneErrorAndImportsNothing(index: Int) throws {
        let problem = Self.fileLevelProblems[index]
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            let path = try fixture.write(bytes: problem.bytes, name: "bad.csv")
            do {
                _ = try fixture.run(path, db)
                Issue.record("\(problem.name): imported")
            } catch {
                let message = String(describing: error)
                #expect(message.contains(problem.message), "\(problem.name): \(message)")
            }
            #expect(try db.scalar("SELECT count(*) FROM contacts", as: Int.self) == 0)
            #expect(try db.scalar("SELECT count(*) FROM campaigns", as: Int.self) == 0)
        }
    }

    @Test func anInterruptedImportRollsBack() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            var reader = try CSVReader(path: try fixture.write(Self.rows))
            var options = Importer.Options()
            options.now = ImportFixture.now
            options.progressInterval = 2
            options.stopRequested = { true }
            #expect(throws: ImportError.interrupted(source: "t.csv")) {
                _ = try Importer(campaign: fixture.campaign, sourceName: "t.csv").run(from: &reader, into: db, options: options)
            }
            let campaigns = try db.scalar("SELECT count(*) FROM campaigns", as: Int.self)
            #expect(campaigns == 0)
        }
    }

    @Test func aCommittedImportIsRecordedAsARun() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write(Self.rows), db, dryRun: true)
            _ = try fixture.run(try fixture.write(Self.rows), db)
            let kinds = try db.query("SELECT kind, summary->>'accepted' AS accepted, campaigns[1] AS campaign FROM runs").map {
                "\(try $0.decode("kind", as: String.self)) \(try $0.decode("campaign", as: String.self)) \(try $0.decode("accepted", as: String.self))"
            }
            #expect(kinds == ["import import-test 3"])  // A1, A3, A6 (nothing suppressed here)
        }
    }

    @Test func aHeaderOnlyFileImportsZeroRows() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            let (summary, _) = try fixture.run(try fixture.write([ImportFixture.header]), db)
            #expect(summary == ImportSummary())
            #expect(summary.description == "0 rows: 0 accepted, 0 updated, 0 unchanged, 0 skipped, 0 rejected")
        }
    }

    /// The parser's record limit stands in for a 1 GB line (scripts/bench-import has the real one).
    @Test func aRecordOverTheLimitAfterGoodRowsImportsNothing() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            let long = "A9,\(String(repeating: "x", count: 600)),2125550109,2026-11-25T10:00,"
            let path = try fixture.write([ImportFixture.header, "A1,Ana,2125550101,2026-11-25T10:00,", long])
            #expect { _ = try fixture.run(path, db, maxRecordBytes: 256) } throws: { error in
                String(describing: error).hasSuffix("line 3: record longer than 256 bytes")
            }
            let contacts = try db.scalar("SELECT count(*) FROM contacts", as: Int.self)
            #expect(contacts == 0)
        }
    }

    @Test func aBadTemplateFailsTheWholeImport() throws {
        let json = ImportFixture.campaignJSON.replacingOccurrences(of: "Hi {{first_name}}", with: "Hi {{first_name")
        let fixture = try ImportFixture(campaignJSON: json)
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            let path = try fixture.write(Self.rows)
            #expect(throws: ImportError.self) { _ = try fixture.run(path, db) }
            let campaigns = try db.scalar("SELECT count(*) FROM campaigns", as: Int.self)
            #expect(campaigns == 0)
        }
    }
}

/// Re-importing while a contact is between attempts or on a call (issue 15, cases 2 and 3).
@Suite struct ReimportDuringCallsTests {
    /// `days` after the fixture's present, at 10:00 New York time, as an export writes it.
    static func appointment(days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "America/New_York")
        formatter.dateFormat = "yyyy-MM-dd'T'10:00"
        return formatter.string(from: ImportFixture.now.addingTimeInterval(Double(days) * 86_400))
    }

    static func attempts(_ db: Connection) throws -> [(number: Int, state: String, due: Date, to: String)] {
        try db.query("SELECT attempt_number, state, due_at, to_number FROM call_attempts ORDER BY attempt_number").map {
            (try $0.decode("attempt_number"), try $0.decode("state"), try $0.decode("due_at"), try $0.decode("to_number"))
        }
    }

    /// Before: any changed column reset the due time of every scheduled attempt, so with a 2 h
    /// retry delay and only a name edited, the retry went out seconds after the no-answer. Now a
    /// retry keeps its delay, and moves only later, when the appointment does.
    @Test func aRetryKeepsItsDelayWhenItsRowChanges() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        // Tomorrow 10:00 New York, reminded 24 h before: due at the fixture's present.
        let day = Self.appointment(days: 1)
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([ImportFixture.header, "A1,Ana,212 555 0101,\(day),"]), db)
            let first = try #require(try db.scalar("SELECT id FROM call_attempts", as: Int64.self))
            try db.execute("UPDATE call_attempts SET state = 'ringing', call_id = 'call_1', dialed_at = now() WHERE id = \(first)")
            let ended = ImportFixture.now.addingTimeInterval(600)
            let update = try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: .noAnswer, callID: "call_1", occurredAt: ended), toAttempt: first, source: "webhook",
                    now: ended, tx)
            }
            guard case .retry(_, let retryDue) = update.followUp else { Issue.record("no retry: \(update.followUp)"); return }

            let (summary, _) = try fixture.run(
                try fixture.write([ImportFixture.header, "A1,Anna,212 555 0101,\(day),"], name: "renamed.csv"), db,
                now: ended.addingTimeInterval(12))
            #expect(summary == ImportSummary(updated: 1))
            let retry = try #require(try Self.attempts(db).last)
            #expect(retry.number == 2)
            #expect(retry.state == "scheduled")
            #expect(retry.due == retryDue)

            _ = try fixture.run(
                try fixture.write([ImportFixture.header, "A1,Anna,212 555 0101,\(Self.appointment(days: 4)),"], name: "moved.csv"), db,
                now: ended.addingTimeInterval(60))
            // Three days later, reminded 24 h before.
            #expect(try Self.attempts(db).last?.due == ImportFixture.now.addingTimeInterval(3 * 86_400))
        }
    }

    /// Before: a number changed by a re-import during a call stayed on the retry (the attempt's
    /// old number) while the claim read the contact's new context: the new details went to the
    /// old number. Now the live call keeps its number and the retry takes the contact's new one.
    @Test func aNumberChangedDuringACallGoesToTheRetry() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        let day = Self.appointment(days: 3)
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([ImportFixture.header, "A1,Ana,212 555 0101,\(day),"]), db)
            let first = try #require(try db.scalar("SELECT id FROM call_attempts", as: Int64.self))
            try db.execute("UPDATE call_attempts SET state = 'in_progress', call_id = 'call_1', dialed_at = now() WHERE id = \(first)")
            let (summary, _) = try fixture.run(
                try fixture.write([ImportFixture.header, "A1,Ana,212 555 0199,\(day),"], name: "new-number.csv"), db)
            #expect(summary == ImportSummary(updated: 1))
            let ended = ImportFixture.now.addingTimeInterval(600)
            try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: .noAnswer, callID: "call_1", occurredAt: ended), toAttempt: first, source: "webhook",
                    now: ended, tx)
            }
            let attempts = try Self.attempts(db)
            #expect(attempts.map(\.to) == ["+12125550101", "+12125550199"])
            #expect(try db.scalar("SELECT phone FROM contacts", as: String.self) == "+12125550199")
        }
    }
}
