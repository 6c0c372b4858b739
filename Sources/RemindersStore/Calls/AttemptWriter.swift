import Foundation
import Postgres
import Reminders

/// The one writer of attempts' columns: whatever `AttemptMachine` decided for attempts locked in
/// this transaction, written in one set-based statement (one attempt or a webhook batch's many).
///
/// The values are written as the machine left them, not merged with the row: the row was read
/// `FOR UPDATE` in the same transaction, so nothing changed it in between. Only the columns some
/// change alters are sent (a webhook batch moves a handful of the twenty), which keeps the
/// receiver's one statement per batch as light as it was before this writer.
enum AttemptWriter {
    /// One attempt's new record, and the record it had when locked; `webhookToken` is given at
    /// the claim (only its hash is stored), `newEvents` counts the webhook events stored for it
    /// in this batch.
    struct Change {
        let id: Int64
        let before: AttemptMachine.Record
        let record: AttemptMachine.Record
        var webhookToken: String?
        var newEvents = 0
    }

    /// Writes `changes` (nothing when empty).
    static func write(_ changes: [Change], _ db: Connection) throws {
        guard !changes.isEmpty else { return }
        try db.execute("\(updating: changes)")
    }

    /// One written column: its assignment (reading `u.<name>`), its value as text ('' is NULL),
    /// and whether a change alters it.
    struct Column: Sendable {
        let name: String
        let assignment: String
        let value: @Sendable (Change) -> String?
        let alters: @Sendable (Change) -> Bool

        /// A column of the record: `field` reads it (a closure, not a key path: this runs for
        /// every column of every change of every webhook batch), `text` writes it as text.
        init<Value: Equatable>(
            _ name: String, _ assignment: String, _ field: @escaping @Sendable (AttemptMachine.Record) -> Value,
            _ text: @escaping @Sendable (Value) -> String?
        ) {
            self.name = name
            self.assignment = assignment
            value = { text(field($0.record)) }
            alters = { field($0.before) != field($0.record) }
        }

        init(_ name: String, _ assignment: String, value: @escaping @Sendable (Change) -> String?, alters: @escaping @Sendable (Change) -> Bool) {
            self.name = name
            self.assignment = assignment
            self.value = value
            self.alters = alters
        }
    }

    private static func instant(_ date: Date?) -> String? { date.map { String($0.timeIntervalSince1970) } }
    private static func number<N: BinaryInteger>(_ value: N?) -> String? { value.map { String($0) } }
    private static func time(_ column: String) -> String { "\(column) = to_timestamp(NULLIF(u.\(column), '')::float8)" }
    private static func text(_ column: String) -> String { "\(column) = NULLIF(u.\(column), '')" }

    /// Every column the machine's record holds, and the two a change adds.
    static let columns: [Column] = [
        Column("state", "state = u.state", { $0.state }) { $0.rawValue },
        Column("call_id", text("call_id"), { $0.callID }) { $0 },
        Column("to_number", "to_number = u.to_number", { $0.toNumber }) { $0 },
        Column("due_at", time("due_at"), { $0.dueAt }) { instant($0) },
        Column("claimed_at", time("claimed_at"), { $0.claimedAt }) { instant($0) },
        Column("claimed_by", text("claimed_by"), { $0.claimedBy }) { $0 },
        Column("run_id", "run_id = NULLIF(u.run_id, '')::bigint", { $0.runID }) { number($0) },
        Column("dialed_at", time("dialed_at"), { $0.dialedAt }) { instant($0) },
        Column("answered_at", time("answered_at"), { $0.answeredAt }) { instant($0) },
        Column("ended_at", time("ended_at"), { $0.endedAt }) { instant($0) },
        Column("poll_at", time("poll_at"), { $0.pollAt }) { instant($0) },
        Column("poll_count", "poll_count = u.poll_count::integer", { $0.pollCount }) { number($0) },
        Column("transient_failures", "transient_failures = u.transient_failures::integer", { $0.transientFailures }) { number($0) },
        Column("duration_seconds", "duration_seconds = NULLIF(u.duration_seconds, '')::integer", { $0.durationSeconds }) { number($0) },
        Column("recording_id", text("recording_id"), { $0.recordingID }) { $0 },
        Column("end_reason", text("end_reason"), { $0.endReason }) { $0 },
        Column("provider_status", "provider_status = NULLIF(u.provider_status, '')::integer", { $0.providerStatus }) { number($0) },
        Column("error", text("error"), { $0.error }) { $0 },
        Column("resolved_by", text("resolved_by"), { $0.resolvedBy }) { $0 },
        Column("answer_due_at", time("answer_due_at"), { $0.answerDueAt }) { instant($0) },
        Column("end_requested", text("end_requested"), { $0.endRequested }) { $0 },
        Column("token", "webhook_token_hash = CASE WHEN u.token = '' THEN a.webhook_token_hash ELSE webhook_token_hash(u.token) END",
               value: { $0.webhookToken }, alters: { $0.webhookToken != nil }),
        Column("new_events", "event_count = a.event_count + u.new_events::integer",
               value: { String($0.newEvents) }, alters: { $0.newEvents > 0 }),
    ]
}

extension Query.StringInterpolation {
    /// `UPDATE call_attempts … RETURNING a.id` writing `changes`, for a statement of its own or a
    /// CTE of a larger one (the webhook batch's): arrays of text, '' standing for NULL (no column
    /// written here holds an empty text), times as epoch seconds. `updated_at` is the database's
    /// clock, which recovery compares it with to find dials a dead worker left.
    mutating func appendInterpolation(updating changes: [AttemptWriter.Change]) {
        let columns = AttemptWriter.columns.filter { column in changes.contains(where: column.alters) }
        appendLiteral("UPDATE call_attempts a SET ")
        for column in columns { appendLiteral(column.assignment + ", ") }
        appendLiteral("updated_at = clock_timestamp() FROM unnest(")
        appendInterpolation(changes.map { String($0.id) })
        for column in columns {
            appendLiteral(", ")
            appendInterpolation(changes.map { column.value($0) ?? "" })
        }
        appendLiteral(") AS u(id")
        for column in columns { appendLiteral(", " + column.name) }
        appendLiteral(") WHERE a.id = u.id::bigint RETURNING a.id")
    }
}
