import Foundation
public import Postgres
import Reminders

/// `source.postgres.writeback`: tells the practice system each settled contact's outcome, once.
///
/// A pass (`reminders writeback`, the end of `nightly`) records every settled contact's outcome
/// in `writebacks` (when it differs from the one last recorded), then sends the pending ones in
/// batches. The source is another database, so each batch is tied to our record through the
/// source's transaction id:
///
/// 1. on the source: BEGIN, constraints checked immediately, `txid_current()`, the statement
///    prepared (one the source cannot run stops the pass), then run once per row, each under a
///    savepoint so that one refused row does not sink the others;
/// 2. here: the sent rows become `sending` with that transaction id, committed;
/// 3. on the source: COMMIT;
/// 4. here: `txid_status()` on the source says whether the transaction committed (`applied`) or
///    not (back to `pending`).
///
/// Step 4 is also what a pass does first with rows a crash left `sending`, so no outcome is
/// written twice and none is lost. One pass per campaign runs at a time (an advisory lock).
public struct SourceWriteback {
    /// Sends a row is given before it is marked `failed` for staff to look at.
    public static let maxTries = 5
    /// Rows per source transaction.
    public static let batchSize = 100

    /// What a pass did.
    public struct Summary: Sendable, Equatable {
        /// Outcomes newly recorded for sending.
        public var queued = 0
        /// Outcomes the source committed in this pass (including ones a crash left unsettled).
        public var applied = 0
        /// Of those, the ones whose statement touched no row of the source.
        public var matchedNoRow = 0
        /// Rows the source refused in this pass (they are retried by the next pass).
        public var refused = 0
        /// Why they were refused, with how many rows each: the SQLSTATE and its meaning (the
        /// server's own messages, which may quote values, are in `writebacks.last_error`).
        public var refusals: [String: Int] = [:]
        /// Rows that reached `maxTries` in this pass and are now `failed`.
        public var failed = 0
        /// Outcomes still waiting after the pass.
        public var pending = 0
        /// Why the pass stopped early (the source went away, the statement is wrong), if it did.
        public var stoppedBy: String?
        public init() {}
    }

    let campaign: StoredCampaign
    let statement: String
    let db: Connection
    let source: Connection
    let used: Set<Int>

    /// A pass for `campaign` (which must have a writeback), our store `db`, the practice system's `source`.
    public init(campaign: StoredCampaign, db: Connection, source: Connection) throws {
        guard let statement = campaign.campaign.writeback else {
            throw StoreError.notFound("campaign \(campaign.campaign.name) has no source.postgres.writeback")
        }
        self.campaign = campaign
        self.statement = statement
        self.db = db
        self.source = source
        used = WritebackParameters.used(in: statement)
    }

    /// Runs one pass; `retryFailed` first gives `failed` rows their tries back.
    public func run(retryFailed: Bool = false) throws -> Summary {
        let locked = try db.query("SELECT pg_try_advisory_lock(\(Self.lockKey), \(campaign.id)::int) AS locked")
            .first?.decode("locked", as: Bool.self) ?? false
        guard locked else {
            throw StoreError.conflict("another write-back of campaign \(campaign.campaign.name) is running")
        }
        defer { _ = try? db.execute("SELECT pg_advisory_unlock(\(Self.lockKey), \(campaign.id)::int)") }

        var summary = Summary()
        do {
            summary.applied += try settleSending(&summary)
            if retryFailed {
                try db.execute("UPDATE writebacks SET state = 'pending', tries = 0 WHERE campaign_id = \(campaign.id) AND state = 'failed'")
            }
            summary.queued = try queue()
            var after: Int64 = 0
            while true {
                let batch = try pendingBatch(after: after)
                guard let last = batch.last else { break }
                after = last.id
                try send(batch, &summary)
                summary.applied += try settleSending(&summary)
            }
        } catch let stop as Stop {
            summary.stoppedBy = stop.reason
        }
        summary.pending = try db.query("""
            SELECT count(*) AS pending FROM writebacks WHERE campaign_id = \(campaign.id) AND state IN ('pending', 'sending')
            """).first?.decode("pending") ?? 0
        return summary
    }

