public import Foundation
public import Postgres
public import Reminders

/// `reminders reconcile`: our record of a campaign's calls against the provider's
/// (`GET /voice/sessions`), the differences as a plan (pure, tested on its own), and the repairs.
public enum Reconciliation {
    /// One of our attempts that placed, or may have placed, a call.
    public struct Attempt: Sendable, Equatable {
        public let id: Int64
        public let state: CallState
        public let callID: String?
        public let toNumber: String
        /// When the dial was claimed: the provider's record of it cannot be older.
        public let claimedAt: Date?

        /// Creates an attempt as read from `call_attempts`.
        public init(id: Int64, state: CallState, callID: String?, toNumber: String, claimedAt: Date?) {
            self.id = id
            self.state = state
            self.callID = callID
            self.toNumber = toNumber
            self.claimedAt = claimedAt
        }
    }

    /// One call as the provider lists it.
    public struct ProviderCall: Sendable, Equatable {
        public let callID: String
        /// Its status as an attempt state; nil for a status we do not know.
        public let state: CallState?
        public let toNumber: String?
        public let createdAt: Date?

        /// Creates a call as read from a sessions page.
        public init(callID: String, state: CallState?, toNumber: String?, createdAt: Date?) {
            self.callID = callID
            self.state = state
            self.toNumber = toNumber
            self.createdAt = createdAt
        }
    }

    /// A difference and its repair.
    public enum Difference: Sendable, Equatable {
        /// The provider has a call for our `dialing` / `unknown` attempt (its answer was lost): adopt it.
        case adopt(attemptID: Int64, callID: String, state: CallState)
        /// We think the call is live; the provider has finished it: apply its terminal state.
        case finish(attemptID: Int64, callID: String, state: CallState)
        /// A call of this agent that no attempt of ours (any campaign) owns and none matches.
        case foreign(callID: String, toNumber: String?)
        /// Our attempt is `dialing` / `unknown` and the provider shows no call for it (yet).
        case missing(attemptID: Int64)
    }

    /// How far before our claim the provider may stamp a call (clock skew between us and it).
    public static let providerClockSkew: TimeInterval = 5

    /// The differences between `ours` and `theirs`. `knownElsewhere` holds call ids owned by
    /// attempts outside `ours` (other campaigns, older attempts): neither adopted nor foreign.
    ///
    /// An unowned provider call is adopted by the earliest-claimed `dialing` / `unknown` attempt to
    /// the same number claimed no later than the call was created (plus skew); each attempt adopts one call.
    public static func differences(ours: [Attempt], theirs: [ProviderCall], knownElsewhere: Set<String>) -> [Difference] {
        var differences: [Difference] = []
        let byCallID = Dictionary(ours.compactMap { attempt in attempt.callID.map { ($0, attempt) } }, uniquingKeysWith: { first, _ in first })
        var waiting = ours.filter { $0.callID == nil && ($0.state == .dialing || $0.state == .unknown) }
            .sorted { ($0.claimedAt ?? .distantPast, $0.id) < ($1.claimedAt ?? .distantPast, $1.id) }
        for call in theirs.sorted(by: { ($0.createdAt ?? .distantPast, $0.callID) < ($1.createdAt ?? .distantPast, $1.callID) }) {
            if let attempt = byCallID[call.callID] {
                if let state = call.state, state.isTerminal, !attempt.state.isTerminal {
                    differences.append(.finish(attemptID: attempt.id, callID: call.callID, state: state))
                }
                continue
            }
            if knownElsewhere.contains(call.callID) { continue }
            let match = waiting.firstIndex { attempt in
                guard attempt.toNumber == call.toNumber else { return false }
                guard let claimed = attempt.claimedAt, let created = call.createdAt else { return true }
                return claimed <= created.addingTimeInterval(providerClockSkew)
            }
            if let match {
                let attempt = waiting.remove(at: match)
                differences.append(.adopt(attemptID: attempt.id, callID: call.callID, state: call.state ?? .initiating))
            } else {
                differences.append(.foreign(callID: call.callID, toNumber: call.toNumber))
            }
        }
        differences += waiting.map { .missing(attemptID: $0.id) }
        return differences
    }

    /// The campaign's attempts that placed or may have placed a call since `since` (claimed, dialed
    /// or still live), both campaign and test calls.
    public static func attempts(campaignID: Int64, since: Date, _ db: Connection) throws -> [Attempt] {
        try db.query("""
            SELECT id, state, call_id, to_number, claimed_at FROM call_attempts
             WHERE campaign_id = \(campaignID) AND state <> 'scheduled'
               AND (state IN ('dialing', 'initiating', 'ringing', 'in_progress', 'unknown')
                    OR COALESCE(dialed_at, claimed_at) >= \(since)::timestamptz)
             ORDER BY id
            """).map { row in
            let text = try row.decode("state", as: String.self)
            guard let state = CallState(rawValue: text) else { throw StoreError.corrupt("attempt state \(text)") }
            return Attempt(
                id: try row.decode("id"), state: state, callID: try row.decode("call_id"), toNumber: try row.decode("to_number"),
                claimedAt: try row.decode("claimed_at"))
        }
    }

    /// Adopts the provider's call for a `dialing` / `unknown` attempt (`resolved_by = sessions`)
    /// and applies the state the provider reports; a call still live is polled soon.
    @discardableResult
    public static func adopt(attemptID: Int64, callID: String, state: CallState, now: Date, _ db: Connection) throws -> AttemptUpdate {
        try db.transaction { tx in
            try AttemptOutcomes.apply(
                AttemptReport(state: state, callID: callID), toAttempt: attemptID, source: "sessions", firstPollAt: now, now: now, tx)
        }
    }

    /// An ended call whose webhooks did not bring its duration or end reason.
    public struct MissingDetails: Sendable, Equatable {
        public let attemptID: Int64
        public let callID: String
    }

    /// Ended calls of the campaign lacking a duration or an end reason, oldest first (at most `limit`).
    public static func missingDetails(campaignID: Int64, limit: Int, _ db: Connection) throws -> [MissingDetails] {
        try db.query("""
            SELECT id, call_id FROM call_attempts
             WHERE campaign_id = \(campaignID) AND call_id IS NOT NULL
               AND state IN ('completed', 'no_answer', 'busy', 'failed')
               AND (duration_seconds IS NULL OR end_reason IS NULL)
             ORDER BY ended_at NULLS FIRST, id LIMIT \(limit)
            """).map { MissingDetails(attemptID: try $0.decode("id"), callID: try $0.decode("call_id")) }
    }

    /// Fills in what `GET /voice/sessions/{id}` says; values already stored are kept.
    public static func fillDetails(
        attemptID: Int64, durationSeconds: Int?, endReason: String?, recordingID: String?, _ db: Connection
    ) throws {
        try db.execute("""
            UPDATE call_attempts
               SET duration_seconds = COALESCE(duration_seconds, \(durationSeconds)::integer),
                   end_reason = COALESCE(end_reason, \(endReason)::text),
                   recording_id = COALESCE(recording_id, \(recordingID)::text)
             WHERE id = \(attemptID)
            """)
    }
}
