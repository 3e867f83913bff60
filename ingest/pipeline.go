package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"postcrm"
)

// Options tune an import; the zero value is usable.
type Options struct {
	RejectsPath string // default: the file's path + ".rejects.csv"
	BatchSize   int    // rows per transaction; default 10,000
	// Progress, if set, is called after every stored batch with the bytes
	// (or XLSX rows) consumed of the total and the rows read so far; a
	// resumed import counts from where it went on.
	Progress func(done, total, rows int64)
	Now      func() time.Time // decides what is "in the future"; default time.Now
	// Source names the file in findings, the import log and messages;
	// default: the file's base name. An upload stored under a generated
	// name passes the name it was uploaded as.
	Source string
	// Restart reads the file from the start even where an earlier import
	// of it was stopped part-way (by default that one is resumed).
	Restart bool
	// By is who imports: rows outside what they may write are rejected,
	// and the people an org file moves are audited in their name. The
	// zero Importer is the command line's operator (province-wide).
	By postcrm.Importer
}

// Summary is what an import did.
type Summary struct {
	Kind     postcrm.ImportKind
	Path     string
	Read     int // data rows read
	Rejected int // rows kept out, listed in RejectsPath
	// NotPermitted counts the rejected rows the importer may not write
	// (another city's, a role above theirs, their own post).
	NotPermitted int
	Findings     int // problems noted on rows that were stored
	RejectsPath  string
	// ResumedAfter is the rows an earlier import of the file read before
	// it stopped part-way, when this one went on after its last committed
	// batch; the counts are those of both, Elapsed this run's alone.
	ResumedAfter int
	postcrm.WriteResult
	Elapsed time.Duration
}

// Import streams one export file into the store. The file is parsed on one
// goroutine while the previous batch is being written on another, and each
// batch is one transaction: killing the import loses at most the batch in
// flight. Each batch also moves the import's checkpoint (see resume.go),
// so running the same file again goes on after the last committed batch,
// with the counts and rejects file of an import that was never stopped;
// Options.Restart reads it all again instead, which stores exactly what
// is missing, since every record is keyed and an identical record counts
// as unchanged.
//
// A file that cannot be read at all (unknown format, missing required
// column) fails before anything is stored.
func Import(ctx context.Context, store Store, kind postcrm.ImportKind, path string, opt Options) (Summary, error) {
	start := time.Now()
	sum := Summary{Kind: kind, Path: path, RejectsPath: opt.RejectsPath}
	if sum.RejectsPath == "" {
		sum.RejectsPath = path + ".rejects.csv"
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 10000
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}

	if opt.Source == "" {
		opt.Source = filepath.Base(path)
	}
	t, err := openTracked(path, opt.Source, true)
	if err != nil {
		return sum, err
	}
	defer t.Close()
	var ref postcrm.RefData
	if kind != postcrm.KindOrg {
		if ref, err = store.RefData(ctx); err != nil {
			return sum, fmt.Errorf("读取已有的机构、人员和客户: %w", err)
		}
	}
	p, err := NewParser(kind, t, ref, opt.Now())
	if err != nil {
		return sum, err
	}
	if p.rights, err = loadRights(ctx, store, kind, opt.By, ref); err != nil {
		return sum, err
	}
	if kind == postcrm.KindAdjustments {
		if p.known, err = AdjustmentNames(ctx, store, ref); err != nil {
			return sum, err
		}
	}
	rejects := NewRejectsWriter(sum.RejectsPath, t.Header)
	defer rejects.Close()
	cp, err := beginRun(ctx, store, t, rejects, kind, sum.RejectsPath, opt.Restart, start)
	if err != nil {
		return sum, err
	}
	runStart := start
	if cp != nil {
		sum.ResumedAfter = cp.Read
		sum.Read, sum.Rejected, sum.NotPermitted, sum.Findings = cp.Read, cp.Rejected, cp.NotPermitted, cp.Findings
		sum.WriteResult = cp.WriteResult
		runStart = cp.StartedAt
	}

	var skipped int64 // bytes before where a resumed CSV import goes on
	if sum.ResumedAfter > 0 && t.serialEpoch.IsZero() {
		skipped, _ = t.Progress()
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan pendingBatch, 2) // bounded: parsing runs at most two batches ahead
	parseErr := make(chan error, 1)
	go func() {
		defer close(batches)
		parseErr <- readBatches(ctx, t, p, rejects, opt.BatchSize, cp, batches)
	}()

	for pb := range batches {
		res, err := store.Apply(ctx, pb.batch)
		if err != nil {
			cancel()
			for range batches { // let the parser finish before the file closes
			}
			return sum, fmt.Errorf("写入“%s”第 %d 行之前的一批数据: %w", t.Source, pb.lastLine, err)
		}
		sum.WriteResult.Add(res)
		sum.Read += pb.rows
		sum.Rejected += pb.rejected
		sum.NotPermitted += pb.notPermitted
		sum.Findings += len(pb.batch.Findings) - pb.rejected
		if opt.Progress != nil {
			// A resumed import reports its own part: rates and time left
			// are of the rows this run reads.
			done, total := t.Progress()
			opt.Progress(done-skipped, total-skipped, int64(sum.Read-sum.ResumedAfter))
		}
	}
	if err := <-parseErr; err != nil {
		return sum, err
	}
	if err := closeRejects(rejects, &sum); err != nil {
		return sum, err
	}
	run := postcrm.ImportRun{StartedAt: runStart}
	if cp != nil {
		run.Checkpoint = cp.ID
	}
	err = logRun(ctx, store, t, &sum, start, run)
	return sum, err
}

