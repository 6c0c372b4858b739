public import Postgres
public import Reminders

/// `source.postgres.recheck`: asks the practice system, just before a dial, whether the
/// appointment still stands. The query runs on the source database with `$1` = the contact's id.
public enum SourceRecheck {
    /// What the source says.
    public enum Verdict: Sendable, Equatable {
        /// A row, without a cancelled status: dial.
        case stands
        /// No row (`removed_from_source`) or a cancelled status (`cancelled_in_source`).
        case cancelled(reason: String)
    }

    /// Runs `campaign`'s recheck for `externalID` on `db`. The status is read from the column the
    /// campaign's `columns.status` names (else `status`), when the row has one.
    public static func check(campaign: Campaign, recheck: Campaign.Recheck, externalID: String, _ db: Connection) throws -> Verdict {
        let rows = try db.query(Query(unsafeSQL: recheck.query, binds: [externalID.postgresBind]))
        guard let row = rows.first else { return .cancelled(reason: ContactCancellation.removedFromSource) }
        let statusColumn = campaign.columns.status ?? "status"
        if rows.columns.contains(statusColumn), let status = try row.decode(statusColumn, as: String?.self),
            Campaign.isCancelled(status: status, values: campaign.cancelledValues)
        {
            return .cancelled(reason: ContactCancellation.cancelledInSource)
        }
        return .stands
    }
}
