-- Webhook URL tokens are kept only as hashes: a copy of the database (a backup, a report query)
-- no longer holds a token that could post events. A token is made when its attempt is claimed for
-- dialing, goes into the dial's webhook URL, and only its SHA-256 is stored.
CREATE FUNCTION webhook_token_hash(token text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT sha256(convert_to(token, 'UTF8')) $$;

ALTER TABLE call_attempts ADD COLUMN webhook_token_hash bytea UNIQUE;
UPDATE call_attempts SET webhook_token_hash = webhook_token_hash(webhook_token)
 WHERE state NOT IN ('scheduled', 'skipped', 'cancelled');
ALTER TABLE call_attempts DROP COLUMN webhook_token;

-- Events stored per attempt: an attempt accepts a bounded number of them.
ALTER TABLE call_attempts ADD COLUMN event_count integer NOT NULL DEFAULT 0;
UPDATE call_attempts a SET event_count = e.n
  FROM (SELECT attempt_id, count(*) AS n FROM call_events GROUP BY attempt_id) e
 WHERE e.attempt_id = a.id;

-- Signed deliveries seen (X-Webhook-Delivery-Id), so a delivery repeated is applied once. Rows are
-- kept only as long as a delivery's signature stays fresh; an older copy is refused anyway.
CREATE TABLE webhook_deliveries (
    delivery_id  text PRIMARY KEY,
    received_at  timestamptz NOT NULL
);
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
