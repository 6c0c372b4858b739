/// Capped exponential backoff with jitter, for transient errors (5xx, timeouts) when talking to
/// the provider or the database.
///
/// The wait after the n-th consecutive failure is drawn uniformly from `[e/2, e]`, where
/// `e = min(cap, base · 2^(n−1))`: the lower half keeps a real pause, the random upper half
/// spreads workers that failed together so they do not retry in lockstep.
public struct Backoff: Sendable, Equatable {
    /// Wait scale after the first failure, in seconds.
    public let base: Double
    /// Largest wait, in seconds.
    public let cap: Double

    /// The backoff used for provider and database transient errors: 1 s doubling up to 5 min,
    /// long enough to ride out a provider restart, short enough to keep a nightly batch moving.
    public static let transient = Backoff(base: 1, cap: 300)

    /// Creates a backoff; negative values are treated as zero and `cap` is at least `base`.
    public init(base: Double, cap: Double) {
        self.base = max(base, 0)
        self.cap = max(cap, self.base)
    }

    /// The wait in seconds after `failures` consecutive failures (1 for the first), with jitter
    /// drawn from `random`.
    public func delay(afterFailures failures: Int, using random: inout some RandomNumberGenerator) -> Double {
        let ceiling = ceiling(afterFailures: failures)
        guard ceiling > 0 else { return 0 }
        return Double.random(in: (ceiling / 2)...ceiling, using: &random)
    }

    /// The largest wait after `failures` failures, before jitter.
    public func ceiling(afterFailures failures: Int) -> Double {
        // 2^62 is far past any cap; clamping the exponent avoids overflow to infinity.
        let exponent = min(max(failures, 1) - 1, 62)
        return min(cap, base * Double(1 << exponent))
    }
}