// closeRejects closes an import's rejects file and, when no row was
// rejected, removes it: a rejects file left by an earlier run of the
// import would now list rows that went in.
func closeRejects(rejects *RejectsWriter, sum *Summary) error {
	if err := rejects.Close(); err != nil {
		return fmt.Errorf("写退回文件 %s: %w", sum.RejectsPath, err)
	}
	if rejects.Count() == 0 {
		if err := os.Remove(sum.RejectsPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("删除过时的退回文件: %w", err)
		}
		sum.RejectsPath = ""
	}
	return nil
}

// logRun is an import's last step: the run (its start and checkpoint
// given) goes in the import log with sum's counts and the file's SHA-256
// and size; sum's Elapsed is from start.
func logRun(ctx context.Context, store RowsStore, t *Table, sum *Summary, start time.Time, run postcrm.ImportRun) error {
	hash, err := t.rows.contentHash()
	if err != nil {
		return fmt.Errorf("计算文件“%s”的校验值: %w", t.Source, err)
	}
	sum.Elapsed = time.Since(start)
	run.Kind, run.Source, run.FinishedAt = sum.Kind, t.Source, time.Now()
	run.Read, run.Rejected, run.WriteResult = sum.Read, sum.Rejected, sum.WriteResult
	run.ContentSHA256, run.Size = hash, t.size
	if _, err := store.RecordImportRun(ctx, run); err != nil {
		return fmt.Errorf("记录导入日志: %w", err)
	}
	return nil
}

// maxBatchBytes bounds the text of the rows of one batch, whatever their
// number: a workbook's cells may each name a long shared string, and the
// parser runs up to three batches ahead of the store.
const maxBatchBytes = 32 << 20

// pendingBatch is one batch with the counts the summary needs.
type pendingBatch struct {
	batch    postcrm.Batch
	rows     int
	bytes    int
	rejected int
	// notPermitted of the rejected rows
	notPermitted int
	lastLine     int
	end          int // the last line of the last row
}

// readBatches parses the table into batches of size rows and sends them.
// With a checkpoint, each batch carries the checkpoint moved to its end.
func readBatches(ctx context.Context, t *Table, p *Parser, rejects *RejectsWriter, size int, cp *postcrm.ImportCheckpoint, out chan<- pendingBatch) error {
	rows := rowsOf(t, p)
	cur := pendingBatch{}
	var next postcrm.ImportCheckpoint
	if cp != nil {
		next = *cp
	}
	send := func() error {
		if cp != nil {
			if err := advance(&next, t, rejects, &cur); err != nil {
				return err
			}
		} else if _, err := t.rows.mark(cur.end); err != nil && !errors.Is(err, errNotResumable) {
			// Without a checkpoint the mark only hashes what was read,
			// which keeps the bytes held for hashing to one batch.
			return err
		}
		select {
		case out <- cur:
			cur = pendingBatch{}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		row, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		cur.rows++
		cur.lastLine, cur.end = row.Line, row.End
		for _, f := range row.Fields {
			cur.bytes += len(f)
		}
		if reject, rejected := p.Parse(row, &cur.batch); rejected {
			cur.rejected++
			if reject.Reason == postcrm.ReasonNotPermitted {
				cur.notPermitted++
			}
			if err := rejects.Write(reject, row); err != nil {
				return fmt.Errorf("写退回文件: %w", err)
			}
		}
		if cur.rows >= size || cur.bytes >= maxBatchBytes {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if cur.rows > 0 {
		return send()
	}
	return nil
}
