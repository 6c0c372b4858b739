public import Foundation
public import Postgres
public import Reminders

/// The dispatcher's decisions about one attempt, each inside the caller's transaction and each
/// one `AttemptMachine` event.
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
        try apply(.refused(reason: reason, providerStatus: providerStatus, settlement: settlement, at: now), toAttempt: attemptID, now: now, db)
    }

    /// Marks a `dialing` attempt `unknown`: the request went out and no answer came back, so it
    /// must be reconciled before any re-dial; first looked at `lookAt` (nil: at once).
    @discardableResult
    public static func markUnknown(attemptID: Int64, error: String, lookAt: Date?, now: Date, _ db: Connection) throws -> AttemptUpdate {
        try apply(.sentWithoutAnswer(error: error, lookAt: lookAt), toAttempt: attemptID, now: now, db)
    }

    /// Gives a `dialing` or `unknown` attempt the call the provider accepted (from `GET
    /// /voice/sessions` or a status poll); the attempt moves to `initiating` unless an earlier
    /// webhook already moved it further.
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
        try apply(.endedUndialed(.skipped, reason: reason, at: now), toAttempt: attemptID, now: now, db)
    }

    /// Ends a `scheduled` attempt without dialing and settles its contact `cancelled` with `reason`.
    @discardableResult
    public static func cancel(attemptID: Int64, reason: String, now: Date, _ db: Connection) throws -> AttemptUpdate {
        try apply(.endedUndialed(.cancelled, reason: reason, at: now), toAttempt: attemptID, now: now, db)
    }

    /// Ends an attempt this worker claimed and never sent (`skipped` or `cancelled`, see
    /// `AttemptMachine.Event.droppedBeforeSending`) and settles its contact likewise.
    @discardableResult
    public static func drop(attemptID: Int64, as end: CallState, reason: String, now: Date, _ db: Connection) throws -> AttemptUpdate {
        try apply(.droppedBeforeSending(end, reason: reason, at: now), toAttempt: attemptID, now: now, db)
    }

    /// Moves a `scheduled` attempt to a new due time (a calling window opening later, a rate-limit wait).
    public static func reschedule(attemptID: Int64, dueAt: Date, now: Date, _ db: Connection) throws {
        let update = try apply(.rescheduled(dueAt: dueAt), toAttempt: attemptID, now: now, db)
        guard case .advance = update.transition else {
            throw AttemptOutcomesError.wrongState(attemptID: attemptID, state: update.previous.rawValue, operation: "reschedule")
        }
    }

    /// Puts a `dialing` attempt back to `scheduled` at `dueAt` after a dial that certainly placed
    /// no call (429, 5xx, connection refused), counting the transient failure for the backoff,
    /// on the contact's number now (a re-import during the dial may have changed it with the
    /// context the next claim reads). Only from `dialing`: an `unknown` attempt may have a call
    /// at the provider and must be reconciled instead.
    public static func requeue(attemptID: Int64, dueAt: Date, error: String, now: Date, _ db: Connection) throws {
        let attempt = try LockedAttempt.lock(attemptID, db)
        let update = try apply(.notPlaced(retryAt: dueAt, error: error, number: attempt.contactPhone), to: attempt, now: now, db)
        guard case .advance = update.transition else {
            throw AttemptOutcomesError.wrongState(attemptID: attemptID, state: attempt.state.rawValue, operation: "requeue")
        }
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
}
