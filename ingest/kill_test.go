package ingest_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"postcrm"
	"postcrm/ingest"
)

// TestHelperImportProcess is the child of TestKillMidImportThenRerun: it
// only imports, and is killed while doing so.
func TestHelperImportProcess(t *testing.T) {
	db, file := os.Getenv("POSTCRM_HELPER_DB"), os.Getenv("POSTCRM_HELPER_FILE")
	if db == "" {
		t.Skip("helper process for TestKillMidImportThenRerun")
	}
	s := openStore(t, db)
	if _, err := ingest.Import(context.Background(), s, postcrm.KindWaybills, file, ingest.Options{BatchSize: 500, Now: now}); err != nil {
		t.Fatal(err)
	}
}

// Killing the process mid-import (SIGKILL: no deferred cleanup runs) and
// importing the same file again from the start (--restart) ends with
// every row exactly once. Resuming instead: resume_test.go.
func TestKillMidImportThenRerun(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "crm.db")
	s := openStore(t, dbPath)
	seedMasterData(t, s, dir)
	const n = 200000
	path, wantFen := writeWaybills(t, dir, "big.csv", n)

	child := exec.Command(os.Args[0], "-test.run=^TestHelperImportProcess$")
	child.Env = append(os.Environ(), "POSTCRM_HELPER_DB="+dbPath, "POSTCRM_HELPER_FILE="+path)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	var stored int64
	for stored == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		stored, _ = totals(t, s)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill the importer: %v", err)
	}
	<-exited
	partial, _ := totals(t, s)
	if partial == 0 || partial >= n {
		t.Fatalf("the kill did not land mid-import: %d of %d rows were stored", partial, n)
	}

	sum, err := ingest.Import(context.Background(), s, postcrm.KindWaybills, path, ingest.Options{BatchSize: 1000, Now: now, Restart: true})
	if err != nil {
		t.Fatal(err)
	}
	if int64(sum.Unchanged) != partial || sum.Inserted != n-int(partial) || sum.Updated != 0 {
		t.Fatalf("rerun after %d stored rows: %+v", partial, sum)
	}
	if items, fen := totals(t, s); items != n || fen != wantFen {
		t.Fatalf("after rerun %d items, %d fen; want %d, %d", items, fen, n, wantFen)
	}
}
