-- The database's own floor for an import (scripts/bench-import): psql \copy of the same CSV into a
-- staging table, the per-row values derived in SQL, then the importer's set-based statements
-- (kept identical to Sources/RemindersStore/Import/ImportSQL.swift). The script replaces @FILE@; psql variable :campaign_config.
BEGIN;
INSERT INTO campaigns (name, config) VALUES ('bench-import', :'campaign_config'::jsonb) RETURNING id AS campaign_id \gset
SELECT id FROM campaigns WHERE id = :campaign_id FOR UPDATE;
CREATE TEMP TABLE raw (id text, first_name text, last_name text, phone text, timezone text, appointment_at text, dentist text) ON COMMIT DROP;
\copy raw FROM '@FILE@' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE import_rows (
    line integer NOT NULL, external_id text NOT NULL, phone text NOT NULL, timezone text NOT NULL,
    appointment_epoch double precision NOT NULL, fields jsonb NOT NULL, context jsonb NOT NULL,
    due_epoch double precision, skip_reason text, phone_column text
) ON COMMIT DROP;
INSERT INTO import_rows
SELECT row_number() OVER () + 1, id, '+1' || right(regexp_replace(phone, '[^0-9]', '', 'g'), 10), timezone,
       extract(epoch FROM (appointment_at::timestamp AT TIME ZONE timezone)),
       jsonb_build_object('id', id, 'first_name', first_name, 'last_name', last_name, 'phone', phone,
                          'timezone', timezone, 'appointment_at', appointment_at, 'dentist', dentist),
       jsonb_build_object('patient_first_name', first_name, 'dentist', 'Dr. ' || dentist, 'clinic_name', 'Bayview Dental',
                          'appointment_time', to_char(appointment_at::timestamp, 'Dy, Mon FMDD, YYYY "at" FMHH12:MI AM')),
       extract(epoch FROM (appointment_at::timestamp AT TIME ZONE timezone) - interval '24 hours'), NULL, 'phone'
FROM raw;
WITH firsts AS (
    SELECT external_id, min(line) AS first_line FROM import_rows GROUP BY external_id HAVING count(*) > 1
)
DELETE FROM import_rows r USING firsts f
WHERE r.external_id = f.external_id AND r.line > f.first_line
RETURNING r.line, r.external_id, f.first_line;
ANALYZE import_rows;
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
CROSS JOIN LATERAL (SELECT md5(concat_ws(E'\x1f', r.phone, r.timezone, r.appointment_epoch::text,
                                          r.fields::text, r.context::text)) AS row_hash) p
LEFT JOIN suppressions s ON s.phone = r.phone
LEFT JOIN contacts c ON c.campaign_id = :campaign_id AND c.external_id = r.external_id
ORDER BY r.line;
SELECT count(*) FILTER (WHERE is_new AND reason IS NULL) AS accepted,
       count(*) FILTER (WHERE changed AND NOT (reschedulable AND reason IS NOT NULL)) AS updated,
       count(*) FILTER (WHERE NOT is_new AND NOT changed) AS unchanged,
       count(*) FILTER (WHERE (is_new OR (changed AND reschedulable)) AND reason IS NOT NULL) AS skipped
FROM import_plan;
INSERT INTO contacts (id, campaign_id, external_id, phone, timezone, appointment_at, fields, context,
                      row_hash, status, status_reason, source_line, settled_at, phone_column)
SELECT contact_id, :campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash,
       CASE WHEN reason IS NULL THEN 'pending' ELSE 'skipped' END, reason, line,
       CASE WHEN reason IS NULL THEN NULL ELSE now() END, phone_column
FROM import_plan WHERE is_new;
INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, kind, state, due_at, to_number)
SELECT contact_id, :campaign_id, 1, 'campaign', 'scheduled', due_at, phone
FROM import_plan WHERE is_new AND reason IS NULL;
UPDATE contacts c SET phone = p.phone, timezone = p.timezone, appointment_at = p.appointment_at,
       fields = p.fields, context = p.context, row_hash = p.row_hash, source_line = p.line, updated_at = now(),
       phone_column = p.phone_column,
       status = CASE WHEN NOT p.reschedulable THEN c.status WHEN p.reason IS NULL THEN 'pending' ELSE 'skipped' END,
       status_reason = CASE WHEN p.reschedulable THEN p.reason ELSE c.status_reason END,
       settled_at = CASE WHEN NOT p.reschedulable THEN c.settled_at WHEN p.reason IS NULL THEN NULL ELSE now() END
FROM import_plan p
WHERE p.changed AND c.id = p.contact_id;
UPDATE call_attempts a SET due_at = CASE WHEN a.attempt_number = 1 THEN coalesce(p.due_at, a.due_at)
                                         ELSE greatest(a.due_at, p.due_at) END,
       to_number = p.phone, updated_at = now(),
       state = CASE WHEN p.reason IS NULL THEN 'scheduled' ELSE 'skipped' END,
       end_reason = p.reason, ended_at = CASE WHEN p.reason IS NULL THEN NULL ELSE now() END
FROM import_plan p
WHERE p.changed AND p.reschedulable AND a.contact_id = p.contact_id AND a.kind = 'campaign' AND a.state = 'scheduled';
INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, kind, state, due_at, to_number)
SELECT p.contact_id, :campaign_id,
       coalesce((SELECT max(a.attempt_number) FROM call_attempts a WHERE a.contact_id = p.contact_id AND a.kind = 'campaign'), 0) + 1,
       'campaign', 'scheduled', p.due_at, p.phone
FROM import_plan p
WHERE p.changed AND p.reschedulable AND p.reason IS NULL AND NOT EXISTS (
    SELECT 1 FROM call_attempts a WHERE a.contact_id = p.contact_id AND a.kind = 'campaign' AND a.state = 'scheduled');
COMMIT;
