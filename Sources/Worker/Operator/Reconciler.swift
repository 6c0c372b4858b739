public import Foundation
public import Logging
public import Postgres
public import Reminders
public import RemindersStore
public import VoiceAPI

/// `reminders reconcile`: compares a campaign's attempts with the provider's `GET /voice/sessions`
/// (paged, 100 a page, paced by the shared `sessions` bucket), repairs the differences through
/// `AttemptOutcomes`, and fills in ended calls' duration and end reason from `GET /voice/sessions/{id}`.
public struct Reconciler {
    let db: Connection
    let client: VoiceClient
    let clock: DispatchClock
    let logger: Logger
    let limit: RateLimit

    /// Pages read at most: 50 × 100 calls is more than a campaign dials in a day at 10 a minute.
    static let maximumPages = 50
    /// Ended calls given their details per pass: at 30 requests a minute, a few minutes' work.
    public static let detailsPerPass = 100

    /// Creates a reconciler; `limit` is the sessions bucket's rate.
    public init(db: Connection, client: VoiceClient, clock: DispatchClock = .system, logger: Logger, limit: RateLimit = RateLimiter.sessionsLimit) {
        self.db = db
        self.client = client
        self.clock = clock
        self.logger = logger
        self.limit = limit
    }

    /// What a pass found and did.
    public struct Summary: Sendable, Equatable {
        public var providerCalls = 0
        public var differences: [Reconciliation.Difference] = []
        /// Differences repaired (0 with `dryRun`).
        public var repaired = 0
        /// Ended calls given their duration or end reason.
        public var detailsFilled = 0
    }

    /// Reconciles `campaign`'s calls since `since`; with `dryRun`, only reports.
    public func reconcile(campaign: StoredCampaign, since: Date, dryRun: Bool) throws -> Summary {
        let slots = OperatorSlots(limiter: RateLimiter(account: client.accountID), db: db, clock: clock)
        let ours = try Reconciliation.attempts(campaignID: campaign.id, since: since, db)
        // Attempts still live are compared whenever they were claimed: look back far enough to list their calls.
        let from = ours.filter { !$0.state.isTerminal }.compactMap(\.claimedAt).reduce(since, min)
        let theirs = try providerCalls(agentID: campaign.campaign.agentID, since: from, slots)
        let ownIDs = Set(ours.compactMap(\.callID))
        let elsewhere = try CallQueue.knownCallIDs(theirs.map(\.callID).filter { !ownIDs.contains($0) }, db)
        var summary = Summary(providerCalls: theirs.count)
        summary.differences = Reconciliation.differences(ours: ours, theirs: theirs, knownElsewhere: elsewhere)
        guard !dryRun else { return summary }
        for difference in summary.differences {
            switch difference {
            case .adopt(let attemptID, let callID, let state):
                try Reconciliation.adopt(attemptID: attemptID, callID: callID, state: state, now: clock.now(), db)
                summary.repaired += 1
                logger.info("reconcile adopted a provider call", ["attempt": .int(Int(attemptID))])
            case .finish(let attemptID, let callID, let state):
                let details = try? sessionDetails(callID, slots)
                try db.transaction { tx in
                    _ = try AttemptOutcomes.apply(
                        AttemptReport(
                            state: state, callID: callID, durationSeconds: details?.duration, recordingID: details?.recordingID,
                            endReason: details?.reason),
                        toAttempt: attemptID, source: "sessions", now: clock.now(), tx)
                }
                summary.repaired += 1
                logger.info("reconcile applied the provider's end of a call", ["attempt": .int(Int(attemptID))])
            case .foreign(_, let toNumber):
                logger.warning("provider call matches no attempt", ["to": .phone(toNumber ?? "")])
            case .missing:
                break
            }
        }
        for item in try Reconciliation.missingDetails(campaignID: campaign.id, limit: Self.detailsPerPass, db) {
            guard let details = try? sessionDetails(item.callID, slots) else { continue }
            try Reconciliation.fillDetails(
                attemptID: item.attemptID, durationSeconds: details.duration, endReason: details.reason, recordingID: details.recordingID, db)
            summary.detailsFilled += 1
        }
        return summary
    }

    /// Every call of `agentID` the provider lists from `since` on, page by page.
    func providerCalls(agentID: String, since: Date, _ slots: OperatorSlots) throws -> [Reconciliation.ProviderCall] {
        var calls: [Reconciliation.ProviderCall] = []
        var offset = 0
        for _ in 0..<Self.maximumPages {
            let query = SessionQuery(
                agentID: agentID, limit: SessionQuery.maxLimit, offset: offset,
                startDate: since.addingTimeInterval(-Reconciliation.providerClockSkew))
            let page = try slots.paced("GET /voice/sessions", .sessions, limit: limit) { () throws(VoiceAPIError) in
                try client.sessions(query)
            }
            calls += page.sessions.map { session in
                Reconciliation.ProviderCall(
                    callID: session.callID, state: ProviderStatusMapping.state(for: session.status), toNumber: session.toNumber,
                    createdAt: session.createdAt)
            }
            offset += page.sessions.count
            if page.sessions.isEmpty || offset >= page.total { break }
        }
        return calls
    }

    func sessionDetails(_ callID: String, _ slots: OperatorSlots) throws -> SessionDetails {
        try slots.paced("GET /voice/sessions/{id}", .sessions, limit: limit) { () throws(VoiceAPIError) in
            try client.session(id: callID)
        }
    }
}
