-- The claim is meant to read due messages in their order through outbox_claim_idx (status, priority,
-- id, since V9) and stop at its batch. While outbox_due_idx (status, next_attempt_at) was there, H2's
-- planner took it instead and sorted every queued message; and every message queued, then sent or
-- retried, wrote it: one more index per sign-up's confirmation, twice (issue 13).
DROP INDEX outbox_due_idx;
