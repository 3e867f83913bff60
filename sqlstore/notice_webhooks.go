package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"postcrm"
)

// NoticeWebhooks lists the webhooks, the cities' first (their office
// code is empty), then by office.
func (s *Store) NoticeWebhooks(ctx context.Context) ([]postcrm.NoticeWebhook, error) {
	hs, err := queryAll(ctx, s, "SELECT office_code, city, url FROM notice_webhooks ORDER BY office_code, city", nil,
		func(sc scanner, h *postcrm.NoticeWebhook) error { return sc.Scan(&h.OfficeCode, &h.City, &h.URL) })
	if err != nil {
		return nil, fmt.Errorf("read notice webhooks: %w", err)
	}
	return hs, nil
}

// SaveNoticeWebhook sets the office's or the city's webhook.
func (s *Store) SaveNoticeWebhook(ctx context.Context, h postcrm.NoticeWebhook, a postcrm.Actor) error {
	h.URL = strings.TrimSpace(h.URL)
	if err := h.Validate(); err != nil {
		return fmt.Errorf("save the notice webhook of %s: %w", webhookTarget(h.OfficeCode, h.City), err)
	}
	err := s.inTx(ctx, func(w *writer) error {
		if err := w.placeExists(h.OfficeCode, h.City); err != nil {
			return err
		}
		const q = "INSERT INTO notice_webhooks (office_code, city, url) VALUES (?, ?, ?) ON CONFLICT (office_code, city) DO UPDATE SET url = excluded.url"
		if err := s.exec(ctx, w.tx, q, h.OfficeCode, h.City, h.URL); err != nil {
			return err
		}
		// The URL holds the robot's key: the audit names the place only.
		return w.audit(a, webhookTarget(h.OfficeCode, h.City), "notice webhook set")
	})
	if err != nil {
		return fmt.Errorf("save the notice webhook of %s: %w", webhookTarget(h.OfficeCode, h.City), err)
	}
	return nil
}

// DeleteNoticeWebhook removes the office's or the city's webhook.
func (s *Store) DeleteNoticeWebhook(ctx context.Context, officeCode, city string, a postcrm.Actor) error {
	err := s.inTx(ctx, func(w *writer) error {
		r, err := w.tx.ExecContext(ctx, s.rebind("DELETE FROM notice_webhooks WHERE office_code = ? AND city = ?"), officeCode, city)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("没有设置过机器人: %w", postcrm.ErrNotFound)
		}
		return w.audit(a, webhookTarget(officeCode, city), "notice webhook deleted")
	})
	if err != nil {
		return fmt.Errorf("delete the notice webhook of %s: %w", webhookTarget(officeCode, city), err)
	}
	return nil
}

// placeExists checks that the office, or a city of some office, is stored.
func (w *writer) placeExists(office, city string) error {
	q, arg, what := "SELECT 1 FROM offices WHERE code = ?", office, "营业部"
	if office == "" {
		q, arg, what = "SELECT 1 FROM offices WHERE city = ? LIMIT 1", city, "地市"
	}
	var one int
	err := w.tx.QueryRowContext(w.ctx, w.s.rebind(q), arg).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("没有%s %q: %w", what, arg, postcrm.ErrInvalid)
	}
	return err
}

func webhookTarget(office, city string) string {
	if office != "" {
		return "office:" + office
	}
	return "city:" + city
}
