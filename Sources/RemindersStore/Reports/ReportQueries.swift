public import Foundation
public import Postgres
public import Reminders

/// The SQL behind `reminders report`: every figure is aggregated by Postgres, and contact rows are
/// streamed through a cursor, so a report over a million contacts holds neither in memory.
///
/// Only `kind = 'campaign'` attempts count (test calls never do). With a run id, attempts are
/// those of that run and contacts those with an attempt in it. Run both calls inside one
/// `REPEATABLE READ` transaction so the summary and the rows come from the same snapshot.
public enum ReportQueries {
    /// Rows fetched per round trip from the row cursor: large enough that round trips cost little,
    /// small enough that one batch stays a few megabytes.
    static let rowBatchSize = 10_000
    /// Batches fetched ahead of the one being rendered: two keep the database busy while the
    /// caller works, and bound memory to three batches.
    static let prefetchDepth = 2

    /// Separates call ids in one aggregated column (ASCII unit separator: never in a provider id).
    static let callIDSeparator: Character = "\u{1F}"

    /// The report's aggregated figures for `stored` (optionally one run), stamped `generatedAt`.
    public static func report(for stored: StoredCampaign, runID: Int64?, generatedAt: Date,
                              _ db: Connection) throws -> Report {
        let campaignID = stored.id
        let contacts = try contactCounts(campaignID: campaignID, runID: runID, db)
        let (attempts, durations) = try attemptFigures(campaignID: campaignID, runID: runID, db)
        let buckets = try db.query("""
            SELECT coalesce(sum(rate_limited), 0)::bigint AS rate_limited FROM rate_buckets WHERE endpoint = 'dial'
            """).first?.decode("rate_limited", as: Int.self) ?? 0
        var report = Report(
            campaign: stored.campaign.name, runID: runID, generatedAt: generatedAt,
            contacts: contacts, attempts: attempts.counts, durations: durations,
            rateLimit: stored.campaign.rateLimit,
            timeline: try timeline(campaignID: campaignID, runID: runID, db),
            callsOutsideCallingHours: try callsOutsideCallingHours(
                campaignID: campaignID, runID: runID, hours: stored.campaign.callingHours, db),
            rateLimited: RateLimitedCounts(attemptsLastAnswered429: attempts.last429, accountBuckets: buckets),
            ambiguous: try ambiguous(campaignID: campaignID, runID: runID, db))
        report.reportFields = stored.campaign.reportFields
        report.phoneDisplay = PhoneDisplay(campaign: stored.campaign)
        if stored.campaign.writeback != nil { report.writebacks = try writebackCounts(campaignID: campaignID, db) }
        return report
    }

    /// Settled contacts by their latest recorded outcome's state; a settled contact with none yet
    /// is pending. For the whole campaign, whatever the run: the source is told of every contact.
    static func writebackCounts(campaignID: Int64, _ db: Connection) throws -> WritebackCounts {
        let row = try db.query("""
            SELECT count(*) FILTER (WHERE latest.state = 'applied') AS applied,
                   count(*) FILTER (WHERE latest.state = 'failed') AS failed,
                   count(*) FILTER (WHERE latest.state IS NULL OR latest.state IN ('pending', 'sending')) AS pending
              FROM contacts c
              LEFT JOIN LATERAL (
                SELECT state FROM writebacks w WHERE w.contact_id = c.id AND w.state <> 'superseded' ORDER BY w.id DESC LIMIT 1
              ) latest ON true
             WHERE c.campaign_id = \(campaignID) AND c.status <> 'pending'
            """)[0]
        return WritebackCounts(applied: try row.decode("applied"), pending: try row.decode("pending"), failed: try row.decode("failed"))
    }

