public import Foundation
public import Postgres
public import Reminders
import RemindersStore

/// A campaign (`fixture-test`) with one contact and its first attempt, written straight to the database.
public struct CallFixture {
    public let campaignID: Int64
    public let contactID: Int64
    public let attemptID: Int64
    public let token: String

    /// Two attempts 30 minutes apart on no answer or busy, calls 08:00–21:00 UTC every day.
    public static let campaignFile = """
        {"name": "fixture-test", "agent_id": "agent_1", "from_number": "+15550100000",
         "timezone": "UTC", "calling_hours": {"start": "08:00", "end": "21:00"},
         "retry": {"max_attempts": 2, "delay": "30m", "on": ["no_answer", "busy"]}}
        """

    public static func iso(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    /// An appointment three days after the present instant: always ahead, whatever the date, and
    /// far enough that a retry fits before it at any hour of the fixture's calling window.
    public static func appointmentAhead() -> Date {
        Date().addingTimeInterval(3 * 86_400)
    }

    /// Saves the campaign and adds a contact whose attempt 1 is in `state` (with `callID`).
    public static func make(
        _ db: Connection, state: CallState = .dialing, callID: String? = nil,
        appointment: Date = appointmentAhead(), externalID: String = "c1",
        phone: String = "+15550100134"
    ) throws -> CallFixture {
        let campaign = try CampaignStore.save(try Campaign.parse(Data(campaignFile.utf8), file: "t.json"), db)
        let contact = try db.query("""
            INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
            VALUES (\(campaign.id), \(externalID), \(phone), 'UTC', \(appointment)::timestamptz, '{}', '{}', 'h')
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        let token = WebhookToken.generate()
        let attempt = try db.query("""
            INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number, webhook_token_hash, call_id)
            VALUES (\(contact), \(campaign.id), 1, \(state.rawValue), now(), \(phone), webhook_token_hash(\(token)), \(callID)::text)
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        return CallFixture(campaignID: campaign.id, contactID: contact, attemptID: attempt, token: token)
    }

    public func attempt(_ db: Connection, _ column: String) throws -> String? {
        try db.query("SELECT \(unsafeSQL: column)::text AS v FROM call_attempts WHERE id = \(attemptID)")[0].decode("v")
    }

    public func contact(_ db: Connection) throws -> (status: String, reason: String?) {
        let row = try db.query("SELECT status, status_reason FROM contacts WHERE id = \(contactID)")[0]
        return (try row.decode("status"), try row.decode("status_reason"))
    }

    public func attemptCount(_ db: Connection) throws -> Int {
        try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE contact_id = \(contactID)")[0].decode("n")
    }
}
