import Foundation
import Postgres
import TestSupport
import Testing
import VoiceSimulator

#if canImport(Glibc)
import Glibc
#endif

/// Whole-program tests: several `reminders run` processes, killed and restarted, against
/// voice-sim over loopback and a real Postgres.
@Suite(.serialized, .enabled(if: ProgramHarness.available, "needs .build/debug/reminders"))
struct DispatchEndToEndTests {
    @Test func threeConcurrentRunsDialEachContactOnceWithinTheLimit() throws {
        try TestDatabase.withMigrated { db, url in
            let harness = try ProgramHarness(databaseURL: url)
            defer { harness.cleanUp() }
            let count = 90
            try harness.importContacts(count)
            let runs = try (0..<3).map { _ in try harness.start(["run", "--campaign", "e2e", "--listen", "127.0.0.1:0"]) }
            defer { for run in runs { run.stop() } }
            for run in runs {
                #expect(run.finish(within: .seconds(90)) == .exited(0))
            }
            let placed = harness.placedDials()
            #expect(placed.count == count)
            #expect(placed.values.allSatisfy { $0 == 1 })
            #expect(harness.dialEntries.filter { $0.status == 429 }.isEmpty)
            #expect(harness.mostDialsInAnyWindow() <= ProgramHarness.dialsPerWindow)
            #expect(try harness.contactStatuses(db) == ["reached": count])
            // Every run took part: the claims spread across the three.
            let workers = try db.query("SELECT count(DISTINCT run_id)::int AS n FROM call_attempts")[0].decode("n", as: Int.self)
            #expect(workers == 3)
        }
    }

    @Test func workersKilledAtRandomPointsThenRestartedSettleEveryoneAndDialNobodyTwice() throws {
        try TestDatabase.withMigrated { db, url in
            let harness = try ProgramHarness(databaseURL: url)
            defer { harness.cleanUp() }
            let count = 40
            try harness.importContacts(count)
            let (receiver, webhookBase) = try harness.startReceiver()
            defer { receiver.stop() }
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<4 {
                let run = try harness.start(["run", "--campaign", "e2e"], extraEnvironment: ["WEBHOOK_BASE_URL": webhookBase])
                Thread.sleep(forTimeInterval: Double.random(in: 0.3...1.2, using: &generator))
                kill(run.processIdentifier, SIGKILL)
                _ = run.finish(within: .seconds(10))
            }
            let final = try harness.runToEnd(
                ["run", "--campaign", "e2e"], timeout: .seconds(90), extraEnvironment: ["WEBHOOK_BASE_URL": webhookBase])
            #expect(final == 0)
            #expect(try harness.contactStatuses(db) == ["reached": count])
            let placed = harness.placedDials()
            #expect(placed.count == count)
            #expect(placed.values.allSatisfy { $0 == 1 }, "dialed twice: \(placed.filter { $0.value > 1 }.count)")
        }
    }

    @Test func aRunRidesOutAPostgresRestartMidBatch() throws {
        let cluster = try PrivateCluster()
        defer { cluster.remove() }
        let harness = try ProgramHarness(databaseURL: cluster.url)
        defer { harness.cleanUp() }
        #expect(try harness.runToEnd(["migrate"]) == 0)
        let count = 40
        try harness.importContacts(count)
        let run = try harness.start(["run", "--campaign", "e2e", "--listen", "127.0.0.1:0"])
        defer { run.stop() }
        #expect(eventually(timeout: .seconds(20)) { harness.placedDials().count >= 5 })
        try cluster.run("halt")
        Thread.sleep(forTimeInterval: 1.5)
        try cluster.run("resume")
        #expect(run.finish(within: .seconds(90)) == .exited(0))
        let db = try Connection(url: cluster.url)
        #expect(try harness.contactStatuses(db) == ["reached": count])
        #expect(harness.placedDials().values.allSatisfy { $0 == 1 })
    }

