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
	"unicode"
	"unicode/utf8"

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
	File      string // the uploaded file's name, as data: see uploadFileName
	path      string // where the upload is stored, under a generated name
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
	ID        int64              `json:"id"`
	User      string             `json:"user"`
	Kind      postcrm.ImportKind `json:"kind"`
	File      string             `json:"file"`
	State     string             `json:"state"`
	Done      int64              `json:"done"`
	Total     int64              `json:"total"`
	RowsRead  int64              `json:"rows_read"`
	Inserted  int64              `json:"inserted"`
	Updated   int64              `json:"updated"`
	Unchanged int64              `json:"unchanged"`
	Rejected  int64              `json:"rejected"`
	// NotPermitted of the rejected rows were outside what the uploader may
	// import.
	NotPermitted int64      `json:"not_permitted"`
	Findings     int64      `json:"findings"`
	HasRejects   bool       `json:"has_rejects"`
	Error        string     `json:"error,omitempty"`
	StartedAt    time.Time  `json:"started_at"`
	FinishedAt   *time.Time `json:"finished_at,omitempty"`
	RejectsLink  string     `json:"rejects_url,omitempty"`
}

func (r *importRun) status() importStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := importStatus{ID: r.ID, User: r.User, Kind: r.Kind, File: r.File, State: r.state, Done: r.done, Total: r.total,
		RowsRead: r.rowsRead, Inserted: int64(r.summary.Inserted), Updated: int64(r.summary.Updated),
		Unchanged: int64(r.summary.Unchanged), Rejected: int64(r.summary.Rejected), NotPermitted: int64(r.summary.NotPermitted), Findings: int64(r.summary.Findings), HasRejects: r.summary.RejectsPath != "",
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
	// importFile imports one file into the store; the store itself is
	// not kept here, so that its unscoped reads stay out of the handlers.
	importFile func(ctx context.Context, kind postcrm.ImportKind, path string, opt ingest.Options) (ingest.Summary, error)
}

func newImportRuns(store ingest.Store) *importRuns {
	r := &importRuns{turn: make(chan struct{}, 1)}
	r.importFile = func(ctx context.Context, kind postcrm.ImportKind, path string, opt ingest.Options) (ingest.Summary, error) {
		return ingest.Import(ctx, store, kind, path, opt)
	}
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

// maxFileNameBytes bounds the uploaded file's name as kept for showing.
const maxFileNameBytes = 255

// uploadFileName is the name of the uploaded file as the pages show it:
// only its base name (some browsers send a Windows path), valid UTF-8
// without control characters, at most maxFileNameBytes. It is data only:
// the file is stored under a generated name.
func uploadFileName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	for len(name) > maxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if strings.TrimSpace(name) == "" {
		return "upload"
	}
	return name
}

// uploadedName is the generated name an upload is stored under, in a
// directory of its own where its rejects file goes too.
const uploadedName = "upload"

// saveUpload copies an uploaded file into a new directory of its own
// under dir and returns its path; on failure nothing is left behind.
func saveUpload(dir string, fh *multipart.FileHeader) (path string, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("creating the upload directory: %w", err)
	}
	runDir, err := os.MkdirTemp(dir, "import-*")
	if err != nil {
		return "", fmt.Errorf("creating the upload directory: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(runDir)
		}
	}()
	src, err := fh.Open()
	if err != nil {
		return "", fmt.Errorf("reading the upload: %w", err)
	}
	defer src.Close()
	path = filepath.Join(runDir, uploadedName)
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

// maxListedRuns is how many runs the import pages list; older finished
// runs are forgotten, and their rejects files with them.
const maxListedRuns = 200

// add registers a queued run.
func (rs *importRuns) add(by postcrm.Importer, kind postcrm.ImportKind, file, path string, now time.Time) *importRun {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.next++
	r := &importRun{ID: rs.next, User: by.User, by: by, Kind: kind, File: file, path: path, StartedAt: now, state: "queued"}
	rs.runs = append(rs.runs, r)
	for len(rs.runs) > maxListedRuns && rs.runs[0].finished() {
		rs.runs[0].removeFiles()
		rs.runs = rs.runs[1:]
	}
	return r
}

// removeUpload deletes the uploaded file once imported, and its
// directory unless the run has a rejects file to offer.
func (r *importRun) removeUpload() {
	os.Remove(r.path)
	if r.rejectsPath() == "" {
		os.Remove(filepath.Dir(r.path))
	}
}

// removeFiles deletes whatever the run left on disk.
func (r *importRun) removeFiles() { os.RemoveAll(filepath.Dir(r.path)) }

// removeAll deletes the files of every run: the runs are listed in
// memory only, so after the server stops nobody can download them.
func (rs *importRuns) removeAll() {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, r := range rs.runs {
		r.removeFiles()
	}
}

// run imports r in the background, one run at a time; finished is
// called with the outcome (for the audit log) before the run shows as
// finished.
func (rs *importRuns) run(ctx context.Context, r *importRun, finished func(ingest.Summary, error)) {
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
		sum, err := rs.importFile(ctx, r.Kind, r.path, ingest.Options{Progress: r.progress, By: r.by, Source: r.File})
		finished(sum, err)
		r.finish(sum, err)
		r.removeUpload()
	}()
}

func (r *importRun) progress(done, total, rows int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done, r.total, r.rowsRead = done, total, rows
}

func (r *importRun) finish(sum ingest.Summary, err error) {
	if sum.RejectsPath != "" {
		// A failed import names the rejects file it would have written.
		if _, statErr := os.Stat(sum.RejectsPath); statErr != nil {
			sum.RejectsPath = ""
		}
	}
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
