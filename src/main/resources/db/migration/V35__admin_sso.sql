-- Single sign-on (OpenID Connect) for the team: a stored account made or updated by a login at
-- a provider is linked to that provider's issuer and the user's subject there (the one identity the
-- provider vouches for; the e-mail address names the account). An account without them logs in with
-- its password; an account with them only by single sign-on (its password hash matches no password).
ALTER TABLE admin_account ADD COLUMN sso_issuer VARCHAR(500);
ALTER TABLE admin_account ADD COLUMN sso_subject VARCHAR(255);
ALTER TABLE admin_account ADD CONSTRAINT admin_account_sso_key UNIQUE (sso_issuer, sso_subject);
