import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import Synchronization
import VoiceAPI

/// What each patient answered: for every completed call, the provider's own analysis of it
/// (`GET /voice/sessions/{id}`, mapped through the campaign's `answers`), else our classifier over
/// the transcript (`GET /v1/widget/transcript/{id}`), else `unclear`.
///
/// It runs beside the dispatcher, on a thread and a connection of its own, so waiting for a read
/// slot never delays a dial. Reads take turns in the account's shared buckets like every other
/// request. The transcript is read and dropped: only the answer and the evidence are kept, unless
/// the campaign sets `store_transcripts`, when every answered call's transcript is read and kept.
final class AnswerFetcher: Sendable {
    private let databaseURL: String
    private let client: VoiceClient
    private let configuration: DispatcherConfiguration
    private let clock: DispatchClock
    private let logger: Logger
    private let stopRequested: @Sendable () -> Bool
    private let state = Mutex(State())
    private let exited = DispatchSemaphore(value: 0)

    private struct State {
        var finishing = false
        var joined = false
        var answers: [Answer: Int] = [:]
    }

    init(databaseURL: String, client: VoiceClient, configuration: DispatcherConfiguration, clock: DispatchClock,
         logger: Logger, stopRequested: @escaping @Sendable () -> Bool) {
        self.databaseURL = databaseURL
        self.client = client
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.stopRequested = stopRequested
    }

    /// Starts fetching on a thread of its own.
    func start() {
        let thread = Thread { [self] in
            work()
            exited.signal()
        }
        thread.name = "answers"
        thread.start()
    }

    /// Stops after the fetch in hand and returns the answers recorded, by answer; again, only returns them.
    func finish() -> [Answer: Int] {
        let wait = state.withLock { state in
            defer { state.finishing = true; state.joined = true }
            return !state.joined
        }
        if wait { exited.wait() }
        return state.withLock { $0.answers }
    }

    private var done: Bool { stopRequested() || state.withLock { $0.finishing } }

    private func work() {
        var failures = 0
        var random = SystemRandomNumberGenerator()
        var db: Connection?
        while !done {
            do {
                let connection = try db ?? Connection(url: databaseURL)
                db = connection
                let fetched = try fetchRound(connection, random: &random)
                failures = 0
                if fetched == 0 { pause(.interval(configuration.maintenanceInterval)) }
            } catch {
                failures += 1
                db = nil
                logger.warning("could not fetch answers; retrying", ["error": .error(error)])
                pause(.interval(Backoff(base: 0.2, cap: 10).delay(afterFailures: failures, using: &random)))
            }
        }
    }

    /// One round over the answers due; returns how many were recorded.
    private func fetchRound(_ db: Connection, random: inout SystemRandomNumberGenerator) throws -> Int {
        let limiter = RateLimiter(account: client.accountID)
        var campaigns: [Int64: Campaign] = [:]
        var recorded = 0
        for item in try AttemptAnswers.due(campaigns: configuration.campaigns, now: clock.now(), limit: configuration.maintenanceBatch, db) {
            if done { break }
            if campaigns[item.campaignID] == nil { campaigns[item.campaignID] = try CampaignStore.load(id: item.campaignID, db).campaign }
            guard let campaign = campaigns[item.campaignID] else { continue }
            let found: (decision: AnswerDecision, transcript: [CallTranscript.Turn]?)?
            do {
                found = try answer(callID: item.callID, campaign: campaign, limiter: limiter, db)
            } catch let error as VoiceAPIError {
                let now = clock.now()
                let delay = configuration.answerBackoff.delay(afterFailures: item.tries + 1, using: &random)
                try AttemptAnswers.fetchFailed(attemptID: item.attemptID, tries: item.tries, retryAt: now.addingTimeInterval(delay), now: now, db)
                logger.warning("could not fetch a call's details for its answer; will try again",
                               ["attempt": .int(Int(item.attemptID)), "error": .error(error)])
                continue
            }
            guard let (decision, transcript) = found else { break }  // stopped, or the provider said 429: the next round goes on
            let followUp = try AttemptAnswers.record(
                decision, transcript: campaign.storeTranscripts ? transcript : nil, attemptID: item.attemptID, now: clock.now(), db)
            state.withLock { $0.answers[decision.answer, default: 0] += 1 }
            recorded += 1
            logger.debug("answer recorded", ["attempt": .int(Int(item.attemptID)), "answer": .text(decision.answer.rawValue),
                                             "evidence": .text(decision.evidence)])
            if case .retry = followUp { logger.info("a voicemail gets another attempt", ["attempt": .int(Int(item.attemptID))]) }
        }
        return recorded
    }

