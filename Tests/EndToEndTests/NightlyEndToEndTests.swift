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
