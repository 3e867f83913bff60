package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"postcrm"
)

// A dispatch run's changes to existing dispatches are written set-based:
// one statement per kind of change (in chunks of the parameter limit on
// SQLite), each change still audited on its own. A province's re-run
// touches thousands of dispatches, and one UPDATE per row took twice as
// long on SQLite and three times on PostgreSQL (BenchmarkApplyDispatchPlan).

// reattach moves the dispatches of withdrawn warnings, and their contacts,
// to the warnings raised again for the same customers.
func (w *writer) reattach(newByOld map[int64]int64, a postcrm.Actor) error {
	olds := slices.Sorted(maps.Keys(newByOld))
	moves := []struct{ table, set string }{
		{"dispatches", "warning_id = v.column2, withdrawn = FALSE"},
		{"contacts", "warning_id = v.column2"},
	}
	for _, m := range moves {
		head, tail := "UPDATE "+m.table+" SET "+m.set+" FROM ", " WHERE "+m.table+".warning_id = v.column1"
		if err := w.byPairs(head, tail, olds, newByOld); err != nil {
			return fmt.Errorf("re-attach the %s of %d withdrawn warnings: %w", m.table, len(olds), err)
		}
	}
	return w.auditEach(a, len(olds), func(i int) (string, string) {
		return warningTarget(newByOld[olds[i]]), fmt.Sprintf("re-attached the follow-up of withdrawn warning %d", olds[i])
	})
}

// withdraw marks the dispatches of warnings a re-run dropped; their
// contacts stay.
func (w *writer) withdraw(ids []int64, a postcrm.Actor) error {
	if err := w.updateByIDs("UPDATE dispatches SET withdrawn = TRUE WHERE warning_id", nil, ids); err != nil {
		return fmt.Errorf("withdraw %d dispatches: %w", len(ids), err)
	}
	return w.auditEach(a, len(ids), func(i int) (string, string) {
		return warningTarget(ids[i]), "withdrawn: the analysis no longer raises the warning; follow-up kept"
	})
}

// escalate raises dispatches to their new levels, one statement per level.
func (w *writer) escalate(levels map[int64]int, a postcrm.Actor) error {
	ids := slices.Sorted(maps.Keys(levels))
	byLevel := map[int][]int64{}
	for _, id := range ids {
		byLevel[levels[id]] = append(byLevel[levels[id]], id)
	}
	for _, lvl := range slices.Sorted(maps.Keys(byLevel)) {
		if err := w.updateByIDs("UPDATE dispatches SET escalation = ? WHERE warning_id", []any{int64(lvl)}, byLevel[lvl]); err != nil {
			return fmt.Errorf("escalate %d dispatches to level %d: %w", len(byLevel[lvl]), lvl, err)
		}
	}
	return w.auditEach(a, len(ids), func(i int) (string, string) {
		return warningTarget(ids[i]), fmt.Sprintf("escalated to level %d", levels[ids[i]])
	})
}

// updateByIDs runs head (an UPDATE ending "WHERE warning_id", whose own
// parameters are lead) for the rows of ids.
func (w *writer) updateByIDs(head string, lead []any, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return byKeys(w.s, head, ids, func(k stmtKey, build func() string, args []any) error {
		return w.exec(k, build, append(slices.Clip(lead), args...))
	})
}

// byPairs runs head, a table v of (old, new) warning IDs, then tail, for
// the olds in chunks of the parameter limit.
func (w *writer) byPairs(head, tail string, olds []int64, newByOld map[int64]int64) error {
	args := make([]any, 0, 2*w.s.chunkRows(2, len(olds)))
	for done := 0; done < len(olds); {
		size := w.s.chunkRows(2, len(olds)-done)
		args = args[:0]
		for _, old := range olds[done : done+size] {
			args = append(args, old, newByOld[old])
		}
		err := w.exec(stmtKey{text: head + tail, rows: size}, func() string { return head + pairsTable(size) + tail }, args)
		if err != nil {
			return err
		}
		done += size
	}
	return nil
}

// pairsTable is "(VALUES (?, ?), …) AS v" for rows pairs of IDs; the
// casts tell PostgreSQL their type, which it would otherwise take for
// text.
func pairsTable(rows int) string {
	const pair = "(CAST(? AS BIGINT), CAST(? AS BIGINT))"
	return "(VALUES " + strings.Repeat(pair+", ", rows-1) + pair + ") AS v"
}

// ApplyDispatchPlan writes a dispatch run, its audit entries and the
// notices to the assignees in one transaction.
func (s *Store) ApplyDispatchPlan(ctx context.Context, p postcrm.DispatchPlan, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.bump(versionFollowup); err != nil {
			return err
		}
		if err := w.writeRows(&insertDispatches, len(p.New), func(i int, args []any) []any { return dispatchArgs(args, &p.New[i]) }); err != nil {
			return fmt.Errorf("insert dispatches: %w", err)
		}
		err := w.auditEach(a, len(p.New), func(i int) (string, string) {
			d := &p.New[i]
			if d.HeldOut {
				return warningTarget(d.WarningID), "held out (control group)"
			}
			return warningTarget(d.WarningID), "dispatched to " + d.AssignedTo + ", due " + d.DueOn.String()
		})
		if err != nil {
			return fmt.Errorf("audit dispatches: %w", err)
		}
		if err := w.reattach(p.Reattach, a); err != nil {
			return err
		}
		if err := w.withdraw(p.Withdraw, a); err != nil {
			return err
		}
		if err := w.escalate(p.Escalate, a); err != nil {
			return err
		}
		return w.addNotices(p.NoticeEvents())
	})
	if err != nil {
		return fmt.Errorf("apply dispatch run: %w", err)
	}
	return nil
}
