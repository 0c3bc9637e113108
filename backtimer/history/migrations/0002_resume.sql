-- Resuming an interrupted session keeps it one session: remember how often it was
-- resumed, and which boot the writing process belongs to, so that a pid reused after
-- a reboot is not taken for the living writer.

ALTER TABLE sessions ADD COLUMN resume_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN boot_id TEXT;
