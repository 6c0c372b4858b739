-- pgbench script for scripts/bench-webhooks: the receiver's transaction for one batch of :n
-- `ringing` events, run by Postgres alone (no HTTP, no JSON, no Swift), to show what the database
-- can do with the receiver's work. The statements have the shape of LockedAttempt.lock(tokens:)
-- and EventRecorder.Batch.write (hand-copied: keep them in step), with generic plans and the two
-- round trips the receiver uses (EventRecorder.recordBatchCommitting: BEGIN with the lock, the
-- write with the COMMIT). Each transaction takes a random run of :n consecutive seeded attempts.
\set b random(0, :attempts / :n - 1)
\set lo :b * :n + 1
\set hi :b * :n + :n
\startpipeline
BEGIN;
SET LOCAL plan_cache_mode = force_generic_plan;
SELECT t.token, a.id, a.contact_id, a.campaign_id, a.attempt_number, a.kind, a.state, a.to_number, a.call_id, a.ended_at,
       a.event_count, c.status AS contact_status, c.phone AS contact_phone, c.timezone, c.appointment_at,
       k.state AS campaign_state
FROM unnest(ARRAY(SELECT lpad(to_hex(g), 48, '0') FROM generate_series(:lo::bigint, :hi::bigint) AS g)) AS t(token)
JOIN call_attempts a ON a.webhook_token_hash = webhook_token_hash(t.token)
JOIN contacts c ON c.id = a.contact_id JOIN campaigns k ON k.id = a.campaign_id
ORDER BY a.id FOR UPDATE OF a;
\endpipeline
\startpipeline
WITH attempts AS (
    UPDATE call_attempts a SET state = 'ringing', call_id = COALESCE(a.call_id, NULLIF(u.call_id, '')),
                               event_count = a.event_count + 1, updated_at = now()
    FROM unnest(ARRAY(SELECT g::text FROM generate_series(:lo::bigint, :hi::bigint) AS g),
                ARRAY(SELECT '' FROM generate_series(:lo::bigint, :hi::bigint) AS g)) AS u(id, call_id)
    WHERE a.id = u.id::bigint
    RETURNING a.id
), events AS (
    INSERT INTO call_events (attempt_id, call_id, status, event_at, dedupe_key, disposition, source, payload, received_at)
    SELECT g, 'call_' || g, 'ringing', now(), 'ceiling/' || g || '/' || clock_timestamp()::text, 'applied', 'webhook',
           ('{"call_id":"call_' || g || '","status":"ringing","timestamp":"2026-11-25T10:00:00Z"}')::jsonb, now()
    FROM generate_series(:lo::bigint, :hi::bigint) AS g
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING dedupe_key
)
SELECT 'event' AS kind, dedupe_key AS value FROM events
UNION ALL SELECT 'attempt', id::text FROM attempts;
COMMIT;
\endpipeline
