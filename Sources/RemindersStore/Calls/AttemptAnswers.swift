public import Foundation
public import Postgres
public import Reminders

/// What the patient answered on each completed call (`call_attempts.answer`, with its evidence),
/// fetched by the dispatcher after the call (`Dispatcher.fetchAnswers`). A call that reached a
/// voicemail greeting is not a reached patient: its contact is put back and settled or retried
/// as the campaign's retry policy says for `voicemail`.
public enum AttemptAnswers {
    /// A completed call whose answer is still to be fetched.
    public struct Due: Sendable, Equatable {
        public let attemptID: Int64
        public let callID: String
        public let campaignID: Int64
        /// Fetches that failed so far.
        public let tries: Int
    }

    /// Fetches tried before the answer is given up as `unclear` (`rule:details_unavailable`).
    public static let maxTries = 5

    /// Completed calls of `campaigns` (all when empty) whose answer is due, oldest first.
    public static func due(campaigns: [String], now: Date, limit: Int, _ db: Connection) throws -> [Due] {
        try db.query("""
            SELECT a.id, a.call_id, a.campaign_id, a.answer_tries FROM call_attempts a JOIN campaigns c ON c.id = a.campaign_id
             WHERE a.state = 'completed' AND a.answer IS NULL AND a.answer_due_at IS NOT NULL AND a.answer_due_at <= \(now)
               AND a.call_id IS NOT NULL
               AND (cardinality(\(campaigns)::text[]) = 0 OR c.name = ANY(\(campaigns)::text[]))
             ORDER BY a.answer_due_at, a.id LIMIT \(limit)
            """).map { row in
            Due(attemptID: try row.decode("id"), callID: try row.decode("call_id"), campaignID: try row.decode("campaign_id"),
                tries: try row.decode("answer_tries"))
        }
    }

    /// Completed calls of `campaigns` whose answer is still to come: a batch waits for them.
    public static func pending(campaigns: [String], _ db: Connection) throws -> Int {
        try db.query("""
            SELECT count(*)::int AS n FROM call_attempts a JOIN campaigns c ON c.id = a.campaign_id
             WHERE a.state = 'completed' AND a.answer IS NULL AND a.answer_due_at IS NOT NULL
               AND (cardinality(\(campaigns)::text[]) = 0 OR c.name = ANY(\(campaigns)::text[]))
            """)[0].decode("n")
    }

    /// Records `decision` for attempt `attemptID` (once: an answer already there is kept); a
    /// voicemail puts a contact settled `reached` by this call back, to be retried or settled
    /// `not_reached` by the retry policy. Returns what followed for the contact.
    ///
    /// `transcript` is kept with the answer only when given: for campaigns with `store_transcripts`.
    @discardableResult
    public static func record(_ decision: AnswerDecision, transcript: [CallTranscript.Turn]? = nil, attemptID: Int64,
                              now: Date, _ db: Connection) throws -> FollowUp {
        try db.transaction { tx in
            let attempt = try LockedAttempt.lock(attemptID, tx)
            let written = try tx.execute("""
                UPDATE call_attempts SET answer = \(decision.answer.rawValue), answer_evidence = \(decision.evidence),
                       answer_due_at = NULL
                 WHERE id = \(attemptID) AND answer IS NULL AND state = 'completed'
                """)
            if written == 1, let transcript {
                try tx.execute("""
                    INSERT INTO call_transcripts (attempt_id, turns)
                    SELECT \(attemptID), coalesce(jsonb_agg(jsonb_build_object('role', u.role, 'text', u.text) ORDER BY u.n), '[]')
                      FROM unnest(\(transcript.map(\.role))::text[], \(transcript.map(\.text))::text[]) WITH ORDINALITY AS u(role, text, n)
                    ON CONFLICT (attempt_id) DO NOTHING
                    """)
            }
            guard written == 1, decision.answer == .voicemail, attempt.kind == "campaign" else { return .none }
            // Only the contact's latest attempt speaks for it, and only if that call settled it.
            let reopened = try tx.execute("""
                UPDATE contacts SET status = 'pending', status_reason = NULL, settled_at = NULL, updated_at = \(now)::timestamptz
                 WHERE id = \(attempt.contactID) AND status = 'reached'
                   AND NOT EXISTS (SELECT 1 FROM call_attempts later WHERE later.contact_id = \(attempt.contactID)
                                      AND later.kind = 'campaign' AND later.attempt_number > \(attempt.attemptNumber))
                """)
            guard reopened == 1 else { return .none }
            return try AttemptOutcomes.settleOrRetry(
                try LockedAttempt.lock(attemptID, tx), endedIn: .voicemail, endedAt: attempt.endedAt ?? now, now: now, tx)
        }
    }

    /// The transcript kept for a call (`store_transcripts`), nil when none was kept.
    public static func storedTranscript(callID: String, _ db: Connection) throws -> [CallTranscript.Turn]? {
        let rows = try db.query("""
            SELECT e.value ->> 'role' AS role, e.value ->> 'text' AS text
              FROM call_attempts a
              JOIN call_transcripts t ON t.attempt_id = a.id
              LEFT JOIN LATERAL jsonb_array_elements(t.turns) WITH ORDINALITY AS e(value, n) ON true
             WHERE a.call_id = \(callID)
             ORDER BY e.n
            """)
        guard rows.count > 0 else { return nil }
        return try rows.compactMap { row in
            guard let role = try row.decode("role", as: String?.self) else { return nil }
            return CallTranscript.Turn(role: role, text: try row.decode("text", as: String?.self) ?? "")
        }
    }

    /// A fetch failed: tried again at `retryAt`; after `maxTries` the answer is `unclear`.
    public static func fetchFailed(attemptID: Int64, tries: Int, retryAt: Date, now: Date, _ db: Connection) throws {
        guard tries + 1 < maxTries else {
            try record(AnswerDecision(.unclear, evidence: "rule:details_unavailable"), attemptID: attemptID, now: now, db)
            return
        }
        try db.execute("""
            UPDATE call_attempts SET answer_tries = answer_tries + 1, answer_due_at = \(retryAt)::timestamptz
             WHERE id = \(attemptID) AND answer IS NULL
            """)
    }
}
