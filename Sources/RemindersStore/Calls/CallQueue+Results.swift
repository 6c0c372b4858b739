public import Foundation
public import Postgres
import Reminders

/// Recording what came of a dial, each in its own short transaction and each one
/// `AttemptMachine` event, so a webhook that got there first is never overwritten.
extension CallQueue {
    /// What `recordAccepted` made of the dial's answer.
    public enum Acceptance: Sendable, Equatable {
        /// The attempt has the call (or already had it, from an earlier webhook).
        case recorded
        /// A webhook had already given the attempt another call id: the attempt keeps its state
        /// and id, `error` names both for the operator, and the call is stamped dialed and polled.
        case callIDDisagrees
    }

    /// The provider took the call: adopted as `initiating` with its id, `dialed_at` set to `now`,
    /// and polled after `pollAfter` if no final webhook comes. Like the claim, these times come
    /// from the caller's clock, so the frequency cap and the claim read the same clock.
    ///
    /// A call queued ahead (`scheduledAt`, submit-ahead mode) keeps that instant as its `due_at`:
    /// until then it may still be ended, should an opt-out or a cancellation come first.
    @discardableResult
    public static func recordAccepted(
        _ attemptID: Int64, callID: String, pollAfter: TimeInterval, scheduledAt: Date? = nil, now: Date, _ db: Connection
    ) throws -> Acceptance {
        let event = AttemptMachine.Event.accepted(
            callID: callID, at: now, pollAt: now.addingTimeInterval(pollAfter), queuedUntil: scheduledAt)
        return try db.transaction { tx in
            let attempt = try LockedAttempt.lock(attemptID, tx)
            let step = AttemptMachine.apply(event, to: attempt.record)
            try AttemptOutcomes.apply(step, to: attempt, now: now, tx)
            return step.callIDDisagrees ? .callIDDisagrees : .recorded
        }
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
        try db.transaction { tx in
            try AttemptOutcomes.markUnknown(
                attemptID: attemptID, error: reason, lookAt: now.addingTimeInterval(max(reconcileAfter, 0)), now: now, tx)
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
    /// recheck), its request never sent: cancelled, the contact settled `cancelled`.
    public static func recordCancelledBySource(_ attemptID: Int64, reason: String, now: Date, _ db: Connection) throws {
        try db.transaction { tx in
            _ = try AttemptOutcomes.drop(attemptID: attemptID, as: .cancelled, reason: reason, now: now, tx)
        }
    }

    /// A claimed attempt not dialed because its source could not be asked for too long, under
    /// `recheck_unavailable: skip`: skipped (`source_unavailable`), its request never sent.
    public static func recordSkippedUnasked(_ attemptID: Int64, now: Date, _ db: Connection) throws {
        try db.transaction { tx in
            _ = try AttemptOutcomes.drop(attemptID: attemptID, as: .skipped, reason: "source_unavailable", now: now, tx)
        }
    }
}
