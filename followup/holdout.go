package followup

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"slices"

	"postcrm"
)

// hash64 is a stable hash of a month and a key: the holdout depends on
// nothing but the month and the warnings.
func hash64(month postcrm.Month, key string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(month))
	h.Write(b[:])
	h.Write([]byte(key))
	return h.Sum64()
}

// warningKey is a warning's natural key in its month.
func warningKey(w postcrm.Warning) string { return naturalKey(w.CustomerCode, w.SenderPhone) }

// dispatchKey is the natural key of a dispatch's warning.
func dispatchKey(d postcrm.Dispatch) string { return naturalKey(d.CustomerCode, d.SenderPhone) }

func naturalKey(customerCode, senderPhone string) string { return customerCode + "|" + senderPhone }

// Holdout returns which of a month's warnings to hold out (aligned with
// ws), a share of them, stratified by kind and office by systematic
// sampling (see the package comment).
func Holdout(month postcrm.Month, ws []postcrm.Warning, share float64) ([]bool, error) {
	if share < 0 || share > 1 || math.IsNaN(share) {
		return nil, fmt.Errorf("holdout share %v is not between 0 and 1", share)
	}
	type ranked struct {
		i    int
		kind postcrm.WarningKind
		off  string
		h    uint64
	}
	order := make([]ranked, len(ws))
	for i, w := range ws {
		order[i] = ranked{i, w.Kind, w.OfficeCode, hash64(month, warningKey(w))}
	}
	slices.SortFunc(order, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.off, b.off), cmp.Compare(a.h, b.h))
	})
	u := float64(hash64(month, "holdout start")>>11) / (1 << 53)
	out := make([]bool, len(ws))
	for pos, r := range order {
		out[r.i] = math.Floor(float64(pos+1)*share+u) > math.Floor(float64(pos)*share+u)
	}
	return out, nil
}
