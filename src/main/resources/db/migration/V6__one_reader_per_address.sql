-- One mailbox, one reader: addresses that differ only in the case of their letters (Ann@, ANN@)
-- were separate readers. Each such group becomes its earliest row, which takes the others'
-- consents, history, mails and campaign copies, the earliest consent and confirmation, and the
-- strongest opt-out among them (UNSUBSCRIBED over BOUNCED over CONFIRMED over PENDING). V6.1
-- then keeps it so. Portable between H2 and PostgreSQL; the merge_* tables are this script's own.

-- The addresses that have case variants: few, so the rest works on them alone.
CREATE TABLE merge_address (
    email_key VARCHAR(254) PRIMARY KEY
);
INSERT INTO merge_address (email_key)
SELECT LOWER(email) FROM subscriber GROUP BY LOWER(email) HAVING COUNT(*) > 1;

CREATE TABLE merge_member (
    id                BIGINT PRIMARY KEY,
    email_key         VARCHAR(254) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    strength          INTEGER NOT NULL,
    status_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    kept_id           BIGINT
);
INSERT INTO merge_member (id, email_key, created_at, strength, status_changed_at)
SELECT s.id, a.email_key, s.created_at,
       CASE s.status WHEN 'UNSUBSCRIBED' THEN 4 WHEN 'BOUNCED' THEN 3 WHEN 'CONFIRMED' THEN 2 ELSE 1 END,
       s.status_changed_at
FROM subscriber s JOIN merge_address a ON a.email_key = LOWER(s.email);

-- Per address: the row that stays (the earliest), the row whose status wins (the strongest; of
-- equals the latest), and what the row that stays becomes.
CREATE TABLE merge_group (
    email_key               VARCHAR(254) PRIMARY KEY,
    kept_id                 BIGINT,
    status_id               BIGINT,
    status                  VARCHAR(20),
    status_changed_at       TIMESTAMP WITH TIME ZONE,
    confirmed_at            TIMESTAMP WITH TIME ZONE,
    unsubscribed_at         TIMESTAMP WITH TIME ZONE,
    unsubscribe_reason      VARCHAR(500),
    confirmation_token_hash VARCHAR(64),
    confirmation_expires_at TIMESTAMP WITH TIME ZONE,
    first_name              VARCHAR(100)
);
INSERT INTO merge_group (email_key) SELECT email_key FROM merge_address;
UPDATE merge_group SET kept_id = (
    SELECT MIN(m.id) FROM merge_member m
    WHERE m.email_key = merge_group.email_key
      AND m.created_at = (SELECT MIN(n.created_at) FROM merge_member n WHERE n.email_key = merge_group.email_key));
UPDATE merge_group SET status_id = (
    SELECT MAX(m.id) FROM merge_member m
    WHERE m.email_key = merge_group.email_key
      AND m.strength = (SELECT MAX(n.strength) FROM merge_member n WHERE n.email_key = merge_group.email_key)
      AND m.status_changed_at = (SELECT MAX(n.status_changed_at) FROM merge_member n
                                 WHERE n.email_key = merge_group.email_key AND n.strength = m.strength));
UPDATE merge_member SET kept_id = (SELECT g.kept_id FROM merge_group g WHERE g.email_key = merge_member.email_key);

-- The winner's status with its times, reason and (if pending) the link of its latest request.
UPDATE merge_group SET
    status = (SELECT s.status FROM subscriber s WHERE s.id = merge_group.status_id),
    status_changed_at = (SELECT s.status_changed_at FROM subscriber s WHERE s.id = merge_group.status_id),
    unsubscribed_at = (SELECT s.unsubscribed_at FROM subscriber s WHERE s.id = merge_group.status_id),
    unsubscribe_reason = (SELECT s.unsubscribe_reason FROM subscriber s WHERE s.id = merge_group.status_id),
    confirmation_token_hash = (SELECT s.confirmation_token_hash FROM subscriber s WHERE s.id = merge_group.status_id),
    confirmation_expires_at = (SELECT s.confirmation_expires_at FROM subscriber s WHERE s.id = merge_group.status_id),
    confirmed_at = (SELECT MIN(s.confirmed_at) FROM subscriber s JOIN merge_member m ON m.id = s.id
                    WHERE m.email_key = merge_group.email_key),
    first_name = COALESCE((SELECT s.first_name FROM subscriber s WHERE s.id = merge_group.kept_id),
                          (SELECT s.first_name FROM subscriber s WHERE s.id = merge_group.status_id),
                          (SELECT MIN(s.first_name) FROM subscriber s JOIN merge_member m ON m.id = s.id
                           WHERE m.email_key = merge_group.email_key));

-- A link is unique: the rows that go give theirs up before the row that stays may take one.
UPDATE subscriber SET confirmation_token_hash = NULL
WHERE id IN (SELECT id FROM merge_member WHERE id <> kept_id);
UPDATE subscriber SET
    status = (SELECT g.status FROM merge_group g WHERE g.kept_id = subscriber.id),
    status_changed_at = (SELECT g.status_changed_at FROM merge_group g WHERE g.kept_id = subscriber.id),
    confirmed_at = (SELECT g.confirmed_at FROM merge_group g WHERE g.kept_id = subscriber.id),
    unsubscribed_at = (SELECT g.unsubscribed_at FROM merge_group g WHERE g.kept_id = subscriber.id),
    unsubscribe_reason = (SELECT g.unsubscribe_reason FROM merge_group g WHERE g.kept_id = subscriber.id),
    confirmation_token_hash = (SELECT g.confirmation_token_hash FROM merge_group g WHERE g.kept_id = subscriber.id),
    confirmation_expires_at = (SELECT g.confirmation_expires_at FROM merge_group g WHERE g.kept_id = subscriber.id),
    first_name = (SELECT g.first_name FROM merge_group g WHERE g.kept_id = subscriber.id),
    version = version + 1
