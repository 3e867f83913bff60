-- The problem list (领题破题): problems a unit takes up, with an owner,
-- measures and a due date, tracked to 已销号. A problem may watch one of
-- postcrm's own monthly figures of its unit (figure '' when none), with
-- a target it must reach before it is closed (or an override's reason).
-- Days are YYYYMMDD, times unix nanoseconds, 0 when none.
CREATE TABLE problems (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	title       TEXT NOT NULL,
	description TEXT NOT NULL,
	source      TEXT NOT NULL, -- pdca, report, visit, complaint
	source_ref  TEXT NOT NULL, -- what it came from, e.g. act_note:12
	unit_level  TEXT NOT NULL, -- office, city, province
	city        TEXT NOT NULL, -- the unit's city ('' for the province)
	office_code TEXT NOT NULL, -- the unit's office ('' for a city or the province)
	owner       TEXT NOT NULL, -- staff id
	due_on      INTEGER NOT NULL,
	state       TEXT NOT NULL, -- raised, claimed, fixing, verifying, closed
	figure      TEXT NOT NULL,
	direction   TEXT NOT NULL, -- at_least, at_most
	target      REAL NOT NULL,
	raised_by   TEXT NOT NULL,
	raised_at   INTEGER NOT NULL,
	evidence    TEXT NOT NULL,
	override    TEXT NOT NULL,
	closed_at   INTEGER NOT NULL
);
CREATE INDEX problems_unit ON problems (city, office_code);
CREATE INDEX problems_owner ON problems (owner);
CREATE INDEX problems_open ON problems (state, due_on);

CREATE TABLE problem_measures (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	problem_id INTEGER NOT NULL REFERENCES problems (id),
	text       TEXT NOT NULL,
	owner      TEXT NOT NULL,
	due_on     INTEGER NOT NULL,
	state      TEXT NOT NULL, -- open, done, dropped
	done_on    INTEGER NOT NULL
);
CREATE INDEX problem_measures_problem ON problem_measures (problem_id);
CREATE INDEX problem_measures_owner ON problem_measures (owner);

-- Every action on a problem, with the state it moved from and to.
CREATE TABLE problem_events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	problem_id INTEGER NOT NULL REFERENCES problems (id),
	at         INTEGER NOT NULL,
	by_user    TEXT NOT NULL,
	action     TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state   TEXT NOT NULL,
	note       TEXT NOT NULL
);
CREATE INDEX problem_events_problem ON problem_events (problem_id, id);
