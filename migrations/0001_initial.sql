-- The reminder runner's store of record: campaigns, contacts, call attempts and their events,
-- the shared rate-limit buckets, the suppression list and runs.
-- The database itself enforces what must never happen: a contact imported twice, two live
-- attempts for one contact, a state outside the state machine, an orphan row.

CREATE TABLE campaigns (
    id             bigserial PRIMARY KEY,
    name           text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    -- The validated campaign file in canonical form, so any worker can run it from the database.
    config         jsonb NOT NULL,
    state          text NOT NULL DEFAULT 'active'
                   CHECK (state IN ('active', 'paused', 'cancelled')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    external_id     text NOT NULL CHECK (external_id <> ''),
    phone           text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    timezone        text NOT NULL,
    appointment_at  timestamptz NOT NULL,
    -- The row's columns by header name (what templates read) and the rendered dial context.
    fields          jsonb NOT NULL,
    context         jsonb NOT NULL,
    -- md5 of the normalized row: a re-import of an unchanged row touches nothing.
    row_hash        text NOT NULL,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'reached', 'not_reached', 'skipped', 'cancelled')),
    status_reason   text,
    source_line     integer,
    imported_at     timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    settled_at      timestamptz,
    UNIQUE (campaign_id, external_id),
    CHECK ((status = 'pending') = (settled_at IS NULL))
);
CREATE INDEX contacts_phone ON contacts (phone);
CREATE INDEX contacts_pending ON contacts (campaign_id) WHERE status = 'pending';

-- Runs of `reminders run` and imports, for reports and for finding a dead worker's claims.
CREATE TABLE runs (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('run', 'import', 'sync', 'serve')),
    host         text NOT NULL,
    pid          integer NOT NULL,
    campaigns    text[] NOT NULL DEFAULT '{}',
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    ended_at     timestamptz,
    summary      jsonb
);

CREATE TABLE call_attempts (
    id                  bigserial PRIMARY KEY,
    contact_id          bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    campaign_id         bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    attempt_number      integer NOT NULL CHECK (attempt_number >= 1),
    -- 'test' attempts (reminders test-call) go to a staff number and stay out of campaign figures.
    kind                text NOT NULL DEFAULT 'campaign' CHECK (kind IN ('campaign', 'test')),
    state               text NOT NULL DEFAULT 'scheduled'
                        CHECK (state IN ('scheduled', 'dialing', 'initiating', 'ringing', 'in_progress',
                                         'completed', 'no_answer', 'busy', 'failed', 'unknown',
                                         'skipped', 'cancelled')),
    due_at              timestamptz NOT NULL,
    to_number           text NOT NULL CHECK (to_number ~ '^\+[1-9][0-9]{7,14}$'),
    -- The unguessable token in this attempt's webhook URL (hex of at least 128 random bits).
    webhook_token       text NOT NULL UNIQUE CHECK (length(webhook_token) >= 32),
    call_id             text UNIQUE,
    run_id              bigint REFERENCES runs (id) ON DELETE SET NULL,
    claimed_by          text,
    claimed_at          timestamptz,
    dialed_at           timestamptz,
    answered_at         timestamptz,
    ended_at            timestamptz,
    -- Next time to ask the provider about a call whose webhooks have not come (GET /voice/status).
    poll_at             timestamptz,
    poll_count          integer NOT NULL DEFAULT 0,
    -- Failures that did not use up the attempt (429, 5xx, connection refused): drive the backoff.
    transient_failures  integer NOT NULL DEFAULT 0,
    duration_seconds    integer CHECK (duration_seconds >= 0),
    recording_id        text,
    end_reason          text,
    provider_status     integer,
    error               text,
    -- How an `unknown` (ambiguous) attempt was resolved: webhook, sessions, status, redial.
    resolved_by         text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (contact_id, kind, attempt_number),
    -- A call the provider accepted has its id from then on.
    CHECK (state NOT IN ('initiating', 'ringing', 'in_progress', 'completed') OR call_id IS NOT NULL)
);
-- Never two live attempts for one contact: at most one attempt not yet terminal per contact and kind.
CREATE UNIQUE INDEX call_attempts_one_live ON call_attempts (contact_id, kind)
    WHERE state IN ('scheduled', 'dialing', 'initiating', 'ringing', 'in_progress', 'unknown');
-- The dispatcher's claim: due scheduled attempts, earliest first.
CREATE INDEX call_attempts_due ON call_attempts (due_at) WHERE state = 'scheduled';
-- Recovery and polling: attempts in flight.
CREATE INDEX call_attempts_in_flight ON call_attempts (state, poll_at)
    WHERE state IN ('dialing', 'initiating', 'ringing', 'in_progress', 'unknown');
-- The patient frequency cap: dials to one number across campaigns.
CREATE INDEX call_attempts_number_dialed ON call_attempts (to_number, dialed_at) WHERE dialed_at IS NOT NULL;
CREATE INDEX call_attempts_campaign ON call_attempts (campaign_id, state);

-- Every webhook event received, applied or not; deduplicated on call id + status + timestamp.
CREATE TABLE call_events (
    id           bigserial PRIMARY KEY,
    attempt_id   bigint NOT NULL REFERENCES call_attempts (id) ON DELETE CASCADE,
    call_id      text NOT NULL,
    status       text NOT NULL,
    event_at     timestamptz,
    dedupe_key   text NOT NULL UNIQUE,
    -- applied: moved the attempt forward; otherwise why not (duplicate, late, unknown status).
    disposition  text NOT NULL CHECK (disposition IN ('applied', 'late', 'unrecognized', 'adopted')),
    source       text NOT NULL DEFAULT 'webhook' CHECK (source IN ('webhook', 'status_poll', 'sessions', 'end')),
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_events_attempt ON call_events (attempt_id);

-- One GCRA bucket per provider account and endpoint, shared by every worker. `tat` is the
-- theoretical arrival time; `blocked_until` holds a 429's Retry-After.
CREATE TABLE rate_buckets (
    account        text NOT NULL,
    endpoint       text NOT NULL CHECK (endpoint IN ('dial', 'status', 'sessions', 'start', 'end', 'transcript')),
    per_minute     integer NOT NULL CHECK (per_minute > 0),
    burst          integer NOT NULL CHECK (burst > 0),
    tat            timestamptz NOT NULL DEFAULT '-infinity',
    blocked_until  timestamptz NOT NULL DEFAULT '-infinity',
    granted        bigint NOT NULL DEFAULT 0,
    rate_limited   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (account, endpoint)
);

-- Numbers that must never be called, across every campaign (opt-outs).
CREATE TABLE suppressions (
    phone       text PRIMARY KEY CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
