import Foundation
import Postgres
import TestSupport
import Testing
@testable import RemindersCLI

@Suite struct ReconcileCommandTests {
    @Test func reconcileReportsThenRepairsADialWhoseAnswerWasLost() throws {
        let simulator = try VoiceSimProcess(["--drop-responses", "1", "--lose-webhooks", "1"])
        defer { simulator.stop() }
        try TestDatabase.withMigrated { db, url in
            try OperatorSeed.seed(db, numbers: ["+15550000010"])
            // A long adoption grace keeps the dispatcher itself from resolving the dial first.
            var environment = simulator.environment(url)
            environment["REMINDERS_ADOPTION_GRACE"] = "600"
            let run = CLIRun.run(["run", "--campaign", OperatorSeed.campaign, "--until", OperatorSeed.until(2)], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM call_attempts WHERE state = 'unknown'") == 1)

            let dry = CLIRun.run(["reconcile", "--campaign", OperatorSeed.campaign, "--dry-run"], environment: environment)
            #expect(dry.status == 0, "\(dry.errors)")
            #expect(dry.output.contains("Calls whose answer was lost (adopt): 1"))
            #expect(dry.output.contains("Dry run: nothing changed."))
            #expect(try OperatorSeed.count(db, "SELECT count(*)::int AS n FROM call_attempts WHERE state = 'unknown'") == 1)

            let repaired = CLIRun.run(["reconcile", "--campaign", OperatorSeed.campaign], environment: environment)
            #expect(repaired.status == 0, "\(repaired.errors)")
            #expect(repaired.output.contains("Repaired 1"))
            #expect(try OperatorSeed.count(db, """
                SELECT count(*)::int AS n FROM call_attempts WHERE call_id IS NOT NULL AND resolved_by = 'sessions'
                   AND state IN ('initiating', 'ringing', 'in_progress', 'completed')
                """) == 1)
        }
    }

    @Test func reconcileNeedsACampaign() {
        let run = CLIRun.run(["reconcile"], environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/none"])
        #expect(run.status == 1)
        #expect(run.errors.contains("--campaign NAME is required"))
    }
}
