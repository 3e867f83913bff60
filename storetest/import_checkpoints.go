package storetest

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testImportCheckpoints: an import's checkpoint is stored when it begins,
// moved by each batch that carries it (in the batch's transaction: a
// batch that fails leaves it where it was), replaced by a new import of
// the same file, and removed with the run's entry in the import log.
func testImportCheckpoints(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	start := time.Date(2025, 3, 2, 8, 30, 0, 0, postcrm.ChinaTime)
	modified := start.Add(-time.Hour + 123)
	cp := postcrm.ImportCheckpoint{Kind: postcrm.KindWaybills, Source: "收寄明细.csv", Size: 1 << 30,
		HeadSHA256: "ab12", ModifiedAt: modified, RejectsPath: "/data/收寄明细.csv.rejects.csv", StartedAt: start}
	if _, found := must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath)); found {
		t.Fatal("a checkpoint before any import")
	}
	first := must[int64](t)(s.BeginImport(ctx, cp))
	cp.ID = must[int64](t)(s.BeginImport(ctx, cp))
	if cp.ID == first {
		t.Fatalf("the second import of a file got the first one's ID %d", first)
	}
	got, found := must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath))
	if !found || !sameCheckpoint(got, cp) {
		t.Fatalf("begun: got %+v (%v), want %+v", got, found, cp)
	}
	if _, found := must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, postcrm.KindMembers, cp.Source, cp.RejectsPath)); found {
		t.Error("a waybill import's checkpoint found for a members file")
	}
	// An upload of another file of the same name (its rejects go
	// elsewhere) neither finds nor replaces this one.
	other := cp
	other.RejectsPath = "/uploads/7f3a.csv.rejects.csv"
	if _, found := must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, other.Kind, other.Source, other.RejectsPath)); found {
		t.Error("a checkpoint found for a file whose rejects go elsewhere")
	}
	other.ID = must[int64](t)(s.BeginImport(ctx, other))
	if got, _ := must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath)); got.ID != cp.ID {
		t.Errorf("another upload of the same name replaced the checkpoint: %+v", got)
	}

	// A batch moves it and adds what it did to the counts.
	w := postcrm.Waybill{No: "1100000000001", AcceptedAt: start, OfficeCode: "13010001", CourierStaffID: "S1001",
		CustomerCode: "KH0001", Product: "标准快递", WeightG: 1200, PostageFen: 1500,
		Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup, DestProvince: "广东省"}
	moved := cp
	moved.Offset, moved.Line, moved.Encoding, moved.HashState, moved.Probe = 123456, 1001, "gb18030", []byte{0, 1, 2, 255}, "cd34"
	moved.RejectsBytes, moved.Read, moved.Rejected, moved.NotPermitted, moved.Findings = 777, 1000, 3, 1, 5
	w2 := w
	w2.No = "1100000000002"
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w, w2}, Checkpoint: &moved})
	moved.WriteResult = postcrm.WriteResult{Inserted: 2}
	got, _ = must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath))
	if !sameCheckpoint(got, moved) {
		t.Fatalf("after a batch: got %+v, want %+v", got, moved)
	}
	w.PostageFen = 1600
	next := moved
	next.Offset, next.Line, next.Read = 234567, 2002, 2000
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w, w2}, Checkpoint: &next})
	next.WriteResult = postcrm.WriteResult{Inserted: 2, Updated: 1, Unchanged: 1}
	got, _ = must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath))
	if !sameCheckpoint(got, next) {
		t.Fatalf("after a second batch: got %+v, want %+v", got, next)
	}

	// A batch that fails moves nothing.
	bad := next
	bad.Offset = 999999
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: "nonsense", Checkpoint: &bad}); err == nil {
		t.Fatal("a batch of an unknown kind was applied")
	}
	got, _ = must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath))
	if !sameCheckpoint(got, next) {
		t.Errorf("a failed batch moved the checkpoint: %+v", got)
	}

	// A batch of an import another import of the file replaced fails.
	old := next
	old.ID = first
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w}, Checkpoint: &old}); err == nil {
		t.Error("a batch moved a checkpoint that was replaced")
	}

	// Recording the run removes the checkpoint and keeps the file's hash.
	run := postcrm.ImportRun{Kind: cp.Kind, Source: cp.Source, StartedAt: start, FinishedAt: start.Add(time.Minute),
		Read: 2000, WriteResult: next.WriteResult, ContentSHA256: "e3b0c442", Size: cp.Size, Checkpoint: cp.ID}
	id := must[int64](t)(s.RecordImportRun(ctx, run))
	if _, found := must2[postcrm.ImportCheckpoint, bool](t)(s.ImportCheckpoint(ctx, cp.Kind, cp.Source, cp.RejectsPath)); found {
		t.Error("the checkpoint outlived its run")
	}
	runs := must[[]postcrm.ImportRun](t)(s.ImportRuns(ctx))
	if last := runs[len(runs)-1]; last.ID != id || last.ContentSHA256 != run.ContentSHA256 || last.Size != run.Size || last.Checkpoint != 0 {
		t.Errorf("import log: %+v", last)
	}
}

// sameCheckpoint compares two checkpoints, times as instants.
func sameCheckpoint(a, b postcrm.ImportCheckpoint) bool {
	if !a.StartedAt.Equal(b.StartedAt) || !a.ModifiedAt.Equal(b.ModifiedAt) || !bytes.Equal(a.HashState, b.HashState) {
		return false
	}
	a.StartedAt, b.StartedAt, a.ModifiedAt, b.ModifiedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	a.HashState, b.HashState = nil, nil
	return reflect.DeepEqual(a, b)
}
