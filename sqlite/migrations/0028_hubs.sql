-- The mail-hub backlog board and volunteer roster (hub/, docs/hub.md).
-- Times are Unix seconds, 0 for "not yet"; days are YYYYMMDD.
CREATE TABLE hubs (
	code TEXT NOT NULL PRIMARY KEY,
	name TEXT NOT NULL,
	city TEXT NOT NULL DEFAULT ''
);
CREATE TABLE hub_settings (
	hub             TEXT NOT NULL PRIMARY KEY REFERENCES hubs (code),
	threshold_min   INTEGER NOT NULL,
	amber_at        INTEGER NOT NULL,
	red_at          INTEGER NOT NULL,
	early_start     INTEGER NOT NULL,
	late_start      INTEGER NOT NULL,
	crew_rate       INTEGER NOT NULL,
	volunteer_rate  INTEGER NOT NULL,
	rate_window_min INTEGER NOT NULL,
	target_at       INTEGER NOT NULL
);
CREATE TABLE hub_vehicles (
	hub                TEXT NOT NULL REFERENCES hubs (code),
	vehicle            TEXT NOT NULL,
	arrived_at         INTEGER NOT NULL,
	route              TEXT NOT NULL,
	unload_started_at  INTEGER NOT NULL,
	unload_finished_at INTEGER NOT NULL,
	bags               INTEGER NOT NULL,
	pieces             INTEGER NOT NULL,
	PRIMARY KEY (hub, vehicle, arrived_at)
);
CREATE INDEX hub_vehicles_arrival ON hub_vehicles (hub, arrived_at);
CREATE TABLE hub_counts (
	hub                 TEXT NOT NULL REFERENCES hubs (code),
	at                  INTEGER NOT NULL,
	overdue_le12h       INTEGER NOT NULL,
	overdue_12_24h      INTEGER NOT NULL,
	overdue_gt24h       INTEGER NOT NULL,
	sorted_pieces       INTEGER NOT NULL,
	outsourced          INTEGER NOT NULL,
	outsourced_baseline INTEGER NOT NULL,
	PRIMARY KEY (hub, at)
);
CREATE TABLE hub_quotas (
	hub    TEXT NOT NULL REFERENCES hubs (code),
	day    INTEGER NOT NULL,
	shift  TEXT NOT NULL,
	branch TEXT NOT NULL,
	needed INTEGER NOT NULL,
	PRIMARY KEY (hub, day, shift, branch)
);
CREATE TABLE hub_roster (
	hub    TEXT NOT NULL REFERENCES hubs (code),
	day    INTEGER NOT NULL,
	shift  TEXT NOT NULL,
	branch TEXT NOT NULL,
	person TEXT NOT NULL,
	phone  TEXT NOT NULL,
	status TEXT NOT NULL,
	PRIMARY KEY (hub, day, shift, branch, person)
);
-- Read-only links to a hub's wall screen: only the SHA-256 of the token
-- is kept; a revoked link answers 401.
CREATE TABLE hub_links (
	token_hash TEXT NOT NULL PRIMARY KEY,
	hub        TEXT NOT NULL REFERENCES hubs (code),
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	revoked_at INTEGER NOT NULL
);
