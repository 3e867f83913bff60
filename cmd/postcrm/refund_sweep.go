package main

import (
	"context"
	"log/slog"
	"time"

	"postcrm/refund"
)

// refundSweepEvery is how often serve runs the refund reminder sweep:
// hourly, so that a step falling due in working hours is chased within
// the hour; `postcrm refund sweep` is the daily run for cron when serve
// is not up. A sweep repeated tells nobody twice (refund.Sweep).
const refundSweepEvery = time.Hour

// sweepRefunds runs refund.Sweep at once and then every interval in the
// background; stop ends it and waits for a sweep under way.
func sweepRefunds(ctx context.Context, s refund.SweepStore, every time.Duration, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			res, err := refund.Sweep(ctx, s, time.Now())
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("refund sweep", "err", err)
			case res.Reminded+res.Escalated > 0:
				log.Info("refund sweep", "reminded", res.Reminded, "escalated", res.Escalated)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