    /// Fixed first key of the pass's advisory lock ("WRBK"); the second is the campaign id.
    static let lockKey: Int32 = 0x5752_424B

    /// Why a pass stops before its end.
    private struct Stop: Error { let reason: String }

    /// One outcome to send.
    struct Item {
        let id: Int64
        let externalID: String
        let status: String
        let answer: String?
        let lastCallAt: Date?
        let callID: String?
    }

    /// Records the current outcome of every settled contact whose answer is in, when it differs
    /// from the last outcome recorded for that contact (sent or not); unsent outcomes that are no
    /// longer current (the contact settled again, or was reopened) become superseded. So the
    /// source is told each change once, and ends up holding the current outcome. The outcome is
    /// the report's: the status, the latest answer, the latest dial and the latest call id.
    private func queue() throws -> Int {
        try db.query("""
            WITH current AS (
                SELECT c.id AS contact_id, c.status, a.answer, a.last_call_at, a.call_id
                  FROM contacts c
                  LEFT JOIN (
                    SELECT contact_id,
                           (array_agg(answer ORDER BY attempt_number DESC) FILTER (WHERE answer IS NOT NULL))[1] AS answer,
                           max(dialed_at) AS last_call_at,
                           (array_agg(call_id ORDER BY attempt_number DESC) FILTER (WHERE call_id IS NOT NULL))[1] AS call_id,
                           bool_or(state = 'completed' AND answer IS NULL AND answer_due_at IS NOT NULL) AS awaiting_answer
                      FROM call_attempts
                     WHERE campaign_id = \(campaign.id) AND kind = 'campaign'
                     GROUP BY contact_id
                  ) a ON a.contact_id = c.id
                 WHERE c.campaign_id = \(campaign.id) AND c.status <> 'pending' AND NOT coalesce(a.awaiting_answer, false)
            ), recorded AS (
                -- The contact's last row: what the source was, or will be, told.
                SELECT DISTINCT ON (contact_id) contact_id, status, answer, last_call_at, call_id
                  FROM writebacks
                 WHERE campaign_id = \(campaign.id) AND state <> 'superseded'
                 ORDER BY contact_id, id DESC
            ), told AS (
                -- The contact's last row sent to the source (committed, or its fate not yet known).
                SELECT DISTINCT ON (contact_id) contact_id, status, answer, last_call_at, call_id
                  FROM writebacks
                 WHERE campaign_id = \(campaign.id) AND state IN ('sending', 'applied')
                 ORDER BY contact_id, id DESC
            ), changed AS (
                SELECT c.* FROM current c LEFT JOIN recorded r ON r.contact_id = c.contact_id
                 WHERE (c.status, c.answer, c.last_call_at, c.call_id) IS DISTINCT FROM (r.status, r.answer, r.last_call_at, r.call_id)
            ), stale AS (
                -- Unsent rows that are not current: the contact changed, was reopened, or has a
                -- newer row (an older send that came back from an aborted transaction).
                UPDATE writebacks w SET state = 'superseded'
                 WHERE w.campaign_id = \(campaign.id) AND w.state IN ('pending', 'failed')
                   AND (w.contact_id IN (SELECT contact_id FROM changed)
                        OR w.contact_id NOT IN (SELECT contact_id FROM current)
                        OR EXISTS (SELECT 1 FROM writebacks n
                                    WHERE n.contact_id = w.contact_id AND n.id > w.id AND n.state <> 'superseded'))
                RETURNING 1
            ), queued AS (
                -- A change back to what the source was last sent needs no new send.
                INSERT INTO writebacks (campaign_id, contact_id, status, answer, last_call_at, call_id)
                SELECT \(campaign.id), c.contact_id, c.status, c.answer, c.last_call_at, c.call_id
                  FROM changed c LEFT JOIN told t ON t.contact_id = c.contact_id
                 WHERE (c.status, c.answer, c.last_call_at, c.call_id) IS DISTINCT FROM (t.status, t.answer, t.last_call_at, t.call_id)
                 ORDER BY c.contact_id
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM queued) AS queued, (SELECT count(*) FROM stale) AS stale
            """).first?.decode("queued") ?? 0
    }

