public import Foundation
public import Postgres
import Reminders

/// The dispatcher's decisions about one attempt, each inside the caller's transaction.
extension AttemptOutcomes {
    /// Records a dial the provider refused for good (an invalid number, a 4xx other than 429):
    /// the attempt becomes `failed` and the contact is settled without any retry.
    ///
    /// - Parameters:
    ///   - reason: the provider's reason, kept as the attempt's error and the contact's reason;
    ///     it must not contain the number or any personal data.
    ///   - settlement: `.notReached` (default) or `.skipped` for a number that can never be called.
    @discardableResult
    public static func failPermanently(
        attemptID: Int64, reason: String, providerStatus: Int?, settlement: ContactSettlement = .notReached,
        now: Date, _ db: Connection
    ) throws -> AttemptUpdate {
        let attempt = try LockedAttempt.lock(attemptID, db)
        let transition = attempt.state.apply(.failed)
        guard case .advance = transition else {
            return AttemptUpdate(attemptID: attemptID, previous: attempt.state, transition: transition, adopted: false, followUp: .none)
        }
        try db.execute("""
            UPDATE call_attempts SET state = 'failed', error = \(reason), provider_status = \(providerStatus)::integer,
                ended_at = COALESCE(ended_at, \(now)::timestamptz), poll_at = NULL, updated_at = \(now)::timestamptz
            WHERE id = \(attemptID)
            """)
        let followUp = try settleContact(attempt, as: settlement, reason: reason, now: now, db)
        return AttemptUpdate(attemptID: attemptID, previous: attempt.state, transition: transition, adopted: false, followUp: followUp)
    }

    /// Marks a `dialing` attempt `unknown`: the request went out and no answer came back, so it
    /// must be reconciled before any re-dial.
    @discardableResult
    public static func markUnknown(attemptID: Int64, error: String? = nil, now: Date, _ db: Connection) throws -> AttemptUpdate {
        let attempt = try LockedAttempt.lock(attemptID, db)
        let transition = attempt.state.apply(.unknown)
        if case .advance = transition {
            try db.execute("""
                UPDATE call_attempts SET state = 'unknown', error = COALESCE(\(error)::text, error), updated_at = \(now)::timestamptz
                WHERE id = \(attemptID)
                """)
        }
        return AttemptUpdate(attemptID: attemptID, previous: attempt.state, transition: transition, adopted: false, followUp: .none)
    }

    /// Gives a `dialing` or `unknown` attempt the call the provider accepted (from the dial
    /// response, `GET /voice/sessions` or a status poll); the attempt moves to `initiating`
    /// unless an earlier webhook already moved it further.
    @discardableResult
    public static func adoptCall(
        attemptID: Int64, callID: String, source: String, now: Date, _ db: Connection
    ) throws -> AttemptUpdate {
        try apply(AttemptReport(state: .initiating, callID: callID), toAttempt: attemptID, source: source, now: now, db)
    }

    /// Ends a `scheduled` attempt without dialing and settles its contact `skipped` with `reason`
    /// (for example `no_calling_window_before_appointment`, `suppressed`).
    @discardableResult
    public static func skip(attemptID: Int64, reason: String, now: Date, _ db: Connection) throws -> AttemptUpdate {
        try endUndialed(attemptID: attemptID, state: .skipped, settlement: .skipped, reason: reason, now: now, db)
    }

    /// Ends a `scheduled` attempt without dialing and settles its contact `cancelled` with `reason`.
    @discardableResult
    public static func cancel(attemptID: Int64, reason: String, now: Date, _ db: Connection) throws -> AttemptUpdate {
        try endUndialed(attemptID: attemptID, state: .cancelled, settlement: .cancelled, reason: reason, now: now, db)
    }

