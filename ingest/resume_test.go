package ingest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"postcrm"
	"postcrm/ingest"
	"postcrm/ingest/ingesttest"
	"postcrm/postgres"
	"postcrm/postgres/pgtest"
	"postcrm/sqlstore"
)

// Resumable imports: an import stopped part-way (killed, or cancelled)
// and run again goes on after its last committed batch, and ends with
// the store, the counts, the findings and the rejects file of an import
// that was never stopped.

// onBothStores runs fn on SQLite and on PostgreSQL; db names the store
// for a child process (a file path or a DSN).
func onBothStores(t *testing.T, fn func(t *testing.T, db func(t *testing.T) string)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, func(t *testing.T) string { return filepath.Join(t.TempDir(), "crm.db") })
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, func(t *testing.T) string { return pgtest.FreshSchema(t) })
	})
}

// openDB opens the store db names: a PostgreSQL DSN or a SQLite file.
func openDB(t *testing.T, db string) *sqlstore.Store {
	t.Helper()
	if !strings.HasPrefix(db, "postgres://") {
		return openStore(t, db)
	}
	s, err := postgres.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// resumeRows is the text of waybill rows from..to-1: the synthetic rows,
// with a changed postage where bump says, an unknown courier now and
// then (a finding on a stored row), a quoted product spanning two lines
// (a record of two lines), the bad rows, a line whose quotes do not pair
// and a blank line.
func resumeRows(from, to int, bump func(i int) int64) string {
	var b strings.Builder
	for i := from; i < to; i++ {
		row := waybillRow(i, postageOf(i)+bump(i))
		switch {
		case i%97 == 5:
			row = strings.Replace(row, ",S1002,", ",S9999,", 1)
		case i%1013 == 7:
			row = strings.Replace(row, ",标准快递,", ",\"标准\n快递\",", 1)
		case i%2111 == 9:
			row = strings.Replace(row, ",标准快递,", ",\"特快\"专递,", 1)
		case i%3001 == 11:
			b.WriteString("\n")
		}
		b.WriteString(row)
		if i%4999 == 13 {
			for bad := range badRows {
				b.WriteString(bad)
			}
		}
	}
	return b.String()
}

func noBump(int) int64 { return 0 }

// writeResumeFiles writes the earlier export (rows 0..earlier, every
// fifth with another postage, so that the big file updates them) and the
// big one (rows 0..n) in GB18030, as Excel on a Chinese Windows saves.
func writeResumeFiles(t *testing.T, dir string, earlier, n int) (earlierPath, bigPath string) {
	t.Helper()
	gb := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	earlierPath = filepath.Join(dir, "earlier.csv")
	bigPath = filepath.Join(dir, "big.csv")
	bump := func(i int) int64 {
		if i%5 == 0 {
			return 100
		}
		return 0
	}
	if err := os.WriteFile(earlierPath, gb(waybillHeader+resumeRows(0, earlier, bump)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bigPath, gb(waybillHeader+resumeRows(0, n, noBump)), 0o644); err != nil {
		t.Fatal(err)
	}
	return earlierPath, bigPath
}

// importWith imports with the options of the tests (batches of 500).
func importWith(t *testing.T, s ingest.Store, path string, opt ingest.Options) ingest.Summary {
	t.Helper()
	opt.BatchSize, opt.Now = 500, now
	sum, err := ingest.Import(context.Background(), s, postcrm.KindWaybills, path, opt)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return sum
}

// storeDump is every table an import writes (records, rollups, findings),
// one sorted line per row.
func storeDump(t *testing.T, s *sqlstore.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"waybills", "customer_daily", "walkin_daily", "courier_daily", "office_monthly", "findings"} {
		rows, err := s.DB().Query("SELECT * FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			out[table] = append(out[table], fmt.Sprint(vals...))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(out[table])
	}
	return out
}

// sameStore fails unless got holds exactly what want holds.
func sameStore(t *testing.T, got, want *sqlstore.Store) {
	t.Helper()
	g, w := storeDump(t, got), storeDump(t, want)
	for table, wrows := range w {
		grows := g[table]
		if len(wrows) == 0 {
			t.Errorf("%s: the clean import stored nothing", table)
		}
		if !slices.Equal(grows, wrows) {
			t.Errorf("%s: %d rows, clean import %d", table, len(grows), len(wrows))
			for i := range min(len(grows), len(wrows)) {
				if grows[i] != wrows[i] {
					t.Errorf("%s first difference:\n got %s\nwant %s", table, grows[i], wrows[i])
					break
				}
			}
		}
	}
}

// sameSummary fails unless the counts of got are those of want.
func sameSummary(t *testing.T, got, want ingest.Summary) {
	t.Helper()
	type counts struct {
		Read, Rejected, NotPermitted, Findings int
		postcrm.WriteResult
	}
	g := counts{got.Read, got.Rejected, got.NotPermitted, got.Findings, got.WriteResult}
	w := counts{want.Read, want.Rejected, want.NotPermitted, want.Findings, want.WriteResult}
	if g != w {
		t.Errorf("counts %+v, clean import %+v", g, w)
	}
	if w.Updated == 0 || w.Unchanged == 0 || w.Rejected == 0 || w.Findings == 0 {
		t.Errorf("the clean import should update, skip, reject and note something: %+v", w)
	}
}

// sameRejects fails unless the two rejects files hold the same bytes.
func sameRejects(t *testing.T, got, want string) {
	t.Helper()
	g, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("rejects file %s:\n%s\nclean import's:\n%s", got, g, w)
	}
}

// lastRunHash is the content hash the import log holds for the last run.
func lastRunHash(t *testing.T, s *sqlstore.Store) postcrm.ImportRun {
	t.Helper()
	runs, err := s.ImportRuns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return runs[len(runs)-1]
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// cleanImport imports earlier and big into a fresh store of its own.
func cleanImport(t *testing.T, db string, earlier, big string) (*sqlstore.Store, ingest.Summary) {
	t.Helper()
	s := openDB(t, db)
	seedMasterData(t, s, t.TempDir())
	importWith(t, s, earlier, ingest.Options{})
	return s, importWith(t, s, big, ingest.Options{})
}

// copyTo copies the file at path into dir under the same name.
func copyTo(t *testing.T, path, dir string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return writeText(t, dir, filepath.Base(path), string(b))
}

// storedWaybills counts the stored waybills.
func storedWaybills(t *testing.T, s *sqlstore.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow("SELECT COUNT(*) FROM waybills").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHelperResumeProcess is the child of TestKillAtRandomPointsThenResume:
// it imports, resuming where the last one was killed, and is killed.
func TestHelperResumeProcess(t *testing.T) {
	db, file := os.Getenv("POSTCRM_RESUME_DB"), os.Getenv("POSTCRM_RESUME_FILE")
	if db == "" {
		t.Skip("helper process for TestKillAtRandomPointsThenResume")
	}
	importWith(t, openDB(t, db), file, ingest.Options{})
}

// Killing the importer (SIGKILL: nothing of it runs after) at random
// points, each run going on where the last one stopped, ends with the
// rows, every rollup, the findings, the counts and the rejects file of
// a clean import.
func TestKillAtRandomPointsThenResume(t *testing.T) {
	onBothStores(t, func(t *testing.T, newDB func(t *testing.T) string) {
		const earlierRows, n, kills = 3000, 30000, 4
		dir := t.TempDir()
		earlier, big := writeResumeFiles(t, dir, earlierRows, n)
		db := newDB(t)
		s := openDB(t, db)
		seedMasterData(t, s, dir)
		importWith(t, s, earlier, ingest.Options{})
		base := storedWaybills(t, s)

		// Kill points: random numbers of newly stored rows, increasing.
		points := make([]int, kills)
		for i := range points {
			points[i] = 500 + rand.IntN(n-earlierRows-1000)
		}
		slices.Sort(points)
		landed := 0
		for _, p := range points {
			child := exec.Command(os.Args[0], "-test.run=^TestHelperResumeProcess$")
			child.Env = append(os.Environ(), "POSTCRM_RESUME_DB="+db, "POSTCRM_RESUME_FILE="+big)
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- child.Wait() }()
			deadline := time.Now().Add(60 * time.Second)
		wait:
			for time.Now().Before(deadline) && storedWaybills(t, s)-base < p {
				select {
				case <-exited:
					break wait
				case <-time.After(2 * time.Millisecond):
				}
			}
			_ = child.Process.Signal(syscall.SIGKILL)
			if err := <-exited; err == nil {
				break // it finished before the kill could land
			}
			landed++
		}
		if landed < 2 {
			t.Fatalf("only %d of %d kills landed mid-import", landed, kills)
		}
		stored := storedWaybills(t, s)
		sum := importWith(t, s, big, ingest.Options{})
		if sum.ResumedAfter == 0 || sum.ResumedAfter >= sum.Read {
			t.Fatalf("after %d kills (%d rows stored), the import did not resume: %+v", landed, stored, sum)
		}
		t.Logf("%d kills, last at %d stored rows; resumed after %d rows read", landed, stored, sum.ResumedAfter)

		clean, want := cleanImport(t, newDB(t), copyTo(t, earlier, t.TempDir()), copyTo(t, big, t.TempDir()))
		sameSummary(t, sum, want)
		sameRejects(t, sum.RejectsPath, want.RejectsPath)
		sameStore(t, s, clean)
		if got := lastRunHash(t, s); got.ContentSHA256 != fileSHA256(t, big) || got.Size == 0 || got.Inserted != want.Inserted {
			t.Errorf("import log: %+v, want the file's SHA-256 %s", got, fileSHA256(t, big))
		}
		if _, found, err := s.ImportCheckpoint(context.Background(), postcrm.KindWaybills, "big.csv", big+".rejects.csv"); err != nil || found {
			t.Errorf("a finished import left its checkpoint (%v)", err)
		}
		// A finished file imported again is a full pass that changes nothing.
		again := importWith(t, s, big, ingest.Options{})
		if again.ResumedAfter != 0 || again.Inserted != 0 || again.Updated != 0 || again.Unchanged != want.Inserted+want.Updated+want.Unchanged {
			t.Errorf("re-import of the finished file: %+v", again)
		}
		sameStore(t, s, clean)
	})
}

// interrupt imports path and cancels the import after batches stored
// batches, as a kill would stop it.
func interrupt(t *testing.T, s ingest.Store, path string, batches int, opt ingest.Options) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stored := 0
	opt.BatchSize, opt.Now = 500, now
	opt.Progress = func(done, total, rows int64) {
		if stored++; stored == batches {
			cancel()
		}
	}
	if _, err := ingest.Import(ctx, s, postcrm.KindWaybills, path, opt); !errors.Is(err, context.Canceled) {
		t.Fatalf("the import was not stopped after %d batches: %v", batches, err)
	}
}

// A workbook resumes at the sheet row after the last committed batch.
func TestResumeWorkbook(t *testing.T) {
	onBothStores(t, func(t *testing.T, newDB func(t *testing.T) string) {
		dir := t.TempDir()
		rows := [][]string{ingesttest.WaybillHeader}
		for i := range 4000 {
			customer, phone := "", fmt.Sprintf("139%08d", i%300)
			if i%2 == 0 {
				customer, phone = "KH0001", ""
			}
			postage := fmt.Sprintf("%d.50", 8+i%20)
			if i%777 == 3 {
				postage = "-1"
			}
			rows = append(rows, []string{fmt.Sprintf("12%011d", i), "2025-03-02 10:00:00", "13000101", "S1002",
				customer, phone, postage, map[bool]string{true: "月结", false: "现结"}[customer != ""], "营业厅"})
		}
		path := filepath.Join(dir, "waybills.xlsx")
		if err := ingesttest.Workbook(path, rows); err != nil {
			t.Fatal(err)
		}
		s := openDB(t, newDB(t))
		seedMasterData(t, s, dir)
		interrupt(t, s, path, 3, ingest.Options{})
		if got := storedWaybills(t, s); got == 0 || got >= 3990 {
			t.Fatalf("%d waybills stored before the stop", got)
		}
		sum := importWith(t, s, path, ingest.Options{})
		if sum.ResumedAfter != 1500 {
			t.Errorf("resumed after %d rows, want 1500: %+v", sum.ResumedAfter, sum)
		}
		clean := openDB(t, newDB(t))
		seedMasterData(t, clean, t.TempDir())
		want := importWith(t, clean, copyTo(t, path, t.TempDir()), ingest.Options{})
		if sum.Read != want.Read || sum.WriteResult != want.WriteResult || sum.Rejected != want.Rejected || want.Rejected == 0 {
			t.Errorf("resumed %+v, clean %+v", sum, want)
		}
		sameRejects(t, sum.RejectsPath, want.RejectsPath)
		sameStore(t, s, clean)
		if got := lastRunHash(t, s); got.ContentSHA256 != fileSHA256(t, path) {
			t.Errorf("import log hash %s, want %s", got.ContentSHA256, fileSHA256(t, path))
		}
	})
}

// --restart reads the file from the start: the rows the stopped import
// stored count as unchanged.
func TestRestartReadsTheWholeFile(t *testing.T) {
	onBothStores(t, func(t *testing.T, newDB func(t *testing.T) string) {
		dir := t.TempDir()
		path := writeText(t, dir, "waybills.csv", waybillHeader+resumeRows(0, 5000, noBump))
		s := openDB(t, newDB(t))
		seedMasterData(t, s, dir)
		interrupt(t, s, path, 4, ingest.Options{})
		stored := storedWaybills(t, s)
		sum := importWith(t, s, path, ingest.Options{Restart: true})
		if sum.ResumedAfter != 0 || sum.Unchanged != stored || sum.Inserted+sum.Unchanged != storedWaybills(t, s) {
			t.Errorf("restart after %d stored rows: %+v", stored, sum)
		}
		if _, found, err := s.ImportCheckpoint(context.Background(), postcrm.KindWaybills, "waybills.csv", path+".rejects.csv"); err != nil || found {
			t.Errorf("the restarted import left a checkpoint (%v)", err)
		}
	})
}

// A file of the same name that is not the file the stopped import read
// is read from the start: another file, or the same length with a
// changed line just before where the import stopped (and its time of
// modification put back).
func TestChangedFileIsNotResumed(t *testing.T) {
	onBothStores(t, func(t *testing.T, newDB func(t *testing.T) string) {
		dir := t.TempDir()
		s := openDB(t, newDB(t))
		seedMasterData(t, s, dir)
		path := writeText(t, dir, "waybills.csv", waybillHeader+resumeRows(0, 5000, noBump))
		interrupt(t, s, path, 4, ingest.Options{})
		stored := storedWaybills(t, s)
		writeText(t, dir, "waybills.csv", waybillHeader+resumeRows(0, 5000, func(int) int64 { return 5 }))
		sum := importWith(t, s, path, ingest.Options{})
		if sum.ResumedAfter != 0 || sum.Updated != stored || sum.Inserted+sum.Updated != storedWaybills(t, s) {
			t.Errorf("another file of the same name: %+v", sum)
		}

		// Beyond the hashed head of a file: the probe before the offset.
		big := waybillHeader + resumeRows(10000, 80000, noBump)
		path = writeText(t, dir, "big.csv", big)
		before := storedWaybills(t, s)
		interrupt(t, s, path, 120, ingest.Options{})
		stored = storedWaybills(t, s) - before
		cp, found, err := s.ImportCheckpoint(context.Background(), postcrm.KindWaybills, "big.csv", path+".rejects.csv")
		if err != nil || !found || cp.Offset < 4<<20+128<<10 {
			t.Fatalf("checkpoint at %d (%v, %v): want one past the file's first 4 MB", cp.Offset, found, err)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		changed := []byte(big)
		i := strings.LastIndex(big[:cp.Offset-100], ",北京")
		changed[i+1], changed[i+2], changed[i+3] = "上"[0], "上"[1], "上"[2] // 北 → 上: same length
		if err := os.WriteFile(path, changed, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, info.ModTime(), info.ModTime()); err != nil {
			t.Fatal(err)
		}
		sum = importWith(t, s, path, ingest.Options{})
		if sum.ResumedAfter != 0 || sum.Updated != 1 || sum.Unchanged != stored-1 {
			t.Errorf("a line changed before the offset: %+v", sum)
		}
	})
}

// Files that are not resumed are hashed all the same: an org file and
// a UTF-16 one (Excel's "Unicode text", whose newline bytes are no line
// ends) are recorded with the SHA-256 of their bytes.
func TestImportLogHashesEveryFile(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	seedMasterData(t, s, dir)
	if got := lastRunHash(t, s); got.ContentSHA256 != fileSHA256(t, filepath.Join(dir, "customers.csv")) {
		t.Errorf("customers import log: %+v", got)
	}
	text := waybillHeader + resumeRows(0, 3000, noBump)
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range text {
		if r > 0xFFFF {
			t.Fatal("a character outside the BMP")
		}
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	path := filepath.Join(dir, "unicode.csv")
	if err := os.WriteFile(path, utf16, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := importWith(t, s, path, ingest.Options{})
	if sum.Inserted == 0 || sum.Rejected == 0 {
		t.Fatalf("UTF-16 import: %+v", sum)
	}
	if got := lastRunHash(t, s); got.ContentSHA256 != fileSHA256(t, path) || got.Size != int64(len(utf16)) {
		t.Errorf("UTF-16 import log: %+v, want %s", got, fileSHA256(t, path))
	}
	if _, found, _ := s.ImportCheckpoint(context.Background(), postcrm.KindWaybills, "unicode.csv", path+".rejects.csv"); found {
		t.Error("a UTF-16 file left a checkpoint")
	}
	org := lastRunOf(t, s, postcrm.KindOrg)
	if org.ContentSHA256 != fileSHA256(t, filepath.Join(dir, "org.csv")) {
		t.Errorf("org import log: %+v", org)
	}
}

func lastRunOf(t *testing.T, s *sqlstore.Store, kind postcrm.ImportKind) postcrm.ImportRun {
	t.Helper()
	runs, err := s.ImportRuns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := len(runs) - 1; i >= 0; i-- {
		if runs[i].Kind == kind {
			return runs[i]
		}
	}
	t.Fatalf("no %s import logged", kind)
	return postcrm.ImportRun{}
}

// The same file named by another path (relative, from its directory)
// resumes: the import is known by where its rejects go, made absolute.
func TestResumeByAnotherSpellingOfThePath(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	seedMasterData(t, s, dir)
	path := writeText(t, dir, "waybills.csv", waybillHeader+resumeRows(0, 5000, noBump))
	interrupt(t, s, path, 4, ingest.Options{})
	t.Chdir(dir)
	if sum := importWith(t, s, "waybills.csv", ingest.Options{}); sum.ResumedAfter != 2000 {
		t.Errorf("resumed after %d rows, want 2000: %+v", sum.ResumedAfter, sum)
	}
}
