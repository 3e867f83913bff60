-- Resumable imports. The import log knows a file by its content: the
-- SHA-256 of its bytes and its length. An import in flight keeps one
-- row in import_checkpoints, rewritten in the transaction of every batch
-- it commits (position in the file, the SHA-256 state of the bytes read
-- so far, the counts); running the same file again resumes from it. The
-- row goes when the run is recorded in import_runs.
ALTER TABLE import_runs ADD COLUMN content_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE import_runs ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;

CREATE TABLE import_checkpoints (
	id            INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a replaced import must not move its successor
	kind          TEXT NOT NULL,
	source        TEXT NOT NULL,
	size_bytes    INTEGER NOT NULL,
	head_sha256   TEXT NOT NULL,
	modified_at   INTEGER NOT NULL, -- the file's, unix nanoseconds
	rejects_path  TEXT NOT NULL,
	started_at    INTEGER NOT NULL, -- unix nanoseconds
	byte_offset   INTEGER NOT NULL,
	line          INTEGER NOT NULL,
	encoding      TEXT NOT NULL,
	hash_state    BLOB NOT NULL,
	probe         TEXT NOT NULL,
	rejects_bytes INTEGER NOT NULL,
	read_rows     INTEGER NOT NULL,
	rejected      INTEGER NOT NULL,
	not_permitted INTEGER NOT NULL,
	findings      INTEGER NOT NULL,
	inserted      INTEGER NOT NULL,
	updated       INTEGER NOT NULL,
	unchanged     INTEGER NOT NULL
);
CREATE INDEX import_checkpoints_file ON import_checkpoints (kind, source);
