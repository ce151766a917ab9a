-- The article ledger (issue 16): which articles each copy sent carried, so that a personal digest
-- gives a reader only what they have not received. Written with the batch record of the copies
-- sent. No key to the campaign: the ledger outlives it; erasing the reader takes it along.
CREATE TABLE delivery_article (
    subscriber_id BIGINT NOT NULL REFERENCES subscriber (id) ON DELETE CASCADE,
    article_id    BIGINT NOT NULL,
    campaign_id   BIGINT NOT NULL,
    sent_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subscriber_id, article_id, campaign_id)
);
