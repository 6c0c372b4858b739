import Postgres

/// Figures read from the database at scrape time: what every worker did, not only this process.
struct DatabaseMetrics: Equatable {
    struct Bucket: Equatable {
        let account: String
        let endpoint: String
        let granted: Int64
        let rateLimited: Int64
    }

    /// Rate-bucket counters, maintained by the dispatchers.
    var buckets: [Bucket] = []
    /// Attempts by state (test calls included), every state listed even at zero.
    var attemptsByState: [(state: String, count: Int64)] = []

    static func == (a: Self, b: Self) -> Bool {
        a.buckets == b.buckets && a.attemptsByState.elementsEqual(b.attemptsByState) { $0 == $1 }
    }

    /// Reads the figures with two short queries.
    static func read(_ db: Connection) throws -> DatabaseMetrics {
        var metrics = DatabaseMetrics()
        for row in try db.query("SELECT account, endpoint, granted, rate_limited FROM rate_buckets ORDER BY account, endpoint") {
            metrics.buckets.append(
                Bucket(account: try row.decode("account"), endpoint: try row.decode("endpoint"),
                       granted: try row.decode("granted"), rateLimited: try row.decode("rate_limited")))
        }
        var counts: [String: Int64] = [:]
        for row in try db.query("SELECT state, count(*) AS n FROM call_attempts GROUP BY state") {
            counts[try row.decode("state", as: String.self)] = try row.decode("n", as: Int64.self)
        }
        metrics.attemptsByState = allStates.map { ($0, counts[$0] ?? 0) }
        return metrics
    }

    static let allStates = [
        "scheduled", "dialing", "initiating", "ringing", "in_progress", "completed", "no_answer", "busy", "failed",
        "unknown", "skipped", "cancelled",
    ]
}