WHERE id IN (SELECT kept_id FROM merge_group);

UPDATE consent SET subscriber_id = (SELECT m.kept_id FROM merge_member m WHERE m.id = consent.subscriber_id)
WHERE subscriber_id IN (SELECT id FROM merge_member WHERE id <> kept_id);
UPDATE subscriber_event SET subscriber_id = (SELECT m.kept_id FROM merge_member m WHERE m.id = subscriber_event.subscriber_id)
WHERE subscriber_id IN (SELECT id FROM merge_member WHERE id <> kept_id);
-- The mails are the reader's too, addressed as the reader is now: the per-address limit counts them.
UPDATE outbox_message SET
    recipient = (SELECT s.email FROM merge_member m JOIN subscriber s ON s.id = m.kept_id WHERE m.id = outbox_message.subscriber_id),
    subscriber_id = (SELECT m.kept_id FROM merge_member m WHERE m.id = outbox_message.subscriber_id)
WHERE subscriber_id IN (SELECT id FROM merge_member WHERE id <> kept_id);

-- Campaign copies: one per campaign and reader. Of a campaign that several rows got, the one that
-- was sent stays (else the one still queued, then failed, then skipped); the others go, and
-- leave the campaign's counters, so that what is left to send still adds up.
CREATE TABLE merge_copy (
    id          BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL,
    kept_id     BIGINT NOT NULL,
    preference  INTEGER NOT NULL,
    status      VARCHAR(10) NOT NULL
);
INSERT INTO merge_copy (id, campaign_id, kept_id, preference, status)
SELECT d.id, d.campaign_id, m.kept_id,
       CASE d.status WHEN 'SENT' THEN 1 WHEN 'QUEUED' THEN 2 WHEN 'FAILED' THEN 3 ELSE 4 END, d.status
FROM delivery d JOIN merge_member m ON m.id = d.subscriber_id;
CREATE TABLE merge_dropped_copy (
    id          BIGINT PRIMARY KEY,
    campaign_id BIGINT NOT NULL,
    status      VARCHAR(10) NOT NULL
);
INSERT INTO merge_dropped_copy (id, campaign_id, status)
SELECT c.id, c.campaign_id, c.status FROM merge_copy c
WHERE EXISTS (SELECT 1 FROM merge_copy b
              WHERE b.campaign_id = c.campaign_id AND b.kept_id = c.kept_id
                AND (b.preference < c.preference OR (b.preference = c.preference AND b.id < c.id)));
UPDATE delivery_campaign SET
    recipients = recipients - (SELECT COUNT(*) FROM merge_dropped_copy x WHERE x.campaign_id = delivery_campaign.campaign_id),
    sent = sent - (SELECT COUNT(*) FROM merge_dropped_copy x WHERE x.campaign_id = delivery_campaign.campaign_id AND x.status = 'SENT'),
    failed = failed - (SELECT COUNT(*) FROM merge_dropped_copy x WHERE x.campaign_id = delivery_campaign.campaign_id AND x.status = 'FAILED'),
    skipped = skipped - (SELECT COUNT(*) FROM merge_dropped_copy x WHERE x.campaign_id = delivery_campaign.campaign_id AND x.status = 'SKIPPED')
WHERE campaign_id IN (SELECT campaign_id FROM merge_dropped_copy);
DELETE FROM delivery WHERE id IN (SELECT id FROM merge_dropped_copy);
UPDATE delivery SET subscriber_id = (SELECT c.kept_id FROM merge_copy c WHERE c.id = delivery.id)
WHERE id IN (SELECT id FROM merge_copy WHERE id NOT IN (SELECT id FROM merge_dropped_copy));

-- The history says what happened, then the rows that were merged go.
INSERT INTO subscriber_event (subscriber_id, type, occurred_at, detail)
SELECT m.kept_id, 'MERGED', CURRENT_TIMESTAMP,
       'Reader ' || CAST(m.id AS VARCHAR(20)) || ' (' || s.email || ') became this reader: the addresses differ only in case'
FROM merge_member m JOIN subscriber s ON s.id = m.id
WHERE m.id <> m.kept_id;
DELETE FROM subscriber WHERE id IN (SELECT id FROM merge_member WHERE id <> kept_id);

DROP TABLE merge_dropped_copy;
DROP TABLE merge_copy;
DROP TABLE merge_group;
DROP TABLE merge_member;
DROP TABLE merge_address;

-- Sign-ups of one address take turns on one of these rows (slot = hash of the address mod 1024):
-- a new address has no row of its own to lock yet.
CREATE TABLE address_lock (
    slot INTEGER PRIMARY KEY
);
INSERT INTO address_lock (slot)
WITH RECURSIVE n (slot) AS (SELECT 0 UNION ALL SELECT slot + 1 FROM n WHERE slot < 1023)
SELECT slot FROM n;
