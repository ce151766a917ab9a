-- The address as two addresses are compared: lower-case, kept by the database itself, so that no
-- insert can leave it out. (H2's file has the same column without STORED, which H2 refuses.)
ALTER TABLE subscriber ADD COLUMN email_key VARCHAR(254) GENERATED ALWAYS AS (LOWER(email)) STORED;
CREATE UNIQUE INDEX subscriber_email_key_idx ON subscriber (email_key);
-- unique in any case is unique as typed too
ALTER TABLE subscriber DROP CONSTRAINT subscriber_email_unique;
