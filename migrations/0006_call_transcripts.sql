-- Transcripts of answered calls, kept only for campaigns that set `store_transcripts` (issue 18).
-- They are health data: by default only the answer and its evidence are kept (call_attempts),
-- and the words are dropped once read. One row per completed call, written with its answer.
CREATE TABLE call_transcripts (
    attempt_id  bigint PRIMARY KEY REFERENCES call_attempts (id) ON DELETE CASCADE,
    -- [{"role": "agent"|"patient"|…, "text": "…"}, …] in the order spoken.
    turns       jsonb NOT NULL CHECK (jsonb_typeof(turns) = 'array'),
    stored_at   timestamptz NOT NULL DEFAULT now()
);
