-- Wrong second-factor codes per account (issue 18), across login attempts: after ten within fifteen
-- minutes, no code is checked for the account until fifteen minutes after the last one, so guessing
-- the six digits by logging in again and again (the password known) goes nowhere.
ALTER TABLE admin_account ADD COLUMN totp_failures INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE admin_account ADD COLUMN totp_failed_at TIMESTAMP WITH TIME ZONE;