    /// Calls `body` with each contact row, in import order, whose status is in `statuses` (nil: all),
    /// carrying the values of the source columns named in `fields`.
    /// Opens a `REPEATABLE READ` transaction when the caller has none (cursors live in transactions).
    public static func forEachContactRow(campaignID: Int64, runID: Int64?, statuses: Set<String>?, fields: [String] = [],
                                         _ db: Connection, _ body: (ReportContactRow) throws -> Void) throws {
        guard db.inTransaction else {
            return try db.transaction(isolation: .repeatableRead) { tx in
                try forEachContactRow(campaignID: campaignID, runID: runID, statuses: statuses, fields: fields, tx, body)
            }
        }
        let statusList: [String]? = statuses.map { $0.sorted() }
        // A cursor is planned for its first 10% of rows by default (favouring fast-start plans);
        // every row will be read, so plan for all of them, as a plain SELECT is.
        try db.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        try db.execute("""
            DECLARE report_contact_rows NO SCROLL CURSOR FOR
            SELECT c.external_id, c.phone, c.status, c.status_reason, coalesce(a.placed, 0) AS attempts,
                   a.last_outcome, a.last_call_at, coalesce(a.call_ids, '') AS call_ids, c.phone_column,
                   a.answer, c.appointment_at, c.timezone,
                   (SELECT coalesce(jsonb_agg(coalesce(c.fields ->> f.name, '') ORDER BY f.n), '[]')
                      FROM unnest(\(fields)::text[]) WITH ORDINALITY AS f(name, n)) AS report_fields
              FROM contacts c
              LEFT JOIN (
                SELECT contact_id,
                       count(*) FILTER (WHERE state NOT IN ('scheduled', 'skipped', 'cancelled')) AS placed,
                       (array_agg(state ORDER BY attempt_number DESC)
                          FILTER (WHERE state NOT IN ('scheduled', 'skipped', 'cancelled')))[1] AS last_outcome,
                       max(dialed_at) AS last_call_at,
                       string_agg(call_id, chr(31) ORDER BY attempt_number) AS call_ids,
                       (array_agg(answer ORDER BY attempt_number DESC) FILTER (WHERE answer IS NOT NULL))[1] AS answer
                  FROM call_attempts
                 WHERE campaign_id = \(campaignID) AND kind = 'campaign'
                   AND (\(runID)::bigint IS NULL OR run_id = \(runID)::bigint)
                 GROUP BY contact_id
              ) a ON a.contact_id = c.id
             WHERE c.campaign_id = \(campaignID)
               AND (\(runID)::bigint IS NULL OR a.contact_id IS NOT NULL)
               AND (\(statusList)::text[] IS NULL OR c.status = ANY(\(statusList)::text[]))
             ORDER BY c.id
            """)
        defer { _ = try? db.execute("CLOSE report_contact_rows") }
        // The helper thread waits on the database for the next batch while this thread decodes and
        // renders the previous one: the two costs overlap instead of adding up.
        let prefetcher = CursorPrefetcher<FetchedRows>(depth: prefetchDepth, connection: db) { connection in
            let rows = try connection.query(Query(unsafeSQL: "FETCH \(rowBatchSize) FROM report_contact_rows"))
            return (FetchedRows(rows), rows.count < rowBatchSize)
        }
        let decoder = JSONDecoder()
        try prefetcher.forEach { batch in
            for row in batch.rows {
                var contact = try decodeContactRow(row)
                if !fields.isEmpty {
                    // A JSON array: values are the source's, and may hold any character.
                    contact.fields = try decoder.decode([String].self, from: Data(try row.decode(12, as: String.self).utf8))
                }
                try body(contact)
            }
        }
    }

    /// Completed campaign calls (contact id, call id, recording id) in import order, at most `limit`,
    /// and how many there are in all: the calls whose transcripts `--with-transcripts` fetches.
    public static func completedCalls(campaignID: Int64, runID: Int64?, limit: Int, _ db: Connection) throws
        -> (calls: [(contactID: String, callID: String, recordingID: String?)], total: Int) {
        let rows = try db.query("""
            SELECT c.external_id, a.call_id, a.recording_id, count(*) OVER () AS total
              FROM call_attempts a JOIN contacts c ON c.id = a.contact_id
             WHERE a.campaign_id = \(campaignID) AND a.kind = 'campaign'
               AND (\(runID)::bigint IS NULL OR a.run_id = \(runID)::bigint)
               AND a.state = 'completed' AND a.call_id IS NOT NULL
             ORDER BY c.id, a.attempt_number
             LIMIT \(limit)
            """)
        let calls = try rows.map { row in
            (contactID: try row.decode(0, as: String.self), callID: try row.decode(1, as: String.self),
             recordingID: try row.decode(2, as: String?.self))
        }
        return (calls, try rows.first?.decode("total", as: Int.self) ?? 0)
    }

    private static func decodeContactRow(_ row: Row) throws -> ReportContactRow {
        let calls = try row.decode(7, as: String.self)
        return ReportContactRow(
            id: try row.decode(0), phone: try row.decode(1), status: try row.decode(2),
            statusReason: try row.decode(3), attempts: try row.decode(4), lastOutcome: try row.decode(5),
            lastCallAt: try row.decode(6),
            callIDs: calls.isEmpty ? [] : calls.split(separator: callIDSeparator).map(String.init),
            phoneColumn: try row.decode(8), answer: try row.decode(9), appointmentAt: try row.decode(10), timeZone: try row.decode(11))
    }

