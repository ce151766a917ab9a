-- A sending window: copies of the campaign go only between these local times of the reader's zone
-- (e.g. 08:00 to 20:00); a copy due outside it waits for its opening. NULL: at any hour.
ALTER TABLE campaign ADD COLUMN window_from TIME;
ALTER TABLE campaign ADD COLUMN window_until TIME;
