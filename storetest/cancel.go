package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// countdown is a context cancelled at its n-th Done call. Run with n =
// 0, 1, 2, … it cancels an operation at each point where the store, its
// driver or database/sql look at the context.
type countdown struct {
	context.Context
	mu   sync.Mutex
	left int
	done chan struct{}
}

func newCountdown(n int) *countdown {
	return &countdown{Context: context.Background(), left: n, done: make(chan struct{})}
}

func (c *countdown) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.left == 0 {
		select {
		case <-c.done:
		default:
			close(c.done)
		}
	} else {
		c.left--
	}
	return c.done
}

func (c *countdown) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

// snapshot renders what the batch can touch.
func snapshot(t *testing.T, s *sqlstore.Store, b postcrm.Batch) string {
	ctx := context.Background()
	out := fmt.Sprintf("%+v\n%+v\n%+v\n", storedRollups(t, s, postcrm.DayRange{}),
		must[[]postcrm.Finding](t)(s.Findings(ctx, "")), must[[]postcrm.CityStats](t)(s.Stats(ctx)))
	for _, w := range b.Waybills {
		got, err := s.Waybill(ctx, w.No)
		out += fmt.Sprintf("%+v %v\n", got, err)
	}
	return out
}

// testCancelledApply cancels a batch at point after point: each time
// the store must hold all of the batch or none of it. (All of it is
// allowed: a commit may succeed while its acknowledgement is lost.)
func testCancelledApply(t *testing.T, s *sqlstore.Store) {
	applyFixtures(t, s)
	m := model{}
	m.apply(t, s, scenarioWaybills(9))
	b := postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: m.mixedBatch(rand.New(rand.NewPCG(9, 9)), 40, 11),
		Findings: fixtureFindings}
	before := snapshot(t, s, b)
	var cancelled []string
	// Every point at first, then sparser: a batch passes hundreds.
	for n := 0; ; n += 1 + n/8 {
		if n > 100000 {
			t.Fatal("the batch never went through")
		}
		if _, err := s.Apply(newCountdown(n), b); err == nil {
			break
		}
		cancelled = append(cancelled, snapshot(t, s, b))
	}
	after := snapshot(t, s, b)
	if after == before {
		t.Fatal("the batch changed nothing")
	}
	if len(cancelled) < 10 {
		t.Errorf("only %d points of cancellation: the test reaches too few", len(cancelled))
	}
	for i, snap := range cancelled {
		if snap != before && snap != after {
			t.Errorf("cancelled at point %d, the store holds part of the batch:\n%s\nbefore:\n%s", i, snap, before)
		}
	}
	for _, w := range b.Waybills {
		m[w.No] = w
	}
	checkRollups(t, s, m, postcrm.DayRange{})
}
