import Foundation
import Postgres
import TestSupport
import Testing
@testable import RemindersCLI

@Suite struct CancelCommandTests {
    @Test func endCallsWithoutTheProviderChangesNothing() throws {
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010"])
            let run = CLIRun.run(["cancel", OperatorSeed.campaign, "--end-calls"], environment: ["DATABASE_URL": url])
            #expect(run.status == 1)
            #expect(run.errors.contains("VOICE_API_BASE_URL"))
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM campaigns WHERE state = 'active'") == 1)
        }
    }

    @Test func cancelEndCallsHangsUpTheCallsInProgress() throws {
        // Calls that talk for a minute: still live when the campaign is cancelled.
        let simulator = try VoiceSimProcess(["--talk", "60s"])
        defer { simulator.stop() }
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010", "+15550000020"])
            let environment = simulator.environment(url)
            let run = CLIRun.run(["run", "--campaign", OperatorSeed.campaign, "--until", OperatorSeed.until(3)], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM call_attempts WHERE call_id IS NOT NULL AND state = 'initiating'") == 2)

            let cancel = CLIRun.run(["cancel", OperatorSeed.campaign, "--end-calls"], environment: environment)
            #expect(cancel.status == 0, "\(cancel.errors)")
            #expect(cancel.output.contains("Ended 2 calls in progress."))
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM call_attempts WHERE state = 'cancelled' AND end_reason = 'ended_by_operator'") == 2)
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM contacts WHERE status = 'cancelled'") == 2)
            // Run again (as after dials that were awaiting an answer): nothing left, still exit 0.
            let again = CLIRun.run(["cancel", OperatorSeed.campaign, "--end-calls"], environment: environment)
            #expect(again.status == 0, "\(again.errors)")
            #expect(again.output.contains("Ended 0 calls in progress."))
        }
    }
}
