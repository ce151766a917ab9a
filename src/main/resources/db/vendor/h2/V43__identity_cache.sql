-- H2 keeps each identity's next value in its file and writes it, in a commit of its own, every
-- time the values it holds in memory run out: by default every 32 rows. Under sign-ups that was
-- one file write more per 8 sign-ups (a reader, a consent, an event and a mail each take an id),
-- 12% of a sign-up's CPU. A thousand at a time, for the tables that grow with readers and mail. A
-- crash (kill -9) loses the ids held in memory, not rows: the next ids then start up to a thousand
-- further on, never again at one already given. A clean shutdown keeps the exact next value.
-- PostgreSQL has no such write, and caches per connection, which would give out ids out of order.
ALTER TABLE subscriber ALTER COLUMN id SET CACHE 1000;
ALTER TABLE consent ALTER COLUMN id SET CACHE 1000;
ALTER TABLE subscriber_event ALTER COLUMN id SET CACHE 1000;
ALTER TABLE outbox_message ALTER COLUMN id SET CACHE 1000;
ALTER TABLE delivery ALTER COLUMN id SET CACHE 1000;
ALTER TABLE click ALTER COLUMN id SET CACHE 1000;
ALTER TABLE copy_open ALTER COLUMN id SET CACHE 1000;
ALTER TABLE bounce ALTER COLUMN id SET CACHE 1000;
ALTER TABLE webhook_delivery ALTER COLUMN id SET CACHE 1000;
ALTER TABLE audit_event ALTER COLUMN id SET CACHE 1000;
