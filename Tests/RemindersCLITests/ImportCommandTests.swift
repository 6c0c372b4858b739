import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct ImportCommandTests {
    static let campaigns = TestDatabase.projectRoot.appendingPathComponent("campaigns")
    static var demoJSON: String { campaigns.appendingPathComponent("demo.json").path }
    static var demoCSV: String { campaigns.appendingPathComponent("demo.csv").path }

    /// A file in a fresh temporary folder, removed by `body`'s end.
    static func withFile<T>(_ text: String, _ body: (String, URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("contacts.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try body(path, folder)
    }

    @Test func importsTheDemoCampaignThenFindsItUnchanged() throws {
        try TestDatabase.withMigrated { db, url in
            let env = ["DATABASE_URL": url]
            let first = CLIRun.run(["import", Self.demoCSV, "--campaign", Self.demoJSON], environment: env)
            #expect(first.status == 0, "\(first.errors)")
            #expect(first.output == "20 rows: 20 accepted, 0 updated, 0 unchanged, 0 skipped, 0 rejected")
            let second = CLIRun.run(["import", Self.demoCSV, "--campaign", Self.demoJSON], environment: env)
            #expect(second.output == "20 rows: 0 accepted, 0 updated, 20 unchanged, 0 skipped, 0 rejected")
            let attempts = try db.query("SELECT count(*) AS n FROM call_attempts WHERE state = 'scheduled'").first?.decode("n", as: Int.self)
            #expect(attempts == 20)
        }
    }

    /// A semicolon-separated Windows-1252 export with Windows and link zone names imports as it
    /// comes (issue 17): names keep their accents, zones are stored canonical.
    @Test func importsASemicolonWindows1252ExportAsItComes() throws {
        let ahead = AppointmentAhead.local()
        let campaign = """
            {"name": "eu", "agent_id": "agent_1", "from_number": "+14155550134", "timezone": "W. Europe Standard Time",
             "csv": {"delimiter": ";", "encoding": "windows-1252"}, "context": {"greeting": "Hola {{first_name}}"}}
            """
        let rows = "id;first_name;phone;timezone;appointment_at\r\n"
            + "E1;Jos\u{E9};+1 212 555 0101;US/Eastern;\(ahead)\r\n"
            + "E2;Ren\u{E9}e;+1 212 555 0102;;\(ahead)\r\n"
        // Windows-1252 is Latin-1 for these characters: one byte each.
        let bytes = rows.unicodeScalars.map { UInt8($0.value) }
        try Self.withFile("") { path, folder in
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let campaignPath = folder.appendingPathComponent("eu.json").path
            try Data(campaign.utf8).write(to: URL(fileURLWithPath: campaignPath))
            try TestDatabase.withMigrated { db, url in
                let run = CLIRun.run(["import", path, "--campaign", campaignPath], environment: ["DATABASE_URL": url])
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output == "2 rows: 2 accepted, 0 updated, 0 unchanged, 0 skipped, 0 rejected")
                let stored = try db.query("SELECT external_id, timezone, context->>'greeting' AS greeting FROM contacts ORDER BY external_id")
                    .map { "\(try $0.decode("external_id", as: String.self)) \(try $0.decode("timezone", as: String.self)) \(try $0.decode("greeting", as: String.self))" }
                #expect(stored == ["E1 America/New_York Hola José", "E2 Europe/Berlin Hola Renée"])
            }
        }
    }

    /// The README's walk-through of a practice system's export (issue 17): Windows-1252, US
    /// dates, mobile and home phones, a status column.
    @Test func thePracticeExportExampleImportsAsTheReadmeSays() throws {
        try TestDatabase.withMigrated { db, url in
            let run = CLIRun.run([
                "import", Self.campaigns.appendingPathComponent("practice-export.csv").path,
                "--campaign", Self.campaigns.appendingPathComponent("practice-export.json").path,
            ], environment: ["DATABASE_URL": url])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output == "12 rows: 8 accepted, 0 updated, 0 unchanged, 1 skipped, 1 rejected, 2 cancelled")
            let home = try db.query("SELECT count(*)::int AS n FROM contacts WHERE phone_column = 'HmPhone'")[0].decode("n", as: Int.self)
            #expect(home == 2)
            let names = try db.query("SELECT context->>'patient_first_name' AS name FROM contacts WHERE external_id = '40222'")
            #expect(try names.first?.decode("name", as: String.self) == "Amélie")
            let report = CLIRun.run(["report", "--campaign", "practice-export", "--format", "json"], environment: ["DATABASE_URL": url])
            #expect(report.status == 0, "\(report.errors)")
            #expect(report.output.contains(#""id": "40212""#) && report.output.contains(#""phone_column": "HmPhone""#))
        }
    }

    @Test func theDentalExampleIsClean() throws {
        try TestDatabase.withMigrated { db, url in
            let run = CLIRun.run([
                "import", Self.campaigns.appendingPathComponent("dental-reminders.csv").path,
                "--campaign", Self.campaigns.appendingPathComponent("dental-reminders.json").path, "--dry-run",
            ], environment: ["DATABASE_URL": url])
            #expect(run.status == 0, "\(run.errors)")
            // As the README shows it: the example's appointments are years ahead, so none is skipped as past.
            #expect(run.output == "dry run: 30 rows: 30 accepted, 0 updated, 0 unchanged, 0 skipped, 0 rejected")
            let campaigns = try db.query("SELECT 1 FROM campaigns").count
            #expect(campaigns == 0)
        }
    }

    @Test func rejectsFileListsLineIDFieldAndReasonButNoNumbers() throws {
        let ahead = AppointmentAhead.local()
        let csv = """
            id,first_name,phone,timezone,appointment_at
            R1,Ann,+1 212 555 0101,America/New_York,\(ahead)
            R2,Bo,555 0102,America/New_York,\(ahead)
            R3,Cal,+1 212 555 0103,Mars/Olympus,\(ahead)
            R1,Ann,+1 212 555 0104,America/New_York,\(ahead)
            R5,"Dee, Jr.",+1 212 555 0105,America/New_York,not a date

            """
        try Self.withFile(csv) { path, folder in
            try TestDatabase.withMigrated { db, url in
                let rejects = folder.appendingPathComponent("rejects.csv").path
                let run = CLIRun.run(["import", path, "--campaign", Self.demoJSON, "--rejects", rejects], environment: ["DATABASE_URL": url])
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output == "5 rows: 1 accepted, 0 updated, 0 unchanged, 0 skipped, 4 rejected")
                let text = try String(contentsOfFile: rejects, encoding: .utf8)
                let lines = text.split(separator: "\n").map(String.init)
                #expect(lines.first == "line,id,field,reason")
                #expect(lines.dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
                        == ["3,R2,phone", "4,R3,timezone", "6,R5,appointment_at", "5,R1,id"])
                #expect(lines.last == "5,R1,id,duplicate id (first on line 2)")
                // No number, no name, and no cell echoed (a zone column may hold anything in a shifted export).
                for digits in ["0102", "0103", "0104", "0105", "Dee", "Cal", "Mars/Olympus"] { #expect(!text.contains(digits)) }
                #expect(!run.errors.contains("Mars/Olympus"))
                let mode = try FileManager.default.attributesOfItem(atPath: rejects)[.posixPermissions] as? Int
                #expect(mode == 0o600)
                #expect(!FileManager.default.fileExists(atPath: rejects + ".partial"))
                _ = db
            }
        }
    }

    @Test func fileLevelErrorIsOneLineAndImportsNothing() throws {
        try Self.withFile("id,first_name,timezone,appointment_at\nR1,Ann,America/New_York,\(AppointmentAhead.local())\n") { path, folder in
            try TestDatabase.withMigrated { db, url in
                let rejects = folder.appendingPathComponent("rejects.csv").path
                let run = CLIRun.run(["import", path, "--campaign", Self.demoJSON, "--rejects", rejects], environment: ["DATABASE_URL": url])
                #expect(run.status == 1)
                #expect(run.errors == "reminders import: \(path): header: missing column \"phone\" (for phone); nothing imported")
                let campaigns = try db.query("SELECT 1 FROM campaigns").count
                #expect(campaigns == 0)
                #expect(!FileManager.default.fileExists(atPath: rejects))
                #expect(!FileManager.default.fileExists(atPath: rejects + ".partial"))
            }
        }
    }

    @Test func missingCampaignOrFileIsClear() {
        let noCampaign = CLIRun.run(["import", Self.demoCSV], environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/x"])
        #expect(noCampaign.status == 2)
        #expect(noCampaign.errors.hasPrefix("reminders: --campaign FILE is required"))
        let noFile = CLIRun.run(["import", "/nonexistent/x.csv", "--campaign", Self.demoJSON], environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/x"])
        #expect(noFile.status == 1)
        #expect(noFile.errors.hasPrefix("reminders import: /nonexistent/x.csv: cannot read"))
    }
}
