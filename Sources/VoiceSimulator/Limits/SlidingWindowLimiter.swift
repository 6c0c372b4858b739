/// A sliding-window rate limiter: at most `limit` admissions in any window of length `window`.
///
/// Time is a monotonic offset (`Duration` since an arbitrary origin) passed in by the caller, so
/// the limiter is a pure value testable with a fake clock.
public struct SlidingWindowLimiter: Sendable, Equatable {
    /// What the limiter decided for one request.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; the earliest moment a request could pass is `retryAfter` from now.
        case limited(retryAfter: Duration)
    }

    public let limit: Int
    public let window: Duration
    /// Admission times still inside the window, oldest first.
    private var admitted: [Duration] = []

    /// Creates a limiter; a `limit` below 1 refuses everything.
    public init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Admits a request at `now` if fewer than `limit` were admitted in `(now - window, now]`.
    public mutating func admit(at now: Duration) -> Decision {
        admitted.removeAll { $0 <= now - window }
        guard admitted.count < limit else {
            let oldest = admitted.first ?? now
            return .limited(retryAfter: max(oldest + window - now, .zero))
        }
        admitted.append(now)
        return .allowed
    }
}
