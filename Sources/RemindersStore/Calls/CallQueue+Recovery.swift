public import Foundation
public import Postgres
import Reminders

/// Finding calls whose fate is not known: dials a dead worker left in `dialing`, ambiguous dials
/// (`unknown`), and accepted calls whose final webhook never came.
extension CallQueue {
    /// An attempt to reconcile against `GET /voice/sessions`.
    public struct Unresolved: Sendable, Equatable {
        public let id: Int64
        public let toNumber: String
        public let agentID: String
        /// When the dial was claimed: the provider's record of it cannot be older.
        public let claimedAt: Date
    }

    /// An accepted call to ask `GET /voice/status` about.
    public struct Overdue: Sendable, Equatable {
        public let id: Int64
        public let callID: String
        public let pollCount: Int
    }

    /// Marks `unknown` every `dialing` attempt whose run stopped its heartbeat more than
    /// `staleAfter` ago (or ended, or never had a run), or that has sat in `dialing` that long (a
    /// live worker records each dial within its request deadline, so such a claim was lost, for
    /// example to a commit whose answer never came): the request may or may not have left.
    /// Returns how many were found.
    @discardableResult
    public static func markAbandoned(staleAfter: TimeInterval, now: Date, _ db: Connection) throws -> Int {
        let micros = Int64((staleAfter * 1_000_000).rounded(.up))
        let ids = try db.query("""
            SELECT a.id FROM call_attempts a
             WHERE a.state = 'dialing'
               AND (a.updated_at < clock_timestamp() - \(micros) * interval '1 microsecond'
                    OR NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = a.run_id AND r.ended_at IS NULL
                                      AND r.heartbeat_at > clock_timestamp() - \(micros) * interval '1 microsecond'))
            """).map { try $0.decode("id", as: Int64.self) }
        for id in ids {
            try db.transaction { tx in
                try AttemptOutcomes.markUnknown(attemptID: id, error: "worker stopped while dialing", lookAt: nil, now: now, tx)
            }
        }
        return ids.count
    }

    /// `unknown` attempts due for a look (at most `limit`).
    public static func unresolved(limit: Int, _ db: Connection) throws -> [Unresolved] {
        try db.query("""
            SELECT a.id, a.to_number, c.config->>'agent_id' AS agent_id,
                   COALESCE(a.claimed_at, a.updated_at) AS claimed_at
              FROM call_attempts a JOIN campaigns c ON c.id = a.campaign_id
             WHERE a.state = 'unknown' AND COALESCE(a.poll_at, '-infinity') <= clock_timestamp()
             ORDER BY a.poll_at NULLS FIRST, a.id LIMIT \(limit)
            """).map { row in
            Unresolved(
                id: try row.decode("id"), toNumber: try row.decode("to_number"), agentID: try row.decode("agent_id"),
                claimedAt: try row.decode("claimed_at"))
        }
    }

    /// Accepted calls whose `poll_at` has passed (at most `limit`).
    public static func overdue(limit: Int, _ db: Connection) throws -> [Overdue] {
        try db.query("""
            SELECT id, call_id, poll_count FROM call_attempts
             WHERE state IN ('initiating', 'ringing', 'in_progress') AND call_id IS NOT NULL
               AND poll_at <= clock_timestamp()
             ORDER BY poll_at, id LIMIT \(limit)
            """).map { row in
            Overdue(id: try row.decode("id"), callID: try row.decode("call_id"), pollCount: Int(try row.decode("poll_count", as: Int32.self)))
        }
    }

    /// Looks again at an unresolved attempt after `delay`.
    public static func deferUnresolved(_ attemptID: Int64, by delay: TimeInterval, _ db: Connection) throws {
        let micros = Int64((delay * 1_000_000).rounded(.up))
        try db.execute("""
            UPDATE call_attempts SET poll_at = clock_timestamp() + \(micros) * interval '1 microsecond',
                   updated_at = clock_timestamp()
             WHERE id = \(attemptID) AND state = 'unknown'
            """)
    }

    /// Asks about an accepted call again after `delay`, counting the poll.
    public static func deferPoll(_ attemptID: Int64, by delay: TimeInterval, _ db: Connection) throws {
        let micros = Int64((delay * 1_000_000).rounded(.up))
        try db.execute("""
            UPDATE call_attempts SET poll_count = poll_count + 1,
                   poll_at = clock_timestamp() + \(micros) * interval '1 microsecond', updated_at = clock_timestamp()
             WHERE id = \(attemptID)
            """)
    }

    /// The provider shows no call for an ambiguous dial after the grace period: the attempt goes
    /// back to `scheduled`, due `now` (the caller's clock, like the claim's), so the contact is
    /// dialed again (the number was never called), on the contact's number now (a re-import may
    /// have changed it with the context); a test call ends as failed instead. False when the
    /// attempt is no longer `unknown`.
    @discardableResult
    public static func redial(_ attemptID: Int64, now: Date, _ db: Connection) throws -> Bool {
        try db.transaction { tx in
            let attempt = try LockedAttempt.lock(attemptID, tx)
            let update = try AttemptOutcomes.apply(.providerHasNoCall(number: attempt.contactPhone, at: now), to: attempt, now: now, tx)
            if case .advance = update.transition { return true }
            return false
        }
    }

    /// Call ids already belonging to an attempt (a sessions row with one of these is not ours to adopt).
    public static func knownCallIDs(_ ids: [String], _ db: Connection) throws -> Set<String> {
        Set(try db.query("SELECT call_id FROM call_attempts WHERE call_id = ANY(\(ids)::text[])").map { try $0.decode("call_id", as: String.self) })
    }
}