    static func contactCounts(campaignID: Int64, runID: Int64?, _ db: Connection) throws -> ContactCounts {
        let counts = try db.query("""
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE status = 'reached') AS reached,
                   count(*) FILTER (WHERE status = 'not_reached') AS not_reached,
                   count(*) FILTER (WHERE status = 'pending') AS pending,
                   count(*) FILTER (WHERE status = 'skipped') AS skipped,
                   count(*) FILTER (WHERE status = 'cancelled') AS cancelled
              FROM contacts c WHERE c.campaign_id = \(campaignID) AND (\(runID)::bigint IS NULL OR EXISTS (
                     SELECT 1 FROM call_attempts r WHERE r.contact_id = c.id AND r.kind = 'campaign' AND r.run_id = \(runID)::bigint))
            """)
        guard let row = counts.first else { throw StoreError.corrupt("contact counts returned no row") }
        var result = ContactCounts(
            total: try row.decode("total"), reached: try row.decode("reached"), notReached: try row.decode("not_reached"),
            pending: try row.decode("pending"), skipped: try row.decode("skipped"), cancelled: try row.decode("cancelled"))
        let reasons = try db.query("""
            SELECT status, coalesce(status_reason, 'unspecified') AS reason, count(*) AS contacts
              FROM contacts c WHERE c.campaign_id = \(campaignID) AND (\(runID)::bigint IS NULL OR EXISTS (
                     SELECT 1 FROM call_attempts r WHERE r.contact_id = c.id AND r.kind = 'campaign' AND r.run_id = \(runID)::bigint)) AND status IN ('skipped', 'not_reached')
             GROUP BY 1, 2 ORDER BY 1, 2
            """)
        let answers = try db.query("""
            SELECT answer, count(*) AS contacts FROM (
                SELECT DISTINCT ON (a.contact_id) a.contact_id, a.answer FROM call_attempts a
                 WHERE a.campaign_id = \(campaignID) AND a.kind = 'campaign' AND a.answer IS NOT NULL
                   AND (\(runID)::bigint IS NULL OR a.run_id = \(runID)::bigint)
                 ORDER BY a.contact_id, a.attempt_number DESC) latest
             GROUP BY answer
            """)
        for row in answers {
            if let answer = Answer(rawValue: try row.decode("answer", as: String.self)) { result.answers[answer] = try row.decode("contacts") }
        }
        for row in reasons {
            let reason = ReasonCount(reason: try row.decode("reason"), count: try row.decode("contacts"))
            if try row.decode("status", as: String.self) == "skipped" {
                result.skippedByReason.append(reason)
            } else {
                result.notReachedByReason.append(reason)
            }
        }
        return result
    }

    static func attemptFigures(campaignID: Int64, runID: Int64?, _ db: Connection) throws
        -> (attempts: (counts: AttemptCounts, last429: Int), durations: DurationSummary) {
        let rows = try db.query("""
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE state NOT IN ('scheduled', 'skipped', 'cancelled')) AS placed,
                   count(*) FILTER (WHERE state NOT IN ('scheduled', 'skipped', 'cancelled') AND attempt_number > 1) AS retries,
                   count(*) FILTER (WHERE state = 'scheduled') AS scheduled,
                   count(*) FILTER (WHERE state IN ('dialing', 'initiating', 'ringing', 'in_progress')) AS in_flight,
                   count(*) FILTER (WHERE state = 'completed') AS completed,
                   count(*) FILTER (WHERE state = 'no_answer') AS no_answer,
                   count(*) FILTER (WHERE state = 'busy') AS busy,
                   count(*) FILTER (WHERE state = 'failed') AS failed,
                   count(*) FILTER (WHERE state = 'unknown') AS unknown,
                   count(*) FILTER (WHERE state = 'skipped') AS skipped,
                   count(*) FILTER (WHERE state = 'cancelled') AS cancelled,
                   count(*) FILTER (WHERE provider_status = 429) AS last_429,
                   count(duration_seconds) FILTER (WHERE state = 'completed') AS calls,
                   avg(duration_seconds) FILTER (WHERE state = 'completed')::float8 AS mean,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds) FILTER (WHERE state = 'completed') AS median,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY duration_seconds) FILTER (WHERE state = 'completed') AS p90
              FROM call_attempts a WHERE a.campaign_id = \(campaignID) AND a.kind = 'campaign' AND (\(runID)::bigint IS NULL OR a.run_id = \(runID)::bigint)
            """)
        guard let row = rows.first else { throw StoreError.corrupt("attempt counts returned no row") }
        var counts = AttemptCounts()
        counts.total = try row.decode("total")
        counts.placed = try row.decode("placed")
        counts.retries = try row.decode("retries")
        counts.scheduled = try row.decode("scheduled")
        counts.inFlight = try row.decode("in_flight")
        counts.completed = try row.decode("completed")
        counts.noAnswer = try row.decode("no_answer")
        counts.busy = try row.decode("busy")
        counts.failed = try row.decode("failed")
        counts.unknown = try row.decode("unknown")
        counts.skipped = try row.decode("skipped")
        counts.cancelled = try row.decode("cancelled")
        let durations = DurationSummary(
            calls: try row.decode("calls"), mean: try row.decode("mean"),
            median: try row.decode("median"), p90: try row.decode("p90"))
        return ((counts, try row.decode("last_429")), durations)
    }

