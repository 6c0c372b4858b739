public import Foundation
public import Postgres
public import Reminders

/// A contact's reminder as its next dial would send it, with the pre-dial checks evaluated at
/// one instant, for `reminders preview`. Reads only; changes nothing.
///
/// The facts are read as a claim reads them (`CallQueue.claimNext`) and judged by `DialGuard`,
/// so the preview and the dial cannot disagree.
public struct ContactPreview: Sendable {
    /// The contact's attempt that is live (a call may exist at the provider).
    public struct LiveAttempt: Sendable, Equatable {
        public let id: Int64
        public let state: CallState
    }

    public let campaign: StoredCampaign
    public let contactID: Int64
    public let externalID: String
    /// The contact's number; health data, masked wherever it is shown.
    public let phone: String
    /// The contact's time zone as stored (IANA name).
    public let zoneName: String
    public let timeZone: TimeZone
    public let appointment: Date
    /// `pending`, or how the contact was settled.
    public let status: String
    /// The rendered context exactly as the dial sends it; health data, never logged.
    public let context: [String: String]
    /// When the contact's scheduled attempt is due, if one is scheduled.
    public let dueAt: Date?
    /// The contact's live attempt, if any: the dispatcher never dials a second one.
    public let liveAttempt: LiveAttempt?
    /// What the checks read.
    public let facts: DialGuard.Facts
    /// The dispatcher's decision, were the attempt claimed at the preview's instant.
    public let verdict: DialGuard.Verdict
    /// Each check on its own.
    public let checks: [DialGuard.Check]
    /// The instant the checks were made at.
    public let checkedAt: Date

    /// Loads contact `externalID` (the id from the CSV) of `campaign` and judges it at `now`.
    public static func load(campaign: StoredCampaign, externalID: String, now: Date, _ db: Connection) throws -> ContactPreview {
        guard let row = try db.query("""
            SELECT ct.id, ct.phone, ct.timezone, ct.appointment_at, ct.status, ct.context::text AS context,
                   EXISTS (SELECT 1 FROM suppressions s WHERE s.phone = ct.phone) AS suppressed
              FROM contacts ct
             WHERE ct.campaign_id = \(campaign.id) AND ct.external_id = \(externalID)::text
            """).first
        else { throw StoreError.notFound("no contact \(externalID) in campaign \(campaign.campaign.name)") }
        let contactID = try row.decode("id", as: Int64.self)
        let phone = try row.decode("phone", as: String.self)
        let zoneName = try row.decode("timezone", as: String.self)
        let knownZone = Campaign.ianaTimeZone(zoneName)
        // Shown in the campaign's zone, but judged as the claim judges it: never guessed.
        let zone = knownZone ?? campaign.campaign.timeZone
        let context = try JSONDecoder().decode([String: String].self, from: Data(try row.decode("context", as: String.self).utf8))
        var dueAt: Date?
        var live: LiveAttempt?
        for attempt in try db.query("""
            SELECT id, state, due_at FROM call_attempts
             WHERE contact_id = \(contactID) AND kind = 'campaign'
               AND state IN ('scheduled', 'dialing', 'initiating', 'ringing', 'in_progress', 'unknown')
            """) {
            let stateText = try attempt.decode("state", as: String.self)
            guard let state = CallState(rawValue: stateText) else { throw StoreError.corrupt("attempt state \(stateText)") }
            if state == .scheduled {
                dueAt = try attempt.decode("due_at")
            } else {
                live = LiveAttempt(id: try attempt.decode("id"), state: state)
            }
        }
        let facts = DialGuard.Facts(
            campaignState: campaign.state, suppressed: try row.decode("suppressed"), appointment: try row.decode("appointment_at"),
            timeZone: zone, callingHours: campaign.campaign.callingHours, frequencyCap: campaign.campaign.frequencyCap,
            otherDials: try CallQueue.otherReminders(to: phone, except: contactID, now: now, db),
            dueAt: dueAt ?? now, submitAhead: campaign.campaign.submitAhead,
            contactCancelled: try row.decode("status", as: String.self) == "cancelled")
        return ContactPreview(
            campaign: campaign, contactID: contactID, externalID: externalID, phone: phone, zoneName: zoneName, timeZone: zone,
            appointment: facts.appointment, status: try row.decode("status"), context: context, dueAt: dueAt, liveAttempt: live,
            facts: facts, verdict: knownZone == nil ? .settle(.timeZoneUnknown) : DialGuard.check(facts, now: now),
            checks: DialGuard.checks(facts, now: now)
                + (knownZone == nil ? [DialGuard.Check(name: "time_zone", passes: false, detail: "\(zoneName) is unknown on this machine")] : []),
            checkedAt: now)
    }

    /// Whether the dispatcher would dial this contact at the preview's instant: pending, nothing
    /// live, an attempt due (or sendable ahead), and every check passing.
    public var wouldDialNow: Bool {
        guard status == "pending", liveAttempt == nil, let dueAt, case .dial = verdict else { return false }
        return dueAt <= checkedAt || campaign.campaign.submitAhead
    }
}
