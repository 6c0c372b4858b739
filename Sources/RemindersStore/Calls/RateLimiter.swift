public import Foundation
public import Postgres
public import Reminders

/// The provider's rate limits, shared by every worker: one bucket per account and endpoint in
/// `rate_buckets`, each moved by one atomic statement on the database clock that runs
/// `RateBucket`'s arithmetic (the one authority; `RateLimiterTests` hold the SQL to it).
///
/// `reserve` always advances the bucket and answers how long the caller must wait before
/// sending: a reserved slot is the caller's alone, so workers never race for the same instant
/// and never retry in a loop. Waits are returned as durations measured on the database clock,
/// so a worker whose own clock is skewed still sleeps the right amount.
public struct RateLimiter: Sendable {
    /// The endpoints with their own bucket.
    public enum Endpoint: String, Sendable, CaseIterable {
        case dial, status, sessions
        /// `POST /voice/start` and `POST /voice/end/{id}` (operator tools).
        case start, end
        /// Transcripts and recording details (`report --with-transcripts`).
        case transcript
    }

    /// The provider's published limits for the read endpoints: 60 status and 30 list calls a minute.
    public static let statusLimit = RateLimit(perMinute: 60, burst: 1)
    /// `GET /voice/sessions`: 30 a minute.
    public static let sessionsLimit = RateLimit(perMinute: 30, burst: 1)
    /// Transcripts and recordings have no published limit; they get the session reads' 30 a minute.
    public static let transcriptLimit = RateLimit(perMinute: 30, burst: 1)

    /// The provider account these buckets belong to (`VoiceClient.accountID`, never the key).
    public let account: String

    /// Creates a limiter for `account`.
    public init(account: String) {
        self.account = account
    }

    /// Reserves the next request slot on `endpoint` (`RateBucket.reserve`, in one statement);
    /// returns how long to wait before sending (zero when the slot is now). Counts the grant.
    /// `now` replaces the database clock, for the tests that hold the SQL to the pure arithmetic.
    public func reserve(_ endpoint: Endpoint, limit: RateLimit, at now: Date? = nil, _ db: Connection) throws -> Duration {
        try ensureBucket(endpoint, limit: limit, db)
        let interval = RateBucket.intervalMicroseconds(limit)
        let tolerance = RateBucket.toleranceMicroseconds(limit)
        // The slot is GREATEST(tat − τ, now, blocked_until); the new TAT is GREATEST(tat, now,
        // blocked_until) + T. RETURNING sees the new TAT, and GREATEST(new − T − τ, now,
        // blocked_until) equals the slot, so the statement needs no second read. `now` is left out
        // of RETURNING (a slot in the past is no wait): each clock_timestamp() call reads a later
        // instant, and comparing two of them would invent waits of a few microseconds.
        let row = try db.query("""
            UPDATE rate_buckets
               SET tat = GREATEST(tat, COALESCE(\(now)::timestamptz, clock_timestamp()), blocked_until)
                         + \(interval) * interval '1 microsecond',
                   per_minute = \(limit.perMinute), burst = \(limit.burst), granted = granted + 1
             WHERE account = \(account) AND endpoint = \(endpoint.rawValue)
            RETURNING EXTRACT(EPOCH FROM (GREATEST(tat - \(interval + tolerance) * interval '1 microsecond', blocked_until)
                                          - COALESCE(\(now)::timestamptz, clock_timestamp())))::float8 AS wait
            """).first
        guard let row else { throw StoreError.notFound("rate bucket \(endpoint.rawValue)") }
        return Self.duration(seconds: try row.decode("wait"))
    }

    /// A wait read from the database; negative (the instant has passed) is no wait.
    static func duration(seconds: Double) -> Duration {
        seconds > 0 ? .microseconds(Int64((seconds * 1_000_000).rounded(.up))) : .zero
    }

    /// How long `endpoint` stays blocked by a 429 (zero when it is open).
    public func remainingBlock(_ endpoint: Endpoint, _ db: Connection) throws -> Duration {
        let row = try db.query("""
            SELECT EXTRACT(EPOCH FROM (GREATEST(blocked_until, 'epoch') - clock_timestamp()))::float8 AS wait
              FROM rate_buckets WHERE account = \(account) AND endpoint = \(endpoint.rawValue)
            """).first
        guard let row else { return .zero }
        return Self.duration(seconds: try row.decode("wait"))
    }

    /// Records a 429: the bucket is emptied for every worker until `retryAfter` from now (one
    /// emission interval when the provider gave no `Retry-After`), and the refusal is counted.
    /// `now` replaces the database clock, as for `reserve`.
    public func rateLimited(_ endpoint: Endpoint, limit: RateLimit, retryAfter: Duration?, at now: Date? = nil, _ db: Connection) throws {
        try ensureBucket(endpoint, limit: limit, db)
        let blockMicros = RateBucket.blockMicroseconds(limit, retryAfter: retryAfter)
        let tolerance = RateBucket.toleranceMicroseconds(limit)
        // As `RateBucket.block`: nothing before the reopening, refilling at the rate after it.
        try db.execute("""
            UPDATE rate_buckets
               SET blocked_until = GREATEST(blocked_until, COALESCE(\(now)::timestamptz, clock_timestamp())
                                                            + \(blockMicros) * interval '1 microsecond'),
                   tat = GREATEST(tat, COALESCE(\(now)::timestamptz, clock_timestamp())
                                       + \(blockMicros + tolerance) * interval '1 microsecond'),
                   rate_limited = rate_limited + 1
             WHERE account = \(account) AND endpoint = \(endpoint.rawValue)
            """)
    }

    /// The bucket's counters: requests granted and 429s seen.
    public func counters(_ endpoint: Endpoint, _ db: Connection) throws -> (granted: Int64, rateLimited: Int64) {
        guard let row = try db.query("""
            SELECT granted, rate_limited FROM rate_buckets WHERE account = \(account) AND endpoint = \(endpoint.rawValue)
            """).first
        else { return (0, 0) }
        return (try row.decode("granted"), try row.decode("rate_limited"))
    }

    /// Creates the bucket row the first time the account uses the endpoint.
    private func ensureBucket(_ endpoint: Endpoint, limit: RateLimit, _ db: Connection) throws {
        try db.execute("""
            INSERT INTO rate_buckets (account, endpoint, per_minute, burst)
            VALUES (\(account), \(endpoint.rawValue), \(limit.perMinute), \(limit.burst))
            ON CONFLICT (account, endpoint) DO NOTHING
            """)
    }
}
