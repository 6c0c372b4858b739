import Foundation
import Postgres
import TestSupport
import Testing
@testable import RemindersCLI

@Suite struct PreviewCommandTests {
    @Test func previewPrintsTheContextAndTheChecksButLogsNoneOfIt() throws {
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010"])
            let run = CLIRun.run(
                ["preview", "--campaign", OperatorSeed.campaign, "--contact", "P0", "--log-level", "debug"], environment: ["DATABASE_URL": url])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains(#""first_name" : "Ada""#))
            #expect(run.output.contains("campaign_state"))
            #expect(run.output.contains("live_attempt"))
            #expect(!run.output.contains("+15550000010"))
            #expect(run.output.contains("+1******0010"))
            #expect(!run.errors.contains("Ada"))
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM call_attempts WHERE state <> 'scheduled'") == 0)
        }
    }

    @Test(arguments: [
        (["preview", "--contact", "P0"], "--campaign NAME is required"),
        (["preview", "--campaign", "operator-test"], "--contact ID is required"),
        (["preview", "--campaign", "operator-test", "--contact", "nope"], "no contact nope"),
        (["preview", "--campaign", "missing", "--contact", "P0"], "no campaign named"),
    ])
    func previewRefusesWhatItCannotShow(_ arguments: [String], _ message: String) throws {
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010"])
            let run = CLIRun.run(arguments, environment: ["DATABASE_URL": url])
            #expect(run.status == 1)
            #expect(run.errors.contains(message))
        }
    }

    @Test func browserPrintsTheSessionWithTheTokenMaskedUnlessAsked() throws {
        let simulator = try VoiceSimProcess()
        defer { simulator.stop() }
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010"])
            let arguments = ["preview", "--campaign", OperatorSeed.campaign, "--contact", "P0", "--browser"]
            let masked = CLIRun.run(arguments, environment: simulator.environment(url))
            #expect(masked.status == 0, "\(masked.errors)")
            #expect(masked.output.contains("Browser session: ws_"))
            #expect(masked.output.contains("(hidden; --show-token prints it)"))
            let shown = CLIRun.run(arguments + ["--show-token"], environment: simulator.environment(url))
            #expect(shown.status == 0)
            let tokenLine = try #require(shown.output.split(separator: "\n").first { $0.contains("token: ") })
            #expect(!tokenLine.contains("hidden"))
            #expect(tokenLine.count > "  token: ".count + 8)
            #expect(!shown.errors.contains(String(tokenLine.dropFirst("  token: ".count))))
        }
    }

    @Test func browserWithoutTheProviderFailsBeforePrintingAnything() throws {
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010"])
            let run = CLIRun.run(["preview", "--campaign", OperatorSeed.campaign, "--contact", "P0", "--browser"], environment: ["DATABASE_URL": url])
            #expect(run.status == 1)
            #expect(run.output.isEmpty)
            #expect(run.errors.contains("VOICE_API_BASE_URL"))
        }
    }
}
