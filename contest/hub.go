package contest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"

	"postcrm"
)

// Hub holds the matches being run by this server, loaded from the
// store on first use: a restarted server resumes each match from its
// log the first time anyone asks for it.
type Hub struct {
	store   Store
	now     func() time.Time
	mu      sync.Mutex
	matches map[string]loaded // by code
}

// loaded is a running match with its contest, which never changes once
// set up: a loaded match is served without reading the store, so a
// press costs one write and no read, and its phones' tokens are signed
// with the contest's own key (Secret).
type loaded struct {
	m *Match
	c Contest
}

// NewHub makes a hub; now is the server's clock (nil: time.Now).
func NewHub(store Store, now func() time.Time) *Hub {
	if now == nil {
		now = time.Now
	}
	return &Hub{store: store, now: now, matches: map[string]loaded{}}
}

// Match is the running match of a contest code.
func (h *Hub) Match(ctx context.Context, code string) (*Match, Contest, error) {
	h.mu.Lock()
	l, ok := h.matches[code]
	h.mu.Unlock()
	if ok {
		return l.m, l.c, nil
	}
	c, err := h.store.ContestByCode(ctx, code)
	if err != nil {
		return nil, c, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if l, ok := h.matches[code]; ok {
		return l.m, l.c, nil
	}
	rules, err := ParseRules([]byte(c.Rules))
	if err != nil {
		return nil, c, err
	}
	evs, err := h.store.ContestEvents(ctx, c.ID)
	if err != nil {
		return nil, c, err
	}
	m, err := NewMatch(c.ID, rules, evs, h.store, h.now)
	if err != nil {
		return nil, c, err
	}
	h.matches[code] = loaded{m, c}
	return m, c, nil
}

// Create sets up a contest: the rule sheet is validated, a join code
// made, and the first event logs the teams and their drawn lots.
func (h *Hub) Create(ctx context.Context, name, rules string, teams []string, a postcrm.Actor) (Contest, error) {
	if _, err := ParseRules([]byte(rules)); err != nil {
		return Contest{}, err
	}
	if len(teams) < 2 {
		return Contest{}, &postcrm.Error{Kind: postcrm.ErrInvalid, Code: "contest.teams", Field: "teams", Message: "至少要有两个队"}
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	c, err := h.store.CreateContest(ctx, Contest{Code: joinCode(), Name: name, Rules: rules,
		Secret: base64.RawURLEncoding.EncodeToString(secret)}, a)
	if err != nil {
		return c, err
	}
	m, _, err := h.Match(ctx, c.Code)
	if err != nil {
		return c, err
	}
	_, err = m.Do(ctx, Event{Type: EvSetup, Teams: teams, Lots: drawLots(len(teams)), By: a.User})
	return c, err
}

// joinCode is six characters a person can read out: no 0/O or 1/I.
func joinCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b strings.Builder
	for range 6 {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}

// drawLots is a uniformly random permutation of 1..n (the draw).
func drawLots(n int) []int {
	lots := make([]int, n)
	for i := range lots {
		lots[i] = i + 1
	}
	for i := n - 1; i > 0; i-- {
		j, _ := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		lots[i], lots[j.Int64()] = lots[j.Int64()], lots[i]
	}
	return lots
}

// TeamToken is the phone's proof of its seat, kept in a cookie so a
// refreshed phone is the same team. The key is the contest's own, kept
// in the store: a restarted server still knows the phone. The contest
// must have been loaded (Match) first; an unknown code gets no token.
func (h *Hub) TeamToken(code string, seat int) string {
	h.mu.Lock()
	l, ok := h.matches[code]
	h.mu.Unlock()
	if !ok || l.c.Secret == "" {
		return ""
	}
	mac := hmac.New(sha256.New, []byte(l.c.Secret))
	fmt.Fprintf(mac, "%s/%d", code, seat)
	return strconv.Itoa(seat) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// TeamOf reads a token back: the seat, or 0 if the token is not this
// server's for this contest.
func (h *Hub) TeamOf(code, token string) int {
	seatText, _, ok := strings.Cut(token, ".")
	seat, err := strconv.Atoi(seatText)
	want := h.TeamToken(code, seat)
	if !ok || err != nil || seat < 1 || want == "" || !hmac.Equal([]byte(token), []byte(want)) {
		return 0
	}
	return seat
}

// Close stops every match's clock.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.matches {
		l.m.Close()
	}
}
