import Foundation
import HTTPServer
import Logging
import Postgres
import RemindersCLI
import Synchronization
import TestSupport
import Testing

@Suite struct ReportCommandTests {
    /// A campaign with one reached and one not-reached contact, and one pending with nothing dialed.
    static func loadFixture(_ db: Connection) throws {
        try db.executeScript(unsafeSQL: """
            INSERT INTO campaigns (name, config) VALUES ('clinic',
              '{"name": "clinic", "agent_id": "agent_1", "from_number": "+12125550000", "timezone": "America/New_York"}');
            INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash, status, status_reason, settled_at)
            SELECT id, v.ext, v.phone, 'America/New_York', '2026-11-21T15:00:00Z', '{}', '{}', md5(v.ext), v.status, v.reason,
                   CASE WHEN v.status = 'pending' THEN NULL ELSE now() END
              FROM campaigns, (VALUES ('P1', '+12125550101', 'reached', NULL),
                                      ('P2', '+12125550102', 'not_reached', 'attempts_exhausted:no_answer'),
                                      ('P3', '+12125550103', 'pending', NULL)) AS v(ext, phone, status, reason);
            INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number, webhook_token_hash,
                                       call_id, dialed_at, duration_seconds)
            SELECT c.id, c.campaign_id, 1, v.state, '2026-11-20T14:00:00Z', c.phone, webhook_token_hash(md5(c.external_id)), v.call_id,
                   '2026-11-20T14:00:00Z'::timestamptz + v.offset_s * interval '1 second', v.duration
              FROM contacts c JOIN (VALUES ('P1', 'completed', 'call-1', 0, 45), ('P2', 'no_answer', 'call-2', 10, NULL),
                                           ('P3', 'scheduled', NULL, NULL, NULL)) AS v(ext, state, call_id, offset_s, duration)
                ON v.ext = c.external_id;
            UPDATE call_attempts SET dialed_at = NULL WHERE state = 'scheduled';
            """)
    }

    static func withFixture(_ body: (String) throws -> Void) throws {
        try TestDatabase.withMigrated { db, url in
            try loadFixture(db)
            try body(url)
        }
    }

    @Test func jsonToAFileIsPrivateAndFollowsTheContract() throws {
        try Self.withFixture { url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("clinic.json").path
            // An existing, world-readable file is replaced by a private one, not reused.
            _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
            let run = CLIRun.run(["report", "--campaign", "clinic", "--format", "json", "--output", path],
                                 environment: ["DATABASE_URL": url])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.isEmpty)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["clinic.json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            #expect(object["campaign"] as? String == "clinic")
            let contacts = try #require(object["contacts"] as? [String: Any]).compactMapValues { $0 as? Int }
            #expect(contacts == ["total": 3, "reached": 1, "not_reached": 1, "pending": 1, "skipped": 0, "cancelled": 0])
            let attempts = try #require(object["attempts"] as? [String: Int])
            #expect(attempts["completed"] == 1 && attempts["no_answer"] == 1 && attempts["scheduled"] == 1 && attempts["total"] == 3)
            let rows = try #require(object["contact_rows"] as? [[String: Any]])
            #expect(rows.map { $0["id"] as? String } == ["P1", "P2", "P3"])
            #expect(rows.map { $0["call_ids"] as? [String] } == [["call-1"], ["call-2"], []])
        }
    }

