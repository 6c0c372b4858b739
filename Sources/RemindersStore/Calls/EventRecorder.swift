public import Foundation
public import Postgres
import Reminders

/// Records a provider's event against the attempt its webhook token names, and applies it.
///
/// One call of `record` is one step of the receiver's transaction: the event is stored
/// (deduplicated on call id + status + timestamp), the attempt moves forward only, and the
/// contact is settled or its next attempt scheduled (`AttemptOutcomes`). Dispatchers are woken
/// with a NOTIFY on `WakeChannel.name` when an attempt ends; it is delivered at commit.
public enum EventRecorder {
    /// What happened to one event.
    public enum Result: Sendable, Equatable {
        /// No attempt has this token: nothing was stored.
        case unknownToken
        /// The event names a call other than the attempt's: nothing was stored or applied.
        case callIDMismatch(attemptID: Int64)
        /// The event was stored with this disposition (or was a duplicate of a stored one).
        case recorded(attemptID: Int64, disposition: Disposition, duplicate: Bool, update: AttemptUpdate?)
    }

    /// How a stored event was used (`call_events.disposition`).
    public enum Disposition: String, Sendable, Equatable {
        /// It moved the attempt forward.
        case applied
        /// It was a duplicate, late or out of order: kept, not applied.
        case late
        /// Its status is one we do not know: kept, never applied.
        case unrecognized
        /// It gave an attempt in `dialing` or `unknown` its call.
        case adopted
    }

    /// Stores and applies `event` for the attempt with webhook token `token`; call inside a transaction.
    public static func record(
        _ event: ProviderEvent, token: String, source: String = "webhook", now: Date, _ db: Connection
    ) throws -> Result {
        guard let attempt = try LockedAttempt.lock(token: token, db) else { return .unknownToken }
        if let known = attempt.callID, known != event.callID { return .callIDMismatch(attemptID: attempt.id) }
        var update: AttemptUpdate?
        let disposition: Disposition
        if let state = event.state {
            let report = AttemptReport(
                state: state, callID: event.callID, occurredAt: event.occurredAt,
                durationSeconds: event.durationSeconds, recordingID: event.recordingID, endReason: event.reason)
            let applied = try AttemptOutcomes.apply(report, to: attempt, source: source, now: now, db)
            update = applied
            if applied.adopted {
                disposition = .adopted
            } else if case .advance = applied.transition {
                disposition = .applied
            } else {
                disposition = .late
            }
        } else {
            disposition = .unrecognized
        }
        let inserted = try db.execute("""
            INSERT INTO call_events (attempt_id, call_id, status, event_at, dedupe_key, disposition, source, payload, received_at)
            VALUES (\(attempt.id), \(event.callID), \(event.status), \(event.occurredAt)::timestamptz, \(event.dedupeKey),
                    \(disposition.rawValue), \(source), \(event.payload)::jsonb, \(now)::timestamptz)
            ON CONFLICT (dedupe_key) DO NOTHING
            """)
        if let update, update.current.isTerminal, update.previous != update.current {
            try db.execute("SELECT pg_notify(\(WakeChannel.name), '')")
        }
        return .recorded(attemptID: attempt.id, disposition: disposition, duplicate: inserted == 0, update: update)
    }
}
