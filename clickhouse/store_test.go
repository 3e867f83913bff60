package clickhouse_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"postcrm"
	"postcrm/clickhouse"
	"postcrm/clickhouse/chtest"
)

func open(t testing.TB) *clickhouse.Store {
	t.Helper()
	s, err := clickhouse.Open(context.Background(), chtest.FreshDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func waybill(no string, day int, customer string, fen int64) postcrm.Waybill {
	return postcrm.Waybill{
		No: no, AcceptedAt: time.Date(2026, 3, day, 9, 30, 0, 0, postcrm.ChinaTime),
		OfficeCode: "13010001", CourierStaffID: "S1001", CustomerCode: customer, Product: "标准快递",
		WeightG: 500, PostageFen: fen, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter, DestProvince: "浙江省",
	}
}

// The waybills spread over both shards, and a re-sent or changed one
// stays on the shard of its number: reading the shards' local tables
// with FINAL finds one version of each.
func TestShardedVersions(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if s.Shards() != 2 {
		t.Fatalf("shards = %d, want the test cluster's 2", s.Shards())
	}
	var batch []postcrm.Waybill
	for i := range 200 {
		batch = append(batch, waybill(fmt.Sprintf("EA%09d", i), 1+i%28, "KH0001", 1000+int64(i)))
	}
	res, err := s.ApplyWaybills(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if res != (postcrm.WriteResult{Inserted: 200}) {
		t.Fatalf("first import: %+v", res)
	}
	// the same again, with 10 changed and 5 new
	for i := range 10 {
		batch[i].PostageFen += 100
		batch[i].AcceptedAt = batch[i].AcceptedAt.AddDate(0, 1, 0) // another month
	}
	for i := range 5 {
		batch = append(batch, waybill(fmt.Sprintf("EB%09d", i), 2, "", 700))
	}
	if res, err = s.ApplyWaybills(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if res != (postcrm.WriteResult{Inserted: 5, Updated: 10, Unchanged: 200 - 10}) {
		t.Fatalf("second import: %+v", res)
	}
	perShard, err := s.ShardCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i, n := range perShard {
		if n == 0 {
			t.Errorf("shard %d holds no waybill", i+1)
		}
		total += n
	}
	if total != 205 {
		t.Errorf("the shards hold %v resolved waybills, want 205 in all", perShard)
	}
	got, err := s.Waybill(ctx, batch[3].No)
	if err != nil {
		t.Fatal(err)
	}
	if !got.AcceptedAt.Equal(batch[3].AcceptedAt) || got.PostageFen != batch[3].PostageFen {
		t.Errorf("waybill %s read back as %+v, want %+v", batch[3].No, got, batch[3])
	}
	if _, err := s.Waybill(ctx, "NOPE"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("unknown waybill: %v", err)
	}
}

// Opening an existing store migrates nothing twice: every shard records
// each migration once.
func TestMigrateAgain(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	for range 2 {
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	perShard, known, err := s.AppliedMigrations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(perShard) != s.Shards() || known == 0 {
		t.Fatalf("%d shards' migrations of %d known, want %d shards", len(perShard), known, s.Shards())
	}
	for i, n := range perShard {
		if n != uint64(known) {
			t.Errorf("shard %d records %d applied migrations, want %d", i+1, n, known)
		}
	}
}
