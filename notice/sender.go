package notice

import (
	"context"
	"log/slog"

	"postcrm"
)

// Sender delivers one notice; an error means it did not arrive and is to
// be tried again.
type Sender interface {
	Send(ctx context.Context, n postcrm.Notice) error
}

// Log is the sender where no webhook is set: it writes the notice to the
// log, which is all a province without 企业微信 robots gets.
type Log struct{ Logger *slog.Logger }

// Send logs the notice with its text.
func (l Log) Send(ctx context.Context, n postcrm.Notice) error {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	lg.InfoContext(ctx, "notice", "event", n.EventID, "recipient", n.Recipient, "office", n.OfficeCode, "city", n.City,
		"text", Markdown(n))
	return nil
}
