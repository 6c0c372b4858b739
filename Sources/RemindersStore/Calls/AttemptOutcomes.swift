public import Foundation
public import Postgres
public import Reminders

/// Applies `AttemptMachine`'s decisions to the database: the one place that moves an attempt's
/// state and settles or retries its contact.
///
/// Every method runs inside the caller's transaction (`db.transaction { tx in … }`): it locks the
/// attempt's row first, so a webhook, a status poll and the dispatcher deciding about the same
/// attempt are applied one after another, each seeing the other's result. The machine decides
/// (states only move forward, except a dial that certainly placed no call; a terminal attempt
/// never changes again), `AttemptWriter` writes, and the follow-up for the contact is applied here.
public enum AttemptOutcomes {
    /// Applies `event` to attempt `attemptID`: the machine's step, written, and its follow-up.
    @discardableResult
    public static func apply(_ event: AttemptMachine.Event, toAttempt attemptID: Int64, now: Date, _ db: Connection) throws -> AttemptUpdate {
        try apply(event, to: try LockedAttempt.lock(attemptID, db), now: now, db)
    }

    /// Applies `event` to an attempt already locked in this transaction.
    static func apply(_ event: AttemptMachine.Event, to attempt: LockedAttempt, webhookToken: String? = nil, now: Date, _ db: Connection)
        throws -> AttemptUpdate
    {
        try apply(AttemptMachine.apply(event, to: attempt.record), to: attempt, webhookToken: webhookToken, now: now, db)
    }

    /// Writes a step the machine has already taken for `attempt`, and applies its follow-up.
    static func apply(_ step: AttemptMachine.Step, to attempt: LockedAttempt, webhookToken: String? = nil, now: Date, _ db: Connection)
        throws -> AttemptUpdate
    {
        if step.changed(from: attempt.record) || webhookToken != nil {
            try AttemptWriter.write([.init(id: attempt.id, before: attempt.record, record: step.record, webhookToken: webhookToken)], db)
        }
        let followUp = try follow(step.followUp, of: attempt, now: now, db)
        return AttemptUpdate(
            attemptID: attempt.id, previous: attempt.state, transition: step.transition, adopted: step.adoptedCallID != nil,
            followUp: followUp)
    }

    /// Applies a provider's report (`source`: `webhook`, `sessions`, `status`) to attempt `attemptID`.
    ///
    /// An attempt in `dialing` or `unknown` without a call id adopts the report's call id; the
    /// first news of a placed call stamps it dialed and, while live, polled after the campaign's
    /// `statusPollDelay`. A report whose call id differs from the attempt's throws
    /// `callIDMismatch` and changes nothing. When the new state is terminal, the contact is
    /// settled, or its next attempt scheduled by the campaign's retry policy.
    ///
    /// - Parameter firstPollAt: when to poll a call first heard of now, instead of after the
    ///   campaign's delay (a call found in the sessions list is asked about at once: its webhooks
    ///   may have gone to a dead worker's run).
    @discardableResult
    public static func apply(
        _ report: AttemptReport, toAttempt attemptID: Int64, source: String, firstPollAt: Date? = nil, now: Date, _ db: Connection
    ) throws -> AttemptUpdate {
        let attempt = try LockedAttempt.lock(attemptID, db)
        let firstPollAt = try firstPollAt ?? firstPoll(of: attempt.record, campaignID: attempt.campaignID, now: now) { id in
            try pollDelay(campaignID: id, db)
        }
        let step = AttemptMachine.apply(.reported(report, source: source, firstPollAt: firstPollAt, at: now), to: attempt.record)
        if step.callIDDisagrees { throw AttemptOutcomesError.callIDMismatch(attemptID: attemptID) }
        return try apply(step, to: attempt, now: now, db)
    }

    /// When a call first heard of now is polled if no final webhook comes: after its campaign's
    /// `statusPollDelay`, read through `delay` (batches cache it). Nil for an attempt whose call
    /// is already known, and then the delay is not read. One rule for one attempt and for batches.
    static func firstPoll(of record: AttemptMachine.Record, campaignID: Int64, now: Date,
                          delay: (Int64) throws -> TimeInterval) throws -> Date? {
        guard record.awaitsFirstNews else { return nil }
        return now.addingTimeInterval(try delay(campaignID))
    }

    /// A campaign's `statusPollDelay`, read from the store.
    static func pollDelay(campaignID: Int64, _ db: Connection) throws -> TimeInterval {
        try CampaignStore.load(id: campaignID, db).campaign.statusPollDelay
    }

    /// Applies what the machine says follows for the contact.
    static func follow(_ followUp: AttemptMachine.FollowUp, of attempt: LockedAttempt, now: Date, _ db: Connection) throws -> FollowUp {
        switch followUp {
        case .none:
            return .none
        case .settleOrRetry(let outcome, let endedAt):
            return try settleOrRetry(attempt, endedIn: outcome, endedAt: endedAt, now: now, db)
        case .settle(let settlement, let reason):
            return try settleContact(attempt, as: settlement, reason: reason, now: now, db)
        }
    }

    /// What follows an attempt that just became terminal: settle the contact or schedule a retry.
    static func settleOrRetry(
        _ attempt: LockedAttempt, endedIn outcome: AttemptOutcome, endedAt: Date, now: Date, _ db: Connection
    ) throws -> FollowUp {
        // Test calls go to staff and stay out of contact outcomes; a settled contact stays settled.
        guard attempt.kind == "campaign", attempt.contactStatus == "pending" else { return .none }
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
        let changed = try db.execute("\(settling: [attempt.contactID], as: settlement, reason: reason, now: now)")
        return changed == 0 ? .none : .settled(settlement, reason: reason)
    }
}

extension Query.StringInterpolation {
    /// `UPDATE contacts … RETURNING id` settling the pending ones of `contactIDs` (one settled
    /// already is left as it is): the one statement that settles a contact after its call, for
    /// `AttemptOutcomes` and as a CTE of the webhook batch's statement.
    mutating func appendInterpolation(settling contactIDs: [Int64], as settlement: ContactSettlement, reason: String?, now: Date) {
        appendLiteral("UPDATE contacts SET status = ")
        appendInterpolation(settlement.rawValue)
        appendLiteral(", status_reason = ")
        appendInterpolation(reason)
        appendLiteral("::text, settled_at = ")
        appendInterpolation(now)
        appendLiteral("::timestamptz, updated_at = ")
        appendInterpolation(now)
        appendLiteral("::timestamptz WHERE id = ANY(")
        appendInterpolation(contactIDs.map(String.init))
        appendLiteral("::bigint[]) AND status = 'pending' RETURNING id")
    }
}
