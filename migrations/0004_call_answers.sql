-- What the patient answered on a completed call (issue 18): the answer, and the evidence that
-- decided it (a field of the provider's call details, or one of our rules; never the words said).
-- answer_due_at is set when a call completes and says when to fetch its details next; calls that
-- completed before this migration have none and are not fetched. answer_tries counts failed fetches.
ALTER TABLE call_attempts
    ADD COLUMN answer text CHECK (answer IN ('confirmed', 'cancel_requested', 'reschedule_requested',
                                             'wrong_number', 'voicemail', 'unclear')),
    ADD COLUMN answer_evidence text,
    ADD COLUMN answer_due_at timestamptz,
    ADD COLUMN answer_tries integer NOT NULL DEFAULT 0;
CREATE INDEX call_attempts_unanswered ON call_attempts (answer_due_at)
    WHERE state = 'completed' AND answer IS NULL AND answer_due_at IS NOT NULL;
