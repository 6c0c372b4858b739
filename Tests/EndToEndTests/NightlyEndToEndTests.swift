import Foundation
import Postgres
import TestSupport
import Testing

/// `reminders nightly` as cron runs it: import, run to the end, report.
@Suite(.enabled(if: ProgramHarness.available, "needs the built reminders executable"))
struct NightlyEndToEndTests {
    @Test func nightlyImportsRunsAndWritesAPrivateReport() throws {
        try TestDatabase.withMigrated { db, url in
            let harness = try ProgramHarness(databaseURL: url)
            defer { harness.cleanUp() }
            let csv = harness.directory.appendingPathComponent("nightly.csv")
            var rows = "id,phone,timezone,appointment_at\n"
            let appointment = AppointmentAhead.utc()
            for index in 0..<6 { rows += "N\(index),\(ProgramHarness.number(index)),UTC,\(appointment)\n" }
            rows += "BAD,not a number,UTC,\(appointment)\n"
            try Data(rows.utf8).write(to: csv)
            let campaign = harness.directory.appendingPathComponent("nightly.json")
            try Data("""
                {"name": "nightly", "agent_id": "agent_e2e", "from_number": "+12125550199", "timezone": "UTC",
                 "max_duration": 5, "calling_hours": {"start": "00:00", "end": "24:00", "override_legal_hours": true},
                 "rate_limit": {"per_minute": \(ProgramHarness.campaignPerMinute)}, "context": {"ref": "{{id}}"},
                 "source": {"csv": "\(csv.path)"}}
                """.utf8).write(to: campaign)
            let reports = harness.directory.appendingPathComponent("reports")
            let status = try harness.runToEnd([
                "nightly", "--campaign", campaign.path, "--listen", "127.0.0.1:0", "--report-dir", reports.path,
            ])
            #expect(status == 0)
            #expect(try harness.contactStatuses(db) == ["reached": 6])
            let names = try FileManager.default.contentsOfDirectory(atPath: reports.path)
            let html = try #require(names.first { $0.hasPrefix("nightly-") && $0.hasSuffix(".html") })
            let rejects = try #require(names.first { $0.hasSuffix("-rejects.csv") })
            #expect(try String(contentsOf: reports.appendingPathComponent(rejects), encoding: .utf8).contains("BAD"))
            let attributes = try FileManager.default.attributesOfItem(atPath: reports.appendingPathComponent(html).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let folder = try FileManager.default.attributesOfItem(atPath: reports.path)
            #expect((folder[.posixPermissions] as? Int) == 0o700)
        }
    }

    /// A clinic whose practice system is a Postgres database: nightly syncs from its table, calls,
    /// writes each outcome back to it once, and leaves the HTML and CSV worklists.
    @Test func nightlyFromAPostgresSourceWritesTheOutcomesBack() throws {
        try TestDatabase.withMigrated { db, url in try TestDatabase.withFresh { practiceURL in
            let harness = try ProgramHarness(databaseURL: url)
            defer { harness.cleanUp() }
            // The practice system's own database, apart from ours.
            let practice = try Connection(url: practiceURL)
            try practice.execute("""
                CREATE TABLE practice_appointments (id text PRIMARY KEY, surname text, mobile text, starts_at timestamptz,
                    reminder_status text, reminder_answer text, reminder_call_id text, reminder_called_at timestamptz)
                """)
            for index in 0..<4 {
                try practice.execute("""
                    INSERT INTO practice_appointments (id, surname, mobile, starts_at)
                    VALUES (\("S\(index)"), \("Name\(index)"), \(ProgramHarness.number(index)), now() + interval '3 days')
                    """)
            }
            let campaign = harness.directory.appendingPathComponent("practice.json")
            try Data("""
                {"name": "practice", "agent_id": "agent_e2e", "from_number": "+12125550199", "timezone": "UTC",
                 "max_duration": 5, "calling_hours": {"start": "00:00", "end": "24:00", "override_legal_hours": true},
                 "rate_limit": {"per_minute": \(ProgramHarness.campaignPerMinute)}, "columns": {"phone": "mobile", "appointment_at": "starts_at"},
                 "report_fields": ["surname"],
                 "source": {"postgres": {"query": "SELECT id, surname, mobile, starts_at FROM practice_appointments",
                   "writeback": "UPDATE practice_appointments SET reminder_status = $2, reminder_answer = $3, reminder_call_id = $5, reminder_called_at = $4 WHERE id = $1"}}}
                """.utf8).write(to: campaign)
            let reports = harness.directory.appendingPathComponent("reports")
            // Named on the command line: sync and write-back both use it.
            let status = try harness.runToEnd(
                ["nightly", "--campaign", campaign.path, "--listen", "127.0.0.1:0", "--report-dir", reports.path, "--source-url", practiceURL])
            #expect(status == 0)
            let written = try practice.query("""
                SELECT count(*) FILTER (WHERE reminder_status = 'reached' AND reminder_answer = 'confirmed'
                                          AND reminder_call_id IS NOT NULL AND reminder_called_at IS NOT NULL) AS complete
                  FROM practice_appointments
                """)[0].decode("complete", as: Int.self)
            #expect(written == 4)
            #expect(try db.query("SELECT count(*) FILTER (WHERE state = 'applied') AS n FROM writebacks")[0].decode("n", as: Int.self) == 4)
            let names = try FileManager.default.contentsOfDirectory(atPath: reports.path)
            let csvName = try #require(names.first { $0.hasPrefix("practice-") && $0.hasSuffix(".csv") })
            let csv = try String(contentsOf: reports.appendingPathComponent(csvName), encoding: .utf8)
            #expect(csv.hasPrefix("id,phone,status,attempts,last_outcome,last_call_at,answer,appointment_local,call_id,surname\r\n"))
            #expect(csv.contains(",confirmed,") && csv.contains(",Name3\r\n"))
            let html = try #require(names.first { $0.hasPrefix("practice-") && $0.hasSuffix(".html") })
            #expect(try String(contentsOf: reports.appendingPathComponent(html), encoding: .utf8)
                .contains("<dt>Written back to the practice system</dt><dd>4 applied, 0 pending, 0 failed</dd>"))
        } }
    }

    @Test func nightlyStopsBeforeAnyCallWhenTheImportFails() throws {
        try TestDatabase.withMigrated { db, url in
            let harness = try ProgramHarness(databaseURL: url)
            defer { harness.cleanUp() }
            let campaign = harness.directory.appendingPathComponent("broken.json")
            try Data(#"{"name": "broken", "agent_id": "a", "from_number": "+12125550199", "timezone": "UTC"}"#.utf8)
                .write(to: campaign)
            let missing = harness.directory.appendingPathComponent("missing.csv").path
            let status = try harness.runToEnd(["nightly", "--campaign", campaign.path, "--csv", missing,
                                               "--report-dir", harness.directory.appendingPathComponent("r").path])
            #expect(status != 0)
            #expect(harness.placedDials().isEmpty)
        }
    }
}
