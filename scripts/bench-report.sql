-- The aggregate queries `reminders report` runs (Sources/RemindersStore/Reports/ReportQueries.swift),
-- with the binds as psql variables, for scripts/bench-report to time psql against.
-- Keep in step with ReportQueries.swift.
\set run_id NULL
SELECT count(*) AS total,
       count(*) FILTER (WHERE status = 'reached') AS reached,
       count(*) FILTER (WHERE status = 'not_reached') AS not_reached,
       count(*) FILTER (WHERE status = 'pending') AS pending,
       count(*) FILTER (WHERE status = 'skipped') AS skipped,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled
  FROM contacts c WHERE c.campaign_id = :campaign_id AND (:run_id::bigint IS NULL OR EXISTS (
       SELECT 1 FROM call_attempts r WHERE r.contact_id = c.id AND r.kind = 'campaign' AND r.run_id = :run_id::bigint));
SELECT status, coalesce(status_reason, 'unspecified') AS reason, count(*) AS contacts
  FROM contacts c WHERE c.campaign_id = :campaign_id AND (:run_id::bigint IS NULL OR EXISTS (
       SELECT 1 FROM call_attempts r WHERE r.contact_id = c.id AND r.kind = 'campaign' AND r.run_id = :run_id::bigint))
   AND status IN ('skipped', 'not_reached')
 GROUP BY 1, 2 ORDER BY 1, 2;
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
  FROM call_attempts a
 WHERE a.campaign_id = :campaign_id AND a.kind = 'campaign' AND (:run_id::bigint IS NULL OR a.run_id = :run_id::bigint);
SELECT coalesce(sum(rate_limited), 0)::bigint AS rate_limited FROM rate_buckets WHERE endpoint = 'dial';
SELECT date_trunc('minute', dialed_at) AS minute, count(*) AS dials
  FROM call_attempts a
 WHERE a.campaign_id = :campaign_id AND a.kind = 'campaign' AND (:run_id::bigint IS NULL OR a.run_id = :run_id::bigint)
   AND dialed_at IS NOT NULL
 GROUP BY 1 ORDER BY 1;
SELECT count(*) AS outside
  FROM call_attempts a JOIN contacts c ON c.id = a.contact_id
 WHERE a.campaign_id = :campaign_id AND a.kind = 'campaign' AND (:run_id::bigint IS NULL OR a.run_id = :run_id::bigint)
   AND a.dialed_at IS NOT NULL
   AND NOT (extract(isodow FROM a.dialed_at AT TIME ZONE c.timezone)::int = ANY('{1,2,3,4,5,6,7}'::int[])
            AND (a.dialed_at AT TIME ZONE c.timezone)::time >= 32400 * interval '1 second'
            AND (a.dialed_at AT TIME ZONE c.timezone)::time < 72000 * interval '1 second');
SELECT coalesce(resolved_by, 'unresolved') AS resolved_by, state, count(*) AS attempts
  FROM call_attempts a
 WHERE a.campaign_id = :campaign_id AND a.kind = 'campaign' AND (:run_id::bigint IS NULL OR a.run_id = :run_id::bigint)
   AND (resolved_by IS NOT NULL OR state = 'unknown')
 GROUP BY 1, 2 ORDER BY 1, 2;
-- The per-contact rows, fetched whole (psql prints them; the report streams them through a cursor).
SELECT c.external_id, c.phone, c.status, c.status_reason, coalesce(a.placed, 0) AS attempts,
       a.last_outcome, a.last_call_at, coalesce(a.call_ids, '') AS call_ids
  FROM contacts c
  LEFT JOIN (
    SELECT contact_id,
           count(*) FILTER (WHERE state NOT IN ('scheduled', 'skipped', 'cancelled')) AS placed,
           (array_agg(state ORDER BY attempt_number DESC)
              FILTER (WHERE state NOT IN ('scheduled', 'skipped', 'cancelled')))[1] AS last_outcome,
           max(dialed_at) AS last_call_at,
           string_agg(call_id, chr(31) ORDER BY attempt_number) AS call_ids
      FROM call_attempts
     WHERE campaign_id = :campaign_id AND kind = 'campaign'
       AND (:run_id::bigint IS NULL OR run_id = :run_id::bigint)
     GROUP BY contact_id
  ) a ON a.contact_id = c.id
 WHERE c.campaign_id = :campaign_id
   AND (:run_id::bigint IS NULL OR a.contact_id IS NOT NULL)
 ORDER BY c.id;
