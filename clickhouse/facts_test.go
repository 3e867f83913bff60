package clickhouse_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"postcrm"

	"postcrm/split"
	"postcrm/sqlite"
	"postcrm/storetest"
)

// TestFacts runs the fact-store contract on a split store: the state in
// SQLite, the waybills on the two-shard test cluster. SQLite and
// PostgreSQL run the same suite on their own rollup tables.
func TestFacts(t *testing.T) {
	storetest.RunFacts(t, func(t *testing.T) storetest.FactStore {
		state, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
		storetest.Opened(t, state, err)
		return split.Store{Store: state, Facts: open(t)}
	})
}

// A waybill batch on a split store moves the import's checkpoint in the
// SQL store with the counts of the waybills the fact store wrote, so a
// resumed import reports the counts of one that was never stopped.
func TestSplitCheckpointCounts(t *testing.T) {
	ctx := context.Background()
	state, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "state.db"))
	storetest.Opened(t, state, err)
	s := split.Store{Store: state, Facts: open(t)}
	cp := postcrm.ImportCheckpoint{Kind: postcrm.KindWaybills, Source: "收寄明细.csv", Size: 1 << 20,
		HeadSHA256: "ab12", RejectsPath: "/data/r.csv", StartedAt: time.Now()}
	if cp.ID, err = s.BeginImport(ctx, cp); err != nil {
		t.Fatal(err)
	}
	first := []postcrm.Waybill{waybill("EC1", 3, "KH0001", 900), waybill("EC2", 4, "", 800)}
	second := []postcrm.Waybill{first[0], waybill("EC2", 4, "", 850), waybill("EC3", 5, "KH0002", 700)}
	for _, b := range [][]postcrm.Waybill{first, second} {
		cp.Read += len(b)
		if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: b, Checkpoint: &cp}); err != nil {
			t.Fatal(err)
		}
	}
	got, found, err := s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath)
	if err != nil || !found {
		t.Fatalf("checkpoint: %v %v", found, err)
	}
	if want := (postcrm.WriteResult{Inserted: 3, Updated: 1, Unchanged: 1}); got.WriteResult != want || got.Read != 5 {
		t.Errorf("checkpoint counts %+v after %d rows, want %+v after 5", got.WriteResult, got.Read, want)
	}
	// and the waybills are on the cluster, not in the SQL store
	if _, err := state.Waybill(ctx, "EC3"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("the SQL store holds a waybill of a split store: %v", err)
	}
	if w, err := s.Waybill(ctx, "EC2"); err != nil || w.PostageFen != 850 {
		t.Errorf("waybill EC2 through the split store: %+v %v", w, err)
	}
}
