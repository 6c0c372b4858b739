import Foundation
import Postgres
import Reminders
import RemindersStore
import VoiceAPI

/// Helpers the operator tools' tests add to `DispatchFixture`: more campaigns on the same
/// simulator, contacts with chosen context, and calls placed straight through the client.
extension DispatchFixture {
    /// Saves another campaign with the fixture's settings under `name` and a long `max_duration`.
    @discardableResult
    func saveCampaign(named name: String, maxDuration: Int = 600) throws -> StoredCampaign {
        let file = """
            {"name": "\(name)", "agent_id": "agent_1", "from_number": "+15550100000", "timezone": "UTC",
             "max_duration": \(maxDuration), "status_poll_grace": "0s",
             "calling_hours": {"start": "00:00", "end": "24:00", "override_legal_hours": true},
             "rate_limit": {"per_minute": 600}}
            """
        return try CampaignStore.save(try Campaign.parse(Data(file.utf8), file: "t.json"), db)
    }

    /// Adds a contact with `context` (JSON) and its first attempt in `state`; returns (contact, attempt, token).
    @discardableResult
    func addContact(
        campaign: String, externalID: String, phone: String, context: String = #"{"first_name": "Ada"}"#,
        state: CallState = .scheduled, claimedSecondsAgo: Double = 0
    ) throws -> (contactID: Int64, attemptID: Int64, token: String) {
        let stored = try CampaignStore.load(name: campaign, db)
        let contact = try db.query("""
            INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
            VALUES (\(stored.id), \(externalID), \(phone), 'UTC', now() + interval '2 days', '{}', \(context)::jsonb, 'h')
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        let token = WebhookToken.generate()
        let claimed: Date? = state == .scheduled ? nil : Date().addingTimeInterval(-claimedSecondsAgo)
        let attempt = try db.query("""
            INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number, webhook_token_hash,
                                       claimed_by, claimed_at)
            VALUES (\(contact), \(stored.id), 1, \(state.rawValue), now(), \(phone), webhook_token_hash(\(token)),
                    \(claimed == nil ? nil : "test")::text, \(claimed)::timestamptz)
            RETURNING id
            """)[0].decode("id", as: Int64.self)
        return (contact, attempt, token)
    }

    /// Dials `number` as attempt `token`'s call would be, with webhooks to the fixture's receiver.
    func dial(_ number: String, token: String?, maxDuration: Int = 600) -> DialResult {
        client.dial(DialRequest(
            agentID: "agent_1", toNumber: number, fromNumber: "+15550100000", context: ["first_name": "Ada"],
            maxDuration: maxDuration, webhookURL: token.map { "http://127.0.0.1:\(receiverPort)/webhooks/voice/\($0)" }))
    }

    /// Attempt `id`'s column as text.
    func attempt(_ id: Int64, _ column: String) throws -> String? {
        try db.query("SELECT \(unsafeSQL: column)::text AS v FROM call_attempts WHERE id = \(id)")[0].decode("v")
    }

    /// The provider's current status of `callID` (asks the simulator through the client).
    func providerStatus(_ callID: String) -> CallStatus? {
        try? client.status(callID: callID).status
    }
}
