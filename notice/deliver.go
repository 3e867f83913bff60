package notice

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"postcrm"
)

// Store is what delivery reads and writes.
type Store interface {
	ClaimNotices(ctx context.Context, now, until time.Time, limit int) ([]postcrm.Notice, error)
	NoticeSent(ctx context.Context, id int64, at time.Time) error
	NoticeFailed(ctx context.Context, id int64, attempts int, next time.Time, reason string) error
	NoticeWebhooks(ctx context.Context) ([]postcrm.NoticeWebhook, error)
}

// Retry policy: the n-th failed attempt waits FirstRetry·2^(n−1), at most
// MaxRetry; a notice is never given up, so a receiver down for a day gets
// it once it answers again, within MaxRetry.
const (
	FirstRetry = 15 * time.Second
	MaxRetry   = time.Hour
)

// Backoff is how long to wait after the n-th failed attempt (n ≥ 1).
func Backoff(n int) time.Duration {
	d := FirstRetry
	for i := 1; i < n && d < MaxRetry; i++ {
		d *= 2
	}
	return min(d, MaxRetry)
}

// Delivery sends the outbox's due notices.
type Delivery struct {
	Store   Store
	Default Sender       // where a notice without a webhook goes; Log{} when nil
	Client  *http.Client // the webhooks' requests; one with a 10-second timeout when nil
	Now     func() time.Time
	// Lease is how long a claimed notice is kept from another delivery
	// pass: longer than a batch takes to send.
	Lease time.Duration
	Batch int

	paced pacer // the robots' recent messages, across passes
}

// Result counts what a pass did: notices sent, failed, and put off
// because their robot had had PerMinute messages in the last minute.
type Result struct{ Sent, Failed, Deferred int }

const (
	defaultLease = 5 * time.Minute
	defaultBatch = 20
)

// Pass sends every notice due now, in batches, and records each attempt:
// sent, or failed with its next attempt after Backoff. It reads the
// webhooks afresh, so that a webhook set meanwhile takes effect.
func (d *Delivery) Pass(ctx context.Context) (Result, error) {
	var res Result
	hooks, err := d.Store.NoticeWebhooks(ctx)
	if err != nil {
		return res, err
	}
	routes := NewRoutes(hooks, d.sender(), d.client())
	for {
		now := d.now()
		ns, err := d.Store.ClaimNotices(ctx, now, now.Add(d.lease()), d.batch())
		if err != nil || len(ns) == 0 {
			return res, err
		}
		for _, n := range ns {
			o, err := d.try(ctx, routes, n)
			if err != nil {
				return res, err
			}
			res.add(o)
		}
	}
}

// outcome is what became of one notice in a pass.
type outcome int

const (
	sent outcome = iota
	failed
	deferred
)

func (r *Result) add(o outcome) {
	switch o {
	case sent:
		r.Sent++
	case failed:
		r.Failed++
	case deferred:
		r.Deferred++
	}
}

// try sends n, unless its robot is at its limit: then n waits, without
// an attempt counted, until the robot may take it.
func (d *Delivery) try(ctx context.Context, routes Routes, n postcrm.Notice) (outcome, error) {
	s, robot := routes.For(n)
	if d.paced == nil {
		d.paced = pacer{}
	}
	if ok, at := d.paced.next(robot, d.now()); !ok {
		return deferred, d.Store.NoticeFailed(ctx, n.ID, n.Attempts, at, n.LastError)
	}
	ok, err := d.send(ctx, s, n)
	if ok {
		return sent, err
	}
	return failed, err
}

// send tries one notice and records the outcome: sent, or failed with
// the next attempt after Backoff. Only a failure to record it is
// returned: the notice then stays claimed until its lease ends.
func (d *Delivery) send(ctx context.Context, s Sender, n postcrm.Notice) (bool, error) {
	err := s.Send(ctx, n)
	at := d.now()
	if err == nil {
		return true, d.Store.NoticeSent(ctx, n.ID, at)
	}
	failed := n.Attempts + 1
	return false, d.Store.NoticeFailed(ctx, n.ID, failed, at.Add(Backoff(failed)), err.Error())
}

// Run makes a pass every interval until ctx ends, logging what each did
// and any error: the web server's worker.
func (d *Delivery) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		res, err := d.Pass(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("notice delivery", "err", err)
		case res != Result{}:
			log.Info("notice delivery", "sent", res.Sent, "failed", res.Failed, "deferred", res.Deferred)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Delivery) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d *Delivery) sender() Sender {
	if d.Default == nil {
		return Log{}
	}
	return d.Default
}

func (d *Delivery) client() *http.Client {
	if d.Client == nil {
		return &http.Client{Timeout: 10 * time.Second}
	}
	return d.Client
}

func (d *Delivery) lease() time.Duration {
	if d.Lease <= 0 {
		return defaultLease
	}
	return d.Lease
}

func (d *Delivery) batch() int {
	if d.Batch <= 0 {
		return defaultBatch
	}
	return d.Batch
}
