import Postgres
import Reminders
import RemindersStore
import VoiceAPI

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

    /// 429s tolerated for one request before giving up on it.
    static let maximumRateLimitedTries = 5

    /// Sends `request` in the next slot of `endpoint`, waiting out 429s a few times; errors name
    /// the request as `name` (`GET /voice/sessions`, say).
    func paced<T>(
        _ name: String, _ endpoint: RateLimiter.Endpoint, limit: RateLimit, _ request: () throws(VoiceAPIError) -> T
    ) throws -> T {
        var last = VoiceAPIError.rateLimited(retryAfter: nil)
        for _ in 0..<Self.maximumRateLimitedTries {
            try take(endpoint, limit: limit)
            do {
                return try request()
            } catch .rateLimited(let retryAfter) {
                try refused(endpoint, limit: limit, retryAfter: retryAfter)
                last = .rateLimited(retryAfter: retryAfter)
            } catch {
                throw OperatorError.provider(name, error)
            }
        }
        throw OperatorError.provider(name, last)
    }
}
