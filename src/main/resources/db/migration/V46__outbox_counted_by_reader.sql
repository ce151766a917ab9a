-- A sign-up's limits count the reader's mails of the hour by reader, no longer by address: a
-- reader's mails go to their address (one reader an address). A new reader's mails take their
-- entries at the end of this index, in order, where outbox_recipient_idx took one at a random
-- place per mail: a page changed per sign-up, written at each commit (issue 13). It also finds
-- the mails of a reader being erased or purged, which were looked for in the whole table.
CREATE INDEX outbox_subscriber_idx ON outbox_message (subscriber_id, created_at);
DROP INDEX outbox_recipient_idx;