    /// The answer for one call: the provider's labels first, then the transcript (read for the
    /// labels' sake too when the campaign keeps transcripts); nil when stopped or refused with a
    /// 429 (recorded in the endpoint's shared bucket).
    private func answer(callID: String, campaign: Campaign, limiter: RateLimiter, _ db: Connection) throws
        -> (decision: AnswerDecision, transcript: [CallTranscript.Turn]?)? {
        guard let details = try read(.sessions, limit: configuration.sessionsLimit, limiter, db, { () throws(VoiceAPIError) in
            try client.session(id: callID)
        }) else { return nil }
        let labelled = ProviderAnswers.decide(details.labels.map { ($0.field, $0.value) }, mapping: campaign.answers)
        if let labelled, !campaign.storeTranscripts { return (labelled, nil) }
        func readTranscript() throws -> [CallTranscript.Turn]? {
            try read(.transcript, limit: configuration.transcriptLimit, limiter, db, { () throws(VoiceAPIError) in
                try client.transcript(sessionID: callID)
            }).map { $0.entries.map { CallTranscript.Turn(role: $0.role, text: $0.text) } }
        }
        if let labelled {
            // The answer is known: a transcript that cannot be read now is not kept, rather than
            // holding the answer back from the report and the write-back.
            do {
                // Refused (429) or stopped: the next round asks again, as for any read.
                guard let turns = try readTranscript() else { return nil }
                return (labelled, turns)
            } catch let error as VoiceAPIError {
                logger.warning("could not fetch a call's transcript to keep; its answer is recorded without it",
                               ["error": .error(error)])
                return (labelled, nil)
            }
        }
        guard let turns = try readTranscript() else { return nil }
        return (AnswerClassifier.classify(turns, locale: campaign.locale), turns)
    }

    /// One read in its turn on `endpoint`'s shared bucket; nil when stopped, or refused with a
    /// 429 (recorded in the bucket, so every worker holds back).
    private func read<Value>(
        _ endpoint: RateLimiter.Endpoint, limit: RateLimit, _ limiter: RateLimiter, _ db: Connection,
        _ request: () throws(VoiceAPIError) -> Value
    ) throws -> Value? {
        guard try waitForSlot(endpoint, limit: limit, limiter, db) else { return nil }
        switch Result(catching: request) {
        case .success(let value): return value
        case .failure(.rateLimited(let retryAfter)):
            try limiter.rateLimited(endpoint, limit: limit, retryAfter: retryAfter, db)
            return nil
        case .failure(let error): throw error
        }
    }

    /// Takes a slot on `endpoint` and sleeps until it; false when stopped meanwhile.
    private func waitForSlot(_ endpoint: RateLimiter.Endpoint, limit: RateLimit, _ limiter: RateLimiter, _ db: Connection) throws -> Bool {
        while true {
            pause(try limiter.reserve(endpoint, limit: limit, db))
            if done { return false }
            // A 429 seen by another worker while we slept voids our slot: take a new one.
            if try limiter.remainingBlock(endpoint, db) == .zero { return true }
        }
    }

    /// Sleeps `duration` in short steps, returning early when stopped or finishing.
    private func pause(_ duration: Duration) {
        var left = duration
        while left > .zero, !done {
            let step = min(left, Dispatcher.stopCheckInterval)
            clock.sleep(step)
            left -= step
        }
    }
}
