import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct SyncCommandTests {
    static let campaign = """
        {"name": "sync-test", "agent_id": "agent_1", "from_number": "+12125550100",
         "timezone": "America/New_York", "default_region": "US",
         "columns": {"id": "appt_id", "phone": "mobile", "appointment_at": "starts"},
         "context": {"greeting": "Hi {{patient}}"},
         "source": {"postgres": {"query": "SELECT appt_id, patient, mobile, starts FROM clinic_appointments"}}}
        """

    @Test func syncsFromTheSourceDatabaseThenFindsItUnchanged() throws {
        try ImportCommandTests.withFile(Self.campaign) { path, _ in
            try TestDatabase.withMigrated { db, url in
                try db.executeScript(unsafeSQL: """
                    CREATE TABLE clinic_appointments (appt_id text, patient text, mobile text, starts timestamptz);
                    INSERT INTO clinic_appointments
                    SELECT 'S' || n, 'P' || n, '+1 212 555 01' || lpad(n::text, 2, '0'), date_trunc('day', now()) + interval '60 days 15 hours' + n * interval '1 hour'
                    FROM generate_series(1, 25) AS n;
                    """)
                let first = CLIRun.run(["sync", "--campaign", path], environment: ["DATABASE_URL": url])
                #expect(first.status == 0, "\(first.errors)")
                #expect(first.output == "25 rows: 25 accepted, 0 updated, 0 unchanged, 0 skipped, 0 rejected")
                let second = CLIRun.run(["sync", "--campaign", path], environment: ["DATABASE_URL": url, "SOURCE_DATABASE_URL": url])
                #expect(second.output == "25 rows: 0 accepted, 0 updated, 25 unchanged, 0 skipped, 0 rejected")
            }
        }
    }

    @Test func aCampaignWithoutASourceQueryIsOneClearLine() {
        let demo = ImportCommandTests.demoJSON
        let run = CLIRun.run(["sync", "--campaign", demo], environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/x"])
        #expect(run.status == 1)
        #expect(run.errors == "reminders sync: campaign demo has no source.postgres.query; use reminders import FILE.csv")
    }

    @Test func aBrokenSourceQueryImportsNothing() throws {
        try ImportCommandTests.withFile(Self.campaign) { path, _ in
            try TestDatabase.withMigrated { db, url in
                let run = CLIRun.run(["sync", "--campaign", path], environment: ["DATABASE_URL": url])
                #expect(run.status == 1)
                #expect(run.errors.hasPrefix("reminders sync: source query of campaign sync-test: "))
                let count = try db.query("SELECT count(*) AS n FROM campaigns").first?.decode("n", as: Int.self)
                #expect(count == 0)
            }
        }
    }
}
