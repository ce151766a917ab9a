-- When a campaign's delivery last made progress (the watchdog's clue), and who paused it: an
-- admin, or the engine itself because the SMTP relay was unreachable (then it resumes by itself).
ALTER TABLE delivery_campaign ADD COLUMN last_progress_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE delivery_campaign ADD COLUMN paused_by VARCHAR(10);