    /// Before: a run started while Postgres restarted exited 1 at once, and the night's batch was lost.
    @Test func aRunStartedWhilePostgresIsDownWaitsForIt() throws {
        let cluster = try PrivateCluster()
        defer { cluster.remove() }
        let harness = try ProgramHarness(databaseURL: cluster.url)
        defer { harness.cleanUp() }
        #expect(try harness.runToEnd(["migrate"]) == 0)
        try harness.importContacts(5)
        try cluster.run("halt")
        let run = try harness.start(["run", "--campaign", "e2e", "--listen", "127.0.0.1:0"])
        defer { run.stop() }
        // Still waiting, not failed, while the database is away.
        #expect(!eventually(timeout: .seconds(2)) { !run.isRunning })
        try cluster.run("resume")
        #expect(run.finish(within: .seconds(60)) == .exited(0))
        #expect(harness.placedDials().count == 5)
    }

    @Test func pauseAndCancelMidBatchAreHonouredByARunningWorker() throws {
        try TestDatabase.withMigrated { db, url in
            let harness = try ProgramHarness(databaseURL: url)
            defer { harness.cleanUp() }
            try harness.importContacts(30)
            // 60 a minute: a dial a second, so the commands land mid-batch.
            try db.execute("UPDATE campaigns SET config = jsonb_set(config, '{rate_limit}', '{\"per_minute\": 60, \"burst\": 1}')")
            let run = try harness.start(["run", "--campaign", "e2e", "--listen", "127.0.0.1:0"])
            defer { run.stop() }
            #expect(eventually(timeout: .seconds(20)) { harness.placedDials().count >= 2 })
            #expect(try harness.runToEnd(["pause", "e2e"]) == 0)
            #expect(run.finish(within: .seconds(30)) == .exited(0))
            let dialedBeforePause = harness.placedDials().count
            #expect(dialedBeforePause < 30)
            #expect(try harness.runToEnd(["cancel", "e2e"]) == 0)
            #expect(try harness.runToEnd(["run", "--campaign", "e2e"]) == 0)
            #expect(harness.placedDials().count == dialedBeforePause)
            let statuses = try harness.contactStatuses(db)
            #expect(statuses["cancelled"] == 30 - dialedBeforePause)
            #expect(statuses["pending", default: 0] == 0)
        }
    }
}

extension DispatchEndToEndTests {
    @Test func sigtermFinishesTheDialInFlightAndExitsZero() throws {
        try TestDatabase.withMigrated { db, url in
            let harness = try ProgramHarness(databaseURL: url)
            defer { harness.cleanUp() }
            try harness.importContacts(20)
            try db.execute("UPDATE campaigns SET config = jsonb_set(config, '{rate_limit}', '{\"per_minute\": 60, \"burst\": 1}')")
            let run = try harness.start(["run", "--campaign", "e2e", "--listen", "127.0.0.1:0"])
            defer { run.stop() }
            #expect(eventually(timeout: .seconds(20)) { harness.placedDials().count >= 2 })
            run.terminate()
            #expect(run.finish(within: .seconds(10)) == .exited(0))
            let dialing = try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE state = 'dialing'")[0]
            #expect(try dialing.decode("n", as: Int.self) == 0)
            #expect(harness.placedDials().count < 20)
            let ended = try db.query("SELECT count(*)::int AS n FROM runs WHERE kind = 'run' AND ended_at IS NOT NULL")[0]
            #expect(try ended.decode("n", as: Int.self) == 1)
        }
    }
}

/// A Postgres cluster of its own (scripts/pg-local), so halting it leaves the shared one alone.
struct PrivateCluster {
    let directory: String
    let url: String

    static var script: String { TestDatabase.projectRoot.appendingPathComponent("scripts/pg-local").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString)").path
        try Self.runScript(["start", directory])
        url = try String(contentsOfFile: directory + "/url", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func run(_ command: String) throws { try Self.runScript([command, directory]) }

    func remove() { try? Self.runScript(["stop", directory]) }

    /// Through `system(3)`, output discarded: the server outlives the script, so a pipe could wait forever.
    static func runScript(_ arguments: [String]) throws {
        let command = ([script] + arguments).map { "'\($0)'" }.joined(separator: " ")
        guard system("/bin/bash \(command) >/dev/null") == 0 else { throw TestSetupError("pg-local \(arguments[0]) failed") }
    }
}
