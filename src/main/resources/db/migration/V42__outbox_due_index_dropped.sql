-- The claim reads due messages through outbox_claim_idx (status, priority, id) since V9; nothing
-- reads outbox_due_idx (status, next_attempt_at) any more, yet every message queued and every one
-- sent or retried wrote it: one more index per sign-up's confirmation, twice (issue 13).
DROP INDEX outbox_due_idx;
