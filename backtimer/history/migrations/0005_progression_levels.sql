-- Where each progression stands, and why: one row per progressing step of each
-- finished session, written when the session is settled (after the last pain
-- check-in). The latest row of a step is its level; a row whose level_after
-- differs from level_before is a level change. Holds are kept too, so that the
-- screens can say why a level did not move.

CREATE TABLE progression_levels (
    id              INTEGER PRIMARY KEY,
    routine_name    TEXT NOT NULL,
    step_name       TEXT NOT NULL,             -- a level belongs to the step's name
    step_index      INTEGER NOT NULL,          -- where the step was in the routine then
    session_id      TEXT REFERENCES sessions (id) ON DELETE SET NULL,
    decided_at      TEXT NOT NULL,             -- UTC, as sessions.started_at
    day             TEXT NOT NULL,             -- the local date, YYYY-MM-DD: one rise a day
    level_before    INTEGER NOT NULL,
    level_after     INTEGER NOT NULL,
    reason          TEXT NOT NULL,             -- a code: done, goal, once-a-day, skipped, ...
    explanation     TEXT NOT NULL              -- the sentence shown: 'stays at 6: pain rose from 3 to 6'
);

CREATE INDEX progression_by_step ON progression_levels (routine_name, step_name, id);
CREATE INDEX progression_by_session ON progression_levels (session_id);

-- How many steps the routine had when the session ran, so the history counts
-- steps done out of the routine's steps, not out of those reached. Empty for
-- sessions recorded before (the screens then count the steps recorded).
ALTER TABLE sessions ADD COLUMN planned_steps INTEGER;
