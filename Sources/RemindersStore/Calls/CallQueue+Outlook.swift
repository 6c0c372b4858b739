public import Foundation
public import Postgres

/// What is left for a queue's campaigns: whether a batch is done, and when the next attempt is due.
extension CallQueue {
    /// The queue's remaining work.
    public struct Outlook: Sendable, Equatable {
        /// Attempts in flight: dialing, at the provider, or being reconciled.
        public var live: Int
        /// Scheduled attempts of active (or cancelled, still to be settled) campaigns.
        public var waiting: Int
        /// Scheduled attempts of paused campaigns.
        public var paused: Int
        /// The earliest instant a waiting attempt may be claimed.
        public var nextDue: Date?
        /// Completed calls whose answer is still to be fetched (`AttemptAnswers`).
        public var unanswered = 0
    }

    /// Reads the outlook.
    public func outlook(_ db: Connection) throws -> Outlook {
        let horizonMicros = Int64(Self.submitAheadHorizon * 1_000_000)
        guard let row = try db.query("""
            SELECT count(*) FILTER (WHERE a.state IN ('dialing', 'initiating', 'ringing', 'in_progress', 'unknown')) AS live,
                   count(*) FILTER (WHERE a.state = 'scheduled' AND c.state <> 'paused') AS waiting,
                   count(*) FILTER (WHERE a.state = 'scheduled' AND c.state = 'paused') AS paused,
                   min(CASE WHEN (c.config->>'submit_ahead')::boolean IS TRUE
                            THEN a.due_at - \(horizonMicros) * interval '1 microsecond' ELSE a.due_at END)
                       FILTER (WHERE a.state = 'scheduled' AND c.state <> 'paused') AS next_due
              FROM call_attempts a JOIN campaigns c ON c.id = a.campaign_id
             WHERE a.kind = 'campaign'
               AND (cardinality(\(campaigns)::text[]) = 0 OR c.name = ANY(\(campaigns)::text[]))
               AND a.state NOT IN ('completed', 'no_answer', 'busy', 'failed', 'skipped', 'cancelled')
            """).first
        else { return Outlook(live: 0, waiting: 0, paused: 0, nextDue: nil) }
        return Outlook(
            live: Int(try row.decode("live", as: Int64.self)), waiting: Int(try row.decode("waiting", as: Int64.self)),
            paused: Int(try row.decode("paused", as: Int64.self)), nextDue: try row.decode("next_due"),
            unanswered: try AttemptAnswers.pending(campaigns: campaigns, db))
    }
}
