public import Foundation
public import Postgres
import Reminders

/// The one place that moves an attempt's state and settles or retries its contact.
///
/// Every method runs inside the caller's transaction (`db.transaction { tx in … }`): it locks the
/// attempt's row first, so a webhook, a status poll and the dispatcher deciding about the same
/// attempt are applied one after another, each seeing the other's result. States only move
/// forward (`CallState.apply`); a terminal attempt never changes again.
public enum AttemptOutcomes {
    /// Applies a provider's report to attempt `attemptID`.
    ///
    /// An attempt in `dialing` or `unknown` without a call id adopts the report's call id
    /// (`resolved_by` is set to `source` for an `unknown` one). A report whose call id differs from
    /// the attempt's throws `callIDMismatch` and changes nothing. When the new state is terminal,
    /// the contact is settled, or its next attempt scheduled by the campaign's retry policy.
    ///
    /// - Parameter source: who reported (`webhook`, `sessions`, `status`, `dial`), kept as
    ///   `resolved_by` when it resolves an `unknown` attempt.
    @discardableResult
    public static func apply(
        _ report: AttemptReport, toAttempt attemptID: Int64, source: String, now: Date, _ db: Connection
    ) throws -> AttemptUpdate {
        try apply(report, to: try LockedAttempt.lock(attemptID, db), source: source, now: now, db)
    }

    /// Applies `report` to an attempt already locked in this transaction.
    static func apply(
        _ report: AttemptReport, to attempt: LockedAttempt, source: String, now: Date, _ db: Connection
    ) throws -> AttemptUpdate {
        let attemptID = attempt.id
        let (transition, adoptedCallID) = try decide(report, state: attempt.state, callID: attempt.callID, attemptID: attemptID)
        guard case .advance(let next) = transition else {
            if let adoptedCallID {
                try db.execute("""
                    UPDATE call_attempts SET call_id = \(adoptedCallID), updated_at = \(now)::timestamptz
                    WHERE id = \(attemptID)
                    """)
            }
            return AttemptUpdate(
                attemptID: attemptID, previous: attempt.state, transition: transition,
                adopted: adoptedCallID != nil, followUp: .none)
        }
        let at = report.occurredAt ?? now
        let answered = next == .inProgress || next == .completed
        let resolvedBy: String? = attempt.state == .unknown ? source : nil
        // The dial's own answer stamps these itself (`recordAccepted`), with its poll delay.
        let firstNews = source == "dial" ? nil : try FirstNews(of: attempt, becoming: next, at: at, now: now, db)
        try db.execute("""
            UPDATE call_attempts SET
                state = \(next.rawValue),
                call_id = COALESCE(call_id, \(adoptedCallID)::text),
                answered_at = CASE WHEN \(answered) THEN COALESCE(answered_at, \(at)::timestamptz) ELSE answered_at END,
                ended_at = CASE WHEN \(next.isTerminal) THEN COALESCE(ended_at, \(at)::timestamptz) ELSE ended_at END,
                dialed_at = CASE WHEN \(firstNews != nil) THEN COALESCE(dialed_at, claimed_at, \(firstNews?.dialedAt)::timestamptz)
                                 ELSE dialed_at END,
                poll_at = CASE WHEN \(next.isTerminal) THEN NULL ELSE COALESCE(poll_at, \(firstNews?.pollAt)::timestamptz) END,
                duration_seconds = COALESCE(\(report.durationSeconds)::integer, duration_seconds),
                recording_id = COALESCE(\(report.recordingID)::text, recording_id),
                end_reason = COALESCE(\(report.endReason)::text, end_reason),
                resolved_by = COALESCE(\(resolvedBy)::text, resolved_by),
                updated_at = \(now)::timestamptz
            WHERE id = \(attemptID)
            """)
        let followUp = next.isTerminal ? try settleOrRetry(attempt, endedIn: next, endedAt: at, now: now, db) : .none
        return AttemptUpdate(
            attemptID: attemptID, previous: attempt.state, transition: transition,
            adopted: adoptedCallID != nil, followUp: followUp)
    }

