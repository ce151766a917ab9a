-- When a campaign's delivery last made progress (the watchdog's clue), and who paused it: an
-- admin, or the engine itself because the SMTP relay was unreachable (then it resumes by itself).
ALTER TABLE delivery_campaign ADD COLUMN last_progress_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE delivery_campaign ADD COLUMN paused_by VARCHAR(10);
-- The queue is filled in chunks of readers by id, each in its own transaction: how far it got.
ALTER TABLE delivery_campaign ADD COLUMN filled_up_to BIGINT NOT NULL DEFAULT 0;
ALTER TABLE delivery_campaign ADD COLUMN fill_complete BOOLEAN NOT NULL DEFAULT FALSE;
