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

/// `reminders writeback`: the command around `SourceWriteback` (whose rules its own tests hold).
@Suite struct WritebackCommandTests {
    static let campaign = """
        {"name": "wb-test", "agent_id": "agent_1", "from_number": "+12125550100",
         "timezone": "America/New_York", "default_region": "US",
         "columns": {"id": "appt_id", "phone": "mobile", "appointment_at": "starts"},
         "source": {"postgres": {"query": "SELECT appt_id, mobile, starts FROM clinic_appointments",
                                 "writeback": "UPDATE clinic_appointments SET outcome = $2 WHERE appt_id = $1"}}}
        """

    @Test func writesSettledOutcomesOnceAndSaysHowMany() throws {
        try ImportCommandTests.withFile(Self.campaign) { path, _ in
            try TestDatabase.withMigrated { db, url in
                try db.executeScript(unsafeSQL: """
                    CREATE TABLE clinic_appointments (appt_id text, mobile text, starts timestamptz, outcome text);
                    INSERT INTO clinic_appointments (appt_id, mobile, starts)
                    SELECT 'S' || n, '+1 212 555 01' || lpad(n::text, 2, '0'), now() + interval '3 days' FROM generate_series(1, 3) AS n;
                    """)
                #expect(CLIRun.run(["sync", "--campaign", path], environment: ["DATABASE_URL": url]).status == 0)
                try db.execute("UPDATE contacts SET status = 'skipped', status_reason = 'test', settled_at = now() WHERE external_id <> 'S3'")
                let environment = ["DATABASE_URL": url, "SOURCE_DATABASE_URL": url]
                let first = CLIRun.run(["writeback", "--campaign", "wb-test"], environment: environment)
                #expect(first.status == 0, "\(first.errors)")
                #expect(first.output == "Write-back of wb-test: 2 applied, 0 pending.")
                let again = CLIRun.run(["writeback", "--campaign", "wb-test"], environment: environment)
                #expect(again.output == "Write-back of wb-test: 0 applied, 0 pending.")
                let outcomes = try db.query("SELECT count(*) FILTER (WHERE outcome = 'skipped') AS n FROM clinic_appointments")
                #expect(try outcomes[0].decode("n", as: Int.self) == 2)

                // A row the source refuses: counted, the reason said on stderr, retried next time.
                try db.execute("ALTER TABLE clinic_appointments ADD CHECK (appt_id <> 'S3' OR outcome IS NULL)")
                try db.execute("UPDATE contacts SET status = 'skipped', status_reason = 'test', settled_at = now() WHERE external_id = 'S3'")
                let refused = CLIRun.run(["writeback", "--campaign", "wb-test"], environment: environment)
                #expect(refused.status == 0)
                #expect(refused.output == "Write-back of wb-test: 0 applied, 1 refused, 1 pending.")
                #expect(refused.errors.contains("warning: the source refused 1 outcome: SQLSTATE 23514 (check constraint violated)"), "\(refused.errors)")

                try db.execute("DROP TABLE clinic_appointments")
                let broken = CLIRun.run(["writeback", "--campaign", "wb-test"], environment: environment)
                #expect(broken.status == 1)
                #expect(broken.errors.contains("""
                    write-back of wb-test stopped: the source cannot run the writeback statement: SQLSTATE 42P01 (table missing): \
                    relation "clinic_appointments" does not exist
                    """), "\(broken.errors)")
            }
        }
    }

    @Test(arguments: [
        (["writeback"], Int32(2), "reminders: writeback needs --campaign NAME"),
    ])
    func aBadCommandLineIsOneClearLine(arguments: [String], status: Int32, message: String) {
        let run = CLIRun.run(arguments, environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/x"])
        #expect(run.status == status)
        #expect(run.errors.hasPrefix(message), "\(run.errors)")
    }

    @Test func aCampaignWithoutAWritebackIsOneClearLine() throws {
        try ImportCommandTests.withFile(SyncCommandTests.campaign) { path, _ in
            try TestDatabase.withMigrated { db, url in
                try db.executeScript(unsafeSQL: "CREATE TABLE clinic_appointments (appt_id text, patient text, mobile text, starts timestamptz)")
                #expect(CLIRun.run(["sync", "--campaign", path], environment: ["DATABASE_URL": url]).status == 0)
                let run = CLIRun.run(["writeback", "--campaign", "sync-test"], environment: ["DATABASE_URL": url])
                #expect(run.status == 1)
                #expect(run.errors == "reminders writeback: campaign sync-test has no source.postgres.writeback: nothing to write back")
            }
        }
    }
}
