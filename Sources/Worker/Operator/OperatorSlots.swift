import Postgres
import Reminders
import RemindersStore

/// Operator tools' turns at the shared rate limiter: the same buckets the dispatchers use, so a
/// preview or a test call during a batch never pushes the account over the provider's limits.
struct OperatorSlots {
    let limiter: RateLimiter
    let db: Connection
    let clock: DispatchClock

    /// Reserves the next slot on `endpoint` and sleeps until it.
    func take(_ endpoint: RateLimiter.Endpoint, limit: RateLimit) throws {
        let wait = try limiter.reserve(endpoint, limit: limit, db)
        if wait > .zero { clock.sleep(wait) }
    }

    /// Records a 429 so every worker holds back until `retryAfter`.
    func refused(_ endpoint: RateLimiter.Endpoint, limit: RateLimit, retryAfter: Duration?) throws {
        try limiter.rateLimited(endpoint, limit: limit, retryAfter: retryAfter, db)
    }
}
