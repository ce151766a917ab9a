-- A personal digest (issue 16): each reader gets the newest of its articles they have not received
-- yet (per the article ledger, delivery_article), up to max_articles; a reader with nothing new is
-- skipped.
ALTER TABLE digest ADD COLUMN personal BOOLEAN DEFAULT FALSE NOT NULL;

-- A personal edition: its campaign_article rows are the pool, newest first, from which each reader
-- gets up to this many they have not received. NULL: one edition, the same articles for everyone.
ALTER TABLE campaign ADD COLUMN personal_articles INTEGER;

-- The articles of each copy of a personal edition, chosen by the queue fill in SQL.
CREATE TABLE delivery_copy_article (
    delivery_id BIGINT  NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    article_id  BIGINT  NOT NULL,
    PRIMARY KEY (delivery_id, position)
);
