/// How the simulator delivers webhooks.
public struct WebhookPolicy: Sendable, Equatable {
    /// Longest wait for one receiver answer; generous so a slow receiver is tolerated, not punished.
    public var timeout: Duration
    /// Delivery attempts per webhook, first included; bounded so a dead receiver costs little.
    public var maxAttempts: Int
    /// Wait before the first redelivery; doubled for each later one.
    public var backoff: Duration

    public init(timeout: Duration = .seconds(10), maxAttempts: Int = 5, backoff: Duration = .seconds(1)) {
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    /// The delay before attempt `attempt + 1`, after `attempt` failed (1-based).
    func delay(afterAttempt attempt: Int) -> Duration {
        backoff * (1 << min(max(attempt - 1, 0), 16))
    }
}
