-- Which articles are in a topic: those the editor put there (article_topic), and those with a tag
-- that is the topic's name or one of its tags (topic_tag; a feed's categories are an article's
-- tags, so this is also how a feed's categories map to topics). Tags compare without case; they are
-- kept here in lower case.
CREATE TABLE topic_tag (
    topic_id BIGINT      NOT NULL REFERENCES topic (id) ON DELETE CASCADE,
    tag      VARCHAR(60) NOT NULL,
    PRIMARY KEY (topic_id, tag)
);
CREATE INDEX topic_tag_tag_idx ON topic_tag (tag);

CREATE TABLE article_topic (
    article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
    topic_id   BIGINT NOT NULL REFERENCES topic (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, topic_id)
);
CREATE INDEX article_topic_topic_idx ON article_topic (topic_id);

-- A digest for some topics takes their new articles and goes to the readers who chose one of them
-- (or chose none). Like campaign_topic, no cascade from a topic: a topic a digest is for cannot be
-- deleted.
CREATE TABLE digest_topic (
    digest_id BIGINT NOT NULL REFERENCES digest (id) ON DELETE CASCADE,
    topic_id  BIGINT NOT NULL REFERENCES topic (id),
    PRIMARY KEY (digest_id, topic_id)
);
CREATE INDEX digest_topic_topic_idx ON digest_topic (topic_id);
