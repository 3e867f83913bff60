// Package contest runs a knowledge contest (知识竞赛): a rule set as
// data, an append-only event log, and the replay that turns the log into
// scores, fouls and the risk round's choosing order. The server and the
// `postcrm contest replay` command run the same replay, so a score on the
// big screen is always what the log says and never a stored number.
package contest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"postcrm"
)

// Round kinds.
const (
	KindCompulsory = "compulsory" // 必答: each team in seat order answers its own question
	KindBuzzer     = "buzzer"     // 抢答: the first valid press answers
	KindRisk       = "risk"       // 风险: teams choose a tier; right adds it, wrong subtracts it
	KindTiebreak   = "tiebreak"   // 加赛: a buzzer round among the teams tied at the top
)

// Tie rules for presses within the grace window of the first receipt.
const (
	TieFirstReceipt = "first_receipt" // the first the server received wins
	TieClientTime   = "client_time"   // the earliest time the phone says it pressed
	TieLot          = "lot"           // the team with the lower drawn lot
)

// Choosing orders of a risk round.
const (
	OrderAscending  = "score_asc"  // the lowest score chooses first
	OrderDescending = "score_desc" // the highest score chooses first
	OrderSeat       = "seat"       // seat order
)

// Rules is one unit's rule sheet. Nothing of a contest's rules is code:
// two branches with different sheets run the same program.
type Rules struct {
	Name string `json:"name"`
	// ReuseQuestions allows a question to be opened again in the same
	// contest; false refuses a second opening.
	ReuseQuestions bool    `json:"reuse_questions"`
	Rounds         []Round `json:"rounds"`
}

// Round is one round's rules. Points are whole points; a cost is a
// positive number of points taken away.
type Round struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Points a right answer earns (compulsory, buzzer, tiebreak).
	Points int `json:"points"`
	// WrongCost and TimeoutCost are taken from the answering team.
	WrongCost   int `json:"wrong_cost"`
	TimeoutCost int `json:"timeout_cost"`
	// AnswerSeconds is the time to answer once a team has the turn;
	// BuzzSeconds the time to press after 开始 (buzzer, tiebreak).
	AnswerSeconds int `json:"answer_seconds"`
	BuzzSeconds   int `json:"buzz_seconds"`
	// GraceMS: presses received within this many ms of the first are
	// tied, and TieRule picks among them. 0 means the first receipt wins.
	GraceMS int    `json:"grace_ms"`
	TieRule string `json:"tie_rule"`
	// EarlyPress is the ladder for presses before 开始: step i applies to
	// a team's (i+1)-th early press in this round; the last step applies
	// to every later one.
	EarlyPress []Penalty `json:"early_press"`
	// Tiers a risk question may be worth; a wrong risk answer costs the
	// tier it was worth.
	Tiers        []int `json:"tiers"`
	AllowAbstain bool  `json:"allow_abstain"`
	// ChooseOrder orders the teams choosing in a risk round by their
	// score when the round begins; teams on equal scores go in the order
	// of the lots drawn at the start of the contest.
	ChooseOrder string `json:"choose_order"`
}

// Penalty is one step of the early-press ladder.
type Penalty struct {
	// Deduct points from the team.
	Deduct int `json:"deduct"`
	// LoseTurn: the team may not press for this question; the others
	// buzz on.
	LoseTurn bool `json:"lose_turn"`
	// Bar: the team may not press for the rest of the round.
	Bar bool `json:"bar"`
}

// Error codes of a rule sheet.
const (
	CodeRulesJSON     = "contest.rules_json"
	CodeRulesRounds   = "contest.rules_rounds"
	CodeRulesKind     = "contest.rules_kind"
	CodeRulesNegative = "contest.rules_negative"
	CodeRulesMissing  = "contest.rules_missing"
	CodeRulesChoice   = "contest.rules_choice"
)