    /// The pure part of applying a report: the transition it makes, and the call id it gives an
    /// attempt in `dialing` or `unknown` that has none. A different call id than the attempt's throws.
    static func decide(
        _ report: AttemptReport, state: CallState, callID: String?, attemptID: Int64
    ) throws -> (transition: CallTransition, adoptedCallID: String?) {
        var adoptedCallID: String?
        if let reported = report.callID {
            if let known = callID {
                guard known == reported else { throw AttemptOutcomesError.callIDMismatch(attemptID: attemptID) }
            } else if state == .dialing || state == .unknown {
                adoptedCallID = reported
            }
        }
        return (state.apply(report.state), adoptedCallID)
    }

    /// What follows an attempt that just became terminal: settle the contact or schedule a retry.
    static func settleOrRetry(
        _ attempt: LockedAttempt, endedIn state: CallState, endedAt: Date, now: Date, _ db: Connection
    ) throws -> FollowUp {
        // Test calls go to staff and stay out of contact outcomes; a settled contact stays settled.
        guard attempt.kind == "campaign", attempt.contactStatus == "pending" else { return .none }
        guard let outcome = state.attemptOutcome else { return .none }
        if outcome == .completed {
            return try settleContact(attempt, as: .reached, reason: nil, now: now, db)
        }
        if attempt.campaignState == "cancelled" {
            return try settleContact(attempt, as: .cancelled, reason: "campaign_cancelled", now: now, db)
        }
        // A paused campaign still gets its retry scheduled: the dispatcher checks the state at dial time.
        let campaign = try CampaignStore.load(id: attempt.campaignID, db).campaign
        // A zone this machine does not know gives no calling window: the contact is settled as
        // the claim would settle it, rather than retried in a guessed zone.
        guard let zone = Campaign.ianaTimeZone(attempt.contactTimeZone) else {
            return try settleContact(attempt, as: .skipped, reason: DialGuard.SettleReason.timeZoneUnknown.rawValue, now: now, db)
        }
        let decision = campaign.retry.decide(
            after: outcome, attempt: attempt.attemptNumber, endedAt: endedAt, appointment: attempt.appointmentAt,
            callingHours: campaign.callingHours, timeZone: zone, now: now)
        switch decision {
        case .retry(let dueAt):
            let id = try scheduleNextAttempt(after: attempt, dueAt: dueAt, now: now, db)
            return .retry(attemptID: id, dueAt: dueAt)
        case .settle(.reached):
            return try settleContact(attempt, as: .reached, reason: nil, now: now, db)
        case .settle(.notReached(let reason)):
            return try settleContact(attempt, as: .notReached, reason: reason.description, now: now, db)
        }
    }

    /// Inserts the contact's next attempt: number + 1 (its webhook token is made when it is
    /// claimed), and the contact's number now, which goes with the context the claim will read (a re-import during the call
    /// may have changed both; the call itself finished on the number it was placed to).
    static func scheduleNextAttempt(after attempt: LockedAttempt, dueAt: Date, now: Date, _ db: Connection) throws -> Int64 {
        guard let row = try db.query("""
            INSERT INTO call_attempts
                (contact_id, campaign_id, attempt_number, kind, state, due_at, to_number, created_at, updated_at)
            VALUES (\(attempt.contactID), \(attempt.campaignID), \(attempt.attemptNumber + 1), \(attempt.kind),
                    'scheduled', \(dueAt)::timestamptz, \(attempt.contactPhone),
                    \(now)::timestamptz, \(now)::timestamptz)
            RETURNING id
            """).first
        else { throw AttemptOutcomesError.corrupt("INSERT … RETURNING gave no row") }
        return try row.decode("id")
    }

    /// Settles a pending contact; one already settled is left as it is.
    static func settleContact(
        _ attempt: LockedAttempt, as settlement: ContactSettlement, reason: String?, now: Date, _ db: Connection
    ) throws -> FollowUp {
        guard attempt.kind == "campaign" else { return .none }
        let changed = try db.execute("""
            UPDATE contacts SET status = \(settlement.rawValue), status_reason = \(reason)::text,
                settled_at = \(now)::timestamptz, updated_at = \(now)::timestamptz
            WHERE id = \(attempt.contactID) AND status = 'pending'
            """)
        return changed == 0 ? .none : .settled(settlement, reason: reason)
    }
}
