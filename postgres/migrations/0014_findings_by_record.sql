-- Findings keyed by the record they are about, as on SQLite (see its
-- 0014): overlapping exports that repeat a waybill report its problem
-- once. The findings stored before keep their file and line as their
-- record.
ALTER TABLE findings ADD COLUMN record_key TEXT COLLATE "C";
UPDATE findings SET record_key = 'l:' || source || chr(31) || line;
ALTER TABLE findings ALTER COLUMN record_key SET NOT NULL;
ALTER TABLE findings DROP CONSTRAINT findings_pkey;
ALTER TABLE findings ADD PRIMARY KEY (kind, record_key, field, reason);

-- The report lists findings by file and line.
CREATE INDEX findings_source ON findings (source, line);
