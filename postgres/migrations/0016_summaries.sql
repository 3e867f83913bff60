-- Kept summaries: figures that change only with an import, an analysis or
-- a follow-up event, stored per scope so that a page reads a few rows
-- instead of summing the province's rollups on every request (and a
-- restart costs nothing). data_versions counts the writes of each kind;
-- every writing transaction of that kind bumps its counter, and a
-- summary stored under other counters is stale.
CREATE TABLE data_versions (
	name    TEXT COLLATE "C" NOT NULL PRIMARY KEY, -- imports, analysis, followup
	version BIGINT NOT NULL
);
INSERT INTO data_versions VALUES ('imports', 0), ('analysis', 0), ('followup', 0);

CREATE TABLE summaries (
	scope   TEXT COLLATE "C" NOT NULL, -- province, city:NAME, office:CODE
	name    TEXT COLLATE "C" NOT NULL, -- what is kept: dashboard, measurement, ...
	month   INTEGER NOT NULL, -- YYYYMM it is of
	version TEXT COLLATE "C" NOT NULL, -- the data versions (and day) it was computed at
	body    TEXT NOT NULL, -- JSON
	PRIMARY KEY (scope, name, month)
);

-- The walk-in page lists a month's walk-ins by value, highest first and
-- by phone among equals. An index in exactly that order lets a page read
-- its own rows; the old one (value ascending) left the phones to a sort
-- of the month, a million walk-ins at province scale. The page's count
-- is kept as a summary.
DROP INDEX walkin_scores_value;
CREATE INDEX walkin_scores_value ON walkin_scores (month, clv_12m_fen DESC, phone);