func rulesErr(code, field, format string, args ...any) error {
	return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ParseRules reads a rule sheet (unknown fields are refused, so a typo
// is an error rather than a rule silently not applied) and validates it.
func ParseRules(data []byte) (*Rules, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Rules
	if err := dec.Decode(&r); err != nil {
		return nil, rulesErr(CodeRulesJSON, "", "规则文件不是有效的 JSON: %v", err)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// LoadRules reads and validates a rule sheet file.
func LoadRules(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseRules(data)
}

// Validate checks every field and returns every fault, each naming its
// field as rounds[i].field.
func (r *Rules) Validate() error {
	var errs []error
	if len(r.Rounds) == 0 {
		errs = append(errs, rulesErr(CodeRulesRounds, "rounds", "rounds: 至少要有一轮"))
	}
	for i, rd := range r.Rounds {
		f := func(name string) string { return fmt.Sprintf("rounds[%d].%s", i, name) }
		switch rd.Kind {
		case KindCompulsory, KindBuzzer, KindRisk, KindTiebreak:
		default:
			errs = append(errs, rulesErr(CodeRulesKind, f("kind"),
				"%s: “%s”不是轮次类型，可选 compulsory、buzzer、risk、tiebreak", f("kind"), rd.Kind))
		}
		for _, nv := range []struct {
			name string
			v    int
		}{{"points", rd.Points}, {"wrong_cost", rd.WrongCost}, {"timeout_cost", rd.TimeoutCost},
			{"answer_seconds", rd.AnswerSeconds}, {"buzz_seconds", rd.BuzzSeconds}, {"grace_ms", rd.GraceMS}} {
			if nv.v < 0 {
				errs = append(errs, rulesErr(CodeRulesNegative, f(nv.name), "%s: 不能为负数（扣分写正数）", f(nv.name)))
			}
		}
		if rd.AnswerSeconds == 0 {
			errs = append(errs, rulesErr(CodeRulesMissing, f("answer_seconds"), "%s: 必须给出答题时间（秒）", f("answer_seconds")))
		}
		buzz := rd.Kind == KindBuzzer || rd.Kind == KindTiebreak
		if buzz && rd.BuzzSeconds == 0 {
			errs = append(errs, rulesErr(CodeRulesMissing, f("buzz_seconds"), "%s: 抢答轮必须给出抢答时间（秒）", f("buzz_seconds")))
		}
		if rd.Kind != KindRisk && rd.Points == 0 && rd.Kind != "" {
			errs = append(errs, rulesErr(CodeRulesMissing, f("points"), "%s: 必须给出答对的分值", f("points")))
		}
		switch rd.TieRule {
		case "", TieFirstReceipt, TieClientTime, TieLot:
		default:
			errs = append(errs, rulesErr(CodeRulesChoice, f("tie_rule"),
				"%s: “%s”不是并列规则，可选 first_receipt、client_time、lot", f("tie_rule"), rd.TieRule))
		}
		if rd.GraceMS > 0 && rd.TieRule == "" {
			errs = append(errs, rulesErr(CodeRulesMissing, f("tie_rule"), "%s: 设了 grace_ms 就要说明并列时按什么规则", f("tie_rule")))
		}
		for j, p := range rd.EarlyPress {
			if p.Deduct < 0 {
				errs = append(errs, rulesErr(CodeRulesNegative, fmt.Sprintf("rounds[%d].early_press[%d].deduct", i, j),
					"rounds[%d].early_press[%d].deduct: 不能为负数", i, j))
			}
		}
		if rd.Kind == KindRisk {
			if len(rd.Tiers) == 0 {
				errs = append(errs, rulesErr(CodeRulesMissing, f("tiers"), "%s: 风险题轮必须给出分值档（如 [10,20,30]）", f("tiers")))
			}
			for j, t := range rd.Tiers {
				if t <= 0 {
					errs = append(errs, rulesErr(CodeRulesNegative, fmt.Sprintf("rounds[%d].tiers[%d]", i, j),
						"rounds[%d].tiers[%d]: 分值档必须大于 0", i, j))
				}
			}
			switch rd.ChooseOrder {
			case OrderAscending, OrderDescending, OrderSeat:
			default:
				errs = append(errs, rulesErr(CodeRulesChoice, f("choose_order"),
					"%s: “%s”不是选题顺序，可选 score_asc、score_desc、seat", f("choose_order"), rd.ChooseOrder))
			}
		}
	}
	return errors.Join(errs...)
}

// penalty is the ladder's step for a team's n-th (1-based) early press.
func (rd Round) penalty(n int) Penalty {
	if len(rd.EarlyPress) == 0 {
		return Penalty{LoseTurn: true}
	}
	if n > len(rd.EarlyPress) {
		n = len(rd.EarlyPress)
	}
	return rd.EarlyPress[n-1]
}

// SampleRules is a rule sheet to start from: 必答, 抢答 with the
// three-step early-press ladder, 风险 and 加赛.
//
//go:embed sample_rules.json
var SampleRules string
