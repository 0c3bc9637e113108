-- A note the person adds at the end of a session (one line, optional): shown in
-- their report for the physiotherapist. NULL when none was written.

ALTER TABLE sessions ADD COLUMN note TEXT;
