package web

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"postcrm"
	"postcrm/ingest"
)

// importRun is one uploaded file's import, run in the background while
// the page polls its progress. Runs are kept in memory: after a restart
// the store's import log still lists them, but not their progress.
type importRun struct {
	ID        int64
	User      string // who uploaded it; they and the province see the run
	by        postcrm.Importer
	Kind      postcrm.ImportKind
	File      string // the uploaded file's name
	path      string
	StartedAt time.Time

	mu         sync.Mutex
	state      string // queued, running, done, failed
	done       int64  // bytes (or XLSX rows) consumed of total
	total      int64
	rowsRead   int64
	summary    ingest.Summary
	err        string
	finishedAt time.Time
}

// importStatus is a run as the API and the pages show it.
type importStatus struct {
	ID          int64              `json:"id"`
	User        string             `json:"user"`
	Kind        postcrm.ImportKind `json:"kind"`
	File        string             `json:"file"`
	State       string             `json:"state"`
	Done        int64              `json:"done"`
	Total       int64              `json:"total"`
	RowsRead    int64              `json:"rows_read"`
	Inserted    int64              `json:"inserted"`
	Updated     int64              `json:"updated"`
	Unchanged   int64              `json:"unchanged"`
	Rejected    int64              `json:"rejected"`
	Findings    int64              `json:"findings"`
	HasRejects  bool               `json:"has_rejects"`
	Error       string             `json:"error,omitempty"`
	StartedAt   time.Time          `json:"started_at"`
	FinishedAt  *time.Time         `json:"finished_at,omitempty"`
	RejectsLink string             `json:"rejects_url,omitempty"`
}

func (r *importRun) status() importStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := importStatus{ID: r.ID, User: r.User, Kind: r.Kind, File: r.File, State: r.state, Done: r.done, Total: r.total,
		RowsRead: r.rowsRead, Inserted: int64(r.summary.Inserted), Updated: int64(r.summary.Updated),
		Unchanged: int64(r.summary.Unchanged), Rejected: int64(r.summary.Rejected), Findings: int64(r.summary.Findings), HasRejects: r.summary.RejectsPath != "",
		Error: r.err, StartedAt: r.StartedAt, FinishedAt: optionalTime(r.finishedAt)}
	if st.HasRejects {
		st.RejectsLink = fmt.Sprintf("/import/%d/rejects", r.ID)
	}
	return st
}

func (r *importRun) rejectsPath() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.summary.RejectsPath
}

// importRuns keeps the runs and runs them one at a time: imports write
// heavily, and SQLite has one writer.
type importRuns struct {
	mu   sync.Mutex
	next int64
	runs []*importRun
	turn chan struct{} // one token: the run holding it imports
	wg   sync.WaitGroup
}

func newImportRuns() *importRuns {
	r := &importRuns{turn: make(chan struct{}, 1)}
	r.turn <- struct{}{}
	return r
}

// visible lists the runs a user may see, newest first.
func (rs *importRuns) visible(u postcrm.User) []*importRun {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var out []*importRun
	for _, r := range slices.Backward(rs.runs) {
		if canSeeRun(u, r) {
			out = append(out, r)
		}
	}
	return out
}

// active counts the runs queued or running.
func (rs *importRuns) active() int {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	n := 0
	for _, r := range rs.runs {
		if !r.finished() {
			n++
		}
	}
	return n
}

// finished reports whether the run is done or failed.
func (r *importRun) finished() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state == "done" || r.state == "failed"
}

// get returns a run the user may see; another user's run is not found,
// exactly as a missing one.
func (rs *importRuns) get(u postcrm.User, id int64) (*importRun, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, r := range rs.runs {
		if r.ID == id && canSeeRun(u, r) {
			return r, nil
		}
	}
	return nil, postcrm.ErrNotFound
}

func canSeeRun(u postcrm.User, r *importRun) bool {
	return u.Role == postcrm.RoleProvinceAdmin || r.User == u.Name
}

// parseImportKind accepts the four kinds' names.
func parseImportKind(s string) (postcrm.ImportKind, bool) {
	k := postcrm.ImportKind(s)
	return k, slices.Contains(postcrm.ImportKinds, k)
}

// uploadFileName keeps only the base name of what the browser sent (some
// send a Windows path), so that the file lands in its run's directory.
func uploadFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return "upload"
	}
	return name
}

// saveUpload copies an uploaded file into a directory of its own under
// dir, where its rejects file will go too.
func saveUpload(dir string, fh *multipart.FileHeader) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("creating the upload directory: %w", err)
	}
	runDir, err := os.MkdirTemp(dir, "import-*")
	if err != nil {
		return "", fmt.Errorf("creating the upload directory: %w", err)
	}
	src, err := fh.Open()
	if err != nil {
		return "", fmt.Errorf("reading the upload: %w", err)
	}
	defer src.Close()
	path := filepath.Join(runDir, uploadFileName(fh.Filename))
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return "", fmt.Errorf("saving the upload: %w", err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return "", fmt.Errorf("saving the upload: %w", err)
	}
	return path, dst.Close()
}

// add registers a queued run.
func (rs *importRuns) add(by postcrm.Importer, kind postcrm.ImportKind, file, path string, now time.Time) *importRun {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.next++
	r := &importRun{ID: rs.next, User: by.User, by: by, Kind: kind, File: file, path: path, StartedAt: now, state: "queued"}
	rs.runs = append(rs.runs, r)
	return r
}

// run imports r in the background, one run at a time; finished is
// called with the outcome (for the audit log) before the run shows as
// finished.
func (rs *importRuns) run(ctx context.Context, store postcrm.Store, r *importRun, finished func(ingest.Summary, error)) {
	rs.wg.Add(1)
	go func() {
		defer rs.wg.Done()
		select {
		case <-rs.turn:
		case <-ctx.Done():
			finished(ingest.Summary{}, ctx.Err())
			r.finish(ingest.Summary{}, ctx.Err())
			return
		}
		defer func() { rs.turn <- struct{}{} }()
		r.mu.Lock()
		r.state = "running"
		r.mu.Unlock()
		sum, err := ingest.Import(ctx, store, r.Kind, r.path, ingest.Options{Progress: r.progress, By: r.by})
		finished(sum, err)
		r.finish(sum, err)
	}()
}

func (r *importRun) progress(done, total, rows int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done, r.total, r.rowsRead = done, total, rows
}

func (r *importRun) finish(sum ingest.Summary, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.summary, r.finishedAt = sum, time.Now()
	r.rowsRead = int64(sum.Read)
	r.done = r.total
	if err != nil {
		r.state, r.err = "failed", err.Error()
		return
	}
	r.state = "done"
}
