import Foundation
import Postgres
import Reminders
@testable import RemindersStore
import TestSupport
import Testing

/// Exports as practice systems write them (issue 17): their own date pattern, split date and time
/// columns, several phone columns, and an appointment status that cancels instead of calling. The
/// clock is the fixture's (Friday 2026-11-20 15:00 UTC), on both sides.
@Suite struct PracticeExportTests {
    static func campaign(_ extra: String) -> String {
        """
        {"name": "practice", "agent_id": "agent_1", "from_number": "+12125550100", "timezone": "America/New_York",
         "default_region": "US", "remind_before": "24h", "context": {"when": "{{appointment_at | datetime}}"}\(extra)}
        """
    }

    static func contacts(_ db: Connection) throws -> [String: (status: String, reason: String?, phone: String, column: String?)] {
        var result: [String: (String, String?, String, String?)] = [:]
        for row in try db.query("SELECT external_id, status, status_reason, phone, phone_column FROM contacts") {
            result[try row.decode("external_id")] = (
                try row.decode("status"), try row.decode("status_reason"), try row.decode("phone"), try row.decode("phone_column"))
        }
        return result
    }

    @Test func aUSExportWithItsOwnDatePatternAndTwoPhoneColumns() throws {
        let fixture = try ImportFixture(campaignJSON: Self.campaign("""
            , "appointment_format": "M/D/YYYY h:mm A", "columns": {"id": "Appt ID", "phone": ["Mobile", "Home"], "appointment_at": "Start"}
            """))
        defer { fixture.remove() }
        let path = try fixture.write([
            "Appt ID,Mobile,Home,Start",
            "P1,(212) 555-0101,,11/25/2026 9:00 AM",
            "P2,,212.555.0102,11/25/2026 2:30 PM",
            "P3,555-01,(212) 555-0103,11/25/2026 12:05 PM",
            "P4,555-01,,11/25/2026 9:00 AM",
            "P5,(212) 555-0105,,2026-11-25 09:00",
            "P6,(212) 555-0106,,11/31/2026 9:00 AM",
        ])
        try TestDatabase.withMigrated { db, _ in
            let (summary, rejections) = try fixture.run(path, db)
            #expect(summary.accepted == 3)
            #expect(rejections.map(\.id) == ["P4", "P5", "P6"])
            #expect(rejections.map(\.field) == ["phone", "appointment_at", "appointment_at"])
            #expect(rejections[1].reason == "not a date-time in the form M/D/YYYY h:mm A (the campaign's appointment_format)")
            #expect(rejections[2].reason == "no such date")
            let contacts = try Self.contacts(db)
            #expect(contacts["P1"]?.phone == "+12125550101" && contacts["P1"]?.column == "Mobile")
            #expect(contacts["P2"]?.phone == "+12125550102" && contacts["P2"]?.column == "Home")
            #expect(contacts["P3"]?.phone == "+12125550103" && contacts["P3"]?.column == "Home")
            // 2:30 PM in New York on 25 November is 19:30 UTC; the rendered context read it.
            let p2 = try db.query("SELECT appointment_at, context->>'when' AS when_text FROM contacts WHERE external_id = 'P2'")[0]
            #expect(try p2.decode("appointment_at", as: Date.self) == ImportFixture.now.addingTimeInterval(5 * 86_400 - 15 * 3600 + 19.5 * 3600))
            #expect(try p2.decode("when_text", as: String.self).contains("2:30"))
        }
    }

