public import Foundation
public import Postgres
public import Reminders

/// The SQL behind `reminders status`: one statement, counted per campaign by the database.
public enum StatusQueries {
    /// Campaigns in progress (a contact pending or an attempt in flight), or every campaign when
    /// `all`; by name. Counts use the partial indexes on pending contacts and live attempts.
    public static func campaignsInProgress(all: Bool = false, _ db: Connection) throws -> [CampaignStatus] {
        let limits = Dictionary(uniqueKeysWithValues: try CampaignStore.all(db).map {
            ($0.id, $0.campaign.rateLimit.perMinute)
        })
        let rows = try db.query("""
            SELECT cp.id, cp.name, cp.state, k.pending, k.reached, k.not_reached,
                   a.in_flight, a.next_due_at, a.dials_last_minute
              FROM campaigns cp
             CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
                       count(*) FILTER (WHERE status = 'reached') AS reached,
                       count(*) FILTER (WHERE status = 'not_reached') AS not_reached
                  FROM contacts WHERE campaign_id = cp.id) k
             CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE state IN ('dialing', 'initiating', 'ringing', 'in_progress', 'unknown')) AS in_flight,
                       min(due_at) FILTER (WHERE state = 'scheduled') AS next_due_at,
                       count(*) FILTER (WHERE dialed_at > now() - interval '1 minute') AS dials_last_minute
                  FROM call_attempts WHERE campaign_id = cp.id AND kind = 'campaign') a
             WHERE \(all) OR k.pending > 0 OR a.in_flight > 0
             ORDER BY cp.name
            """)
        return try rows.map { row in
            CampaignStatus(
                name: try row.decode("name"), state: try row.decode("state"), pending: try row.decode("pending"),
                inFlight: try row.decode("in_flight"), reached: try row.decode("reached"),
                notReached: try row.decode("not_reached"), nextDueAt: try row.decode("next_due_at"),
                dialsLastMinute: try row.decode("dials_last_minute"),
                perMinuteLimit: limits[try row.decode("id", as: Int64.self)] ?? RateLimit.default.perMinute)
        }
    }

    /// The campaign's contacts counted by status, by status name (the closing lines of `run`).
    public static func contactsByStatus(campaign name: String, _ db: Connection) throws -> [(status: String, count: Int64)] {
        try db.query("""
            SELECT ct.status, count(*) AS n FROM contacts ct JOIN campaigns c ON c.id = ct.campaign_id
             WHERE c.name = \(name) GROUP BY ct.status ORDER BY ct.status
            """).map { row in (try row.decode("status"), try row.decode("n")) }
    }

    /// A waiting attempt as `reminders plan` lays it out: nothing is changed by reading it.
    public struct WaitingAttempt: Sendable {
        public let attemptID: Int64
        public let dueAt: Date
        public let toNumber: String
        public let externalID: String
        public let zoneName: String
        public let appointment: Date
    }

    /// The campaign's attempts waiting to be dialed, in the order they fall due.
    public static func waitingAttempts(campaignID: Int64, _ db: Connection) throws -> [WaitingAttempt] {
        try db.query("""
            SELECT a.id, a.due_at, a.to_number, ct.external_id, ct.timezone, ct.appointment_at
              FROM call_attempts a JOIN contacts ct ON ct.id = a.contact_id
             WHERE a.campaign_id = \(campaignID) AND a.kind = 'campaign' AND a.state = 'scheduled'
             ORDER BY a.due_at, ct.appointment_at, a.id
            """).map { row in
            WaitingAttempt(
                attemptID: try row.decode("id"), dueAt: try row.decode("due_at"), toNumber: try row.decode("to_number"),
                externalID: try row.decode("external_id"), zoneName: try row.decode("timezone"),
                appointment: try row.decode("appointment_at"))
        }
    }
}