    private func pendingBatch(after: Int64) throws -> [Item] {
        try db.query("""
            SELECT w.id, c.external_id, w.status, w.answer, w.last_call_at, w.call_id
              FROM writebacks w JOIN contacts c ON c.id = w.contact_id
             WHERE w.campaign_id = \(campaign.id) AND w.state = 'pending' AND w.id > \(after)
             ORDER BY w.id LIMIT \(Self.batchSize)
            """).map { row in
            Item(id: try row.decode(0), externalID: try row.decode(1), status: try row.decode(2),
                 answer: try row.decode(3), lastCallAt: try row.decode(4), callID: try row.decode(5))
        }
    }

    /// Sends `batch` in one source transaction; rows the source refuses are recorded, the sent
    /// ones are left `sending` for `settleSending`.
    private func send(_ batch: [Item], _ summary: inout Summary) throws {
        var sent: [Int64] = []
        var rowsTouched: [Int] = []
        var refusals: [(id: Int64, error: PostgresError)] = []
        var storeFailure: (any Error)?
        do {
            try source.transaction { tx in
                // Deferred constraints are checked at each row, under its savepoint, not at COMMIT
                // where one bad row would sink the batch.
                try tx.execute("SET CONSTRAINTS ALL IMMEDIATE")
                let xid: Int64 = try tx.query("SELECT txid_current() AS xid").first?.decode("xid") ?? 0
                do {
                    try tx.prepare(Query(unsafeSQL: statement, binds: binds(batch[0])))
                } catch let error as PostgresError where error.kind == .server {
                    // Wrong for every row alike (syntax, a missing column, a bad constant).
                    // Its message names the statement's parts, not a row's values.
                    throw Stop(reason: "the source cannot run the writeback statement: \(Self.describe(error))")
                }
                for item in batch {
                    try tx.execute("SAVEPOINT writeback")
                    do {
                        let touched = try tx.execute(Query(unsafeSQL: statement, binds: binds(item)))
                        try tx.execute("RELEASE SAVEPOINT writeback")
                        sent.append(item.id)
                        rowsTouched.append(touched)
                    } catch let error as PostgresError where Self.isRowRefusal(error) {
                        try tx.execute("ROLLBACK TO SAVEPOINT writeback")
                        refusals.append((item.id, error))
                    }
                }
                guard !sent.isEmpty else { return }
                // Recorded before the source commits: after a crash, the xid tells what happened.
                do {
                    let marked = try db.execute("""
                        UPDATE writebacks w SET state = 'sending', source_xid = \(xid), last_error = NULL, source_rows = t.touched
                          FROM unnest(\(sent.map(String.init))::bigint[], \(rowsTouched.map(String.init))::int[]) AS t(id, touched)
                         WHERE w.id = t.id AND w.state = 'pending'
                        """)
                    guard marked == sent.count else {
                        throw StoreError.conflict("write-back rows of campaign \(campaign.campaign.name) changed during the pass")
                    }
                } catch {
                    storeFailure = error
                    throw error
                }
            }
        } catch {
            if let storeFailure { throw storeFailure }
            if error is Stop { throw error }
            guard let error = error as? PostgresError else { throw error }
            switch error.kind {
            case .connectionLost, .connectionFailed:
                throw Stop(reason: "the source database is unreachable: \(error.summary)")
            case .server:
                throw Stop(reason: "the source refused the write-back: \(Self.reason(error))")
            default:
                throw error
            }
        }
        for refusal in refusals {
            // Contention on the source (a deadlock, a locked row) is not the row's fault: no try.
            let cost = Self.isContention(refusal.error) ? 0 : 1
            let state = try db.query("""
                UPDATE writebacks SET tries = tries + \(cost), last_error = \(Self.describe(refusal.error)),
                       state = CASE WHEN tries + \(cost) >= \(Self.maxTries) THEN 'failed' ELSE 'pending' END
                 WHERE id = \(refusal.id) RETURNING state
                """).first?.decode("state", as: String.self)
            summary.refused += 1
            summary.refusals[Self.reason(refusal.error), default: 0] += 1
            if state == "failed" { summary.failed += 1 }
        }
    }

