package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"postcrm"
)

// Resumable imports (see docs/import.md, "Resuming"). An import of a
// kind other than org keeps a checkpoint in the store, rewritten in the
// transaction of every batch: where in the file the next row starts,
// the SHA-256 state of the bytes before it, the length of the rejects
// file and the counts so far. Running the same file again finds it by
// kind and name, checks that the file is the one it was (size,
// modification time, hash of its first headBytes, hash of the probeBytes
// before the offset), and goes on from there; otherwise, or with
// Options.Restart, it reads the file from the start.

// position is where reading goes on: for CSV the byte offset of a line
// start and the lines before it, the decoder's encoding and the SHA-256
// state of the bytes before it; for XLSX the last sheet row read.
type position struct {
	Offset    int64
	Line      int
	Encoding  string
	HashState []byte
	Probe     string
}

// errNotResumable: the file cannot be taken up where it was left.
var errNotResumable = errors.New("not resumable")

// headBytes is how much of the start of a file identifies it, with its
// size and name, before it is read: hashing all of a file of gigabytes
// first would read it twice.
const headBytes = 4 << 20

// fileHead returns the file's size, modification time and the SHA-256
// of its first headBytes.
func fileHead(path string) (int64, time.Time, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, time.Time{}, "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, time.Time{}, "", err
	}
	h := sha256.New()
	if _, err := io.CopyN(h, f, headBytes); err != nil && !errors.Is(err, io.EOF) {
		return 0, time.Time{}, "", err
	}
	return info.Size(), info.ModTime(), hex.EncodeToString(h.Sum(nil)), nil
}

func (p position) into(cp *postcrm.ImportCheckpoint) {
	cp.Offset, cp.Line, cp.Encoding, cp.HashState, cp.Probe = p.Offset, p.Line, p.Encoding, p.HashState, p.Probe
}

func positionOf(cp postcrm.ImportCheckpoint) position {
	return position{Offset: cp.Offset, Line: cp.Line, Encoding: cp.Encoding, HashState: cp.HashState, Probe: cp.Probe}
}

// A workbook is read through its archive's index, not front to back, so
// it cannot be hashed on the way; it is hashed at the end instead (a
// sheet is at most 1,048,576 rows, so that read is bounded). Resuming
// reads and passes over the rows up to the mark: a compressed sheet has
// no offset to seek to, but those rows are neither validated nor
// compared with the store again.

func (x *xlsxRows) resumable() bool { return true }

func (x *xlsxRows) mark(end int) (position, error) { return position{Line: end}, nil }

func (x *xlsxRows) resume(pos position) error {
	x.skip = pos.Line
	return nil
}

func (x *xlsxRows) contentHash() (string, error) { return hashFile(x.file) }

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// beginRun returns the checkpoint the import goes on from, with the
// table and the rejects file moved to it, or a new one from the start;
// nil for an org file (a few thousand rows, whose batches also move
// people between posts: it is always read whole) and for a file that
// cannot be resumed (UTF-16 text).
func beginRun(ctx context.Context, store Store, t *Table, rejects *RejectsWriter, kind postcrm.ImportKind,
	rejectsPath string, restart bool, start time.Time) (*postcrm.ImportCheckpoint, error) {
	if kind == postcrm.KindOrg || !t.rows.resumable() {
		return nil, nil
	}
	size, modified, head, err := fileHead(t.path)
	if err != nil {
		return nil, fmt.Errorf("读取文件“%s”出错：%w", t.Source, err)
	}
	// The rejects file names the import, however its path was spelt.
	if abs, err := filepath.Abs(rejectsPath); err == nil {
		rejectsPath = abs
	}
	if !restart {
		cp, found, err := store.ImportCheckpoint(ctx, kind, t.Source, rejectsPath)
		if err != nil {
			return nil, err
		}
		if found && cp.Line > 0 && cp.Size == size && cp.HeadSHA256 == head && cp.ModifiedAt.Equal(modified) &&
			rejectsLeft(rejectsPath, cp.RejectsBytes) {
			// Each checks the file before it moves anything, so that a
			// file that is not the one read before is read from the start.
			err := t.rows.resume(positionOf(cp))
			if err == nil {
				if err = rejects.resume(cp.RejectsBytes, cp.Rejected); err != nil {
					return nil, fmt.Errorf("从上次中断处继续导入“%s”: %w", t.Source, err)
				}
				return &cp, nil
			}
			if !errors.Is(err, errNotResumable) {
				return nil, fmt.Errorf("从上次中断处继续导入“%s”: %w", t.Source, err)
			}
		}
	}
	cp := postcrm.ImportCheckpoint{Kind: kind, Source: t.Source, Size: size, HeadSHA256: head, ModifiedAt: modified,
		RejectsPath: rejectsPath, StartedAt: start}
	if cp.ID, err = store.BeginImport(ctx, cp); err != nil {
		return nil, err
	}
	return &cp, nil
}

// rejectsLeft reports whether the rejects file a checkpoint counted is
// there, at least as long as it was then (the killed import may have
// written ahead of its last batch).
func rejectsLeft(path string, size int64) bool {
	if size == 0 {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && info.Size() >= size
}

// advance moves cp to the end of batch b, which is about to be sent:
// the table's position after its last row, the rejects file's length
// and the parser's counts (the store adds what the batch did).
func advance(cp *postcrm.ImportCheckpoint, t *Table, rejects *RejectsWriter, b *pendingBatch) error {
	pos, err := t.rows.mark(b.end)
	if err != nil {
		return fmt.Errorf("记录导入进度: %w", err)
	}
	if cp.RejectsBytes, err = rejects.mark(); err != nil {
		return err
	}
	pos.into(cp)
	cp.Read += b.rows
	cp.Rejected += b.rejected
	cp.NotPermitted += b.notPermitted
	cp.Findings += len(b.batch.Findings) - b.rejected
	c := *cp
	b.batch.Checkpoint = &c
	return nil
}
