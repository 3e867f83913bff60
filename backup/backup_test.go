package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlite"
	"postcrm/sqlstore"
	"postcrm/storetest"
)

// consistent checks that a store's rollups agree with its waybills: every
// waybill counted once in courier_daily, every contract customer's in
// customer_daily. An import commits a batch's waybills and their rollups
// together, so a copy of one instant agrees, however busy the import.
func consistent(t *testing.T, s *sqlstore.Store) int64 {
	t.Helper()
	ctx := context.Background()
	var waybills, contract, courierItems, customerItems int64
	for q, dst := range map[string]*int64{
		"SELECT COUNT(*) FROM waybills":                           &waybills,
		"SELECT COUNT(*) FROM waybills WHERE customer_code <> ''": &contract,
		"SELECT COALESCE(SUM(items), 0) FROM courier_daily":       &courierItems,
		"SELECT COALESCE(SUM(items), 0) FROM customer_daily":      &customerItems,
	} {
		if err := s.DB().QueryRowContext(ctx, q).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	if waybills != courierItems || contract != customerItems {
		t.Errorf("inconsistent store: %d waybills, %d in courier_daily; %d contract waybills, %d in customer_daily",
			waybills, courierItems, contract, customerItems)
	}
	return waybills
}

// TestBackupDuringImport takes backups while batches of waybills are
// being imported, restores each into a new file, and finds there a store
// whose counts agree with its manifest and whose rollups agree with its
// waybills.
func TestBackupDuringImport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	latest, err := sqlstore.Latest(sqlite.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	const batches, size = 40, 2000
	var applied atomic.Int64
	done := make(chan error, 1)
	go func() {
		g := storetest.NewWaybillGen(7)
		for range batches {
			if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: g.Batch(size)}); err != nil {
				done <- err
				return
			}
			applied.Add(1)
		}
		done <- nil
	}()
	var files []string
	for i := 0; ; i++ {
		for applied.Load() < int64(i*batches/4+1) && applied.Load() < batches {
			time.Sleep(5 * time.Millisecond)
		}
		f := filepath.Join(dir, "backups", Name(time.Now().Add(time.Duration(i)*time.Second)))
		if _, err := SQLite(ctx, s.DB(), f); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		if applied.Load() >= batches || i == 3 {
			break
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mid := 0
	for i, f := range files {
		m, err := ReadManifest(f)
		if err != nil {
			t.Fatal(err)
		}
		if m.Schema != latest {
			t.Errorf("manifest schema %d, want %d", m.Schema, latest)
		}
		target := filepath.Join(dir, "restored.db")
		got, aside, err := Restore(ctx, f, target, latest)
		if err != nil {
			t.Fatal(err)
		}
		if (i == 0) != (aside == "") {
			t.Errorf("restore %d moved the old file to %q", i, aside)
		}
		r, err := sqlite.Open(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		n := consistent(t, r)
		r.Close()
		if n != got.Tables["waybills"] || n%size != 0 {
			t.Errorf("restored %d waybills, manifest says %d (batches of %d)", n, got.Tables["waybills"], size)
		}
		if n > 0 && n < batches*size {
			mid++
		}
		t.Logf("backup %d: %d waybills, %d bytes of database", i, n, got.Bytes)
	}
	if mid == 0 {
		t.Error("no backup was taken while the import ran")
	}
	if n := consistent(t, s); n != batches*size {
		t.Errorf("live store has %d waybills, want %d", n, batches*size)
	}
	gone, err := Keep(filepath.Join(dir, "backups"), 2)
	if err != nil || len(gone) != len(files)-2 || gone[0] != filepath.Base(files[0]) {
		t.Errorf("keep 2 of %d deleted %v (%v)", len(files), gone, err)
	}
}

// TestRestoreRefuses: a newer schema, a damaged database and a file that
// is no backup are refused, and the target is left alone.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "live.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	src := filepath.Join(dir, "b"+Suffix)
	m, err := SQLite(ctx, s.DB(), src)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "target.db")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Restore(ctx, src, target, m.Schema-1); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("restoring schema %d into a binary of %d: %v", m.Schema, m.Schema-1, err)
	} else {
		t.Log(err)
	}
	// The same database under a manifest that says otherwise.
	snap := filepath.Join(dir, "snap.db")
	if _, err := s.DB().ExecContext(ctx, "VACUUM INTO ?", snap); err != nil {
		t.Fatal(err)
	}
	bad := m
	bad.Tables = map[string]int64{"waybills": 5}
	bad.SHA256 = m.SHA256
	if m2, err := describe(ctx, snap); err != nil {
		t.Fatal(err)
	} else {
		bad.SHA256, bad.Bytes = m2.SHA256, m2.Bytes
	}
	damaged := filepath.Join(dir, "damaged"+Suffix)
	if err := pack(damaged, bad, snap); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Restore(ctx, damaged, target, m.Schema); err == nil {
		t.Error("restored a backup whose counts do not match its manifest")
	}
	if _, _, err := Restore(ctx, target, filepath.Join(dir, "x.db"), m.Schema); err == nil {
		t.Error("restored a file that is no backup")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Error("a refused restore changed the target")
	}
}
