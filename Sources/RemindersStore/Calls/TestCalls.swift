public import Foundation
public import Postgres
public import Reminders

/// Test calls (`reminders test-call`): one contact's reminder dialed to a staff number, tracked
/// as a `kind = 'test'` attempt with its own webhook token, and kept out of the campaign's figures.
public enum TestCalls {
    /// A test attempt written as `dialing`, ready to be sent.
    public struct Created: Sendable, Equatable {
        public let attemptID: Int64
        public let webhookToken: String
        /// The contact's rendered context; health data, never logged.
        public let context: [String: String]
    }

    /// Why a test call was refused; nothing was written.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notE164
        /// `--to` is the contact's own number.
        case patientNumber
        /// `--to` is a patient's number: another contact's, in any campaign, now or before a re-import.
        case contactNumber
        case suppressed
        case contactNotFound(String)
        /// The contact already has a test call in flight.
        case testCallLive

        public var description: String {
            switch self {
            case .notE164: "--to must be an E.164 number such as +15551230100"
            case .patientNumber: "--to is this contact's own number: a test call goes to a staff number, never the patient's"
            case .contactNumber: "--to is the number of a contact (in this or another campaign): a test call goes to a staff number only"
            case .suppressed: "--to is on the suppression list"
            case .contactNotFound(let id): "no contact \(id) in this campaign"
            case .testCallLive: "this contact already has a test call in flight; wait for it to end"
            }
        }
    }

    /// Whether `number` is E.164 as the schema requires: `+`, a non-zero digit, 7 to 14 more digits.
    static func isE164(_ number: String) -> Bool {
        let digits = number.utf8.dropFirst()
        return number.utf8.first == UInt8(ascii: "+") && (8...15).contains(digits.count)
            && digits.first != UInt8(ascii: "0") && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Checks `to` and writes the test attempt for contact `externalID`, claimed by `worker`.
    public static func create(
        campaign: StoredCampaign, externalID: String, to: String, worker: String, now: Date, _ db: Connection
    ) throws -> Created {
        guard isE164(to) else { throw Refusal.notE164 }
        return try db.transaction { tx in
            guard let contact = try tx.query("""
                SELECT id, phone, context::text AS context FROM contacts
                 WHERE campaign_id = \(campaign.id) AND external_id = \(externalID)::text
                """).first
            else { throw Refusal.contactNotFound(externalID) }
            guard try contact.decode("phone", as: String.self) != to else { throw Refusal.patientNumber }
            let facts = try tx.query("""
                SELECT EXISTS (SELECT 1 FROM contacts WHERE phone = \(to)::text)
                       OR EXISTS (SELECT 1 FROM call_attempts WHERE kind = 'campaign' AND to_number = \(to)::text) AS contact,
                       EXISTS (SELECT 1 FROM suppressions WHERE phone = \(to)::text) AS suppressed
                """)[0]
            guard !(try facts.decode("contact", as: Bool.self)) else { throw Refusal.contactNumber }
            guard !(try facts.decode("suppressed", as: Bool.self)) else { throw Refusal.suppressed }
            let contactID = try contact.decode("id", as: Int64.self)
            let token = WebhookToken.generate()
            let row: Row
            do {
                row = try tx.query("""
                    INSERT INTO call_attempts
                        (contact_id, campaign_id, attempt_number, kind, state, due_at, to_number, webhook_token_hash,
                         claimed_by, claimed_at, created_at, updated_at)
                    VALUES (\(contactID), \(campaign.id),
                            COALESCE((SELECT max(attempt_number) FROM call_attempts WHERE contact_id = \(contactID) AND kind = 'test'), 0) + 1,
                            'test', 'dialing', \(now)::timestamptz, \(to)::text, webhook_token_hash(\(token)), \(worker)::text,
                            \(now)::timestamptz, \(now)::timestamptz, \(now)::timestamptz)
                    RETURNING id
                    """)[0]
            } catch let error as PostgresError where error.sqlState.map({ SQLState.uniqueViolation ~= $0 }) == true {
                throw Refusal.testCallLive
            }
            let context = try JSONDecoder().decode([String: String].self, from: Data(try contact.decode("context", as: String.self).utf8))
            return Created(attemptID: try row.decode("id"), webhookToken: token, context: context)
        }
    }

    /// The state of test attempt `attemptID` and its call id.
    public static func state(of attemptID: Int64, _ db: Connection) throws -> (state: CallState, callID: String?) {
        guard let row = try db.query("SELECT state, call_id FROM call_attempts WHERE id = \(attemptID)").first else {
            throw StoreError.notFound("no call attempt \(attemptID)")
        }
        let text = try row.decode("state", as: String.self)
        guard let state = CallState(rawValue: text) else { throw StoreError.corrupt("attempt state \(text)") }
        return (state, try row.decode("call_id"))
    }
}
