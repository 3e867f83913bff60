-- Knowledge contests. A contest's scores are never stored: they are the
-- replay of contest_events, an append-only log whose primary key
-- (contest_id, seq) lets no two writers both write event n. body is the
-- event as JSON (contest.Event), the same line the replay command reads.
CREATE TABLE contests (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	code       TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,
	rules      TEXT NOT NULL,
	secret     TEXT NOT NULL, -- signs the phones' seat cookies, so they outlive a restart
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL -- unix nanoseconds
);

CREATE TABLE contest_events (
	contest_id INTEGER NOT NULL REFERENCES contests (id),
	seq        INTEGER NOT NULL,
	type       TEXT NOT NULL,
	at_ms      INTEGER NOT NULL,
	body       TEXT NOT NULL,
	PRIMARY KEY (contest_id, seq)
);

CREATE TABLE contest_questions (
	contest_id INTEGER NOT NULL REFERENCES contests (id),
	id         TEXT NOT NULL,
	category   TEXT NOT NULL,
	type       TEXT NOT NULL,
	value      INTEGER NOT NULL,
	text       TEXT NOT NULL,
	answer     TEXT NOT NULL,
	options    TEXT NOT NULL,
	PRIMARY KEY (contest_id, id)
);
