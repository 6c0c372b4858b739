-- Why we asked the provider to end a queued call (`POST /voice/end`): an opt-out or a
-- cancellation after the call was submitted ahead. Recorded before the request, so the call's
-- final news, which the end itself makes the provider send at once, ends the attempt
-- `cancelled` for this reason whether it arrives before our record of the end or after.
ALTER TABLE call_attempts ADD COLUMN end_requested text;
