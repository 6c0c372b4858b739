/// What an import did, row by row, in five disjoint counts that add up to the rows read.
public struct ImportSummary: Sendable, Equatable, CustomStringConvertible {
    /// New contacts with a first attempt scheduled.
    public var accepted = 0
    /// Known contacts whose row changed (data stored again; a not-yet-dialed attempt rescheduled).
    public var updated = 0
    /// Known contacts whose row is identical to the stored one: nothing written.
    public var unchanged = 0
    /// New or changed contacts stored as skipped (suppressed number, appointment passed…).
    public var skipped = 0
    /// Rows refused (bad value, duplicate id): written to the rejects file, not stored.
    public var rejected = 0
    /// Rows whose status says the appointment was cancelled: never called (an imported contact
    /// is cancelled), plus pending contacts `--complete` found missing from the source.
    public var cancelled = 0
    /// Whether this was a dry run (nothing written).
    public var dryRun = false

    /// Creates a summary with the given counts.
    public init(accepted: Int = 0, updated: Int = 0, unchanged: Int = 0, skipped: Int = 0, rejected: Int = 0, dryRun: Bool = false) {
        self.accepted = accepted
        self.updated = updated
        self.unchanged = unchanged
        self.skipped = skipped
        self.rejected = rejected
        self.dryRun = dryRun
    }

    /// Rows read after the header.
    public var total: Int { accepted + updated + unchanged + skipped + rejected + cancelledRows }
    /// Cancelled rows read from the source (as opposed to contacts cancelled for being absent).
    public var cancelledRows = 0

    /// The stable one-line summary the CLI prints (documented in README.md).
    public var description: String {
        "\(dryRun ? "dry run: " : "")\(total) rows: \(accepted) accepted, \(updated) updated, \(unchanged) unchanged, "
            + "\(skipped) skipped, \(rejected) rejected" + (cancelled > 0 ? ", \(cancelled) cancelled" : "")
    }
}
