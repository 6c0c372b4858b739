import Foundation
import Postgres
import Reminders
import RemindersStore

/// A campaign for the operator commands' tests: calls any time of day, fast, many a minute.
enum OperatorSeed {
    static let campaign = "operator-test"

    /// Saves the campaign and one contact per number (`P0`, `P1`, …), due now, context naming Ada.
    static func seed(_ db: Connection, numbers: [String], maxDuration: Int = 600) throws {
        let file = """
            {"name": "\(campaign)", "agent_id": "agent_1", "from_number": "+15550100000", "timezone": "UTC",
             "max_duration": \(maxDuration), "status_poll_grace": "0s",
             "calling_hours": {"start": "00:00", "end": "24:00", "override_legal_hours": true},
             "rate_limit": {"per_minute": 600}}
            """
        let stored = try CampaignStore.save(try Campaign.parse(Data(file.utf8), file: "t.json"), db)
        for (index, phone) in numbers.enumerated() {
            let contact = try db.query("""
                INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                VALUES (\(stored.id), \("P\(index)"), \(phone), 'UTC', now() + interval '2 days', '{}',
                        '{"first_name": "Ada", "appointment": "Thu 10:00"}', 'h')
                RETURNING id
                """)[0].decode("id", as: Int64.self)
            try db.execute("""
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number)
                VALUES (\(contact), \(stored.id), 1, 'scheduled', now(), \(phone))
                """)
        }
    }

    static func count(_ db: Connection, _ sql: String) throws -> Int {
        try db.query(Query(unsafeSQL: sql))[0].decode("n", as: Int.self)
    }

    /// `--until` a few seconds from now, as an ISO 8601 instant.
    static func until(_ seconds: TimeInterval) -> String {
        ISO8601DateFormatter().string(from: Date().addingTimeInterval(seconds))
    }
}
