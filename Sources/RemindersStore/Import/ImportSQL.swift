import Postgres

/// The set-based SQL of an import: staging table, duplicate removal, plan, then the writes.
///
/// No statement runs per row: the rows arrive by COPY, and every decision is a join over the
/// whole batch. `scripts/bench-import` runs the same statements from psql as the floor.
enum ImportSQL {
    /// The staging table's columns, in `StagedContact.copyValues` order.
    static let stagingColumns = "line, external_id, phone, timezone, appointment_epoch, fields, context, due_epoch, skip_reason, phone_column"

    /// Dropped with the transaction, so a failed import leaves nothing behind.
    static let createStaging: Query = """
        CREATE TEMP TABLE import_rows (
            line integer NOT NULL, external_id text NOT NULL, phone text NOT NULL, timezone text NOT NULL,
            appointment_epoch double precision NOT NULL, fields jsonb NOT NULL, context jsonb NOT NULL,
            due_epoch double precision, skip_reason text, phone_column text
        ) ON COMMIT DROP
        """

    static let copyStaging = Query(unsafeSQL: "COPY import_rows (\(stagingColumns)) FROM STDIN")

    /// Removes every repeat of an id after its first line; returns them for the rejects file.
    static let removeDuplicates: Query = """
        WITH firsts AS (
            SELECT external_id, min(line) AS first_line FROM import_rows GROUP BY external_id HAVING count(*) > 1
        )
        DELETE FROM import_rows r USING firsts f
        WHERE r.external_id = f.external_id AND r.line > f.first_line
        RETURNING r.line, r.external_id, f.first_line
        """

    /// One row per valid input row with everything the writes need: the suppression verdict,
    /// the row hash, the stored contact (if any) and whether its attempt may be rescheduled
    /// (pending or skipped, nothing in flight). New contacts get their id here, from the sequence,
    /// in the file's order (Postgres computes `nextval` after the sort), so reports list contacts
    /// as the file or the source query did.
    static func plan(campaignID: Int64) -> Query {
        """
        CREATE TEMP TABLE import_plan ON COMMIT DROP AS
        SELECT r.line, r.external_id, r.phone, r.timezone, to_timestamp(r.appointment_epoch) AS appointment_at,
               r.fields, r.context, to_timestamp(r.due_epoch) AS due_at, r.phone_column,
               CASE WHEN s.phone IS NOT NULL THEN 'suppressed' ELSE r.skip_reason END AS reason,
               p.row_hash,
               c.id IS NULL AS is_new,
               c.id IS NOT NULL AND c.row_hash <> p.row_hash AS changed,
               coalesce(c.id, nextval('contacts_id_seq')) AS contact_id,
               c.id IS NOT NULL AND (c.status IN ('pending', 'skipped')
                                     OR (c.status = 'cancelled' AND c.status_reason IN ('cancelled_in_source', 'removed_from_source')))
                   AND NOT EXISTS (
                   SELECT 1 FROM call_attempts a WHERE a.contact_id = c.id AND a.kind = 'campaign'
                   AND a.state IN ('dialing', 'initiating', 'ringing', 'in_progress', 'unknown')) AS reschedulable
        FROM import_rows r
        CROSS JOIN LATERAL (SELECT md5(concat_ws(E'\\x1f', r.phone, r.timezone, r.appointment_epoch::text,
                                                  r.fields::text, r.context::text)) AS row_hash) p
        LEFT JOIN suppressions s ON s.phone = r.phone
        LEFT JOIN contacts c ON c.campaign_id = \(campaignID) AND c.external_id = r.external_id
        ORDER BY r.line
        """
    }

    static let counts: Query = """
        SELECT count(*) FILTER (WHERE is_new AND reason IS NULL) AS accepted,
               count(*) FILTER (WHERE changed AND NOT (reschedulable AND reason IS NOT NULL)) AS updated,
               count(*) FILTER (WHERE NOT is_new AND NOT changed) AS unchanged,
               count(*) FILTER (WHERE (is_new OR (changed AND reschedulable)) AND reason IS NOT NULL) AS skipped
        FROM import_plan
        """

    static func insertContacts(campaignID: Int64) -> Query {
        """
        INSERT INTO contacts (id, campaign_id, external_id, phone, timezone, appointment_at, fields, context,
                              row_hash, status, status_reason, source_line, settled_at, phone_column)
        SELECT contact_id, \(campaignID), external_id, phone, timezone, appointment_at, fields, context, row_hash,
               CASE WHEN reason IS NULL THEN 'pending' ELSE 'skipped' END, reason, line,
               CASE WHEN reason IS NULL THEN NULL ELSE now() END, phone_column
        FROM import_plan WHERE is_new
        """
    }

    static func insertFirstAttempts(campaignID: Int64) -> Query {
        """
        INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, kind, state, due_at, to_number)
        SELECT contact_id, \(campaignID), 1, 'campaign', 'scheduled', due_at, phone
        FROM import_plan WHERE is_new AND reason IS NULL
        """
    }

    /// Changed rows: data always; status only where the attempt may be rescheduled, so a
    /// contact already reached (or being called) keeps its status.
    static let updateContacts: Query = """
        UPDATE contacts c SET phone = p.phone, timezone = p.timezone, appointment_at = p.appointment_at,
               fields = p.fields, context = p.context, row_hash = p.row_hash, source_line = p.line, updated_at = now(),
               phone_column = p.phone_column,
               status = CASE WHEN NOT p.reschedulable THEN c.status WHEN p.reason IS NULL THEN 'pending' ELSE 'skipped' END,
               status_reason = CASE WHEN p.reschedulable THEN p.reason ELSE c.status_reason END,
               settled_at = CASE WHEN NOT p.reschedulable THEN c.settled_at WHEN p.reason IS NULL THEN NULL ELSE now() END
        FROM import_plan p
        WHERE p.changed AND c.id = p.contact_id
        """

    /// A changed row moves its not-yet-dialed first attempt, or ends it as skipped. A retry is
    /// never moved earlier than the due time its delay set, only later when the new row's
    /// reminder time is later (an appointment moved on); it may be ended as skipped too. Both
    /// take the new number.
    static let rescheduleAttempts: Query = """
        UPDATE call_attempts a SET due_at = CASE WHEN a.attempt_number = 1 THEN coalesce(p.due_at, a.due_at)
                                                 ELSE greatest(a.due_at, p.due_at) END,
               to_number = p.phone, updated_at = now(),
               state = CASE WHEN p.reason IS NULL THEN 'scheduled' ELSE 'skipped' END,
               end_reason = p.reason, ended_at = CASE WHEN p.reason IS NULL THEN NULL ELSE now() END
        FROM import_plan p
        WHERE p.changed AND p.reschedulable AND a.contact_id = p.contact_id AND a.kind = 'campaign' AND a.state = 'scheduled'
        """

    /// A changed row of a skipped contact that is now due gets a new attempt after its last one.
    static func insertRescheduledAttempts(campaignID: Int64) -> Query {
        """
        INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, kind, state, due_at, to_number)
        SELECT p.contact_id, \(campaignID),
               coalesce((SELECT max(a.attempt_number) FROM call_attempts a WHERE a.contact_id = p.contact_id AND a.kind = 'campaign'), 0) + 1,
               'campaign', 'scheduled', p.due_at, p.phone
        FROM import_plan p
        WHERE p.changed AND p.reschedulable AND p.reason IS NULL AND NOT EXISTS (
            SELECT 1 FROM call_attempts a WHERE a.contact_id = p.contact_id AND a.kind = 'campaign' AND a.state = 'scheduled')
        """
    }
}
