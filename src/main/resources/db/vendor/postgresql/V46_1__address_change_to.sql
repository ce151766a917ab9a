-- The links that would make an address some reader's new address go to an address that is no
-- reader's yet, so they are counted by address (Outbox.countAddressChangesTo): the address in lower
-- case, for those mails only. Every other mail leaves it empty, and so takes its index entry at the
-- end, in order, not at a random place. (H2's file has the same column without STORED.)
ALTER TABLE outbox_message ADD COLUMN address_change_to VARCHAR(254)
    GENERATED ALWAYS AS (CASE WHEN kind = 'confirm-address' THEN LOWER(recipient) END) STORED;
CREATE INDEX outbox_address_change_idx ON outbox_message (address_change_to, created_at);
