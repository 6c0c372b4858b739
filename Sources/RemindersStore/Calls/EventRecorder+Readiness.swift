public import Postgres

extension EventRecorder {
    /// How long the readiness probe waits for a table lock: a lock held longer than this would
    /// hold up events too.
    static let readinessLockWait = "1s"

    /// Why an event could not be recorded on `db` now, or `nil` when it could: takes the table
    /// locks an event's transaction takes (waiting at most `readinessLockWait`) and checks that the
    /// session may write. Changes nothing.
    public static func readiness(_ db: Connection) throws -> String? {
        do {
            return try db.transaction(settings: ["lock_timeout": readinessLockWait]) { tx in
                try tx.execute("LOCK TABLE call_attempts, call_events, contacts IN ROW EXCLUSIVE MODE")
                let row = try tx.query("""
                    SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') = 'on' AS read_only
                    """)[0]
                if try row.decode("standby", as: Bool.self) { return "the database is a standby" }
                if try row.decode("read_only", as: Bool.self) { return "the database is read-only" }
                return nil
            }
        } catch let error as PostgresError where error.sqlState == .lockNotAvailable || error.sqlState == .queryCanceled {
            return "the event tables are locked"
        }
    }
}
