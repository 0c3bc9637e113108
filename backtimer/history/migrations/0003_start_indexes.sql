-- What every `backtimer start` asks, answered from small indexes rather than a scan
-- of every session: the running sessions (to find those whose process died), and a
-- routine's completed sessions (its progression).

CREATE INDEX sessions_running ON sessions (host) WHERE status = 'running';
CREATE INDEX sessions_by_routine_status ON sessions (routine_name, status);
