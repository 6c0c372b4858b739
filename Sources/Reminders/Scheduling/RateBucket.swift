public import Foundation

/// One provider endpoint's rate bucket, as `rate_buckets` stores it, and the one arithmetic that
/// moves it: `reserve` for a request, `block` for a 429. The store runs exactly this in SQL (on
/// the database clock, in one atomic statement each), and `plan` runs it to predict a batch;
/// tests check the SQL against it on the same inputs.
///
/// Unlike the pure GCRA check (`RateLimit`), a reservation always advances the bucket: the slot
/// it returns is the caller's alone, so workers never race for an instant nor retry in a loop.
public struct RateBucket: Sendable, Equatable {
    /// The theoretical arrival time of the next request; nil for a bucket never used.
    public var tat: Date?
    /// Nothing may go before this instant (a 429's `Retry-After`); nil when never blocked.
    public var blockedUntil: Date?

    public init(tat: Date? = nil, blockedUntil: Date? = nil) {
        self.tat = tat
        self.blockedUntil = blockedUntil
    }

    /// Extra spacing added to every emission interval, as a fraction of it. The provider counts a
    /// request when it arrives, a little after we took the token; arrival latency varies by a few
    /// milliseconds, so exact spacing can put limit + 1 arrivals in one sliding window. Half a
    /// percent spread over a window's N intervals absorbs that jitter (300 ms per minute at any
    /// rate) while keeping the achieved rate above 99 % of the limit.
    public static let latencyMargin = 0.005

    /// Waits no longer than this for a 429 without `Retry-After`: one minute, the provider's window.
    public static let maximumDefaultBlock: TimeInterval = 60

    /// The interval actually enforced between two requests at `limit`, in microseconds, margin included.
    public static func intervalMicroseconds(_ limit: RateLimit, margin: Double = latencyMargin) -> Int64 {
        Int64((Double(limit.emissionIntervalMicroseconds) * (1 + margin)).rounded(.up))
    }

    /// How far ahead of schedule the bucket may run: `(burst − 1)` enforced intervals.
    public static func toleranceMicroseconds(_ limit: RateLimit, margin: Double = latencyMargin) -> Int64 {
        Int64(limit.burst - 1) * intervalMicroseconds(limit, margin: margin)
    }

    /// Reserves the next slot at `now` and advances the bucket; returns the slot (`now` or later).
    ///
    /// The new TAT is `max(TAT, now, blocked) + T`; the slot is `max(new TAT − T − τ, blocked)`,
    /// and never before `now`.
    public mutating func reserve(_ limit: RateLimit, now: Date, margin: Double = latencyMargin) -> Date {
        let interval = Self.intervalMicroseconds(limit, margin: margin)
        let tolerance = Self.toleranceMicroseconds(limit, margin: margin)
        let nowMicros = Self.micros(now)
        let blocked = blockedUntil.map(Self.micros) ?? Int64.min
        let newTAT = max(tat.map(Self.micros) ?? nowMicros, nowMicros, blocked) + interval
        tat = Self.date(newTAT)
        return Self.date(max(newTAT - interval - tolerance, blocked, nowMicros))
    }

    /// Records a 429 at `now`: nothing goes before `now + retryAfter` (one interval, at most a
    /// minute, when the provider gave none), and the bucket refills at the rate from then.
    public mutating func block(_ limit: RateLimit, now: Date, retryAfter: Duration?, margin: Double = latencyMargin) {
        let reopen = Self.micros(now) + Self.blockMicroseconds(limit, retryAfter: retryAfter, margin: margin)
        blockedUntil = Self.date(max(blockedUntil.map(Self.micros) ?? reopen, reopen))
        let refilled = reopen + Self.toleranceMicroseconds(limit, margin: margin)
        tat = Self.date(max(tat.map(Self.micros) ?? refilled, refilled))
    }

    /// How long a 429 blocks, in whole microseconds rounded up: `retryAfter`, or one interval
    /// (at most `maximumDefaultBlock`) when the provider gave none.
    public static func blockMicroseconds(_ limit: RateLimit, retryAfter: Duration?, margin: Double = latencyMargin) -> Int64 {
        guard let retryAfter else {
            return min(intervalMicroseconds(limit, margin: margin), Int64(maximumDefaultBlock * 1_000_000))
        }
        let (seconds, attoseconds) = retryAfter.components
        let micros = seconds * 1_000_000 + (attoseconds + 999_999_999_999) / 1_000_000_000_000
        return max(micros, 0)
    }

    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}