    static func timeline(campaignID: Int64, runID: Int64?, _ db: Connection) throws -> [TimelineMinute] {
        try db.query("""
            SELECT date_trunc('minute', dialed_at) AS minute, count(*) AS dials
              FROM call_attempts a
             WHERE a.campaign_id = \(campaignID) AND a.kind = 'campaign' AND (\(runID)::bigint IS NULL OR a.run_id = \(runID)::bigint) AND dialed_at IS NOT NULL
             GROUP BY 1 ORDER BY 1
            """).map { row in TimelineMinute(minute: try row.decode("minute"), dials: try row.decode("dials")) }
    }

    /// Dials whose instant, read on the contact's own wall clock (its stored zone), falls outside
    /// the campaign's hours: on a day not listed, before `start` or at/after `end`. This matches
    /// `CallingHours.contains` except inside a repeated DST hour at a window edge.
    static func callsOutsideCallingHours(campaignID: Int64, runID: Int64?, hours: CallingHours,
                                         _ db: Connection) throws -> Int {
        // ISO day numbers: Monday 1 … Sunday 7, the order of `Weekday.allCases`.
        let days = Weekday.allCases.enumerated().filter { hours.days.contains($0.element) }.map { String($0.offset + 1) }
        let rows = try db.query("""
            SELECT count(*) AS outside
              FROM call_attempts a JOIN contacts c ON c.id = a.contact_id
             WHERE a.campaign_id = \(campaignID) AND a.kind = 'campaign' AND (\(runID)::bigint IS NULL OR a.run_id = \(runID)::bigint) AND a.dialed_at IS NOT NULL
               AND NOT (extract(isodow FROM a.dialed_at AT TIME ZONE c.timezone)::int = ANY(\(days)::int[])
                        AND (a.dialed_at AT TIME ZONE c.timezone)::time >= \(hours.start.secondsIntoDay) * interval '1 second'
                        AND (a.dialed_at AT TIME ZONE c.timezone)::time < \(hours.end.secondsIntoDay) * interval '1 second')
            """)
        return try rows.first?.decode("outside") ?? 0
    }

    static func ambiguous(campaignID: Int64, runID: Int64?, _ db: Connection) throws -> [AmbiguousResolution] {
        try db.query("""
            SELECT coalesce(resolved_by, 'unresolved') AS resolved_by, state, count(*) AS attempts
              FROM call_attempts a
             WHERE a.campaign_id = \(campaignID) AND a.kind = 'campaign' AND (\(runID)::bigint IS NULL OR a.run_id = \(runID)::bigint) AND (resolved_by IS NOT NULL OR state = 'unknown')
             GROUP BY 1, 2 ORDER BY 1, 2
            """).map { row in
            AmbiguousResolution(resolvedBy: try row.decode("resolved_by"), outcome: try row.decode("state"),
                                attempts: try row.decode("attempts"))
        }
    }
}

/// One fetched batch, handed from the helper thread to the caller's.
///
/// `@unchecked Sendable` is safe here: `Rows` is never mutated after it is created (its fields
/// are constants over a libpq result, and libpq documents a PGresult as read-only and safe to
/// pass between threads), and each batch is read by one thread only, after the hand-over.
private final class FetchedRows: @unchecked Sendable {
    let rows: Rows
    init(_ rows: Rows) { self.rows = rows }
}
