-- A transactional mail is queued as what to compose (recipient, subject, template, model: a few
-- hundred bytes of JSON), and composed when it is sent; only a mail with an attachment is queued
-- finished, in mime. A row of a few hundred bytes instead of ~5 KB is what lets the outbox's
-- claims and records keep up with a burst of sign-ups (H2 rewrites a whole page for each changed
-- row). Like the body, the model goes once the message is sent or given up.
ALTER TABLE outbox_message ADD COLUMN email TEXT;
ALTER TABLE outbox_message ADD CONSTRAINT outbox_body_check
    CHECK (status <> 'QUEUED' OR mime IS NOT NULL OR email IS NOT NULL);
