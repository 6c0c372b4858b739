import Foundation
import Logging
import Postgres
import RemindersCLI
import Synchronization
import TestSupport
import Testing

/// Runs the CLI in-process with captured output.
struct CLIRun {
    let status: Int32
    let output: String
    let errors: String

    static func run(_ arguments: [String], environment: [String: String] = [:]) -> CLIRun {
        let out = Mutex<[String]>([])
        let err = Mutex<[String]>([])
        let context = CommandContext(
            environment: environment,
            logger: Logger(level: .error, now: Date.init, sink: { line in err.withLock { $0.append(line) } }),
            print: { line in out.withLock { $0.append(line) } },
            printError: { line in err.withLock { $0.append(line) } })
        let status = CLI.run(arguments, context)
        return CLIRun(status: status, output: out.withLock { $0.joined(separator: "\n") },
                      errors: err.withLock { $0.joined(separator: "\n") })
    }
}

@Suite struct CLITests {
    @Test func unknownCommandIsOneLinePlusUsageAndStatusTwo() {
        let run = CLIRun.run(["frobnicate"])
        #expect(run.status == 2)
        #expect(run.errors.hasPrefix("reminders: unknown command 'frobnicate'\nUsage: "))
    }

    @Test func unknownFlagIsOneLinePlusUsageAndStatusTwo() {
        let run = CLIRun.run(["migrate", "--frob"])
        #expect(run.status == 2)
        #expect(run.errors == "reminders: unknown option --frob for 'reminders migrate'\nUsage: \(run.errors.split(separator: "\n")[1].dropFirst("Usage: ".count))")
        #expect(run.errors.contains("Usage: reminders migrate"))
    }

    @Test func helpAndVersion() {
        let help = CLIRun.run(["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("migrate"))
        let commandHelp = CLIRun.run(["migrate", "--help"])
        #expect(commandHelp.status == 0)
        #expect(commandHelp.output.contains("--status"))
        #expect(CLIRun.run(["--version"]).output.hasPrefix("reminders "))
        #expect(CLIRun.run([]).status == 2)
    }

    @Test func missingDatabaseURLIsOneClearLine() {
        let run = CLIRun.run(["migrate"])
        #expect(run.status == 1)
        #expect(run.errors == "reminders migrate: no database: set DATABASE_URL or pass --database-url")
    }

    @Test func wrongDatabaseURLIsOneClearLineAndNonZero() {
        let run = CLIRun.run(["migrate"], environment: ["DATABASE_URL": "postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2"])
        #expect(run.status == 1)
        #expect(run.errors.hasPrefix("reminders migrate: cannot connect to the database"))
        #expect(!run.errors.contains("\n"))
    }

    @Test func migrateCreatesTheSchemaThenHasNothingToDo() throws {
        try TestDatabase.withFresh { url in
            let first = CLIRun.run(["migrate"], environment: ["DATABASE_URL": url])
            #expect(first.status == 0, "\(first.errors)")
            #expect(first.output.contains("Applied 0001_initial"))
            let second = CLIRun.run(["migrate", "--database-url", url])
            #expect(second.output == "Nothing to do: the database is up to date.")
            let status = CLIRun.run(["migrate", "--status"], environment: ["DATABASE_URL": url])
            #expect(status.output.hasPrefix("0001  initial  applied "))
        }
    }

    @Test func badLogLevelIsAUsageError() {
        let run = CLIRun.run(["migrate", "--log-level", "loud"])
        #expect(run.status == 2)
        #expect(run.errors.hasPrefix("reminders: unknown log level \"loud\""))
    }
}
