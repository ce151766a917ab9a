-- When a stored account's password last changed (issue 18): its page sessions logged in before
-- that end at their next request, but the one that changed it.
ALTER TABLE admin_account ADD COLUMN password_changed_at TIMESTAMP WITH TIME ZONE;