    @Test func aEuropeanExportWithSplitDateAndTimeColumns() throws {
        let fixture = try ImportFixture(campaignJSON: Self.campaign("""
            , "timezone": "Europe/Berlin", "appointment_format": "DD.MM.YYYY HH:mm",
            "columns": {"appointment_date": "Datum", "appointment_time": "Uhrzeit"}
            """.replacingOccurrences(of: #", "timezone": "Europe/Berlin""#, with: "")))
        defer { fixture.remove() }
        let path = try fixture.write([
            "id,phone,Datum,Uhrzeit",
            "E1,+49 30 1234567,25.11.2026,09:00",
            "E2,+49 30 1234568,11/25/2026,09:00",
            "E3,+49 30 1234569,25.11.2026,",
        ])
        try TestDatabase.withMigrated { db, _ in
            let (summary, rejections) = try fixture.run(path, db)
            #expect(summary.accepted == 1)
            #expect(rejections.map(\.field) == ["appointment_date", "appointment_time"])
            // 09:00 in New York (the campaign's zone) is 14:00 UTC in November.
            let at = try db.scalar("SELECT appointment_at FROM contacts WHERE external_id = 'E1'", as: Date.self)
            #expect(at == ImportFixture.now.addingTimeInterval(5 * 86_400 - 3600))
        }
    }

    @Test func aCancelledStatusIsNeverCalledAndCancelsWhatWasImported() throws {
        let fixture = try ImportFixture(campaignJSON: Self.campaign("""
            , "columns": {"status": "Status"}, "cancelled_values": ["Cancelled", "BROKEN"]
            """))
        defer { fixture.remove() }
        let header = "id,phone,appointment_at,Status"
        try TestDatabase.withMigrated { db, _ in
            let first = try fixture.write([
                header, "S1,2125550101,2026-11-25T09:00,Scheduled", "S2,2125550102,2026-11-25T09:00,cancelled",
                "S3,2125550103,2026-11-25T09:00,Broken",
            ])
            let (summary, _) = try fixture.run(first, db)
            #expect(summary.description == "3 rows: 1 accepted, 0 updated, 0 unchanged, 0 skipped, 0 rejected, 2 cancelled")
            #expect(try Self.contacts(db).keys.sorted() == ["S1"])

            // S1 is cancelled in the source after its import: its waiting attempt is cancelled.
            let second = try fixture.write([header, "S1,2125550101,2026-11-25T09:00,Cancelled"], name: "second.csv")
            _ = try fixture.run(second, db)
            #expect(try Self.contacts(db)["S1"]?.status == "cancelled")
            #expect(try Self.contacts(db)["S1"]?.reason == "cancelled_in_source")
            #expect(try db.scalar("SELECT state FROM call_attempts", as: String.self) == "cancelled")

            // And booked again: it is pending with an attempt waiting once more.
            let third = try fixture.write([header, "S1,2125550101,2026-11-25T09:00,Confirmed"], name: "third.csv")
            _ = try fixture.run(third, db)
            #expect(try Self.contacts(db)["S1"]?.status == "pending")
            #expect(try db.scalar("SELECT count(*) FROM call_attempts WHERE state = 'scheduled'", as: Int.self) == 1)
        }
    }

    @Test func aLiveCallFinishesButIsNeverRetriedOnceCancelled() throws {
        let fixture = try ImportFixture(campaignJSON: Self.campaign("""
            , "columns": {"status": "Status"}, "cancelled_values": ["cancelled"]
            """))
        defer { fixture.remove() }
        let header = "id,phone,appointment_at,Status"
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([header, "L1,2125550101,2026-11-25T09:00,Scheduled"]), db)
            try db.execute("UPDATE call_attempts SET state = 'ringing', call_id = 'call_live', dialed_at = now()")
            _ = try fixture.run(try fixture.write([header, "L1,2125550101,2026-11-25T09:00,Cancelled"], name: "b.csv"), db)
            #expect(try db.scalar("SELECT state FROM call_attempts", as: String.self) == "ringing")
            #expect(try Self.contacts(db)["L1"]?.status == "cancelled")
        }
    }

    /// `--complete`: the export lists every appointment in its span, so a pending contact in that
    /// span it no longer lists was cancelled or moved in the practice system (issue 17).
    @Test func aCompleteExportCancelsWhatItNoLongerLists() throws {
        let fixture = try ImportFixture(campaignJSON: Self.campaign(""))
        defer { fixture.remove() }
        let header = "id,phone,appointment_at"
        let day = (1...6).map { "C\($0),212555010\($0),2026-11-25T\(String(format: "%02d", 8 + $0)):00" }
        let later = "C7,2125550107,2026-11-27T10:00"
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([header] + day + [later]), db)
            // The same day without C3: C3 is cancelled; C7, on a day the export does not cover, stays.
            let without3 = [header] + day.filter { !$0.hasPrefix("C3,") }
            let (summary, _) = try fixture.run(try fixture.write(without3, name: "b.csv"), db, complete: true)
            #expect(summary.description == "5 rows: 0 accepted, 0 updated, 5 unchanged, 0 skipped, 0 rejected, 1 cancelled")
            let contacts = try Self.contacts(db)
            #expect(contacts["C3"]?.status == "cancelled" && contacts["C3"]?.reason == "removed_from_source")
            #expect(contacts["C7"]?.status == "pending")
            #expect(try db.scalar("SELECT count(*) FROM call_attempts WHERE state = 'cancelled'", as: Int.self) == 1)
        }
    }

    @Test func aTruncatedExportCannotSilenceADay() throws {
        let fixture = try ImportFixture(campaignJSON: Self.campaign(""))
        defer { fixture.remove() }
        let header = "id,phone,appointment_at"
        let day = (1...6).map { "T\($0),212555010\($0),2026-11-25T\(String(format: "%02d", 8 + $0)):00" }
        try TestDatabase.withMigrated { db, _ in
            _ = try fixture.run(try fixture.write([header] + day), db)
            let truncated = try fixture.write([header, day[0], day[5]], name: "b.csv")
            #expect(throws: ImportError.massCancel(source: truncated, absent: 4, pending: 6)) {
                try fixture.run(truncated, db, complete: true)
            }
            #expect(try db.scalar("SELECT count(*) FROM contacts WHERE status = 'pending'", as: Int.self) == 6)
            let (summary, _) = try fixture.run(truncated, db, complete: true, allowMassCancel: true)
            #expect(summary.cancelled == 4)
            #expect(try db.scalar("SELECT count(*) FROM contacts WHERE status = 'cancelled'", as: Int.self) == 4)
        }
    }
}
