public import Foundation

/// The dial rate of one provider account, enforced with the generic cell rate algorithm (GCRA).
///
/// The bucket is one stored instant, the theoretical arrival time (TAT): when the next dial
/// would be on schedule if dials went out exactly at the rate. With emission interval
/// `T = 60 s / perMinute` and tolerance `τ = (burst − 1) · T`, a dial at `now` is allowed when
/// `max(TAT, now) − now ≤ τ`, and then `TAT := max(TAT, now) + T`; otherwise it must wait until
/// `max(TAT, now) − τ`. Any half-open 60 s window then admits at most `perMinute + burst − 1`
/// dials, and a steady stream gets exactly `perMinute` per minute.
///
/// The store runs the same arithmetic as one atomic statement on the database clock, roughly:
/// ```sql
/// UPDATE rate_buckets
///    SET tat = GREATEST(tat, now()) + $interval
///  WHERE account = $1 AND GREATEST(tat, now()) - now() <= $tolerance
/// RETURNING tat;   -- no row: read GREATEST(tat, now()) - $tolerance as the wait-until
/// ```
/// Arithmetic is done in whole microseconds, the resolution of Postgres `timestamptz`.
public struct RateLimit: Sendable, Equatable {
    /// Dials allowed per minute in the long run.
    public let perMinute: Int
    /// Dials that may go out back to back when the bucket is full.
    public let burst: Int

    /// The limit used when a campaign does not say: the provider's 10 dials a minute, no burst.
    public static let `default` = RateLimit(perMinute: 10, burst: 1)

    private static let microsecondsPerMinute: Int64 = 60_000_000

    /// Creates a limit; values below 1 are raised to 1.
    public init(perMinute: Int, burst: Int) {
        self.perMinute = max(perMinute, 1)
        self.burst = max(burst, 1)
    }

    /// Time between dials at the steady rate, in microseconds, rounded up so the rate is never exceeded.
    public var emissionIntervalMicroseconds: Int64 {
        let rate = Int64(perMinute)
        return (Self.microsecondsPerMinute + rate - 1) / rate
    }

    /// How far ahead of schedule the bucket may run, in microseconds: `(burst − 1) · T`.
    public var toleranceMicroseconds: Int64 { Int64(burst - 1) * emissionIntervalMicroseconds }

    /// Decides a dial at `now` given the stored TAT (nil for a bucket never used).
    public func decide(tat: Date?, now: Date) -> Decision {
        let nowMicros = Self.micros(now)
        let scheduled = max(tat.map(Self.micros) ?? nowMicros, nowMicros)
        if scheduled - nowMicros <= toleranceMicroseconds {
            return .allowed(newTAT: Self.date(scheduled + emissionIntervalMicroseconds))
        }
        return .wait(until: Self.date(scheduled - toleranceMicroseconds))
    }

    /// The TAT after the provider answered 429 with `Retry-After` seconds: the bucket is emptied
    /// so the next dial is allowed no earlier than `now + retryAfter`, and refills at the rate from
    /// then (with `burst` 1 this is `max(TAT, now + retryAfter)`).
    public func tatAfterRateLimited(tat: Date?, now: Date, retryAfter: TimeInterval) -> Date {
        let reopen = Self.micros(now) + Int64((max(retryAfter, 0) * 1_000_000).rounded(.up))
        return Self.date(max(tat.map(Self.micros) ?? reopen, reopen + toleranceMicroseconds))
    }

    /// The outcome of asking the bucket for one dial.
    public enum Decision: Sendable, Equatable {
        /// Dial now and store this TAT.
        case allowed(newTAT: Date)
        /// Do not dial before this instant; the TAT is unchanged.
        case wait(until: Date)
    }

    private static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    private static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}
