public import Postgres
import Reminders

/// Figures read from the database at scrape time: what every worker did, not only this process.
public struct DatabaseMetrics: Equatable, Sendable {
    public struct Bucket: Equatable, Sendable {
        public let account: String
        public let endpoint: String
        public let granted: Int64
        public let rateLimited: Int64
    }

    /// Rate-bucket counters, maintained by the dispatchers.
    public var buckets: [Bucket] = []
    /// Attempts by state (test calls included), every state listed even at zero.
    public var attemptsByState: [(state: String, count: Int64)] = []

    public static func == (a: Self, b: Self) -> Bool {
        a.buckets == b.buckets && a.attemptsByState.elementsEqual(b.attemptsByState) { $0 == $1 }
    }

    /// Reads the figures with two short queries.
    public static func read(_ db: Connection) throws -> DatabaseMetrics {
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
        metrics.attemptsByState = CallState.allCases.map { ($0.rawValue, counts[$0.rawValue] ?? 0) }
        return metrics
    }
}
