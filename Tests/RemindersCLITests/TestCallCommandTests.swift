import Foundation
import Postgres
import TestSupport
import Testing
@testable import RemindersCLI

@Suite struct TestCallCommandTests {
    @Test func aTestCallToThePatientsNumberIsRefused() throws {
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010", "+15550000020"])
            let environment = ["DATABASE_URL": url, "VOICE_API_BASE_URL": "http://127.0.0.1:9", "VOICE_API_KEY": "k-0123456789"]
            for (to, message) in [("+15550000010", "never the patient's"), ("+15550000020", "the number of a contact")] {
                let run = CLIRun.run(["test-call", "--campaign", OperatorSeed.campaign, "--contact", "P0", "--to", to], environment: environment)
                #expect(run.status == 1)
                #expect(run.errors.contains(message))
                #expect(!run.errors.contains(to))
            }
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM call_attempts WHERE kind = 'test'") == 0)
        }
    }

    @Test func aTestCallWaitsForItsOutcome() throws {
        let simulator = try VoiceSimProcess()
        defer { simulator.stop() }
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010"])
            // No webhook URL: --wait asks the provider (GET /voice/status) until the call ends.
            let run = CLIRun.run(
                ["test-call", "--campaign", OperatorSeed.campaign, "--contact", "P0", "--to", "+15550009990", "--wait", "--timeout", "30"],
                environment: simulator.environment(url))
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains("to +1******9990: initiating"))
            #expect(run.output.contains("Outcome: completed"))
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM call_attempts WHERE kind = 'test' AND state = 'completed'") == 1)
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM contacts WHERE status = 'pending'") == 1)
        }
    }
}
