-- The problem list (领题破题): problems a unit takes up, with an owner,
-- measures and a due date, tracked to 已销号. A problem may watch one of
-- postcrm's own monthly figures of its unit (figure '' when none), with
-- a target it must reach before it is closed (or an override's reason).
-- Days are YYYYMMDD, times unix nanoseconds, 0 when none.
CREATE TABLE problems (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	title       TEXT COLLATE "C" NOT NULL,
	description TEXT COLLATE "C" NOT NULL,
	source      TEXT COLLATE "C" NOT NULL, -- pdca, report, visit, complaint
	source_ref  TEXT COLLATE "C" NOT NULL, -- what it came from, e.g. act_note:12
	unit_level  TEXT COLLATE "C" NOT NULL, -- office, city, province
	city        TEXT COLLATE "C" NOT NULL, -- the unit's city ('' for the province)
	office_code TEXT COLLATE "C" NOT NULL, -- the unit's office ('' for a city or the province)
	owner       TEXT COLLATE "C" NOT NULL, -- staff id
	due_on      INTEGER NOT NULL,
	state       TEXT COLLATE "C" NOT NULL, -- raised, claimed, fixing, verifying, closed
	figure      TEXT COLLATE "C" NOT NULL,
	direction   TEXT COLLATE "C" NOT NULL, -- at_least, at_most
	target      DOUBLE PRECISION NOT NULL,
	raised_by   TEXT COLLATE "C" NOT NULL,
	raised_at   BIGINT NOT NULL,
	evidence    TEXT COLLATE "C" NOT NULL,
	override    TEXT COLLATE "C" NOT NULL,
	closed_at   BIGINT NOT NULL
);
CREATE INDEX problems_unit ON problems (city, office_code);
CREATE INDEX problems_owner ON problems (owner);
CREATE INDEX problems_open ON problems (state, due_on);

CREATE TABLE problem_measures (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	problem_id BIGINT NOT NULL REFERENCES problems (id),
	text       TEXT COLLATE "C" NOT NULL,
	owner      TEXT COLLATE "C" NOT NULL,
	due_on     INTEGER NOT NULL,
	state      TEXT COLLATE "C" NOT NULL, -- open, done, dropped
	done_on    INTEGER NOT NULL
);
CREATE INDEX problem_measures_problem ON problem_measures (problem_id);
CREATE INDEX problem_measures_owner ON problem_measures (owner);

-- Every action on a problem, with the state it moved from and to.
CREATE TABLE problem_events (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	problem_id BIGINT NOT NULL REFERENCES problems (id),
	at         BIGINT NOT NULL,
	by_user    TEXT COLLATE "C" NOT NULL,
	action     TEXT COLLATE "C" NOT NULL,
	from_state TEXT COLLATE "C" NOT NULL,
	to_state   TEXT COLLATE "C" NOT NULL,
	note       TEXT COLLATE "C" NOT NULL
);
CREATE INDEX problem_events_problem ON problem_events (problem_id, id);
