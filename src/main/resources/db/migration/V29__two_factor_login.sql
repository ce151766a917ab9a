-- Two-factor login (TOTP, RFC 6238) for stored admin accounts (issue 18). totp_secret is the key
-- the account's authenticator app holds (base32), null while two-factor login is off;
-- totp_last_step is the 30-second step of the last code accepted, so a code works once.
ALTER TABLE admin_account ADD COLUMN totp_secret VARCHAR(64);
ALTER TABLE admin_account ADD COLUMN totp_last_step BIGINT;

-- One-use recovery codes for a lost phone, kept as their SHA-256.
CREATE TABLE admin_recovery_code (
    account_id BIGINT   NOT NULL REFERENCES admin_account (id) ON DELETE CASCADE,
    code_hash  CHAR(64) NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (account_id, code_hash)
);
