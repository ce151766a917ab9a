-- A digest at each reader's local time (issue 16): its cron's time (e.g. Monday 09:00) is read in
-- each reader's zone, not the digest's; it runs when that time comes in the first zone (UTC+14),
-- and its edition waits for each zone's own 09:00, as a campaign scheduled so does.
ALTER TABLE digest ADD COLUMN readers_local_time BOOLEAN DEFAULT FALSE NOT NULL;
