import Foundation
public import Logging
public import Postgres
import RemindersStore
public import VoiceAPI
import Reminders

/// The dispatcher behind `reminders run`: claims due attempts, waits its turn at the shared rate
/// limiter, dials, and records what came of each dial; between dials it recovers a dead worker's
/// claims, reconciles ambiguous dials and polls calls whose webhooks never came.
///
/// One dispatcher runs on one thread with its own connection. Any number of them, in any
/// number of processes, may work the same campaigns: claims skip locked rows and the rate
/// limiter is a row in Postgres.
public final class Dispatcher {
    let db: Connection
    let client: VoiceClient
    let limiter: RateLimiter
    let configuration: DispatcherConfiguration
    let clock: DispatchClock
    let logger: Logger
    let stopRequested: @Sendable () -> Bool
    let queue: CallQueue
    /// This run's row in `runs`.
    public let runID: Int64
    /// What the run has done so far.
    public internal(set) var summary = DispatchSummary()
    var random = SystemRandomNumberGenerator()
    /// A dial whose result could not be written yet (the database was away): written first.
    var unrecorded: (attempt: ClaimedAttempt, result: DialResult)?
    /// The last refusals in a row, if all the same (status and message).
    var refusalStreak: RefusalStreak?
    /// Dials in a row that got no usable answer (see `DispatcherConfiguration.ambiguousDialsForOutage`).
    var ambiguousInARow = 0
    /// The practice system's database for source rechecks, once opened.
    var sourceDB: Connection?
    /// Attempts whose source recheck keeps failing, and since when (this run's memory).
    var recheckFailingSince: [Int64: Date] = [:]

    /// Identical refusals in a row: the contacts that got it and the attempts it settled.
    struct RefusalStreak {
        let refusal: String
        var contacts: Set<Int64> = []
        var attempts: [Int64] = []
    }
    private var lastHeartbeat = Date.distantPast
    private var lastMaintenance = Date.distantPast
    private var databaseFailures = 0
    /// Whether the last claim found work: then the next turn claims straight away, without first
    /// reading the outlook (one query less per dial).
    private var expectWork = true

    /// Longest sleep between checks of the stop flag while waiting for a rate-limit slot.
    static let stopCheckInterval: Duration = .milliseconds(200)
    /// How long before its rate-limit slot a dial is claimed. The claim's transaction then runs
    /// before the slot instead of between the slot and the request, so the provider sees dials
    /// as evenly spaced as the slots; the pre-dial checks are at most this old at the dial.
    static let claimLead: Duration = .milliseconds(50)
    /// Backoff while the database is unreachable: quick first retries, at most 10 s apart.
    static let databaseBackoff = Backoff(base: 0.2, cap: 10)

    /// Creates a dispatcher and records its run.
    public init(
        db: Connection, client: VoiceClient, configuration: DispatcherConfiguration, clock: DispatchClock = .system,
        logger: Logger, stopRequested: @escaping @Sendable () -> Bool
    ) throws {
        self.db = db
        self.client = client
        self.limiter = RateLimiter(account: client.accountID)
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.stopRequested = stopRequested
        self.runID = try RunRegistry.start(
            host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier,
            campaigns: configuration.campaigns, db)
        self.queue = CallQueue(worker: configuration.workerName, runID: runID, campaigns: configuration.campaigns)
    }

    /// Works until stopped, until `until`, or (in batch mode) until nothing is left; returns the summary.
    public func run() throws -> DispatchSummary {
        try db.listen(WakeChannel.name)
        logger.info("dispatcher started", ["run": .int(Int(runID))])
        let answers = configuration.answersDatabaseURL.map { url in
            AnswerFetcher(databaseURL: url, client: client, configuration: configuration, clock: clock, logger: logger,
                          stopRequested: stopRequested)
        }
        answers?.start()
        defer { _ = answers?.finish() }  // also when the run ends by an error
        while true {
            if stopRequested() {
                summary.ending = .stopped
                break
            }
            if let until = configuration.until, clock.now() >= until {
                summary.ending = .untilReached
                break
            }
            do {
                if let ending = try step() {
                    summary.ending = ending
                    break
                }
                databaseFailures = 0
            } catch let error as PostgresError where error.meansServerUnavailable {
                databaseFailures += 1
                let delay = Self.databaseBackoff.delay(afterFailures: databaseFailures, using: &random)
                logger.warning("database unavailable; retrying", ["error": .error(error), "in_seconds": .seconds(delay)])
                _ = pause(for: .interval(delay))
            }
        }
        if let answers { summary.answers = answers.finish() }
        do {
            try RunRegistry.finish(runID, summary: summary.counts, db)
        } catch {
            logger.warning("could not record the end of the run", ["error": .error(error)])
        }
        logger.info("dispatcher stopped", ["run": .int(Int(runID)), "reason": .text(summary.ending.rawValue)])
        return summary
    }