    /// Moves a `scheduled` attempt to a new due time (a calling window opening later, a rate-limit wait).
    public static func reschedule(attemptID: Int64, dueAt: Date, now: Date, _ db: Connection) throws {
        let attempt = try LockedAttempt.lock(attemptID, db)
        guard attempt.state == .scheduled else {
            throw AttemptOutcomesError.wrongState(attemptID: attemptID, state: attempt.state.rawValue, operation: "reschedule")
        }
        try db.execute("""
            UPDATE call_attempts SET due_at = \(dueAt)::timestamptz, claimed_by = NULL, claimed_at = NULL,
                updated_at = \(now)::timestamptz
            WHERE id = \(attemptID)
            """)
    }

    /// Puts a `dialing` attempt back to `scheduled` at `dueAt` after a dial that certainly placed
    /// no call (429, 5xx, connection refused), counting the transient failure for the backoff.
    ///
    /// Only from `dialing`: an `unknown` attempt may have a call at the provider and must be
    /// reconciled instead. This is the one backward move the state machine allows, because the
    /// attempt never left our side. It takes the contact's number now: a re-import during the
    /// dial may have changed it with the context the next claim reads.
    public static func requeue(attemptID: Int64, dueAt: Date, error: String, now: Date, _ db: Connection) throws {
        let attempt = try LockedAttempt.lock(attemptID, db)
        guard attempt.state == .dialing else {
            throw AttemptOutcomesError.wrongState(attemptID: attemptID, state: attempt.state.rawValue, operation: "requeue")
        }
        let number = attempt.kind == "campaign" ? attempt.contactPhone : attempt.toNumber
        try db.execute("""
            UPDATE call_attempts SET state = 'scheduled', due_at = \(dueAt)::timestamptz, error = \(error), to_number = \(number),
                transient_failures = transient_failures + 1, claimed_by = NULL, claimed_at = NULL, dialed_at = NULL,
                updated_at = \(now)::timestamptz
            WHERE id = \(attemptID)
            """)
    }

    /// Puts back contacts settled on a refusal that turned out to be the campaign's setup, not
    /// their number (the same refusal for several contacts in a row): the contact is pending
    /// again and gets a next attempt due `now`, with its number; the refused attempt stays as it
    /// ended. A contact settled otherwise, or changed since, is left alone. Returns how many.
    @discardableResult
    public static func reopenRefused(attemptIDs: [Int64], now: Date, _ db: Connection) throws -> Int {
        var reopened = 0
        for id in attemptIDs {
            try db.transaction { tx in
                let attempt = try LockedAttempt.lock(id, tx)
                guard attempt.kind == "campaign", attempt.state == .failed else { return }
                let changed = try tx.execute("""
                    UPDATE contacts SET status = 'pending', status_reason = NULL, settled_at = NULL, updated_at = \(now)::timestamptz
                     WHERE id = \(attempt.contactID) AND status IN ('skipped', 'not_reached')
                       AND status_reason LIKE 'provider\\_refused\\_%'
                    """)
                guard changed == 1 else { return }
                _ = try scheduleNextAttempt(after: attempt, dueAt: now, now: now, tx)
                reopened += 1
            }
        }
        return reopened
    }

    private static func endUndialed(
        attemptID: Int64, state: CallState, settlement: ContactSettlement, reason: String, now: Date, _ db: Connection
    ) throws -> AttemptUpdate {
        let attempt = try LockedAttempt.lock(attemptID, db)
        let transition = attempt.state.apply(state)
        guard case .advance = transition else {
            return AttemptUpdate(attemptID: attemptID, previous: attempt.state, transition: transition, adopted: false, followUp: .none)
        }
        try db.execute("""
            UPDATE call_attempts SET state = \(state.rawValue), end_reason = \(reason), updated_at = \(now)::timestamptz
            WHERE id = \(attemptID)
            """)
        let followUp = try settleContact(attempt, as: settlement, reason: reason, now: now, db)
        return AttemptUpdate(attemptID: attemptID, previous: attempt.state, transition: transition, adopted: false, followUp: followUp)
    }
}
