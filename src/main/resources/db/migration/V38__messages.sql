-- The transactional API (POST /api/messages): each call with an Idempotency-Key leaves a row here
-- for 24 hours, so that the same call again gets the first answer and nothing is sent twice. The
-- primary key decides between two calls with one key at the same moment. No address is kept:
-- the body as a SHA-256 hash, and the outbox message it queued (whose record the outbox keeps and
-- purges, or erases with its reader).
CREATE TABLE message_request (
    caller          VARCHAR(200) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    body_hash       VARCHAR(64)  NOT NULL,
    outbox_id       BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT message_request_pk PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX message_request_created_idx ON message_request (created_at);
