package clickhouse

import (
	"context"
	"fmt"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"postcrm"
)

const waybillCols = `no, accepted_at, day, office_code, courier_staff_id, customer_code, sender_phone,
	product, weight_g, postage_fen, payment, channel, dest_province`

// lookupChunk bounds the keys of one IN list: the server refuses queries
// longer than max_query_size (256 KiB by default).
const lookupChunk = 4000

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
		case sameWaybill(old, r):
			res.Unchanged++
		default:
			res.Updated++
		}
		cur[r.No] = r
	}
	batch, err := s.conn.PrepareBatch(ctx, "INSERT INTO "+s.table("waybills")+" ("+waybillCols+", version)")
	if err != nil {
		return postcrm.WriteResult{}, fmt.Errorf("prepare waybill insert: %w", err)
	}
	defer batch.Abort()
	version := uint64(time.Now().UnixNano())
	n := 0
	for _, no := range keys {
		r := cur[no]
		if old, ok := stored[no]; ok && sameWaybill(old, r) {
			continue
		}
		if err := batch.Append(r.No, r.AcceptedAt, uint32(r.Day()), r.OfficeCode, r.CourierStaffID, r.CustomerCode,
			r.SenderPhone, r.Product, r.WeightG, r.PostageFen, string(r.Payment), string(r.Channel), r.DestProvince, version); err != nil {
			return postcrm.WriteResult{}, fmt.Errorf("waybill %s: %w", r.No, err)
		}
		n++
	}
	if n == 0 {
		return res, nil
	}
	if err := batch.Send(); err != nil {
		return postcrm.WriteResult{}, fmt.Errorf("insert %d waybills: %w", n, err)
	}
	return res, nil
}

// sameWaybill compares every stored field; times to the second, as
// stored.
func sameWaybill(a, b postcrm.Waybill) bool {
	at, bt := a.AcceptedAt, b.AcceptedAt
	a.AcceptedAt, b.AcceptedAt = time.Time{}, time.Time{}
	return a == b && at.Unix() == bt.Unix()
}

// storedWaybills reads the resolved waybills of the given numbers, a
// chunk of numbers per query; the Distributed table asks every shard.
func (s *Store) storedWaybills(ctx context.Context, keys []string) (map[string]postcrm.Waybill, error) {
	out := make(map[string]postcrm.Waybill, len(keys))
	for len(keys) > 0 {
		chunk := keys[:min(lookupChunk, len(keys))]
		keys = keys[len(chunk):]
		set := ch.GroupSet{Value: make([]any, len(chunk))}
		for i, k := range chunk {
			set.Value[i] = k
		}
		// A GroupSet binds as ('a', 'b', …); a slice would bind as an array.
		err := s.scanWaybills(ctx, "WHERE no IN ?", []any{set}, func(w postcrm.Waybill) {
			out[w.No] = w
		})
		if err != nil {
			return nil, fmt.Errorf("look up stored waybills: %w", err)
		}
	}
	return out, nil
}

// scanWaybills reads the resolved waybills that where selects.
func (s *Store) scanWaybills(ctx context.Context, where string, args []any, fn func(postcrm.Waybill)) error {
	rows, err := s.conn.Query(ctx, "SELECT "+waybillCols+" FROM "+s.table("waybills")+" FINAL "+where, args...)
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
	err := s.scanWaybills(ctx, "WHERE no = ?", []any{no}, func(w postcrm.Waybill) { out, found = w, true })
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
