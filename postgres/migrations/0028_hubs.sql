-- The mail-hub backlog board and volunteer roster (hub/, docs/hub.md).
-- Times are Unix seconds, 0 for "not yet"; days are YYYYMMDD.
CREATE TABLE hubs (
	code TEXT NOT NULL PRIMARY KEY,
	name TEXT NOT NULL,
	city TEXT NOT NULL DEFAULT ''
);
CREATE TABLE hub_settings (
	hub             TEXT NOT NULL PRIMARY KEY REFERENCES hubs (code),
	threshold_min   BIGINT NOT NULL,
	amber_at        BIGINT NOT NULL,
	red_at          BIGINT NOT NULL,
	early_start     BIGINT NOT NULL,
	late_start      BIGINT NOT NULL,
	crew_rate       BIGINT NOT NULL,
	volunteer_rate  BIGINT NOT NULL,
	rate_window_min BIGINT NOT NULL,
	target_at       BIGINT NOT NULL
);
CREATE TABLE hub_vehicles (
	hub                TEXT NOT NULL REFERENCES hubs (code),
	vehicle            TEXT NOT NULL,
	arrived_at         BIGINT NOT NULL,
	route              TEXT NOT NULL,
	unload_started_at  BIGINT NOT NULL,
	unload_finished_at BIGINT NOT NULL,
	bags               BIGINT NOT NULL,
	pieces             BIGINT NOT NULL,
	PRIMARY KEY (hub, vehicle, arrived_at)
);
CREATE INDEX hub_vehicles_arrival ON hub_vehicles (hub, arrived_at);
CREATE TABLE hub_counts (
	hub                 TEXT NOT NULL REFERENCES hubs (code),
	at                  BIGINT NOT NULL,
	overdue_le12h       BIGINT NOT NULL,
	overdue_12_24h      BIGINT NOT NULL,
	overdue_gt24h       BIGINT NOT NULL,
	sorted_pieces       BIGINT NOT NULL,
	outsourced          BIGINT NOT NULL,
	outsourced_baseline BIGINT NOT NULL,
	PRIMARY KEY (hub, at)
);
CREATE TABLE hub_quotas (
	hub    TEXT NOT NULL REFERENCES hubs (code),
	day    BIGINT NOT NULL,
	shift  TEXT NOT NULL,
	branch TEXT NOT NULL,
	needed BIGINT NOT NULL,
	PRIMARY KEY (hub, day, shift, branch)
);
CREATE TABLE hub_roster (
	hub    TEXT NOT NULL REFERENCES hubs (code),
	day    BIGINT NOT NULL,
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
	created_at BIGINT NOT NULL,
	created_by TEXT NOT NULL,
	revoked_at BIGINT NOT NULL
);
