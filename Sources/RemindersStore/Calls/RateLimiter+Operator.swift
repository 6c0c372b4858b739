public import Reminders

/// The limits of the endpoints only operator tools use.
extension RateLimiter {
    /// `POST /voice/start`: the provider's "voice session" limit, 30 a minute.
    public static let startLimit = RateLimit(perMinute: 30, burst: 1)
    /// `POST /voice/end/{id}`: unpublished; we assume the voice-session class's 30 a minute, which
    /// still ends a night's live calls (at most a few dozen at 10 dials a minute) within minutes.
    public static let endLimit = RateLimit(perMinute: 30, burst: 1)
}
