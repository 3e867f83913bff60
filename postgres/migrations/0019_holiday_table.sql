-- The holiday table laid over the built-in calendar (calendar.Override):
-- the CSV the province imported with `analyze --holidays`, kept as given
-- so that every analysis and every follow-up measurement reads the same
-- calendar. One row at most; version counts the saves and is part of
-- the follow-up version, so that a measurement kept under an older
-- table is analysed again.
CREATE TABLE holiday_table (
	id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL,
	body    TEXT NOT NULL
);
