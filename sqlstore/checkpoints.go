package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"postcrm"
)

// The in-flight record of an import (postcrm.ImportCheckpoint): created
// when an import starts, rewritten by every batch it commits, removed
// when the run is recorded in the import log.

// BeginImport stores the checkpoint of an import about to start and
// returns its ID. An earlier unfinished import of the same kind, file
// name and rejects file is dropped: this one replaces it (a restart, or
// another file of that name). Imports whose rejects go elsewhere (two
// uploads of files of the same name, each stored under a name of its
// own) keep theirs.
func (s *Store) BeginImport(ctx context.Context, cp postcrm.ImportCheckpoint) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(w *writer) error {
		if _, err := w.tx.ExecContext(ctx, s.rebind(`DELETE FROM import_checkpoints WHERE kind = ? AND source = ? AND rejects_path = ?`),
			string(cp.Kind), cp.Source, cp.RejectsPath); err != nil {
			return err
		}
		hashState := cp.HashState
		if hashState == nil {
			hashState = []byte{}
		}
		return w.tx.QueryRowContext(ctx, s.rebind(`INSERT INTO import_checkpoints
			(kind, source, size_bytes, head_sha256, modified_at, rejects_path, started_at, byte_offset, line, encoding,
			 hash_state, probe, rejects_bytes, read_rows, rejected, not_permitted, findings, inserted, updated, unchanged)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			string(cp.Kind), cp.Source, cp.Size, cp.HeadSHA256, unixNano(cp.ModifiedAt), cp.RejectsPath, unixNano(cp.StartedAt),
			cp.Offset, int64(cp.Line), cp.Encoding, hashState, cp.Probe, cp.RejectsBytes,
			int64(cp.Read), int64(cp.Rejected), int64(cp.NotPermitted), int64(cp.Findings),
			int64(cp.Inserted), int64(cp.Updated), int64(cp.Unchanged)).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("begin import: %w", err)
	}
	return id, nil
}

// ImportCheckpoint returns the checkpoint of the unfinished import of
// kind from the file named source with its rejects at rejectsPath, if
// there is one.
func (s *Store) ImportCheckpoint(ctx context.Context, kind postcrm.ImportKind, source, rejectsPath string) (postcrm.ImportCheckpoint, bool, error) {
	var cp postcrm.ImportCheckpoint
	var k string
	var started, modified, line, read, rejected, notPermitted, findings, inserted, updated, unchanged int64
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT id, kind, source, size_bytes, head_sha256, modified_at, rejects_path,
		started_at, byte_offset, line, encoding, hash_state, probe, rejects_bytes,
		read_rows, rejected, not_permitted, findings, inserted, updated, unchanged
		FROM import_checkpoints WHERE kind = ? AND source = ? AND rejects_path = ? ORDER BY id DESC LIMIT 1`),
		string(kind), source, rejectsPath).Scan(&cp.ID, &k, &cp.Source, &cp.Size, &cp.HeadSHA256, &modified, &cp.RejectsPath,
		&started, &cp.Offset, &line, &cp.Encoding, &cp.HashState, &cp.Probe, &cp.RejectsBytes,
		&read, &rejected, &notPermitted, &findings, &inserted, &updated, &unchanged)
	if errors.Is(err, sql.ErrNoRows) {
		return postcrm.ImportCheckpoint{}, false, nil
	}
	if err != nil {
		return postcrm.ImportCheckpoint{}, false, fmt.Errorf("read import checkpoint: %w", err)
	}
	cp.Kind, cp.StartedAt, cp.ModifiedAt, cp.Line = postcrm.ImportKind(k), fromUnixNano(started), fromUnixNano(modified), int(line)
	cp.Read, cp.Rejected, cp.NotPermitted, cp.Findings = int(read), int(rejected), int(notPermitted), int(findings)
	cp.WriteResult = postcrm.WriteResult{Inserted: int(inserted), Updated: int(updated), Unchanged: int(unchanged)}
	return cp, true, nil
}

// saveCheckpoint moves the checkpoint to where the batch being written
// ends and adds what the batch did to its counts.
func (w *writer) saveCheckpoint(cp *postcrm.ImportCheckpoint, res postcrm.WriteResult) error {
	hashState := cp.HashState
	if hashState == nil {
		hashState = []byte{}
	}
	r, err := w.tx.ExecContext(w.ctx, w.s.rebind(`UPDATE import_checkpoints SET
		byte_offset = ?, line = ?, encoding = ?, hash_state = ?, probe = ?, rejects_bytes = ?,
		read_rows = ?, rejected = ?, not_permitted = ?, findings = ?,
		inserted = inserted + ?, updated = updated + ?, unchanged = unchanged + ? WHERE id = ?`),
		cp.Offset, int64(cp.Line), cp.Encoding, hashState, cp.Probe, cp.RejectsBytes,
		int64(cp.Read), int64(cp.Rejected), int64(cp.NotPermitted), int64(cp.Findings),
		int64(res.Inserted), int64(res.Updated), int64(res.Unchanged), cp.ID)
	if err != nil {
		return fmt.Errorf("save import checkpoint: %w", err)
	}
	// Another import of the same file started since and replaced this
	// one's checkpoint: two imports of one file at once would each count
	// what the other stored.
	if n, err := r.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("save import checkpoint %d: %w", cp.ID, errCheckpointGone)
	}
	return nil
}

var errCheckpointGone = errors.New("the import was replaced by another import of the same file")
