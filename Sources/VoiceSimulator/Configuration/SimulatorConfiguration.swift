/// Everything a simulator run can vary.
public struct SimulatorConfiguration: Sendable {
    /// The bearer key every API request must carry.
    public var apiKey: String
    /// Seeds call ids, outcome mixes and fault draws.
    public var seed: UInt64
    public var outcomes: OutcomePolicy
    public var timing: CallTiming
    public var limits: RateLimits
    public var faults: Faults
    public var webhooks: WebhookPolicy
    /// How long a dropped dial response holds the connection before it is closed unanswered.
    public var droppedResponseHold: Duration
    /// Added before every API answer, to imitate a provider across the internet.
    public var latency: Duration = .zero
    /// When set, the only caller ids a dial may use; any other `from_number` is refused 422, as a
    /// provider refuses a number the account has not verified. Nil: any E.164 number.
    public var verifiedCallerIDs: Set<String>?

    public init(
        apiKey: String, seed: UInt64 = 1, outcomes: OutcomePolicy = .rules, timing: CallTiming = .realistic,
        limits: RateLimits = RateLimits(), faults: Faults = Faults(), webhooks: WebhookPolicy = WebhookPolicy(),
        droppedResponseHold: Duration = .zero
    ) {
        self.apiKey = apiKey
        self.seed = seed
        self.outcomes = outcomes
        self.timing = timing
        self.limits = limits
        self.faults = faults
        self.webhooks = webhooks
        self.droppedResponseHold = droppedResponseHold
    }
}
