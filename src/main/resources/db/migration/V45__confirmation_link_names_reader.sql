-- A confirmation link now names its reader: its token is the reader's id, then a secret whose SHA-256
-- this column holds. The reader is found by id, so the column needs no index: a sign-up no longer
-- writes an entry at a random place of subscriber_token_idx (a page changed per sign-up, written
-- at each commit; issue 13). Links mailed before keep working through confirmation_token_hash and
-- its index until they are used, replaced or run out; new links leave that column empty.
ALTER TABLE subscriber ADD COLUMN confirmation_secret_hash VARCHAR(64);
