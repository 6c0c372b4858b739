import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct SuppressCommandTests {
    @Test func addRemoveAndImportPrintMaskedNumbers() throws {
        try TestDatabase.withMigrated { db, url in
            let env = ["DATABASE_URL": url]
            let add = CLIRun.run(["suppress", "add", "(212) 555-0101"], environment: env)
            #expect(add.status == 0, "\(add.errors)")
            #expect(add.output == "Suppressed +1******0101")
            #expect(CLIRun.run(["suppress", "add", "+12125550101"], environment: env).output == "+1******0101 was already suppressed")
            let ukNational = CLIRun.run(["suppress", "add", "020 7946 0958", "--region", "GB"], environment: env)
            #expect(ukNational.output == "Suppressed +44******0958")

            try ImportCommandTests.withFile("# list\n+1 212 555 0101\n212 555 0102\n\n") { path, _ in
                let run = CLIRun.run(["suppress", "import", path], environment: env)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output == "2 numbers: 1 added, 1 already suppressed")
            }
            #expect(CLIRun.run(["suppress", "remove", "212-555-0102"], environment: env).output == "Removed +1******0102 from the suppression list")
            let phones = try db.query("SELECT phone FROM suppressions ORDER BY phone").map { try $0.decode("phone", as: String.self) }
            #expect(phones == ["+12125550101", "+442079460958"])
        }
    }

    @Test func aFileWithABadLineImportsNothing() throws {
        try TestDatabase.withMigrated { db, url in
            try ImportCommandTests.withFile("+1 212 555 0101\n555-01\n") { path, _ in
                let run = CLIRun.run(["suppress", "import", path], environment: ["DATABASE_URL": url])
                #expect(run.status == 1)
                #expect(run.errors.hasPrefix("reminders suppress: \(path): 1 bad line, nothing imported: line 2: "))
            }
            let count = try db.query("SELECT count(*) AS n FROM suppressions").first?.decode("n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test func badNumberAndUnknownActionAreClear() {
        let bad = CLIRun.run(["suppress", "add", "12"], environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/x"])
        #expect(bad.status == 1)
        #expect(bad.errors.hasPrefix("reminders suppress: not a phone number: "))
        #expect(CLIRun.run(["suppress", "frob", "x"]).status == 2)
    }
}
