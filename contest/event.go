package contest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Event types. The log is append-only: a mistake is put right by a
// later event (reverse, adjust), never by editing an earlier one.
const (
	EvSetup   = "setup"   // the teams and their drawn lots; always the first event
	EvRound   = "round"   // a round begins
	EvChoose  = "choose"  // a team chooses a risk tier
	EvAbstain = "abstain" // a team declines its risk question
	EvOpen    = "open"    // a question is shown
	EvStart   = "start"   // 开始: the clock runs, presses count
	EvPress   = "press"   // a buzzer press received after 开始
	EvFoul    = "foul"    // a buzzer press received before 开始
	EvRight   = "right"   // judged right
	EvWrong   = "wrong"   // judged wrong
	EvTimeout = "timeout" // the time ran out
	EvAdjust  = "adjust"  // a score adjustment by the judges
	EvReverse = "reverse" // arbitration reverses an earlier judgment
)

// Event is one line of the log (JSON Lines, one object a line).
type Event struct {
	// Seq numbers the log from 1 without gaps; it is the receipt order.
	Seq  int64  `json:"seq"`
	Type string `json:"type"`
	// AtMS is the server's time when it received the event, Unix ms.
	AtMS int64 `json:"at_ms"`
	// ClientMS is the time the phone says it pressed, Unix ms (press,
	// foul); it is kept, and used only by the client_time tie rule.
	ClientMS int64 `json:"client_ms,omitempty"`
	// Round is the round beginning, 1-based (round).
	Round int `json:"round,omitempty"`
	// Question is the question's ID in the bank (open).
	Question string `json:"question,omitempty"`
	// Team is a seat number, 1-based (press, foul, right, wrong,
	// choose, abstain, adjust; open in compulsory and risk rounds).
	Team int `json:"team,omitempty"`
	// Tier is the chosen risk tier's points (choose).
	Tier int `json:"tier,omitempty"`
	// Points of an adjustment, signed (adjust).
	Points int `json:"points,omitempty"`
	// Target is the Seq of the event reversed (reverse).
	Target int64 `json:"target,omitempty"`
	// Teams are the team names in seat order and Lots the lot each seat
	// drew, 1..n (setup); lots break ties in the choosing order and
	// under the lot tie rule.
	Teams []string `json:"teams,omitempty"`
	Lots  []int    `json:"lots,omitempty"`
	// By is who did it (the account; adjust, reverse, judgments) and
	// Reason why (adjust, reverse).
	By     string `json:"by,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// ReadEvents reads a JSON Lines log; blank lines are skipped and a bad
// line is an error naming its line number.
func ReadEvents(r io.Reader) ([]Event, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []Event
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		var ev Event
		if err := dec.Decode(&ev); err != nil {
			return nil, fmt.Errorf("第 %d 行: %v", line, err)
		}
		out = append(out, ev)
	}
	return out, sc.Err()
}

// WriteEvents writes a log as JSON Lines.
func WriteEvents(w io.Writer, evs []Event) error {
	enc := json.NewEncoder(w)
	for _, ev := range evs {
		if err := enc.Encode(ev); err != nil {
			return err
		}
	}
	return nil
}
