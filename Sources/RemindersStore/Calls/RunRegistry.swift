import Foundation
public import Postgres

/// The `runs` rows of `reminders run`: started, kept alive by a heartbeat, ended with a summary.
/// A run whose heartbeat goes stale is dead, and its `dialing` claims are reconciled.
public enum RunRegistry {
    /// Records a new run; returns its id.
    public static func start(host: String, pid: Int32, campaigns: [String], _ db: Connection) throws -> Int64 {
        guard let row = try db.query("""
            INSERT INTO runs (kind, host, pid, campaigns) VALUES ('run', \(host), \(pid), \(campaigns)::text[]) RETURNING id
            """).first
        else { throw StoreError.notFound("new run") }
        return try row.decode("id")
    }

    /// Shows the run is alive.
    public static func heartbeat(_ runID: Int64, _ db: Connection) throws {
        try db.execute("UPDATE runs SET heartbeat_at = clock_timestamp() WHERE id = \(runID)")
    }

    /// Ends the run with its summary (a JSON object of counts).
    public static func finish(_ runID: Int64, summary: [String: Int], _ db: Connection) throws {
        let json = String(decoding: (try? JSONEncoder().encode(summary)) ?? Data("{}".utf8), as: UTF8.self)
        try db.execute("UPDATE runs SET ended_at = clock_timestamp(), heartbeat_at = clock_timestamp(), summary = \(json)::jsonb WHERE id = \(runID)")
    }

    /// Whether a run (of any kind) with this id was recorded.
    public static func exists(_ runID: Int64, _ db: Connection) throws -> Bool {
        try db.query("SELECT 1 FROM runs WHERE id = \(runID)").first != nil
    }
}
