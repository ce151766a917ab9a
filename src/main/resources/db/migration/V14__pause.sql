-- A reader may pause the newsletter from their preference page: no copy is queued for them until
-- then.
ALTER TABLE subscriber ADD COLUMN paused_until TIMESTAMP WITH TIME ZONE;
