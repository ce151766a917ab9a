-- Filling a campaign's queue takes turns on a row of its own: the workers update the counters in
-- delivery_campaign after every batch, and must not wait while a chunk of readers is queued.
CREATE TABLE delivery_fill (
    campaign_id   BIGINT  PRIMARY KEY,
    filled_up_to  BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO delivery_fill (campaign_id, filled_up_to) SELECT campaign_id, filled_up_to FROM delivery_campaign;
ALTER TABLE delivery_campaign DROP COLUMN filled_up_to;
