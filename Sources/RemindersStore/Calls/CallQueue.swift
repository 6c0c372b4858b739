public import Foundation
public import Postgres
import Reminders

/// Claims due attempts for dialing, at most one worker per attempt.
///
/// A claim is one short transaction: a `FOR UPDATE SKIP LOCKED` query takes the due attempt with
/// the earliest appointment and reads every fact the pre-dial checks (`DialGuard`) need; the
/// attempt is then marked `dialing`, or rescheduled or settled through `AttemptOutcomes`. It
/// commits before the request leaves, so a crash after it leaves a `dialing` attempt that
/// recovery reconciles instead of dialing twice.
public struct CallQueue: Sendable {
    /// Which worker claims: recorded as `claimed_by` and `run_id`.
    public let worker: String
    public let runID: Int64?
    /// Campaign names to work; empty means every campaign.
    public let campaigns: [String]

    /// How far ahead a submit-ahead campaign's attempts are sent: twelve hours covers a night's
    /// batch queued for the morning window.
    public static let submitAheadHorizon: TimeInterval = 12 * 3_600

    /// Frequency caps look back at most one week (the widest cap window).
    static let capLookback: TimeInterval = 7 * 86_400

    /// Campaign files already parsed, by their stored text: a claim needs its campaign's hours and
    /// caps, and parsing the same file for every dial would cost more than the claim itself.
    private let parsed = ParsedCampaigns()

    /// Creates a queue for one worker.
    public init(worker: String, runID: Int64?, campaigns: [String]) {
        self.worker = worker
        self.runID = runID
        self.campaigns = campaigns
    }

    /// What a claim came to.
    public enum Claim: Sendable, Equatable {
        /// Dial this attempt now.
        case dial(ClaimedAttempt)
        /// An attempt failed a check and was rescheduled or settled; claim again.
        case notDialed(attemptID: Int64, DialGuard.Verdict)
        /// Nothing is due.
        case empty
    }

    /// Skips an attempt whose row cannot be dialed as stored, with its reason.
    private static func settleUnusable(_ attemptID: Int64, _ reason: DialGuard.SettleReason, now: Date, _ tx: Connection) throws -> Claim {
        try AttemptOutcomes.skip(attemptID: attemptID, reason: reason.rawValue, now: now, tx)
        return .notDialed(attemptID: attemptID, .settle(reason))
    }

    /// Claims the next due attempt at `now` and runs the pre-dial checks on it.
    public func claimNext(now: Date, _ db: Connection) throws -> Claim {
        try db.transaction { tx in
            let horizon = now.addingTimeInterval(Self.submitAheadHorizon)
            guard let row = try tx.query("""
                SELECT a.id, a.contact_id, a.attempt_number, a.to_number, a.due_at,
                       a.transient_failures, ct.timezone, ct.appointment_at, ct.context::text AS context,
                       ct.status = 'cancelled' AS contact_cancelled, ct.external_id,
                       c.id AS campaign_id, c.name, c.config::text AS config, c.state,
                       EXISTS (SELECT 1 FROM suppressions s WHERE s.phone = a.to_number) AS suppressed
                  FROM call_attempts a
                  JOIN campaigns c ON c.id = a.campaign_id
                  JOIN contacts ct ON ct.id = a.contact_id
                 WHERE a.state = 'scheduled' AND a.kind = 'campaign' AND c.state <> 'paused'
                   AND (cardinality(\(campaigns)::text[]) = 0 OR c.name = ANY(\(campaigns)::text[]))
                   AND (a.due_at <= \(now)
                        OR (a.due_at <= \(horizon) AND (c.config->>'submit_ahead')::boolean IS TRUE))
                 ORDER BY ct.appointment_at, a.due_at, a.id
                 LIMIT 1
                   FOR UPDATE OF a SKIP LOCKED
                """).first
            else { return .empty }
            let attemptID = try row.decode("id", as: Int64.self)
            let toNumber = try row.decode("to_number", as: String.self)
            let campaign = try parsed.campaign(config: try row.decode("config"), name: try row.decode("name"))
            // A row this worker cannot use settles that one contact with its reason; it never
            // stops the run (the same row would stop every restart, and every other contact with it).
            guard let zone = Campaign.ianaTimeZone(try row.decode("timezone", as: String.self)) else {
                return try Self.settleUnusable(attemptID, .timeZoneUnknown, now: now, tx)
            }
            guard let context = try? JSONDecoder().decode([String: String].self, from: Data(try row.decode("context", as: String.self).utf8))
            else { return try Self.settleUnusable(attemptID, .contextUnreadable, now: now, tx) }
            guard let state = CampaignState(rawValue: try row.decode("state", as: String.self)) else {
                throw StoreError.corrupt("campaign state of attempt \(attemptID)")
            }
            let contactID = try row.decode("contact_id", as: Int64.self)
            // One claim per number at a time, so two workers cannot both pass the frequency cap.
            try tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(toNumber)::text, 0))")
            let facts = DialGuard.Facts(
                campaignState: state,
                suppressed: try row.decode("suppressed"),
                appointment: try row.decode("appointment_at"),
                timeZone: zone,
                callingHours: campaign.callingHours,
                frequencyCap: campaign.frequencyCap,
                otherDials: try Self.otherReminders(to: toNumber, except: contactID, now: now, tx),
                dueAt: try row.decode("due_at"),
                submitAhead: campaign.submitAhead,
                contactCancelled: try row.decode("contact_cancelled"))
            let verdict = DialGuard.check(facts, now: now)
            switch verdict {
            case .dial(let scheduledAt):
                // The token is made here and only its hash is stored: it lives in the dial's URL.
                let token = WebhookToken.generate()
                try AttemptOutcomes.apply(
                    .claimed(by: worker, run: runID, at: now), to: try LockedAttempt.lock(attemptID, tx), webhookToken: token, now: now, tx)
                return .dial(ClaimedAttempt(
                    id: attemptID, contactID: contactID, externalID: try row.decode("external_id"), attemptNumber: Int(try row.decode("attempt_number", as: Int32.self)),
                    toNumber: toNumber, webhookToken: token, context: context,
                    campaign: campaign, campaignID: try row.decode("campaign_id"), scheduledAt: scheduledAt,
                    transientFailures: Int(try row.decode("transient_failures", as: Int32.self))))
            case .reschedule(let at, _):
                try AttemptOutcomes.reschedule(attemptID: attemptID, dueAt: at, now: now, tx)
            case .settle(let reason) where reason == .campaignCancelled || reason == .contactCancelled:
                try AttemptOutcomes.cancel(attemptID: attemptID, reason: reason.rawValue, now: now, tx)
            case .settle(let reason):
                try AttemptOutcomes.skip(attemptID: attemptID, reason: reason.rawValue, now: now, tx)
            }
            return .notDialed(attemptID: attemptID, verdict)
        }
    }

    /// When each other contact's reminder last went to `number` in the cap's window, any campaign:
    /// retries to one contact are one reminder, so they do not count against each other.
    static func otherReminders(to number: String, except contactID: Int64, now: Date, _ db: Connection) throws -> [Date] {
        try db.query("""
            SELECT max(COALESCE(dialed_at, claimed_at)) AS at FROM call_attempts
             WHERE to_number = \(number) AND contact_id <> \(contactID) AND kind = 'campaign'
               AND (dialed_at IS NOT NULL OR state IN ('dialing', 'unknown'))
               AND COALESCE(dialed_at, claimed_at) > \(now.addingTimeInterval(-capLookback))
             GROUP BY contact_id
            """).map { try $0.decode("at", as: Date.self) }
    }
}
