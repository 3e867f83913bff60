package sqlstore

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"postcrm"
)

// Reasons lists the reasons in the order a form offers them.
func (s *Store) Reasons(ctx context.Context) ([]postcrm.ContactReason, error) {
	rs, err := queryAll(ctx, s, reasonsSelect, nil, scanReason)
	if err != nil {
		return nil, fmt.Errorf("read contact reasons: %w", err)
	}
	return rs, nil
}

const reasonsSelect = "SELECT code, name_zh, name_en FROM contact_reasons ORDER BY position, code"

func scanReason(sc scanner, r *postcrm.ContactReason) error {
	return sc.Scan(&r.Code, &r.NameZH, &r.NameEN)
}

// reasons lists the reasons in the transaction.
func (w *writer) reasons() ([]postcrm.ContactReason, error) {
	rows, err := w.tx.QueryContext(w.ctx, reasonsSelect)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []postcrm.ContactReason
	for rows.Next() {
		var r postcrm.ContactReason
		if err := scanReason(rows, &r); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// reasonExists reports whether a contact reason with code is stored.
func (w *writer) reasonExists(code string) (bool, error) {
	var n int64
	err := w.tx.QueryRowContext(w.ctx, w.s.rebind("SELECT COUNT(*) FROM contact_reasons WHERE code = ?"), code).Scan(&n)
	return n > 0, err
}

var reasonCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// AddReason adds a reason before "other"; ErrConflict when the code is
// taken.
func (s *Store) AddReason(ctx context.Context, r postcrm.ContactReason, a postcrm.Actor) error {
	var err error
	switch {
	case !reasonCode.MatchString(r.Code):
		err = fmt.Errorf("代码 %q 应为小写字母开头的字母、数字或下划线: %w", r.Code, postcrm.ErrInvalid)
	case strings.TrimSpace(r.NameZH) == "" || strings.TrimSpace(r.NameEN) == "":
		err = fmt.Errorf("原因要有中文和英文名称: %w", postcrm.ErrInvalid)
	default:
		err = s.inTx(ctx, func(w *writer) error {
			taken, err := w.reasonExists(r.Code)
			if err != nil {
				return err
			}
			if taken {
				return postcrm.ErrConflict
			}
			const q = "INSERT INTO contact_reasons (code, name_zh, name_en, position)" +
				" SELECT ?, ?, ?, COALESCE(MAX(position), 0) + 1 FROM contact_reasons WHERE code <> ?"
			if err := s.exec(ctx, w.tx, q, r.Code, r.NameZH, r.NameEN, postcrm.ReasonOther); err != nil {
				return err
			}
			return w.audit(a, "reason:"+r.Code, "added "+r.NameZH+" / "+r.NameEN)
		})
	}
	if err != nil {
		return fmt.Errorf("add contact reason %q: %w", r.Code, err)
	}
	return nil
}
