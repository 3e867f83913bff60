-- Findings keyed by the record they are about (see sqlstore/findings.go):
-- overlapping exports that repeat a waybill report its problem once. The
-- findings stored before keep their file and line as their record.
CREATE TABLE findings_by_record (
	kind        TEXT NOT NULL,
	record_key  TEXT NOT NULL, -- 'r:' || record, or 'l:' || source || x'1f' || line
	field       TEXT NOT NULL,
	reason      TEXT NOT NULL,
	source      TEXT NOT NULL,
	line        INTEGER NOT NULL,
	message     TEXT NOT NULL,
	value       TEXT NOT NULL,
	office_code TEXT NOT NULL,
	rejected    INTEGER NOT NULL,
	PRIMARY KEY (kind, record_key, field, reason)
) WITHOUT ROWID;

INSERT INTO findings_by_record
SELECT kind, 'l:' || source || char(31) || line, field, reason, source, line, message, value, office_code, rejected
FROM findings;

DROP TABLE findings;
ALTER TABLE findings_by_record RENAME TO findings;

-- The report lists findings by file and line.
CREATE INDEX findings_source ON findings (source, line);
