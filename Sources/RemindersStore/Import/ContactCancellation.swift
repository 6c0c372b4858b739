import Foundation
import Postgres

/// Cancels contacts whose appointments the practice system cancelled or no longer lists: the
/// one writer of that decision for imports and syncs (a status column's cancelled value,
/// `--complete`). A pending or skipped contact becomes `cancelled` with the reason, and its
/// attempts waiting to be dialed are cancelled. A call already live is left to finish: the
/// contact is no longer pending, so its end schedules no retry; and `DialGuard` refuses to dial
/// any attempt of a cancelled contact, so nothing queued later goes out either.
public enum ContactCancellation {
    /// The reasons, as stored in `contacts.status_reason`.
    public static let cancelledInSource = "cancelled_in_source"
    public static let removedFromSource = "removed_from_source"

    /// Above this share of the pending contacts, `--complete` refuses to cancel without
    /// `--allow-mass-cancel`: a fifth is far more than a day's real cancellations.
    static let massCancelShare = 0.2

    /// The campaign's pending contacts whose appointment falls in the span of times the staged
    /// export covers (`import_rows`) and whose id the export does not hold, with the number of
    /// pending contacts; `present` holds the export's other ids (cancelled or rejected rows).
    static func absentFromExport(campaignID: Int64, present: [String], _ db: Connection) throws -> (ids: [String], pending: Int) {
        let ids = try db.query("""
            WITH span AS (
                SELECT to_timestamp(min(appointment_epoch)) AS first, to_timestamp(max(appointment_epoch)) AS last FROM import_rows
            )
            SELECT c.external_id FROM contacts c, span
             WHERE c.campaign_id = \(campaignID) AND c.status = 'pending'
               AND c.appointment_at BETWEEN span.first AND span.last
               AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.external_id = c.external_id)
               AND c.external_id <> ALL(\(present)::text[])
             ORDER BY c.external_id
            """).map { try $0.decode("external_id", as: String.self) }
        let pending = try db.query("SELECT count(*)::int AS n FROM contacts WHERE campaign_id = \(campaignID) AND status = 'pending'")
        return (ids, try pending[0].decode("n"))
    }

    /// Cancels the campaign's contacts with these external ids; returns how many were cancelled.
    /// Their waiting attempts are ended one by one through `AttemptOutcomes.cancel` (the same
    /// path as the claim's and the operator's cancellations), which settles a pending contact;
    /// a contact with a live call, or one skipped, is then settled here.
    static func cancel(externalIDs: [String], campaignID: Int64, reason: String, now: Date, _ db: Connection) throws -> Int {
        guard !externalIDs.isEmpty else { return 0 }
        let contacts = try db.query("""
            SELECT id FROM contacts
             WHERE campaign_id = \(campaignID) AND external_id = ANY(\(externalIDs)::text[]) AND status IN ('pending', 'skipped')
             ORDER BY id FOR UPDATE
            """).map { try $0.decode("id", as: Int64.self) }
        guard !contacts.isEmpty else { return 0 }
        let waiting = try db.query("""
            SELECT id FROM call_attempts WHERE contact_id = ANY(\(contacts.map(String.init))::bigint[]) AND state = 'scheduled' ORDER BY id
            """).map { try $0.decode("id", as: Int64.self) }
        for attemptID in waiting {
            try AttemptOutcomes.cancel(attemptID: attemptID, reason: reason, now: now, db)
        }
        try db.execute("""
            UPDATE contacts SET status = 'cancelled', status_reason = \(reason), settled_at = \(now)::timestamptz,
                   updated_at = \(now)::timestamptz
             WHERE id = ANY(\(contacts.map(String.init))::bigint[]) AND status IN ('pending', 'skipped')
            """)
        return contacts.count
    }
}
