-- A sent or given-up transactional mail keeps its record (kind, recipient, reader, status, times,
-- attempts, last error, Message-ID) but not its body: confirmation links and data exports are not
-- kept once they have left. Records older than glowletter.delivery.outbox-retention are purged.
ALTER TABLE outbox_message ALTER COLUMN mime DROP NOT NULL;
UPDATE outbox_message SET mime = NULL WHERE status IN ('SENT', 'FAILED');
CREATE INDEX outbox_created_idx ON outbox_message (created_at);
