-- Synthetic data for scripts/bench-report: one campaign with :contacts contacts in UTC, each with
-- one attempt and every third with a retry, dialed inside 09:00–20:00 UTC.
INSERT INTO campaigns (name, config) VALUES ('bench',
  '{"name": "bench", "agent_id": "agent_1", "from_number": "+12125550000", "timezone": "UTC"}');
INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash,
                      status, status_reason, settled_at)
SELECT (SELECT id FROM campaigns WHERE name = 'bench'), 'appt-' || n, '+1212' || lpad(n::text, 7, '0'), 'UTC',
       '2026-11-21T15:00:00Z', '{}', '{}', md5(n::text),
       (ARRAY['reached', 'reached', 'reached', 'not_reached', 'pending', 'skipped', 'cancelled', 'reached'])[n % 8 + 1],
       CASE n % 8 WHEN 3 THEN 'attempts_exhausted:no_answer' WHEN 5 THEN 'suppressed' END,
       CASE WHEN n % 8 = 4 THEN NULL ELSE now() END
  FROM generate_series(1, :contacts) AS n;
INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number, webhook_token_hash,
                           call_id, dialed_at, duration_seconds, resolved_by)
SELECT c.id, c.campaign_id, k,
       CASE WHEN k = 2 OR c.status <> 'reached' THEN (ARRAY['no_answer', 'busy', 'failed'])[c.id % 3 + 1]
            ELSE 'completed' END,
       '2026-11-20T09:00:00Z', c.phone, webhook_token_hash(md5(c.id::text || '-' || k)), 'call-' || c.id || '-' || k,
       timestamptz '2026-11-20T09:00:00Z' + ((c.id * 7 + k) % 39600) * interval '1 second',
       CASE WHEN k = 1 AND c.status = 'reached' THEN 20 + c.id % 90 END,
       CASE WHEN c.id % 997 = 0 THEN 'sessions' END
  FROM contacts c CROSS JOIN generate_series(1, 2) AS k
 WHERE c.status IN ('reached', 'not_reached', 'pending') AND (k = 1 OR c.id % 3 = 0);
INSERT INTO rate_buckets (account, endpoint, per_minute, burst, rate_limited) VALUES ('acct', 'dial', 10, 1, 42);
ANALYZE;
