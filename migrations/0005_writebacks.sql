-- Outcomes written back to a campaign's Postgres source (`source.postgres.writeback`, issue 18).
-- One row per outcome of a contact to send: recorded here before it is sent, so a contact's
-- outcome is written once, and kept afterwards as the record of what the source was told. A
-- contact gets a new row only when its outcome differs from its last row that is not superseded.
--
-- The source is another database, so the send is tied to this record through the source's own
-- transaction id: a row is marked 'sending' with that id before the source transaction commits,
-- and after a crash txid_status() on the source says whether it did ('applied') or not ('pending').
CREATE TABLE writebacks (
    id            bigserial PRIMARY KEY,
    campaign_id   bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    contact_id    bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    -- The values sent as $2 status, $3 answer, $4 last call time and $5 call id ($1 is the
    -- contact's external id, read from the contact).
    status        text NOT NULL CHECK (status IN ('reached', 'not_reached', 'skipped', 'cancelled')),
    answer        text,
    last_call_at  timestamptz,
    call_id       text,
    -- pending: to send; sending: inside a source transaction whose fate is not yet recorded;
    -- applied: the source committed it; failed: refused by the source too often (staff look);
    -- superseded: the contact settled again with other values, or was reopened, before this one
    -- was sent.
    state         text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'sending', 'applied', 'failed', 'superseded')),
    tries         integer NOT NULL DEFAULT 0,
    source_xid    bigint,
    -- Rows the statement touched on the source (0: the source no longer has the appointment).
    source_rows   integer,
    last_error    text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    applied_at    timestamptz,
    CHECK (state <> 'sending' OR source_xid IS NOT NULL),
    CHECK ((state = 'applied') = (applied_at IS NOT NULL))
);
-- A contact's rows, latest last: its last row is what the source was (or will be) told.
CREATE INDEX writebacks_by_contact ON writebacks (contact_id, id);
CREATE INDEX writebacks_open ON writebacks (campaign_id, id) WHERE state IN ('pending', 'sending');
