public import Foundation
public import Postgres
public import Reminders

/// Imports a campaign's contacts from a source into Postgres in one transaction.
///
/// Every row goes through `ImportPipeline`; valid rows are COPYed into a staging table and the
/// writes are set-based (`ImportSQL`). A file-level problem (unreadable CSV, bad header, bad
/// template, interruption) rolls everything back, the campaign row included.
public struct Importer {
    /// How an import runs.
    public struct Options {
        /// Validate and count only: the transaction is rolled back.
        public var dryRun = false
        /// The instant due times are computed from; nil uses the database clock.
        public var now: Date?
        /// Calls `progress` after every this many rows.
        public var progressInterval = 10_000
        /// Checked between rows: true rolls the import back (SIGINT/SIGTERM).
        public var stopRequested: () -> Bool = { false }
        /// Called with each rejected row (row rejections in order, then duplicate ids).
        public var rejected: (RowRejection) throws -> Void = { _ in }
        /// Called with the number of rows read so far.
        public var progress: (Int) -> Void = { _ in }
        /// Recorded in the `runs` table with the counts: `import` or `sync`.
        public var runKind = "import"
        /// The source holds every appointment of the campaign in the span of times it covers:
        /// pending contacts in that span it does not list are cancelled (`removed_from_source`).
        public var complete = false
        /// Lets `complete` cancel more than a fifth of the pending contacts.
        public var allowMassCancel = false

        /// Default options: a real import at the database's clock.
        public init() {}
    }

    /// The campaign to import into (saved or updated in the same transaction).
    public let campaign: Campaign
    /// The source's name in error messages (a file path, or `source query`).
    public let sourceName: String

    /// Prepares an import of `campaign`'s contacts from the source named `sourceName`.
    public init(campaign: Campaign, sourceName: String) {
        self.campaign = campaign
        self.sourceName = sourceName
    }

    /// Reads every row of `source` and stores the result; returns the counts.
    public func run(from source: inout some ContactSource, into db: Connection, options: Options = Options()) throws -> ImportSummary {
        let header = source.header
        // A bad template or header fails before the database is touched.
        _ = try ImportPipeline(campaign: campaign, header: header, source: sourceName, now: Date(timeIntervalSince1970: 0))
        do {
            return try db.transaction { tx in
                var summary = try importRows(from: &source, header: header, tx, options)
                if options.dryRun {
                    summary.dryRun = true
                    throw DryRunFinished(summary: summary)
                }
                return summary
            }
        } catch let finished as DryRunFinished {
            return finished.summary
        }
    }

    private func importRows(
        from source: inout some ContactSource, header: [String], _ db: Connection, _ options: Options
    ) throws -> ImportSummary {
        let stored = try CampaignStore.save(campaign, db)
        // Two imports of one campaign take turns rather than interleave their plans.
        _ = try db.query("SELECT id FROM campaigns WHERE id = \(stored.id) FOR UPDATE")
        let now = try options.now ?? databaseNow(db)
        var pipeline = try ImportPipeline(campaign: campaign, header: header, source: sourceName, now: now)
        var summary = ImportSummary()
        var cancelled: [String] = []
        var rejectedIDs: [String] = []

        try db.execute(ImportSQL.createStaging)
        try db.copyIn(ImportSQL.copyStaging) { writer in
            var read = 0
            while let record = try nextRecord(&source) {
                read += 1
                if read % options.progressInterval == 0 {
                    if options.stopRequested() { throw ImportError.interrupted(source: sourceName) }
                    options.progress(read)
                }
                switch pipeline.stage(record) {
                case .contact(let contact):
                    try writer.append(contact.copyValues)
                case .cancelled(let externalID):
                    cancelled.append(externalID)
                case .rejected(let rejection):
                    summary.rejected += 1
                    if let id = rejection.id { rejectedIDs.append(id) }
                    try options.rejected(rejection)
                }
            }
            options.progress(read)
        }
        var duplicates: [RowRejection] = []
        for row in try db.query(ImportSQL.removeDuplicates) {
            let first = try row.decode("first_line", as: Int.self)
            duplicates.append(RowRejection(
                line: try row.decode("line"), id: try row.decode("external_id"), field: "id",
                reason: "duplicate id (first on line \(first))"))
        }
        for rejection in duplicates.sorted(by: { $0.line < $1.line }) { try options.rejected(rejection) }
        summary.rejected += duplicates.count

        try db.execute("ANALYZE import_rows")
        try db.execute(ImportSQL.plan(campaignID: stored.id))
        if let counts = try db.query(ImportSQL.counts).first {
            summary.accepted = try counts.decode("accepted")
            summary.updated = try counts.decode("updated")
            summary.unchanged = try counts.decode("unchanged")
            summary.skipped = try counts.decode("skipped")
        }
        // Rows the source marks cancelled: never called; already imported ones are cancelled below.
        summary.cancelledRows = cancelled.count
        summary.cancelled = cancelled.count
        // A complete export: pending contacts in its span that it no longer lists are cancelled.
        var absent: [String] = []
        if options.complete {
            let found = try ContactCancellation.absentFromExport(campaignID: stored.id, present: cancelled + rejectedIDs, db)
            if Double(found.ids.count) > ContactCancellation.massCancelShare * Double(found.pending), !options.allowMassCancel {
                throw ImportError.massCancel(source: sourceName, absent: found.ids.count, pending: found.pending)
            }
            absent = found.ids
            summary.cancelled += absent.count
        }
        guard !options.dryRun else { return summary }
        try db.execute(ImportSQL.insertContacts(campaignID: stored.id))
        try db.execute(ImportSQL.insertFirstAttempts(campaignID: stored.id))
        try db.execute(ImportSQL.updateContacts)
        try db.execute(ImportSQL.rescheduleAttempts)
        try db.execute(ImportSQL.insertRescheduledAttempts(campaignID: stored.id))
        _ = try ContactCancellation.cancel(
            externalIDs: cancelled, campaignID: stored.id, reason: ContactCancellation.cancelledInSource, now: Date(), db)
        _ = try ContactCancellation.cancel(
            externalIDs: absent, campaignID: stored.id, reason: ContactCancellation.removedFromSource, now: Date(), db)
        try recordRun(summary, kind: options.runKind, db)
        return summary
    }

    /// The next record, with a CSV problem turned into a whole-source error naming the source.
    private func nextRecord(_ source: inout some ContactSource) throws -> CSVRecord? {
        do {
            return try source.next()
        } catch let error as CSVError {
            throw ImportError.unreadable(source: sourceName, error)
        }
    }

    /// One `runs` row per committed import, so reports can say when contacts last arrived.
    private func recordRun(_ summary: ImportSummary, kind: String, _ db: Connection) throws {
        let counts = """
            {"accepted": \(summary.accepted), "updated": \(summary.updated), "unchanged": \(summary.unchanged), \
            "skipped": \(summary.skipped), "rejected": \(summary.rejected), "cancelled": \(summary.cancelled)}
            """
        let host = ProcessInfo.processInfo.hostName
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        try db.execute("""
            INSERT INTO runs (kind, host, pid, campaigns, ended_at, summary)
            VALUES (\(kind), \(host), \(pid), \([campaign.name]), now(), \(counts)::jsonb)
            """)
    }

    private func databaseNow(_ db: Connection) throws -> Date {
        guard let row = try db.query("SELECT now() AS now").first else { return Date() }
        return try row.decode("now")
    }
}

/// Carries a dry run's counts out of the transaction it rolls back.
private struct DryRunFinished: Error {
    let summary: ImportSummary
}

