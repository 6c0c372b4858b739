public import Foundation
public import Postgres
import Reminders

/// Operator decisions about live calls (`reminders cancel NAME --end-calls`).
extension AttemptOutcomes {
    /// A campaign's call that can be ended with `POST /voice/end/{id}`.
    public struct EndableCall: Sendable, Equatable {
        public let attemptID: Int64
        public let callID: String
    }

    /// The campaign's calls the provider has accepted and not ended (by what we know), and the
    /// count of dials still waiting for the provider's answer (no call id yet: cannot be ended).
    public static func endableCalls(campaignID: Int64, _ db: Connection) throws -> (calls: [EndableCall], unanswered: Int) {
        let calls = try db.query("""
            SELECT id, call_id FROM call_attempts
             WHERE campaign_id = \(campaignID) AND kind = 'campaign' AND call_id IS NOT NULL
               AND state IN ('initiating', 'ringing', 'in_progress', 'unknown')
             ORDER BY id
            """).map { EndableCall(attemptID: try $0.decode("id"), callID: try $0.decode("call_id")) }
        let unanswered = try db.query("""
            SELECT count(*)::int AS n FROM call_attempts
             WHERE campaign_id = \(campaignID) AND kind = 'campaign' AND call_id IS NULL AND state IN ('dialing', 'unknown')
            """)[0].decode("n", as: Int.self)
        return (calls, unanswered)
    }

    /// Cancels every attempt of the campaign still waiting to be dialed (`scheduled`), each in
    /// its own short transaction, settling its contact `cancelled`; returns how many.
    public static func cancelWaiting(campaignID: Int64, now: Date, _ db: Connection) throws -> Int {
        let ids = try db.query("""
            SELECT id FROM call_attempts WHERE campaign_id = \(campaignID) AND state = 'scheduled' ORDER BY id
            """).map { try $0.decode("id", as: Int64.self) }
        for id in ids {
            try db.transaction { tx in
                _ = try cancel(attemptID: id, reason: "campaign_cancelled", now: now, tx)
            }
        }
        return ids.count
    }

    /// A call queued at the provider ahead of its time (`submit_ahead`) that must not happen any
    /// more, with why: its number was suppressed, or its campaign or contact cancelled, after it
    /// was submitted. Ended like the operator's ends (`endedByOperator`).
    public struct UnwantedQueuedCall: Sendable, Equatable {
        public let call: EndableCall
        /// `suppressed`, `campaign_cancelled` or `contact_cancelled`.
        public let reason: String
    }

    /// The queued calls (accepted, not yet due, not yet ringing) that a later opt-out or
    /// cancellation has made unwanted. A paused campaign's queued calls are left to go ahead.
    public static func unwantedQueuedCalls(campaigns: [String], now: Date, limit: Int, _ db: Connection) throws -> [UnwantedQueuedCall] {
        try db.query("""
            SELECT a.id, a.call_id,
                   CASE WHEN EXISTS (SELECT 1 FROM suppressions s WHERE s.phone = a.to_number) THEN 'suppressed'
                        WHEN k.state = 'cancelled' THEN 'campaign_cancelled'
                        ELSE 'contact_cancelled' END AS reason
              FROM call_attempts a
              JOIN campaigns k ON k.id = a.campaign_id
              JOIN contacts c ON c.id = a.contact_id
             WHERE a.kind = 'campaign' AND a.state = 'initiating' AND a.call_id IS NOT NULL AND a.due_at > \(now)
               AND (cardinality(\(campaigns)::text[]) = 0 OR k.name = ANY(\(campaigns)::text[]))
               AND (EXISTS (SELECT 1 FROM suppressions s WHERE s.phone = a.to_number)
                    OR k.state = 'cancelled' OR c.status = 'cancelled')
             ORDER BY a.due_at
             LIMIT \(limit)
            """).map { row in
            UnwantedQueuedCall(
                call: EndableCall(attemptID: try row.decode("id"), callID: try row.decode("call_id")), reason: try row.decode("reason"))
        }
    }

    /// Records, before `POST /voice/end` is sent for a queued call, why it is being ended: the
    /// call's final news then ends the attempt `cancelled` for `reason` whichever comes first,
    /// that news or `endedByOperator` after the provider confirmed the end.
    public static func endRequested(attemptID: Int64, reason: String, now: Date, _ db: Connection) throws {
        _ = try apply(.endRequested(reason: reason), toAttempt: attemptID, now: now, db)
    }

    /// Records that the operator ends attempt `attemptID`'s live call: the attempt becomes
    /// `cancelled` (terminal, so a `completed` webhook arriving later is stored as late and never
    /// applied), the end is kept in `call_events` (source `end`), and a pending contact is settled
    /// `cancelled`. An attempt that ended meanwhile (its final webhook came first) is left alone.
    ///
    /// `cancelled` is otherwise reserved for attempts never dialed; it is the one state that says
    /// "we stopped this call", which `completed` or `failed` would not.
    ///
    /// Call it before sending `POST /voice/end`, so the provider's own final webhook finds the
    /// attempt already ended.
    ///
    /// - Parameter providerPayload: what is kept as the event's payload (JSON).
    @discardableResult
    public static func endedByOperator(
        attemptID: Int64, reason: String, providerPayload: String, now: Date, _ db: Connection
    ) throws -> AttemptUpdate {
        let attempt = try LockedAttempt.lock(attemptID, db)
        let contactReason = attempt.campaignState == "cancelled" ? "campaign_cancelled" : reason
        let update = try apply(.endedByOperator(reason: reason, contactReason: contactReason, at: now), to: attempt, now: now, db)
        guard case .advance = update.transition, let callID = attempt.callID else { return update }
        let instant = String(format: "%.3f", now.timeIntervalSince1970)
        try db.execute("""
            INSERT INTO call_events (attempt_id, call_id, status, event_at, dedupe_key, disposition, source, payload)
            VALUES (\(attemptID), \(callID), 'cancelled', \(now)::timestamptz, \("\(callID)|end|\(instant)"), 'applied', 'end',
                    \(providerPayload)::jsonb)
            ON CONFLICT (dedupe_key) DO NOTHING
            """)
        return update
    }
}