    @Test func csvAndTextGoToStandardOutput() throws {
        try Self.withFixture { url in
            let csv = CLIRun.run(["report", "--campaign", "clinic", "--format", "csv"], environment: ["DATABASE_URL": url])
            #expect(csv.status == 0, "\(csv.errors)")
            #expect(csv.output == """
                id,phone,status,attempts,last_outcome,last_call_at,answer,appointment_local,call_id\r
                P1,+12125550101,reached,1,completed,2026-11-20T14:00:00Z,,2026-11-21 10:00 GMT-5,call-1\r
                P2,+12125550102,not_reached,1,no_answer,2026-11-20T14:00:10Z,,2026-11-21 10:00 GMT-5,call-2\r
                P3,+12125550103,pending,0,,,,2026-11-21 10:00 GMT-5,\r
                """)
            let text = CLIRun.run(["report", "--campaign", "clinic"], environment: ["DATABASE_URL": url])
            #expect(text.status == 0)
            #expect(text.output.hasPrefix("Campaign clinic, generated "))
            #expect(text.output.contains("Contacts     3 total: 1 reached, 1 not reached, 1 pending, 0 skipped, 0 cancelled"))
            #expect(!text.output.contains("+1212"))
        }
    }

    @Test func htmlIsOnePageWithItsCharts() throws {
        try Self.withFixture { url in
            let html = CLIRun.run(["report", "--campaign", "clinic", "--format", "html"], environment: ["DATABASE_URL": url])
            #expect(html.status == 0)
            #expect(html.output.hasPrefix("<!DOCTYPE html>"))
            #expect(html.output.hasSuffix("</html>"))
            #expect(html.output.contains("<td>P2</td><td>(212) 555-0102</td>"))
            #expect(!html.output.contains("555-0101"))
        }
    }

    @Test(arguments: [
        (["report"], Int32(2), "reminders: report needs --campaign NAME"),
        (["report", "--campaign", "clinic", "--format", "pdf"], Int32(2), "reminders: unknown report format \"pdf\" (text, csv, json, html)"),
        (["report", "--campaign", "clinic", "--run", "x"], Int32(2), "reminders: --run takes a run id (a positive integer)"),
        (["report", "--campaign", "clinic", "--run", "999"], Int32(1), "reminders report: no run with id 999"),
        (["report", "--campaign", "nope"], Int32(1), "reminders report: no campaign named \"nope\"; import or sync it first"),
    ])
    func badRequestsAreOneClearLine(arguments: [String], status: Int32, message: String) throws {
        try Self.withFixture { url in
            let run = CLIRun.run(arguments, environment: ["DATABASE_URL": url])
            #expect(run.status == status)
            #expect(run.errors.split(separator: "\n").first.map(String.init) == message)
        }
    }

    @Test func statusListsCampaignsInProgress() throws {
        try Self.withFixture { url in
            let run = CLIRun.run(["status"], environment: ["DATABASE_URL": url])
            #expect(run.status == 0, "\(run.errors)")
            let lines = run.output.split(separator: "\n")
            #expect(lines.first?.hasPrefix("CAMPAIGN  STATE   PENDING  IN FLIGHT  REACHED  NOT REACHED  NEXT DUE") == true)
            #expect(lines.count == 2)
            #expect(lines.last?.hasPrefix("clinic    active  1        0          1        1            ") == true)
            #expect(lines.last?.hasSuffix("0/10") == true)
        }
    }

    @Test func statusWithNothingInProgressSaysSo() throws {
        try TestDatabase.withMigrated { _, url in
            let run = CLIRun.run(["status"], environment: ["DATABASE_URL": url])
            #expect(run.status == 0)
            #expect(run.output == "No campaign in progress.")
        }
    }

    /// `--watch` draws, then stops as soon as a stop is requested (SIGINT/SIGTERM in real use).
    @Test func statusWatchRedrawsUntilAStopIsRequested() throws {
        try Self.withFixture { url in
            let screens = Mutex<[String]>([])
            let checks = Atomic<Int>(0)
            let context = CommandContext(
                environment: ["DATABASE_URL": url], logger: Logger(level: .error, now: Date.init, sink: { _ in }),
                isTerminal: true,
                stopRequested: { checks.add(1, ordering: .relaxed).newValue > 1 },
                print: { screen in screens.withLock { $0.append(screen) } }, printError: { _ in })
            #expect(CLI.run(["status", "--watch"], context) == 0)
            let drawn = screens.withLock { $0 }
            #expect(drawn.count == 1)
            #expect(drawn.first?.hasPrefix("\u{1B}[H\u{1B}[2JCAMPAIGN") == true)
            #expect(drawn.first?.contains("Ctrl-C to stop.") == true)
        }
    }

    /// `--with-transcripts` asks the provider for each completed call's transcript and puts it in the JSON.
    @Test func withTranscriptsAddsTheProvidersTranscripts() throws {
        let paths = Mutex<[String]>([])
        let provider = HTTPServer { request in
            paths.withLock { $0.append(request.path) }
            guard request.headers["authorization"] == "Bearer test-key" else { return .empty(401) }
            let body = #"{"session_id": "call-1", "transcript": [{"role": "agent", "text": "Your visit is tomorrow."}, {"role": "user", "text": "Thanks"}]}"#
            return .json(200, Array(body.utf8))
        }
        let port = try provider.start(host: "127.0.0.1", port: 0)
        defer { provider.shutdown(gracePeriod: .seconds(1)) }
        try Self.withFixture { url in
            let run = CLIRun.run(["report", "--campaign", "clinic", "--format", "json", "--with-transcripts"], environment: [
                "DATABASE_URL": url, "VOICE_API_BASE_URL": "http://127.0.0.1:\(port)", "VOICE_API_KEY": "test-key",
            ])
            #expect(run.status == 0, "\(run.errors)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let transcripts = try #require(object["transcripts"] as? [[String: Any]])
            #expect(transcripts.count == 1)  // one completed call in the fixture
            #expect(transcripts.first?["call_id"] as? String == "call-1")
            #expect((transcripts.first?["turns"] as? [[String: String]])?.map { $0["role"] } == ["agent", "user"])
            #expect(paths.withLock { $0 } == ["/v1/widget/transcript/call-1"])
        }
    }

    @Test func withTranscriptsNeedsJSONAndTheProvider() throws {
        try Self.withFixture { url in
            let csv = CLIRun.run(["report", "--campaign", "clinic", "--format", "csv", "--with-transcripts"],
                                 environment: ["DATABASE_URL": url])
            #expect(csv.status == 2)
            #expect(csv.errors.hasPrefix("reminders: --with-transcripts goes with --format json"))
            let noProvider = CLIRun.run(["report", "--campaign", "clinic", "--format", "json", "--with-transcripts"],
                                        environment: ["DATABASE_URL": url])
            #expect(noProvider.status == 1)
            #expect(noProvider.errors == "reminders report: --with-transcripts needs the provider: no provider URL: set VOICE_API_BASE_URL")
        }
    }
}
