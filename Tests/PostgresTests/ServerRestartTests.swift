import Foundation
import Postgres
import TestSupport
import Testing

/// Stops and restarts a private cluster (scripts/pg-local), so the shared test cluster stays up.
@Suite struct ServerRestartTests {
    @Test func stoppedServerGivesAClearErrorAndARestartedOneWorksAgain() throws {
        let cluster = try PrivateCluster()
        defer { cluster.remove() }
        let db = try Connection(url: cluster.url)
        try db.execute("CREATE TABLE t (n int)")
        try cluster.run("halt")
        let error = try #require(throws: PostgresError.self) { try db.execute("INSERT INTO t VALUES (1)") }
        #expect([.connectionLost, .connectionFailed].contains(error.kind))
        #expect(error.description.contains("connection"))
        let again = try #require(throws: PostgresError.self) { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(again.kind == .connectionFailed)
        try cluster.run("resume")
        try db.execute("INSERT INTO t VALUES (\(2))")
        #expect(try db.query("SELECT n FROM t").first?.decode("n", as: Int.self) == 2)
    }
}

/// A cluster of its own, started by the project's script.
struct PrivateCluster {
    let directory: String
    let url: String

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-local").path
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString)").path
        try Self.runScript(["start", directory])
        url = try String(contentsOfFile: directory + "/url", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func run(_ command: String) throws { try Self.runScript([command, directory]) }

    func remove() { try? Self.runScript(["stop", directory]) }

    /// Runs the script through `system(3)`, output discarded: the server it starts outlives it, so a
    /// pipe or Foundation's `Process` bookkeeping could wait on it forever.
    static func runScript(_ arguments: [String]) throws {
        let command = ([script] + arguments).map { "'\($0)'" }.joined(separator: " ")
        guard system("/bin/bash \(command) >/dev/null") == 0 else {
            throw TestSetupError("pg-local \(arguments[0]) failed")
        }
    }
}
