package contest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"postcrm"
)

// Log keeps a match's events. Append must refuse a Seq that is already
// there with postcrm.ErrConflict, so two servers can never both write
// event n; the loser reads the log again.
type Log interface {
	AppendContestEvent(ctx context.Context, contestID int64, ev Event) error
	ContestEvents(ctx context.Context, contestID int64) ([]Event, error)
}

// Match is one contest being run: the server's authority over its log.
// Every event, a phone's press included, is numbered, stamped with the
// server's clock and checked against the replayed state under one lock,
// so the log's order is the order the server received them.
type Match struct {
	ID    int64
	Rules *Rules

	mu     sync.Mutex
	events []Event
	types  map[int64]string
	state  *State
	log    Log
	now    func() time.Time
	subs   map[chan struct{}]struct{}
	timer  *time.Timer
	closed bool
}

// NewMatch resumes a match from its stored log: the replay gives the
// state, and a running clock resumes from its stored end time.
func NewMatch(id int64, rules *Rules, evs []Event, log Log, now func() time.Time) (*Match, error) {
	if now == nil {
		now = time.Now
	}
	m := &Match{ID: id, Rules: rules, log: log, now: now, subs: map[chan struct{}]struct{}{}}
	// Under the lock: a clock already run out fires at once, and its
	// timeout must wait until m.timer is set.
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.resume(slices.Clone(evs)); err != nil {
		return nil, err
	}
	return m, nil
}

// resume makes evs the match's log: its replay is the state, and a
// running clock is set to its end. The caller holds m.mu.
func (m *Match) resume(evs []Event) error {
	st, err := Replay(m.Rules, evs)
	if err != nil {
		return err
	}
	m.events, m.state = evs, st
	m.types = make(map[int64]string, len(evs))
	for _, e := range evs {
		m.types[e.Seq] = e.Type
	}
	m.schedule()
	return nil
}

// Do appends one event. The caller gives the type and its fields; the
// match sets Seq and AtMS. A press before 开始 is logged as a foul.
func (m *Match) Do(ctx context.Context, ev Event) (Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.do(ctx, ev)
}

func (m *Match) do(ctx context.Context, ev Event) (Event, error) {
	done, err := m.try(ctx, ev)
	if !errors.Is(err, postcrm.ErrConflict) {
		return done, err
	}
	// Another server (an old one still running beside its successor,
	// or a second hub on the same store) wrote the next event first:
	// this match's state is behind. It reads the log again, and the
	// event is judged once more against the state it missed.
	if err := m.reload(ctx); err != nil {
		return ev, err
	}
	done, err = m.try(ctx, ev)
	if errors.Is(err, postcrm.ErrConflict) {
		return ev, &postcrm.Error{Kind: postcrm.ErrConflict, Code: CodeStale, Message: "比赛状态刚刚变了，请再试一次"}
	}
	return done, err
}

// reload replays the stored log into the match. The caller holds m.mu.
func (m *Match) reload(ctx context.Context) error {
	evs, err := m.log.ContestEvents(ctx, m.ID)
	if err != nil {
		return err
	}
	if err := m.resume(evs); err != nil {
		return err
	}
	m.notify()
	return nil
}

// try judges one event against the state and appends it.
func (m *Match) try(ctx context.Context, ev Event) (Event, error) {
	if m.closed {
		// The server is shutting down: a refusal the phone can show, not
		// a server error.
		return ev, &postcrm.Error{Kind: postcrm.ErrNotAllowed, Code: CodeClosed, Message: "服务器正在重启，请稍后再按"}
	}
	// The receipt time is taken under the lock, so a later Seq never has
	// an earlier time: the receipt order and the log's order are one.
	ev.Seq = int64(len(m.events)) + 1
	ev.AtMS = m.now().UnixMilli()
	if ev.Type == EvPress && m.state.Phase == PhaseShown {
		ev.Type = EvFoul
	}
	if ev.Type == EvChoose || ev.Type == EvAbstain {
		if next := m.state.NextChooser(); next != ev.Team {
			return ev, &postcrm.Error{Kind: postcrm.ErrNotAllowed, Code: CodeEventTeam, Field: "team",
				Message: "还没轮到这个队选题"}
		}
	}
	var next *State
	if ev.Type == EvReverse {
		st, err := Replay(m.Rules, append(slices.Clone(m.events), ev))
		if err != nil {
			return ev, err
		}
		next = st
	} else {
		if err := m.state.Check(ev, m.types); err != nil {
			return ev, err
		}
	}
	if err := m.log.AppendContestEvent(ctx, m.ID, ev); err != nil {
		return ev, err
	}
	m.events = append(m.events, ev)
	m.types[ev.Seq] = ev.Type
	if next != nil {
		m.state = next
	} else if err := m.state.apply(ev, m.types); err != nil {
		return ev, err // cannot happen: Check passed on the same state
	}
	m.schedule()
	m.notify()
	return ev, nil
}

// notify tells the subscribers that the state moved on. The caller
// holds m.mu.
func (m *Match) notify() {
	for ch := range m.subs {
		select {
		case ch <- struct{}{}:
		default: // a notice is already waiting; the reader reads the latest state
		}
	}
}

// schedule sets the timer for the running clock's end; at the end the
// match logs a timeout, unless the state moved on meanwhile. The caller
// holds m.mu.
func (m *Match) schedule() {
	if m.timer != nil {
		m.timer.Stop()
		m.timer = nil
	}
	deadline := m.state.DeadlineMS
	if deadline == 0 || m.closed {
		return
	}
	wait := time.Duration(deadline-m.now().UnixMilli()) * time.Millisecond
	m.timer = time.AfterFunc(max(wait, 0), func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.state.DeadlineMS == deadline && !m.closed {
			_, _ = m.do(context.Background(), Event{Type: EvTimeout, By: "clock"})
		}
	})
}

// Close stops the clock; the log stays as it is.
func (m *Match) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	if m.timer != nil {
		m.timer.Stop()
	}
}

// Snapshot is a copy of the current state and the log's length.
func (m *Match) Snapshot() *State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state.clone()
}

// Seq is the log's length: the number of the latest event.
func (m *Match) Seq() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return int64(len(m.events))
}

// Events is a copy of the log.
func (m *Match) Events() []Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.events)
}

// Subscribe returns a channel that receives a notice after each event
// (at most one waiting), and the function that ends the subscription.
func (m *Match) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	m.mu.Lock()
	m.subs[ch] = struct{}{}
	m.mu.Unlock()
	return ch, func() {
		m.mu.Lock()
		delete(m.subs, ch)
		m.mu.Unlock()
	}
}
