import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
import VoiceSimulator
import Worker

/// Every completed call gets an answer: from the provider's analysis tags when it has them,
/// else from our classifier over the transcript; a voicemail is not a reached patient.
@Suite(.serialized) struct AnswerFetchTests {
    /// Numbers whose second-to-last digit picks each answer, half of them with the provider's tag
    /// (third-to-last digit even): see `PatientAnswer`.
    static let numbers: [(number: String, answer: Answer, tagged: Bool)] = [
        ("+15550000200", .confirmed, true), ("+15550000300", .confirmed, false),
        ("+15550000240", .cancelRequested, true), ("+15550000350", .rescheduleRequested, false),
        ("+15550000260", .wrongNumber, true), ("+15550000380", .unclear, false),
        ("+15550000270", .voicemail, true), ("+15550000370", .voicemail, false),
    ]

    @Test func aBatchEndsWithAnAnswerForEveryCompletedCall() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign()
            try fixture.addContacts(Self.numbers.map(\.number))
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            let rows = try db.query("""
                SELECT a.to_number, a.answer, a.answer_evidence, c.status, c.status_reason
                  FROM call_attempts a JOIN contacts c ON c.id = a.contact_id ORDER BY a.to_number
                """)
            #expect(rows.count == Self.numbers.count)
            for row in rows {
                let number = try row.decode("to_number", as: String.self)
                let expected = try #require(Self.numbers.first { $0.number == number })
                let evidence = try row.decode("answer_evidence", as: String?.self) ?? ""
                #expect(try row.decode("answer", as: String?.self) == expected.answer.rawValue, "\(number): \(evidence)")
                if expected.answer != .unclear {
                    #expect(evidence.hasPrefix(expected.tagged ? "provider:analysis." : "rule:"), "\(number): \(evidence)")
                }
                // A voicemail is not a reached patient (the fixture's campaign does not retry it).
                let status = try row.decode("status", as: String.self)
                #expect(status == (expected.answer == .voicemail ? "not_reached" : "reached"), "\(number)")
                if expected.answer == .voicemail { #expect(try row.decode("status_reason", as: String?.self) == "not_retried:voicemail") }
            }
            #expect(summary.answers[.voicemail] == 2)
            #expect(summary.answers.values.reduce(0, +) == Self.numbers.count)

            // The reports carry them: counts, each contact's answer, and the worklist columns.
            let stored = try CampaignStore.load(name: fixture.campaignName, db)
            let report = try ReportQueries.report(for: stored, runID: nil, generatedAt: Date(), db)
            #expect(report.contacts.answers == [.confirmed: 2, .cancelRequested: 1, .rescheduleRequested: 1, .wrongNumber: 1,
                                                .unclear: 1, .voicemail: 2])
            var contactRows: [ReportContactRow] = []
            try ReportQueries.forEachContactRow(campaignID: stored.id, runID: nil, statuses: nil, db) { contactRows.append($0) }
            #expect(Dictionary(uniqueKeysWithValues: contactRows.map { ($0.phone, $0.answer) })
                    == Dictionary(uniqueKeysWithValues: Self.numbers.map { ($0.number, Optional($0.answer.rawValue)) }))
            var csv = CSVReportRenderer()
            let text = csv.render(report, rows: contactRows)
            #expect(text.hasPrefix("id,phone,status,attempts,last_outcome,last_call_at,answer,appointment_local,call_id\r\n"))
            #expect(text.contains(",reschedule_requested,"))
            // Transcripts are health data: without store_transcripts none is kept.
            #expect(try db.query("SELECT count(*)::int AS n FROM call_transcripts")[0].decode("n", as: Int.self) == 0)
        }
    }

    /// With `store_transcripts` every answered call keeps its transcript, tagged calls too, and
    /// `report --with-transcripts` reads the kept one instead of asking the provider again.
    @Test func aCampaignThatKeepsTranscriptsKeepsEveryAnsweredOne() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: #", "store_transcripts": true"#)
            let numbers = ["+15550000200", "+15550000350"]  // tagged confirmed; untagged reschedule
            try fixture.addContacts(numbers)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            let kept = try db.query("""
                SELECT a.call_id, a.answer, jsonb_array_length(t.turns) AS turns,
                       EXISTS (SELECT 1 FROM jsonb_array_elements(t.turns) e WHERE e ->> 'role' = 'user') AS patient_spoke
                  FROM call_attempts a JOIN call_transcripts t ON t.attempt_id = a.id ORDER BY a.to_number
                """)
            #expect(kept.count == 2)
            #expect(try kept.map { try $0.decode("answer", as: String.self) } == ["confirmed", "reschedule_requested"])
            #expect(try kept.allSatisfy { try $0.decode("turns", as: Int.self) >= 2 && $0.decode("patient_spoke", as: Bool.self) })

            let callID = try kept[0].decode("call_id", as: String.self)
            try db.execute(#"UPDATE call_transcripts SET turns = '[{"role": "patient", "text": "kept here"}]'"#)
            let fetched = try TranscriptFetcher(db: db, client: fixture.client).fetch([(contactID: "c0", callID: callID, recordingID: nil)])
            #expect(fetched.first?.turns == [CallTranscript.Turn(role: "patient", text: "kept here")])
        }
    }

    /// A call the provider tagged has its answer even when its transcript cannot be read: the
    /// answer is not held back for a transcript kept only for the record.
    @Test func aTranscriptThatCannotBeReadDoesNotHoldBackATaggedAnswer() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            fixture.simulator.update(faults: Faults(transcriptServerError: 1))
            try fixture.saveCampaign(extra: #", "store_transcripts": true"#)
            try fixture.addContacts(["+15550000200"])  // tagged confirmed
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            let rows = try db.query("SELECT answer, answer_evidence FROM call_attempts")
            #expect(try rows.map { try $0.decode("answer", as: String?.self) } == ["confirmed"])
            #expect(try db.query("SELECT count(*)::int AS n FROM call_transcripts")[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test func aVoicemailIsRetriedWhenTheCampaignSaysSo() throws {
        // The clock runs 120× fast so the one-minute retry delay passes in half a second.
        let start = Date()
        let fast: @Sendable () -> Date = { start.addingTimeInterval(Date().timeIntervalSince(start) * 120) }
        try DispatchFixture.with(now: fast) { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: #", "retry": {"max_attempts": 2, "delay": "1m", "on": ["no_answer", "voicemail"]}"#)
            try fixture.addContacts(["+15550000270"], due: start)
            let summary = try fixture.dispatcher(clock: DispatchClock(now: fast, sleep: DispatchClock.system.sleep)).run()
            #expect(summary.ending == .settled)
            // Both calls reached the greeting: two attempts, then not reached after the last.
            let answers = try db.query("SELECT answer FROM call_attempts ORDER BY attempt_number").map { try $0.decode("answer", as: String?.self) }
            #expect(answers == ["voicemail", "voicemail"])
            #expect(try fixture.contactStatuses() == ["not_reached": 1])
            #expect(try db.query("SELECT status_reason FROM contacts")[0].decode("status_reason", as: String?.self) == "attempts_exhausted:voicemail")
        }
    }
}
