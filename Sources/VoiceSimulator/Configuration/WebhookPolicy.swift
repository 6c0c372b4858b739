/// How the simulator delivers webhooks.
public struct WebhookPolicy: Sendable, Equatable {
    /// Longest wait for one receiver answer; generous so a slow receiver is tolerated, not punished.
    public var timeout: Duration
    /// Delivery attempts per webhook, first included; bounded so a dead receiver costs little.
    public var maxAttempts: Int
    /// Wait before the first redelivery; doubled for each later one.
    public var backoff: Duration
    /// When set, deliveries are signed as the provider's newer webhook system signs them:
    /// `X-Webhook-Timestamp`, `X-Webhook-Signature` (HMAC-SHA256 of `{timestamp}.{body}`) and
    /// `X-Webhook-Delivery-Id`, the same for every try of one delivery.
    public var secret: String?

    public init(timeout: Duration = .seconds(10), maxAttempts: Int = 5, backoff: Duration = .seconds(1), secret: String? = nil) {
        self.secret = secret
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    /// The delay before attempt `attempt + 1`, after `attempt` failed (1-based).
    func delay(afterAttempt attempt: Int) -> Duration {
        backoff * (1 << min(max(attempt - 1, 0), 16))
    }
}
