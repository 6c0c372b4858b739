import Foundation
import Postgres
import TestSupport
import Testing

/// `scripts/bench-webhooks-ceiling.sql` copies the receiver's statements by hand; this keeps it
/// running against the current schema, so a migration cannot silently break the benchmark.
@Suite struct WebhookCeilingSQLTests {
    @Test func theReferenceTransactionRunsAgainstTheSchema() throws {
        try TestDatabase.withMigrated { db, url in
            try db.execute("""
                INSERT INTO campaigns (name, config) VALUES ('bench', '{"name":"bench"}')
                """)
            try db.execute("""
                INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                SELECT 1, 'c' || i, '+1555' || lpad(i::text, 7, '0'), 'UTC', now() + interval '2 days', '{}', '{}', 'h'
                FROM generate_series(1, 8) AS i
                """)
            try db.execute("""
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number, webhook_token_hash, call_id)
                SELECT id, campaign_id, 1, 'initiating', now(), phone, webhook_token_hash(lpad(to_hex(id), 48, '0')), 'call_' || id
                FROM contacts
                """)
            let pgbench = Process()
            pgbench.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            pgbench.arguments = [
                "pgbench", "-n", "-M", "prepared", "-t", "3", "-D", "n=4", "-D", "attempts=8",
                "-f", TestDatabase.projectRoot.appendingPathComponent("scripts/bench-webhooks-ceiling.sql").path, url,
            ]
            let output = Pipe()
            pgbench.standardOutput = output
            pgbench.standardError = output
            try pgbench.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            pgbench.waitUntilExit()
            #expect(pgbench.terminationStatus == 0, "\(text)")
            #expect(text.contains("number of failed transactions: 0"), "\(text)")
            #expect(try db.query("SELECT count(*) AS n FROM call_events").first?.decode("n", as: Int.self) == 12)
            #expect(try db.query("SELECT count(*) AS n FROM call_attempts WHERE state = 'ringing'").first?.decode("n", as: Int.self) ?? 0 >= 4)
        }
    }
}
