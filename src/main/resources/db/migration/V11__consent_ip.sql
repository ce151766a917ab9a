-- The limit of sign-ups per IP address is counted from the consents in the database (every
-- instance sees one count): the newest consents from an address in the last hour, by this index,
-- reading no more of them than the limit.
CREATE INDEX consent_ip_idx ON consent (ip, given_at DESC);
