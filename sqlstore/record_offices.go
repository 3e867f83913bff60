package sqlstore

import (
	"context"
	"fmt"

	"postcrm"
)

// RecordOffices returns the office of each stored waybill (kind
// waybills) or member (kind members) among keys; keys not stored are
// absent. An import checks with it, a block of rows at a time, that a
// city manager's rows do not overwrite another city's records.
func (s *Store) RecordOffices(ctx context.Context, kind postcrm.ImportKind, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	var err error
	switch kind {
	case postcrm.KindWaybills:
		err = recordsByKeys(ctx, s, &waybillsTable, keys, func(w *postcrm.Waybill) { out[w.No] = w.OfficeCode })
	case postcrm.KindMembers:
		err = recordsByKeys(ctx, s, &membersTable, keys, func(m *postcrm.Member) { out[m.Phone] = m.OfficeCode })
	default:
		err = fmt.Errorf("no offices of stored %s", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("read the offices of stored %s: %w", kind, err)
	}
	return out, nil
}

// recordsByKeys reads the stored records of t among keys, outside any
// transaction.
func recordsByKeys[R any](ctx context.Context, s *Store, t *table[R], keys []string, fn func(*R)) error {
	return byKeys(s, t.selectSQL+" WHERE "+t.keySQL, keys, func(_ stmtKey, build func() string, args []any) error {
		return stream(ctx, s, build(), args, t.scan, func(r R) error {
			fn(&r)
			return nil
		})
	})
}
