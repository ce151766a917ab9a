-- The outbox sender takes due messages most urgent first (priority, then age): with this index a
-- claim reads them in that order and stops at its batch, instead of sorting every queued message
-- (a backlog of thousands of sign-ups made each claim slower than the sending).
CREATE INDEX outbox_claim_idx ON outbox_message (status, priority, id);
