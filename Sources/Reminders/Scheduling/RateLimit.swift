import Foundation

/// The dial rate of one provider account, for the generic cell rate algorithm (GCRA).
///
/// With emission interval `T = 60 s / perMinute` and tolerance `τ = (burst − 1) · T`, any
/// half-open 60 s window admits at most `perMinute + burst − 1` requests, and a steady stream
/// gets `perMinute` per minute. `RateBucket` holds the one arithmetic that applies it (the
/// store runs the same in SQL; `plan` runs it to predict a batch).
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
}
