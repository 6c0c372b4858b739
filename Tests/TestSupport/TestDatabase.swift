public import Foundation
public import Postgres
import RemindersStore

/// A fresh, empty database per test, created in the cluster that `TEST_DATABASE_URL` names and
/// dropped afterwards, so tests run in parallel and leave nothing behind.
public enum TestDatabase {
    /// The URL of the test cluster's maintenance database (set by `scripts/test`).
    public static func clusterURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw TestSetupError("TEST_DATABASE_URL is not set: run the tests with scripts/test")
        }
        return url
    }

    /// Runs `body` with the URL of a new empty database, dropping it afterwards whatever happens.
    public static func withFresh<Result>(_ body: (String) throws -> Result) throws -> Result {
        let cluster = try clusterURL()
        let name = "test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let admin = try Connection(url: cluster)
        try admin.execute(Query(unsafeSQL: "CREATE DATABASE \(try admin.quoteIdentifier(name))"))
        defer {
            _ = try? admin.execute(Query(unsafeSQL: "DROP DATABASE IF EXISTS \(try admin.quoteIdentifier(name)) WITH (FORCE)"))
        }
        return try body(url(cluster, database: name))
    }

    /// Runs `body` with a connection to, and the URL of, a new database migrated to the current schema.
    public static func withMigrated<Result>(_ body: (Connection, String) throws -> Result) throws -> Result {
        try withFresh { url in
            let db = try Connection(url: url)
            try Migrator(directory: projectMigrations).migrate(db)
            return try body(db, url)
        }
    }

    /// The project's `migrations/` folder.
    public static let projectMigrations = projectRoot.appendingPathComponent("migrations")

    /// The checkout's root folder (where Package.swift is).
    public static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder `swift build` put the executables in (`reminders`, `voice-sim`).
    public static var binDirectory: URL { projectRoot.appendingPathComponent(".build/debug") }

    /// The cluster URL with its database name replaced.
    public static func url(_ cluster: String, database: String) throws -> String {
        guard var components = URLComponents(string: cluster) else {
            throw TestSetupError("TEST_DATABASE_URL is not a URL")
        }
        components.path = "/" + database
        guard let url = components.string else { throw TestSetupError("cannot build a database URL") }
        return url
    }
}

/// A test environment that is not set up as the tests need.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes; tests wait with this, never with sleeps.
public func eventually(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(20), _ condition: () throws -> Bool
) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: interval / .seconds(1))
    }
    return try condition()
}
