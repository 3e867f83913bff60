-- Offices' acceptance suspensions (收寄服务暂停/限制): their days are
-- no-service days for the analysis. Keyed by office and first day.

CREATE TABLE suspensions (
	office_code TEXT NOT NULL,
	from_day    INTEGER NOT NULL, -- YYYYMMDD, inclusive
	to_day      INTEGER NOT NULL, -- YYYYMMDD, inclusive
	reason      TEXT NOT NULL,
	PRIMARY KEY (office_code, from_day)
) WITHOUT ROWID;
