public import Foundation
public import Postgres

/// Recording what came of a dial, each in its own short transaction. State changes go through
/// `AttemptOutcomes`, so a webhook that got there first is never overwritten.
extension CallQueue {
    /// The provider took the call: adopted as `initiating` with its id, `dialed_at` set to `now`,
    /// and polled after `pollAfter` if no final webhook comes. Like the claim, these times come
    /// from the caller's clock, so the frequency cap and the claim read the same clock.
    ///
    /// A call queued ahead (`scheduledAt`, submit-ahead mode) keeps that instant as its `due_at`:
    /// until then it may still be ended, should an opt-out or a cancellation come first.
    public static func recordAccepted(
        _ attemptID: Int64, callID: String, pollAfter: TimeInterval, scheduledAt: Date? = nil, now: Date, _ db: Connection
    ) throws {
        let pollMicros = Int64((pollAfter * 1_000_000).rounded(.up))
        try db.transaction { tx in
            try AttemptOutcomes.adoptCall(attemptID: attemptID, callID: callID, source: "dial", now: now, tx)
            try tx.execute("""
                UPDATE call_attempts
                   SET due_at = COALESCE(\(scheduledAt)::timestamptz, due_at),
                       dialed_at = COALESCE(dialed_at, \(now)),
                       poll_at = CASE WHEN state IN ('initiating', 'ringing', 'in_progress')
                                      THEN \(now)::timestamptz + \(pollMicros) * interval '1 microsecond' END
                 WHERE id = \(attemptID)
                """)
        }
    }

    /// The dial was accepted as `callID`, but a webhook had already given the attempt another call
    /// id. The attempt keeps its state and id; `error` names both for the operator, and the call is
    /// stamped as dialed (so the frequency cap counts it) and polled after `pollAfter`.
    public static func recordCallIDDisagreement(
        _ attemptID: Int64, dialAnswered callID: String, pollAfter: TimeInterval, now: Date, _ db: Connection
    ) throws {
        let pollMicros = Int64((pollAfter * 1_000_000).rounded(.up))
        try db.execute("""
            UPDATE call_attempts
               SET error = 'call_id_disagrees: the dial answered ' || \(callID)::text || ', webhooks named ' || COALESCE(call_id, '?'),
                   dialed_at = COALESCE(dialed_at, \(now)),
                   poll_at = CASE WHEN state IN ('initiating', 'ringing', 'in_progress')
                                  THEN COALESCE(poll_at, \(now)::timestamptz + \(pollMicros) * interval '1 microsecond')
                                  ELSE poll_at END,
                   updated_at = \(now)
             WHERE id = \(attemptID)
            """)
    }

    /// No call was placed (429 or a transient failure): back to `scheduled`, due at `dueAt`, the
    /// attempt not used up (`transient_failures` counts it, for the backoff). Returns false when
    /// the attempt had already left `dialing` (recovery took it), leaving it as it is.
    @discardableResult
    public static func recordNotPlaced(_ attemptID: Int64, dueAt: Date, reason: String, now: Date, _ db: Connection) throws -> Bool {
        do {
            try db.transaction { tx in
                try AttemptOutcomes.requeue(attemptID: attemptID, dueAt: dueAt, error: reason, now: now, tx)
            }
            return true
        } catch AttemptOutcomesError.wrongState {
            return false
        }
    }

    /// The request was sent but its fate is unknown: `unknown` until reconciled, first looked at
    /// after `reconcileAfter`.
    public static func recordAmbiguous(_ attemptID: Int64, reason: String, reconcileAfter: TimeInterval, now: Date, _ db: Connection) throws {
        let micros = Int64((max(reconcileAfter, 0) * 1_000_000).rounded(.up))
        try db.transaction { tx in
            try AttemptOutcomes.markUnknown(attemptID: attemptID, error: reason, now: now, tx)
            try tx.execute("""
                UPDATE call_attempts SET poll_at = \(now)::timestamptz + \(micros) * interval '1 microsecond'
                 WHERE id = \(attemptID) AND state = 'unknown'
                """)
        }
    }

    /// The provider refused the dial for good: the attempt fails and the contact is settled. A
    /// refused number (400, 422) can never be called, so its contact is `skipped`.
    public static func recordRefused(_ attemptID: Int64, providerStatus: Int, now: Date, _ db: Connection) throws {
        // The provider's message may quote the number, so only its status is kept.
        let badNumber = providerStatus == 400 || providerStatus == 422
        try db.transaction { tx in
            try AttemptOutcomes.failPermanently(
                attemptID: attemptID, reason: badNumber ? "provider_refused_number" : "provider_refused_\(providerStatus)",
                providerStatus: providerStatus, settlement: badNumber ? .skipped : .notReached, now: now, tx)
        }
    }

    /// A claimed attempt whose appointment the source has cancelled since the import (its
    /// recheck): the attempt, never sent, goes back to `scheduled` (the one backward move, see
    /// `AttemptOutcomes.requeue`) and is cancelled from there; the contact is settled `cancelled`.
    public static func recordCancelledBySource(_ attemptID: Int64, reason: String, now: Date, _ db: Connection) throws {
        try db.transaction { tx in
            try AttemptOutcomes.requeue(attemptID: attemptID, dueAt: now, error: reason, now: now, tx)
            _ = try AttemptOutcomes.cancel(attemptID: attemptID, reason: reason, now: now, tx)
        }
    }

    /// A claimed attempt not dialed because its source could not be asked for too long, under
    /// `recheck_unavailable: skip`: back to `scheduled`, then skipped (`source_unavailable`).
    public static func recordSkippedUnasked(_ attemptID: Int64, now: Date, _ db: Connection) throws {
        try db.transaction { tx in
            try AttemptOutcomes.requeue(attemptID: attemptID, dueAt: now, error: "source_unavailable", now: now, tx)
            _ = try AttemptOutcomes.skip(attemptID: attemptID, reason: "source_unavailable", now: now, tx)
        }
    }
}
