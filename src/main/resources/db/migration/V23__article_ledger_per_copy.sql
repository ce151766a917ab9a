-- The article ledger, one row per copy (issue 16): a copy recorded SENT in `delivery` is what
-- carried the articles. Which ones: the articles of its campaign, kept here by the delivery engine
-- when the campaign starts (no key to `campaign`: they outlive it), every_copy = TRUE; for a
-- personal edition the pool, every_copy = FALSE, and each copy's own articles are in
-- delivery_copy_article. The send path writes nothing more than the copy's status (five rows
-- per copy made it about 30% slower). delivery_article keeps the rows written before this
-- version and history brought from elsewhere.
CREATE TABLE delivery_campaign_article (
    article_id  BIGINT  NOT NULL,
    campaign_id BIGINT  NOT NULL,
    every_copy  BOOLEAN NOT NULL,
    PRIMARY KEY (article_id, campaign_id)
);

INSERT INTO delivery_campaign_article (article_id, campaign_id, every_copy)
SELECT DISTINCT ca.article_id, ca.campaign_id, c.personal_articles IS NULL
FROM campaign_article ca
JOIN campaign c ON c.id = ca.campaign_id
WHERE EXISTS (SELECT 1 FROM delivery_campaign dc WHERE dc.campaign_id = ca.campaign_id);
