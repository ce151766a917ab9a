-- When the reader last asked to subscribe (issue 18): every sign-up of a known address writes it,
-- whatever the reader's state, so that a confirmed reader's sign-up writes the reader's row as a
-- pending or unsubscribed reader's does (and a new address's insert): the time a sign-up takes
-- does not tell who is on the list. In the reader's data export.
ALTER TABLE subscriber ADD COLUMN last_signup_at TIMESTAMP WITH TIME ZONE;
UPDATE subscriber SET last_signup_at = created_at;
