-- How often a reader wants mail: every issue (one-off campaigns and every digest), or only the
-- weekly or the monthly digest. The queue fill gives a one-off campaign to EVERY readers only, and
-- a digest to EVERY readers and to those whose frequency is the digest's cadence.
ALTER TABLE subscriber ADD COLUMN frequency VARCHAR(10) DEFAULT 'EVERY' NOT NULL;
ALTER TABLE subscriber ADD CONSTRAINT subscriber_frequency_check CHECK (frequency IN ('EVERY', 'WEEKLY', 'MONTHLY'));

-- A new address the reader asked for from their preference page, waiting for its confirmation: the
-- old address stays the reader's (and gets their mail) until the link sent to the new one is used.
-- Only the link's SHA-256 is kept, as for the sign-up's confirmation.
ALTER TABLE subscriber ADD COLUMN new_email VARCHAR(254);
ALTER TABLE subscriber ADD COLUMN new_email_token_hash VARCHAR(64);
ALTER TABLE subscriber ADD COLUMN new_email_expires_at TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX subscriber_new_email_token_idx ON subscriber (new_email_token_hash);

-- A digest's cadence: which readers besides the EVERY ones its editions reach (WEEKLY, MONTHLY, or
-- NULL for none). Chosen by the admin, or (cadence_chosen false) worked out from the cron whenever
-- the digest is saved or makes an edition.
ALTER TABLE digest ADD COLUMN cadence VARCHAR(10);
ALTER TABLE digest ADD CONSTRAINT digest_cadence_check CHECK (cadence IN ('WEEKLY', 'MONTHLY'));
ALTER TABLE digest ADD COLUMN cadence_chosen BOOLEAN DEFAULT FALSE NOT NULL;