    /// One turn of the loop: upkeep, then one dial or an idle wait. Returns why to end, if it is time.
    func step() throws -> DispatchSummary.Ending? {
        if let pending = unrecorded {
            try record(pending.result, for: pending.attempt)
            unrecorded = nil
            if summary.accountRefusal != nil { return .accountRefused }
        }
        try upkeep()
        if expectWork {
            expectWork = try dialNext()
            if summary.accountRefusal != nil { return .accountRefused }
            if expectWork { return nil }
        }
        let outlook = try queue.outlook(db)
        let now = clock.now()
        if let nextDue = outlook.nextDue, nextDue <= now {
            expectWork = true
            return nil
        }
        if configuration.batch,
            let ending = Self.ending(outlook, until: configuration.until, waitingForAnswers: configuration.answersDatabaseURL != nil)
        { return ending }
        var wait = configuration.idleWait
        if let nextDue = outlook.nextDue { wait = min(wait, nextDue.timeIntervalSince(now)) }
        if let until = configuration.until { wait = min(wait, until.timeIntervalSince(now)) }
        _ = try db.waitForNotification(timeout: .interval(wait))
        return nil
    }

    /// Whether a batch is over, given what is left.
    static func ending(_ outlook: CallQueue.Outlook, until: Date?, waitingForAnswers: Bool = false) -> DispatchSummary.Ending? {
        guard outlook.live == 0 else { return nil }
        // A batch is over once every completed call's answer is in (a voicemail may still bring a retry).
        if outlook.waiting == 0 {
            if waitingForAnswers, outlook.unanswered > 0 { return nil }
            return outlook.paused == 0 ? .settled : .paused
        }
        if let until, let next = outlook.nextDue, next >= until { return .nothingBeforeUntil }
        return nil
    }

    /// Heartbeat, and from time to time recovery, reconciliation and status polls.
    func upkeep() throws {
        let now = clock.now()
        if now.timeIntervalSince(lastHeartbeat) >= configuration.heartbeatInterval {
            try RunRegistry.heartbeat(runID, db)
            lastHeartbeat = now
        }
        guard now.timeIntervalSince(lastMaintenance) >= configuration.maintenanceInterval else { return }
        lastMaintenance = now
        let abandoned = try CallQueue.markAbandoned(staleAfter: configuration.staleAfter, now: now, db)
        if abandoned > 0 { logger.warning("found dials a stopped worker left unfinished", ["count": .int(abandoned)]) }
        try reconcileUnresolved()
        try pollOverdue()
        // A call queued ahead of its time is checked again: an opt-out or a cancellation since
        // its submission ends it before it rings.
        let ended = try CallEnder(db: db, client: client, clock: clock, logger: logger)
            .endUnwantedQueuedCalls(campaigns: configuration.campaigns, limit: configuration.maintenanceBatch)
        summary.queuedCallsEnded += ended
    }

    /// Sleeps `duration` in short steps; returns false when a stop was requested meanwhile. Keeps
    /// the heartbeat going, so a long wait (a 429's Retry-After) never makes the run look dead.
    func pause(for duration: Duration) -> Bool {
        var left = duration
        while left > .zero {
            if stopRequested() { return false }
            let now = clock.now()
            if now.timeIntervalSince(lastHeartbeat) >= configuration.heartbeatInterval, (try? RunRegistry.heartbeat(runID, db)) != nil {
                lastHeartbeat = now
            }
            let step = min(left, Self.stopCheckInterval)
            clock.sleep(step)
            left -= step
        }
        return !stopRequested()
    }

    /// Takes a slot on `endpoint` and sleeps until `lead` before it; returns the slot as an instant
    /// on the monotonic clock, or nil when stopped meanwhile.
    func waitForSlot(_ endpoint: RateLimiter.Endpoint, limit: RateLimit, lead: Duration = .zero) throws -> ContinuousClock.Instant? {
        while true {
            let wait = try limiter.reserve(endpoint, limit: limit, db)
            let slot = ContinuousClock.now + wait
            guard pause(for: wait - lead) else { return nil }
            // A 429 seen by another worker while we slept voids our slot: take a new one.
            let blocked = try limiter.remainingBlock(endpoint, db)
            if blocked == .zero { return slot }
        }
    }
}
