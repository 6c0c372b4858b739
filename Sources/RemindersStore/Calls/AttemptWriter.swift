import Foundation
import Postgres
import Reminders

/// The one writer of attempts' columns: whatever `AttemptMachine` decided for attempts locked in
/// this transaction, written in one set-based statement (one attempt or a webhook batch's many).
///
/// The values are written as the machine left them, not merged with the row: the row was read
/// `FOR UPDATE` in the same transaction, so nothing changed it in between.
enum AttemptWriter {
    /// One attempt's new record; `webhookToken` is given at the claim (only its hash is stored),
    /// `newEvents` counts the webhook events stored for it in this batch.
    struct Change {
        let id: Int64
        let record: AttemptMachine.Record
        var webhookToken: String?
        var newEvents = 0
    }

    /// Writes `changes` (nothing when empty).
    static func write(_ changes: [Change], _ db: Connection) throws {
        guard !changes.isEmpty else { return }
        try db.execute("\(updating: changes)")
    }
}

extension Query.StringInterpolation {
    /// `UPDATE call_attempts … RETURNING a.id` writing `changes`, for a statement of its own or a
    /// CTE of a larger one (the webhook batch's). Arrays of text, '' standing for NULL (no column
    /// written here holds an empty text), times as epoch seconds. `updated_at` is the database's
    /// clock, which recovery compares it with to find dials a dead worker left.
    mutating func appendInterpolation(updating changes: [AttemptWriter.Change]) {
        func column(_ value: (AttemptWriter.Change) -> String?) -> [String] { changes.map { value($0) ?? "" } }
        func instant(_ date: Date?) -> String? { date.map { String($0.timeIntervalSince1970) } }
        func number<N: BinaryInteger>(_ value: N?) -> String? { value.map { String($0) } }
        appendLiteral("""
            UPDATE call_attempts a SET
                state = u.state, call_id = NULLIF(u.call_id, ''), to_number = u.to_number,
                due_at = to_timestamp(u.due_at::float8),
                claimed_at = to_timestamp(NULLIF(u.claimed_at, '')::float8), claimed_by = NULLIF(u.claimed_by, ''),
                run_id = NULLIF(u.run_id, '')::bigint,
                dialed_at = to_timestamp(NULLIF(u.dialed_at, '')::float8),
                answered_at = to_timestamp(NULLIF(u.answered_at, '')::float8),
                ended_at = to_timestamp(NULLIF(u.ended_at, '')::float8),
                poll_at = to_timestamp(NULLIF(u.poll_at, '')::float8),
                poll_count = u.poll_count::integer, transient_failures = u.transient_failures::integer,
                duration_seconds = NULLIF(u.duration, '')::integer, recording_id = NULLIF(u.recording_id, ''),
                end_reason = NULLIF(u.end_reason, ''), provider_status = NULLIF(u.provider_status, '')::integer,
                error = NULLIF(u.error, ''), resolved_by = NULLIF(u.resolved_by, ''),
                webhook_token_hash = CASE WHEN u.token = '' THEN a.webhook_token_hash ELSE webhook_token_hash(u.token) END,
                event_count = a.event_count + u.new_events::integer, updated_at = clock_timestamp()
            FROM unnest(
            """)
        let columns: [[String]] = [
            column { String($0.id) }, column { $0.record.state.rawValue }, column(\.record.callID), column(\.record.toNumber),
            column { instant($0.record.dueAt) }, column { instant($0.record.claimedAt) }, column(\.record.claimedBy),
            column { number($0.record.runID) }, column { instant($0.record.dialedAt) }, column { instant($0.record.answeredAt) },
            column { instant($0.record.endedAt) }, column { instant($0.record.pollAt) }, column { number($0.record.pollCount) },
            column { number($0.record.transientFailures) }, column { number($0.record.durationSeconds) },
            column(\.record.recordingID), column(\.record.endReason), column { number($0.record.providerStatus) },
            column(\.record.error), column(\.record.resolvedBy), column(\.webhookToken), column { number($0.newEvents) },
        ]
        for (index, values) in columns.enumerated() {
            if index > 0 { appendLiteral(", ") }
            appendInterpolation(values)
        }
        appendLiteral("""
            ) AS u(id, state, call_id, to_number, due_at, claimed_at, claimed_by, run_id, dialed_at, answered_at, ended_at,
                   poll_at, poll_count, transient_failures, duration, recording_id, end_reason, provider_status, error,
                   resolved_by, token, new_events)
            WHERE a.id = u.id::bigint
            RETURNING a.id
            """)
    }
}
