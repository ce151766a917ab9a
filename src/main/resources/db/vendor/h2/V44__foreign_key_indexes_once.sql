-- H2 gives each foreign key an index of its own (CONSTRAINT_INDEX_...), where PostgreSQL gives it
-- none; the indexes the shared migrations create on the same columns, for PostgreSQL, were a
-- second copy on H2, written at every insert and every commit for nothing.
DROP INDEX consent_subscriber_idx;
DROP INDEX subscriber_event_subscriber_idx;
DROP INDEX subscriber_field_field_idx;
DROP INDEX copy_open_delivery_idx;
DROP INDEX article_topic_topic_idx;
DROP INDEX campaign_topic_topic_idx;
DROP INDEX digest_topic_topic_idx;