    /// Settles every `sending` row by its source transaction's fate: committed rows are applied,
    /// aborted ones go back to `pending` (an abort is not the row's fault: it costs no try); a
    /// transaction still in progress is left for a later pass. Returns how many were applied.
    private func settleSending(_ summary: inout Summary) throws -> Int {
        let xids = try db.query("""
            SELECT DISTINCT source_xid FROM writebacks WHERE campaign_id = \(campaign.id) AND state = 'sending'
            """).map { try $0.decode(0, as: Int64.self) }
        var applied = 0
        for xid in xids {
            let status: String?
            do {
                status = try source.query("SELECT txid_status(\(xid)) AS status").first?.decode("status", as: String?.self)
            } catch let error as PostgresError where error.sqlState == Self.xidInTheFuture {
                // Not an id of this source's history (the source was replaced or restored).
                status = nil
            } catch let error as PostgresError where error.kind == .server {
                throw Stop(reason: "the source cannot say what became of earlier write-backs: \(Self.reason(error))")
            } catch let error as PostgresError {
                throw Stop(reason: "the source database is unreachable: \(error.summary)")
            }
            switch status {
            case "committed":
                let rows = try db.query("""
                    UPDATE writebacks SET state = 'applied', applied_at = now()
                     WHERE campaign_id = \(campaign.id) AND state = 'sending' AND source_xid = \(xid)
                    RETURNING source_rows
                    """)
                applied += rows.count
                summary.matchedNoRow += try rows.count { try $0.decode("source_rows", as: Int?.self) == 0 }
            case "aborted":
                try db.execute("""
                    UPDATE writebacks SET state = 'pending', source_xid = NULL, source_rows = NULL,
                           last_error = 'the source rolled the transaction back'
                     WHERE campaign_id = \(campaign.id) AND state = 'sending' AND source_xid = \(xid)
                    """)
            case "in progress":
                continue
            default:
                // Too old for the source to remember: whether it was applied cannot be known, and
                // sending it again could write it twice. Staff decide (`writeback --retry-failed`).
                summary.failed += try db.execute("""
                    UPDATE writebacks SET state = 'failed',
                           last_error = 'the source no longer knows whether this was applied; check it, then --retry-failed'
                     WHERE campaign_id = \(campaign.id) AND state = 'sending' AND source_xid = \(xid)
                    """)
            }
        }
        return applied
    }

    /// txid_status()'s refusal of a transaction id the source has not reached yet.
    static let xidInTheFuture = SQLState("22023")

    /// `$1`…`$5`: the used ones untyped (Postgres infers them from the statement), the others text.
    func binds(_ item: Item) -> [PostgresBind] {
        let values = [item.externalID, item.status, item.answer, item.lastCallAt?.postgresText, item.callID]
        return values.enumerated().map { index, value in
            PostgresBind(type: used.contains(index + 1) ? .unknown : .text, text: value)
        }
    }

    /// A refusal of this row's values (bad data, a constraint, a lock, a trigger's exception),
    /// as against a refusal of the statement itself (syntax, a missing table or column, a
    /// permission), which would refuse every row alike.
    static func isRowRefusal(_ error: PostgresError) -> Bool {
        guard error.kind == .server, let state = error.sqlState else { return false }
        return !["42", "0A", "3D", "3F", "26", "28", "25", "08", "57", "53", "58", "XX"].contains(state.codeClass)
    }

    /// A refusal that says the source was busy rather than that the row is wrong: a serialization
    /// failure, a deadlock, a row locked past `lock_timeout`. Retried by the next pass at no cost.
    static func isContention(_ error: PostgresError) -> Bool {
        ["40001", "40P01", "55P03"].contains(error.sqlState?.code ?? "")
    }

    /// A source error for people, safe to print: its SQLSTATE and what that code means (the
    /// server's message may quote the row's values, so it is left out).
    static func reason(_ error: PostgresError) -> String {
        guard let state = error.sqlState else { return error.summary }
        return "SQLSTATE \(state.code)\(PostgresError.meaning(of: state).map { " (\($0))" } ?? "")"
    }

    /// What `last_error` keeps of a refusal: the reason and the server's one-line message, which
    /// may quote the row's values: it stays in our database, and only the reason is printed.
    static func describe(_ error: PostgresError) -> String {
        error.serverMessage.isEmpty ? reason(error) : "\(reason(error)): \(error.serverMessage)"
    }
}
