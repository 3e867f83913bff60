-- The schedule that serve runs (package schedule). job_settings holds
-- the times the province administrator set (a job without a row runs at
-- its default time). job_leases has one row per occurrence of a job (a
-- day's dispatch, a month's analysis): whoever inserts it, or takes it
-- over once its lease has run out, runs the occurrence, so two servers
-- on one database never run it twice; state is running, retry, done or
-- failed. job_runs logs every attempt. Times are unix nanoseconds, 0
-- when none.
CREATE TABLE job_settings (
	job        TEXT NOT NULL PRIMARY KEY,
	at_minute  INTEGER NOT NULL, -- minutes after midnight, China time
	grace_day  INTEGER NOT NULL, -- monthly jobs: the day of the month they run on even if the data is not complete
	enabled    INTEGER NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE job_leases (
	job         TEXT NOT NULL,
	slot        TEXT NOT NULL, -- the occurrence: 2026-12-07 for a day, 2026-11 for a month
	holder      TEXT NOT NULL, -- the server that runs or ran it
	state       TEXT NOT NULL,
	attempts    INTEGER NOT NULL,
	until_at    INTEGER NOT NULL, -- running: the lease's end; retry: when to try again
	updated_at  INTEGER NOT NULL,
	PRIMARY KEY (job, slot)
);
CREATE INDEX job_leases_recent ON job_leases (job, updated_at);

CREATE TABLE job_runs (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	job        TEXT NOT NULL,
	slot       TEXT NOT NULL,
	attempt    INTEGER NOT NULL,
	holder     TEXT NOT NULL,
	started_at INTEGER NOT NULL,
	ended_at   INTEGER NOT NULL,
	outcome    TEXT NOT NULL, -- ok or failed
	detail     TEXT NOT NULL -- what it did, or the error
);
CREATE INDEX job_runs_job ON job_runs (job, id);

-- Raw waybills accepted before before_day (YYYYMMDD) were deleted by
-- `postcrm prune`; their rollups stay. An import skips waybills before
-- it (as unchanged), so that a re-imported old file does not count them
-- twice in the rollups.
CREATE TABLE waybill_retention (
	id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
	before_day INTEGER NOT NULL
);
