public import Foundation
public import Reminders
import RemindersStore

/// How one dispatcher works: which campaigns, until when, and its timing.
public struct DispatcherConfiguration: Sendable {
    /// Campaign names to work; empty means every campaign.
    public var campaigns: [String]
    /// Stop claiming at this instant.
    public var until: Date?
    /// Exit once every contact is settled or nothing more can happen before `until`.
    public var batch: Bool
    /// `WEBHOOK_BASE_URL`: dials carry `<base>/webhooks/voice/<token>`; nil sends none (polling only).
    public var webhookBaseURL: String?
    /// Recorded as `claimed_by`: host and process.
    public var workerName: String
    /// The dial rate shared by the account's workers: the strictest of the worked campaigns.
    public var dialLimit: RateLimit
    /// `GET /voice/status` calls a minute, shared by the account's workers.
    public var statusLimit = RateLimiter.statusLimit
    /// `GET /voice/sessions` calls a minute, shared by the account's workers (also the call
    /// details read for each completed call's answer).
    public var sessionsLimit = RateLimiter.sessionsLimit
    /// `GET /v1/widget/transcript` calls a minute, shared with reports (`report --with-transcripts`).
    public var transcriptLimit = RateLimiter.transcriptLimit
    /// Backoff between tries to fetch a completed call's details for its answer.
    public var answerBackoff = Backoff(base: 30, cap: 600)
    /// How often the run shows it is alive; a tenth of `staleAfter` so one missed beat is harmless.
    public var heartbeatInterval: TimeInterval = 5
    /// A run silent this long is dead and its `dialing` claims are reconciled.
    public var staleAfter: TimeInterval = 60
    /// How often recovery, reconciliation and status polling run.
    public var maintenanceInterval: TimeInterval = 5
    /// The longest idle wait between checks of the stop flag.
    public var idleWait: TimeInterval = 1
    /// How long after an ambiguous dial the provider must show the call before the contact is dialed
    /// again (`DESIGN.md`: after a grace period).
    public var adoptionGrace: TimeInterval = 60
    /// Between two looks at an ambiguous dial.
    public var reconcileInterval: TimeInterval = 10
    /// Backoff between status polls of a call that has not ended.
    public var pollBackoff = Backoff(base: 30, cap: 600)
    /// Backoff for dials that failed transiently.
    public var transientBackoff = Backoff.transient
    /// Attempts looked at per maintenance round, so one round stays short.
    public var maintenanceBatch = 20
    /// Dials in a row without a usable answer (a 5xx, no answer in time) taken for a provider
    /// outage: the account's dial bucket is then closed for `outagePause`, as a 429 closes it, so
    /// an outage does not turn every due contact into a call to reconcile one by one.
    public var ambiguousDialsForOutage = 3
    /// How long the dial bucket stays closed after an outage is seen.
    public var outagePause: TimeInterval = 60
    /// Where campaigns' `source.postgres.recheck` queries run (`SOURCE_DATABASE_URL`, else the
    /// run's own database).
    public var sourceDatabaseURL: String?
    /// Our database, for the answers fetched beside the dispatcher on a connection of their own
    /// (`AnswerFetcher`); nil fetches none, and a batch then does not wait for answers.
    public var answersDatabaseURL: String?

    /// Creates a configuration; timing fields keep their production defaults.
    public init(campaigns: [String], until: Date? = nil, batch: Bool = true, webhookBaseURL: String?, workerName: String, dialLimit: RateLimit) {
        self.campaigns = campaigns
        self.until = until
        self.batch = batch
        self.webhookBaseURL = webhookBaseURL
        self.workerName = workerName
        self.dialLimit = dialLimit
    }
}
