package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/ext"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/go-faster/city"

	"postcrm"
)

const waybillCols = `no, accepted_at, day, office_code, courier_staff_id, customer_code, sender_phone,
	product, weight_g, postage_fen, payment, channel, dest_province`

// ApplyWaybills stores a batch of waybills with the counts the SQL stores
// give: a number not stored is new, one stored with the same content is
// unchanged and not written again, one stored with other content is
// updated (written anew with a higher version, which replaces the old
// one in every read and, later, on disk). The counts come from looking
// up the batch's numbers in the resolved waybills before writing; two
// imports writing the same numbers at the same moment could both count
// a number new, where the SQL stores' transactions would not.
func (s *Store) ApplyWaybills(ctx context.Context, recs []postcrm.Waybill) (postcrm.WriteResult, error) {
	var res postcrm.WriteResult
	if len(recs) == 0 {
		return res, nil
	}
	keys := make([]string, 0, len(recs))
	seen := make(map[string]bool, len(recs))
	for _, r := range recs {
		if !seen[r.No] {
			seen[r.No] = true
			keys = append(keys, r.No)
		}
	}
	stored, err := s.storedWaybills(ctx, keys)
	if err != nil {
		return res, err
	}
	// A number given twice in a batch is compared with its earlier row,
	// as the SQL stores do, and only its last content is written.
	cur := make(map[string]postcrm.Waybill, len(keys))
	for _, r := range recs {
		old, ok := cur[r.No]
		if !ok {
			old, ok = stored[r.No]
		}
		switch {
		case !ok:
			res.Inserted++
		case postcrm.SameWaybill(&old, &r):
			res.Unchanged++
		default:
			res.Updated++
		}
		cur[r.No] = r
	}
	// Only new and changed waybills are written, each to its shard.
	perShard := make([][]postcrm.Waybill, len(s.shards))
	for _, no := range keys {
		r := cur[no]
		if old, ok := stored[no]; ok && postcrm.SameWaybill(&old, &r) {
			continue
		}
		i := s.shardOf(no)
		perShard[i] = append(perShard[i], r)
	}
	version := uint64(time.Now().UnixNano())
	err = s.eachShard(func(i int) error { return s.insertWaybills(ctx, i, perShard[i], version) })
	if err != nil {
		return postcrm.WriteResult{}, err
	}
	return res, nil
}

// shardOf is the shard (from 0) the Distributed table would send the
// waybill numbered no to: cityHash64(no) modulo the shards, all of
// weight 1. go-faster/city's CH64 is ClickHouse's CityHash64; a test
// checks that every row is where the server's own hash puts it.
func (s *Store) shardOf(no string) int {
	return int(city.CH64([]byte(no)) % uint64(len(s.shards)))
}

// eachShard runs fn for every shard at once and returns the first error.
func (s *Store) eachShard(fn func(i int) error) error {
	errs := make([]error, len(s.shards))
	var wg sync.WaitGroup
	for i := range s.shards {
		wg.Go(func() { errs[i] = fn(i) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// insertWaybills writes recs to shard i's local table: the importer
// picks the shard, so a batch needs no second hop through the
// Distributed table and both shards are written at once.
func (s *Store) insertWaybills(ctx context.Context, i int, recs []postcrm.Waybill, version uint64) error {
	if len(recs) == 0 {
		return nil
	}
	batch, err := s.shards[i].PrepareBatch(ctx, "INSERT INTO "+s.table("waybills_local")+" ("+waybillCols+", version)")
	if err != nil {
		return fmt.Errorf("prepare waybill insert on shard %d: %w", i+1, err)
	}
	defer batch.Abort()
	for _, r := range recs {
		if err := batch.Append(r.No, r.AcceptedAt, uint32(r.Day()), r.OfficeCode, r.CourierStaffID, r.CustomerCode,
			r.SenderPhone, r.Product, r.WeightG, r.PostageFen, string(r.Payment), string(r.Channel), r.DestProvince, version); err != nil {
			return fmt.Errorf("waybill %s: %w", r.No, err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("insert %d waybills on shard %d: %w", len(recs), i+1, err)
	}
	return nil
}

// storedWaybills reads the resolved waybills of the given numbers from
// the shards that hold them, all shards at once. The numbers go with the
// query as an external table: spelt out in an IN list, parsing them
// took the server longer than the lookup itself.
func (s *Store) storedWaybills(ctx context.Context, keys []string) (map[string]postcrm.Waybill, error) {
	perShard := make([][]string, len(s.shards))
	for _, k := range keys {
		i := s.shardOf(k)
		perShard[i] = append(perShard[i], k)
	}
	found := make([][]postcrm.Waybill, len(s.shards))
	err := s.eachShard(func(i int) error {
		if len(perShard[i]) == 0 {
			return nil
		}
		t, err := ext.NewTable("batch_keys", ext.Column("no", "String"))
		if err != nil {
			return err
		}
		for _, k := range perShard[i] {
			if err := t.Append(k); err != nil {
				return err
			}
		}
		qctx := ch.Context(ctx, ch.WithExternalTable(t))
		return s.scanWaybills(qctx, s.shards[i], "waybills_local", "WHERE no IN batch_keys", nil, func(w postcrm.Waybill) {
			found[i] = append(found[i], w)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("look up stored waybills: %w", err)
	}
	out := make(map[string]postcrm.Waybill, len(keys))
	for _, ws := range found {
		for _, w := range ws {
			out[w.No] = w
		}
	}
	return out, nil
}

// scanWaybills reads the resolved waybills of table that where selects.
func (s *Store) scanWaybills(ctx context.Context, conn driver.Conn, table, where string, args []any, fn func(postcrm.Waybill)) error {
	rows, err := conn.Query(ctx, "SELECT "+waybillCols+" FROM "+s.table(table)+" FINAL "+where, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var w postcrm.Waybill
		var day uint32
		var payment, channel string
		if err := rows.Scan(&w.No, &w.AcceptedAt, &day, &w.OfficeCode, &w.CourierStaffID, &w.CustomerCode,
			&w.SenderPhone, &w.Product, &w.WeightG, &w.PostageFen, &payment, &channel, &w.DestProvince); err != nil {
			return err
		}
		w.AcceptedAt = w.AcceptedAt.In(postcrm.ChinaTime)
		w.Payment, w.Channel = postcrm.Payment(payment), postcrm.Channel(channel)
		fn(w)
	}
	return rows.Err()
}

// Waybill reads one waybill by its number.
func (s *Store) Waybill(ctx context.Context, no string) (postcrm.Waybill, error) {
	var out postcrm.Waybill
	found := false
	err := s.scanWaybills(ctx, s.conn, "waybills", "WHERE no = ?", []any{no}, func(w postcrm.Waybill) { out, found = w, true })
	if err != nil {
		return out, fmt.Errorf("waybill %s: %w", no, err)
	}
	if !found {
		return out, fmt.Errorf("waybill %s: %w", no, postcrm.ErrNotFound)
	}
	return out, nil
}

// WaybillOffices returns the office of each stored waybill among keys;
// keys not stored are absent (what an import's rights check reads).
func (s *Store) WaybillOffices(ctx context.Context, keys []string) (map[string]string, error) {
	stored, err := s.storedWaybills(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(stored))
	for no, w := range stored {
		out[no] = w.OfficeCode
	}
	return out, nil
}
