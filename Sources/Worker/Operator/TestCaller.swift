public import Foundation
public import Logging
public import Postgres
public import Reminders
public import RemindersStore
public import VoiceAPI

/// `reminders test-call`: one real dial of a contact's reminder to a staff number, through the
/// shared dial bucket, tracked as a `test` attempt whose webhooks the receiver records like any other.
public struct TestCaller {
    let db: Connection
    let client: VoiceClient
    let webhookBaseURL: String?
    let clock: DispatchClock
    let logger: Logger

    /// How often `wait` looks at the attempt: webhooks land in the database within milliseconds.
    static let waitInterval: Duration = .milliseconds(250)
    /// How often `wait` asks the provider itself when no webhook URL was given (within 60 a minute).
    static let statusPollInterval: TimeInterval = 5

    /// Creates a caller; `webhookBaseURL` is `WEBHOOK_BASE_URL` (nil: the outcome comes from status polls).
    public init(db: Connection, client: VoiceClient, webhookBaseURL: String?, clock: DispatchClock = .system, logger: Logger) {
        self.db = db
        self.client = client
        self.webhookBaseURL = webhookBaseURL
        self.clock = clock
        self.logger = logger
    }

    /// What the dial came to.
    public struct Placed: Sendable, Equatable {
        public let attemptID: Int64
        /// The provider's call id when it accepted the dial.
        public let callID: String?
        /// `initiating` when accepted, `failed` when refused, `unknown` when no answer came.
        public let state: CallState
        /// Why it was not accepted, if it was not.
        public let problem: String?
    }

    /// Checks `to`, records the test attempt, waits for a dial slot and dials.
    public func call(campaign: StoredCampaign, contact externalID: String, to: String) throws -> Placed {
        let worker = "test-call:\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        let created = try TestCalls.create(campaign: campaign, externalID: externalID, to: to, worker: worker, now: clock.now(), db)
        let settings = campaign.campaign
        let limiter = RateLimiter(account: client.accountID)
        let slots = OperatorSlots(limiter: limiter, db: db, clock: clock)
        try slots.take(.dial, limit: settings.rateLimit)
        let request = DialRequest(
            agentID: settings.agentID, toNumber: to, fromNumber: settings.fromNumber, context: created.context,
            maxDuration: settings.maxDuration, recording: settings.recording,
            webhookURL: Dispatcher.webhookURL(base: webhookBaseURL, token: created.webhookToken))
        let result = client.dial(request)
        let fields: KeyValuePairs<String, LogValue> = ["attempt": .int(Int(created.attemptID)), "to": .phone(to)]
        switch result {
        case .accepted(let callID, _):
            try CallQueue.recordAccepted(created.attemptID, callID: callID, pollAfter: settings.statusPollDelay, now: clock.now(), db)
            logger.info("test call dialed", fields)
            return Placed(attemptID: created.attemptID, callID: callID, state: .initiating, problem: nil)
        case .ambiguous(let reason):
            try CallQueue.recordAmbiguous(created.attemptID, reason: "ambiguous dial", reconcileAfter: 0, now: clock.now(), db)
            logger.warning("test call outcome unknown", fields)
            return Placed(attemptID: created.attemptID, callID: nil, state: .unknown, problem: "no answer from the provider (\(reason)); run reminders reconcile")
        case .rateLimited(let retryAfter):
            try slots.refused(.dial, limit: settings.rateLimit, retryAfter: retryAfter)
            return try notPlaced(created.attemptID, reason: "rate_limited", status: 429, problem: "the provider is rate limiting dials; try again shortly")
        case .transient(let reason):
            return try notPlaced(created.attemptID, reason: "transient", status: nil, problem: "temporary failure: \(reason)")
        case .permanent(let status, _):
            // The provider's message may quote the number: only its status is shown.
            return try notPlaced(created.attemptID, reason: "provider_refused_\(status)", status: status, problem: "refused by the provider (HTTP \(status))")
        }
    }

    /// A dial that placed no call: the test attempt fails (a test call is never retried by itself).
    private func notPlaced(_ attemptID: Int64, reason: String, status: Int?, problem: String) throws -> Placed {
        try db.transaction { tx in
            _ = try AttemptOutcomes.failPermanently(attemptID: attemptID, reason: reason, providerStatus: status, now: clock.now(), tx)
        }
        return Placed(attemptID: attemptID, callID: nil, state: .failed, problem: problem)
    }

    /// Waits until the test attempt ends or `timeout` passes (or `stop` says so); returns its state.
    /// Without a webhook URL the provider is asked (`GET /voice/status`, shared status bucket).
    public func wait(attemptID: Int64, timeout: TimeInterval, stop: () -> Bool = { false }) throws -> CallState {
        let deadline = clock.now().addingTimeInterval(timeout)
        var nextPoll = clock.now().addingTimeInterval(Self.statusPollInterval)
        let slots = OperatorSlots(limiter: RateLimiter(account: client.accountID), db: db, clock: clock)
        while true {
            let (state, callID) = try TestCalls.state(of: attemptID, db)
            if state.isTerminal || stop() || clock.now() >= deadline { return state }
            if webhookBaseURL == nil, let callID, clock.now() >= nextPoll {
                nextPoll = clock.now().addingTimeInterval(Self.statusPollInterval)
                try slots.take(.status, limit: RateLimiter.statusLimit)
                let report: CallStatusReport
                do {
                    report = try client.status(callID: callID)
                } catch .rateLimited(let retryAfter) {
                    try slots.refused(.status, limit: RateLimiter.statusLimit, retryAfter: retryAfter)
                    continue
                } catch {
                    // Asked again at the next interval; the webhook may still come.
                    logger.warning("test call status poll failed", ["attempt": .int(Int(attemptID)), "error": .error(error)])
                    continue
                }
                if let reported = ProviderStatusMapping.state(for: report.status) {
                    try db.transaction { tx in
                        _ = try AttemptOutcomes.apply(
                            AttemptReport(state: reported, callID: callID, durationSeconds: report.duration, recordingID: report.recordingID),
                            toAttempt: attemptID, source: "status", now: clock.now(), tx)
                    }
                }
            }
            clock.sleep(Self.waitInterval)
        }
    }
}
