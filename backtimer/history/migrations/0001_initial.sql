-- The first schema. Times are UTC ISO-8601 text of a fixed width
-- ("2024-05-01T07:30:00.123Z"), so text order is time order.

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,            -- a UUID, stable across export/import
    routine_name    TEXT NOT NULL,
    routine_file    TEXT NOT NULL DEFAULT '',
    routine_hash    TEXT NOT NULL DEFAULT '',    -- sha256 of the routine file's text
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    status          TEXT NOT NULL CHECK (
                        status IN ('running', 'completed', 'stopped', 'pain-stop', 'interrupted')
                    ),
    active_seconds  REAL NOT NULL DEFAULT 0,
    paused_seconds  REAL NOT NULL DEFAULT 0,
    pain_before     INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after      INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    pid             INTEGER,                     -- the process that is writing it, while running
    host            TEXT
);

CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX sessions_by_routine ON sessions (routine_name, started_at);

CREATE TABLE steps (
    session_id      TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step_index      INTEGER NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    planned_reps    INTEGER,
    done_reps       INTEGER NOT NULL DEFAULT 0,
    planned_sets    INTEGER NOT NULL DEFAULT 1,
    done_sets       INTEGER NOT NULL DEFAULT 0,
    planned_sides   TEXT NOT NULL DEFAULT '',    -- space-separated: 'left right'
    done_sides      TEXT NOT NULL DEFAULT '',
    planned_seconds REAL NOT NULL DEFAULT 0,
    active_seconds  REAL NOT NULL DEFAULT 0,
    skipped         INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    finished_at     TEXT NOT NULL,
    PRIMARY KEY (session_id, step_index)
);
