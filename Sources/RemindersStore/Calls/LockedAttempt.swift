import Foundation
import Postgres
import Reminders

/// An attempt's row, locked FOR UPDATE for the rest of the caller's transaction, with what
/// deciding its follow-up needs from its contact and campaign.
struct LockedAttempt {
    let id: Int64
    /// The webhook token the attempt was found by; empty when it was locked by id.
    let token: String
    let contactID: Int64
    let campaignID: Int64
    let attemptNumber: Int
    let kind: String
    let state: CallState
    let toNumber: String
    let callID: String?
    /// When the call ended, for attempts in a terminal state.
    let endedAt: Date?
    /// Events stored for the attempt so far.
    let eventCount: Int
    let contactStatus: String
    /// The contact's number now: a re-import may have changed it while this attempt's call was live.
    let contactPhone: String
    let contactTimeZone: String
    let appointmentAt: Date
    let campaignState: String
    /// The columns `AttemptMachine` reads and writes, as locked.
    let record: AttemptMachine.Record

    /// Locks attempt `id` (only the attempt row: the contact's other attempts are terminal or this one).
    static func lock(_ id: Int64, _ db: Connection) throws -> LockedAttempt {
        guard let row = try db.query("""
            SELECT '' AS token, \(unsafeSQL: columns) FROM call_attempts a \(unsafeSQL: joins)
            WHERE a.id = \(id) FOR UPDATE OF a
            """).first
        else { throw AttemptOutcomesError.attemptNotFound(id) }
        return try decode(row)
    }

    /// Locks the attempts whose webhook URLs carry `tokens`, in id order (so two batches that
    /// share attempts wait for each other instead of deadlocking), keyed by token.
    static func lock(tokens: [String], _ db: Connection) throws -> [String: LockedAttempt] {
        try locked(try db.query(lockQuery(tokens: tokens)))
    }

    /// The statement behind `lock(tokens:)`, for sending in a pipeline; `locked` reads its rows.
    /// Only hashes of tokens are stored (`webhook_token_hash()`, migration 0002).
    static func lockQuery(tokens: [String]) -> Query {
        """
        SELECT t.token, \(unsafeSQL: columns)
        FROM unnest(\(tokens)::text[]) AS t(token)
        JOIN call_attempts a ON a.webhook_token_hash = webhook_token_hash(t.token) \(unsafeSQL: joins)
        ORDER BY a.id FOR UPDATE OF a
        """
    }

    /// The attempts `lockQuery` returned, keyed by token.
    static func locked(_ rows: Rows) throws -> [String: LockedAttempt] {
        var attempts: [String: LockedAttempt] = [:]
        for row in rows {
            let attempt = try decode(row)
            attempts[attempt.token] = attempt
        }
        return attempts
    }

    private static let columns = """
        a.id, a.contact_id, a.campaign_id, a.attempt_number, a.kind, a.state, a.to_number, a.call_id, a.ended_at,
        a.event_count, a.due_at, a.claimed_at, a.claimed_by, a.run_id, a.dialed_at, a.answered_at, a.poll_at, a.poll_count,
        a.transient_failures, a.duration_seconds, a.recording_id, a.end_reason, a.provider_status, a.error, a.resolved_by,
        a.answer_due_at, a.end_requested,
        c.status AS contact_status, c.phone AS contact_phone, c.timezone, c.appointment_at, k.state AS campaign_state
        """
    private static let joins = "JOIN contacts c ON c.id = a.contact_id JOIN campaigns k ON k.id = a.campaign_id"

    private static func decode(_ row: Row) throws -> LockedAttempt {
        let id = try row.decode("id", as: Int64.self)
        let stateText = try row.decode("state", as: String.self)
        guard let state = CallState(rawValue: stateText) else {
            throw AttemptOutcomesError.corrupt("call_attempts.state \(stateText) for attempt \(id)")
        }
        let kind = try row.decode("kind", as: String.self)
        let record = AttemptMachine.Record(
            state: state, callID: try row.decode("call_id"), toNumber: try row.decode("to_number"), dueAt: try row.decode("due_at"),
            claimedAt: try row.decode("claimed_at"), claimedBy: try row.decode("claimed_by"), runID: try row.decode("run_id"),
            dialedAt: try row.decode("dialed_at"), answeredAt: try row.decode("answered_at"), endedAt: try row.decode("ended_at"),
            pollAt: try row.decode("poll_at"), pollCount: Int(try row.decode("poll_count", as: Int32.self)),
            transientFailures: Int(try row.decode("transient_failures", as: Int32.self)),
            durationSeconds: try row.decode("duration_seconds", as: Int32?.self).map(Int.init),
            recordingID: try row.decode("recording_id"), endReason: try row.decode("end_reason"),
            providerStatus: try row.decode("provider_status", as: Int32?.self).map(Int.init), error: try row.decode("error"),
            resolvedBy: try row.decode("resolved_by"), answerDueAt: try row.decode("answer_due_at"),
            endRequested: try row.decode("end_requested"), isTest: kind == "test")
        return LockedAttempt(
            id: id, token: try row.decode("token"), contactID: try row.decode("contact_id"), campaignID: try row.decode("campaign_id"),
            attemptNumber: try row.decode("attempt_number"), kind: kind, state: state,
            toNumber: try row.decode("to_number"), callID: try row.decode("call_id"), endedAt: try row.decode("ended_at"),
            eventCount: Int(try row.decode("event_count", as: Int32.self)),
            contactStatus: try row.decode("contact_status"), contactPhone: try row.decode("contact_phone"),
            contactTimeZone: try row.decode("timezone"),
            appointmentAt: try row.decode("appointment_at"), campaignState: try row.decode("campaign_state"), record: record)
    }
}
