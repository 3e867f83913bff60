package contest

import (
	"errors"
	"fmt"
	"slices"

	"postcrm"
)

// Phases of the current question.
const (
	PhaseIdle      = "idle"      // between questions
	PhaseShown     = "shown"     // the question is shown, 开始 not yet given
	PhaseBuzzing   = "buzzing"   // 开始 given, waiting for a press
	PhaseAnswering = "answering" // a team has the turn
)

// Press is one press of the current opening, in receipt order.
type Press struct {
	Seq      int64 `json:"seq"`
	Team     int   `json:"team"`
	AtMS     int64 `json:"at_ms"`
	ClientMS int64 `json:"client_ms"`
	// GapMS is the time since the first press of the opening.
	GapMS int64 `json:"gap_ms"`
}

// Foul is a press before 开始.
type Foul struct {
	Seq      int64  `json:"seq"`
	Round    int    `json:"round"`
	Question string `json:"question"`
	Team     int    `json:"team"`
	AtMS     int64  `json:"at_ms"`
	// OffsetMS is how early it was: 开始's time minus the press's, known
	// once 开始 is given (0 before, or if it never was).
	OffsetMS int64   `json:"offset_ms"`
	Nth      int     `json:"nth"` // the team's n-th counted foul in the round
	Penalty  Penalty `json:"penalty"`
	Reversed bool    `json:"reversed"`
}

// Choice is a team's turn in the risk round's choosing order.
type Choice struct {
	Team     int    `json:"team"`
	Tier     int    `json:"tier"`
	Abstain  bool   `json:"abstain"`
	Question string `json:"question,omitempty"`
}

// Judgment is one judged answer and what it did to the score.
type Judgment struct {
	Seq      int64  `json:"seq"`
	Type     string `json:"type"` // right, wrong, timeout, or void after a reversal
	Team     int    `json:"team"`
	Question string `json:"question"`
	Points   int    `json:"points"`
}

// Reversal is an arbitration record.
type Reversal struct {
	Seq    int64  `json:"seq"`
	Target int64  `json:"target"`
	From   string `json:"from"` // the target's type
	To     string `json:"to"`   // what it counts as now (right, wrong or void)
	By     string `json:"by"`
	Reason string `json:"reason"`
}

// State is the replay of a log: everything the screens show. It is
// never stored; the log is.
type State struct {
	Teams  []string `json:"teams"`
	Lots   []int    `json:"lots"`
	Scores []int    `json:"scores"`
	// Round is the current round, 1-based (0 before the first).
	Round     int    `json:"round"`
	RoundName string `json:"round_name"`
	RoundKind string `json:"round_kind"`
	Phase     string `json:"phase"`
	Question  string `json:"question"`
	// Team is the team a compulsory or risk question is put to; Turn the
	// team answering now (0: nobody), TurnRule how the turn was decided.
	Team     int    `json:"team"`
	Tier     int    `json:"tier"`
	Turn     int    `json:"turn"`
	TurnRule string `json:"turn_rule"`
	StartMS  int64  `json:"start_ms"`
	// DeadlineMS is when the running clock ends, Unix ms (0: none): an
	// end time, so a restarted server shows the right time left.
	DeadlineMS int64   `json:"deadline_ms"`
	Presses    []Press `json:"presses"`
	Fouls      []Foul  `json:"fouls"`
	// ChooseOrder is the latest risk round's choosing order (seats), from
	// the standings when the round began, ties by lot; Choices what each
	// team chose. Both stay after the round.
	ChooseOrder []int      `json:"choose_order"`
	Choices     []Choice   `json:"choices"`
	Reversals   []Reversal `json:"reversals"`
	// Judged lists the judgments, newest last, as they count now.
	Judged []Judgment `json:"judged"`
	// Eligible[i] is false for a team barred from the round or, in a
	// tiebreak, not tied at the top.
	Eligible []bool `json:"eligible"`
	// LostTurn[i]: the team may not press in this opening.
	LostTurn []bool `json:"lost_turn"`
	Pressed  []bool `json:"pressed"`
	// Used counts each question's openings.
	Used map[string]int `json:"used"`
	Seq  int64          `json:"seq"`

	rules      *Rules
	flips      map[int64]Reversal
	foulsRound map[int]int
}

// Error codes of an event refused by the state machine.
const (
	CodeEventOrder  = "contest.event_order"
	CodeEventPhase  = "contest.event_phase"
	CodeEventTeam   = "contest.event_team"
	CodeEventField  = "contest.event_field"
	CodeEventReused = "contest.event_reused"
	CodePressTwice  = "contest.press_twice"
	CodePressBarred = "contest.press_barred"
	CodeClosed      = "contest.closed"
	CodeStale       = "contest.stale"
)

func refuse(code, field, format string, args ...any) error {
	return &postcrm.Error{Kind: postcrm.ErrNotAllowed, Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// atEvent names the event a replay stopped at in its refusal: a log
// read back is judged line by line. A live refusal (Check) is about the
// event just sent, which never got its number, so it goes without.
func atEvent(ev Event, err error) error {
	var e *postcrm.Error
	if !errors.As(err, &e) {
		return err
	}
	named := *e
	named.Message = fmt.Sprintf("事件 %d（%s）: %s", ev.Seq, ev.Type, e.Message)
	return &named
}

// Replay folds a whole log under a rule set. It is what the server
// runs after a reversal or a restart, and what `postcrm contest replay`
// runs: one code path.
func Replay(rules *Rules, evs []Event) (*State, error) {
	s := &State{rules: rules, Phase: PhaseIdle, Used: map[string]int{}, flips: map[int64]Reversal{}}
	// A reversal changes how its target counts, so the targets are
	// known before the fold and every later total follows from them.
	for _, ev := range evs {
		if ev.Type == EvReverse {
			if _, dup := s.flips[ev.Target]; dup {
				return nil, atEvent(ev, refuse(CodeEventField, "target", "事件 %d 已经改判过", ev.Target))
			}
			s.flips[ev.Target] = Reversal{Seq: ev.Seq, Target: ev.Target, By: ev.By, Reason: ev.Reason}
		}
	}
	types := map[int64]string{}
	for _, ev := range evs {
		if err := s.apply(ev, types); err != nil {
			return nil, atEvent(ev, err)
		}
		types[ev.Seq] = ev.Type
	}
	return s, nil
}

// Check says whether ev may be appended now, without changing s.
func (s *State) Check(ev Event, types map[int64]string) error {
	c := s.clone()
	return c.apply(ev, types)
}

func (s *State) clone() *State {
	c := *s
	c.Scores = slices.Clone(s.Scores)
	c.Presses = slices.Clone(s.Presses)
	c.Fouls = slices.Clone(s.Fouls)
	c.ChooseOrder = slices.Clone(s.ChooseOrder)
	c.Choices = slices.Clone(s.Choices)
	c.Reversals = slices.Clone(s.Reversals)
	c.Judged = slices.Clone(s.Judged)
	c.Eligible = slices.Clone(s.Eligible)
	c.LostTurn = slices.Clone(s.LostTurn)
	c.Pressed = slices.Clone(s.Pressed)
	c.Used = make(map[string]int, len(s.Used))
	for k, v := range s.Used {
		c.Used[k] = v
	}
	c.foulsRound = make(map[int]int, len(s.foulsRound))
	for k, v := range s.foulsRound {
		c.foulsRound[k] = v
	}
	return &c
}

func (s *State) round() Round { return s.rules.Rounds[s.Round-1] }

func (s *State) team(ev Event) error {
	if ev.Team < 1 || ev.Team > len(s.Teams) {
		return refuse(CodeEventTeam, "team", "没有 %d 号队", ev.Team)
	}
	return nil
}

func (s *State) apply(ev Event, types map[int64]string) error {
	if ev.Seq != s.Seq+1 {
		return refuse(CodeEventOrder, "seq", "序号应为 %d", s.Seq+1)
	}
	if (s.Seq == 0) != (ev.Type == EvSetup) {
		return refuse(CodeEventOrder, "type", "日志必须以且仅以一条 setup 开头")
	}
	var err error
	switch ev.Type {
	case EvSetup:
		err = s.setup(ev)
	case EvRound:
		err = s.beginRound(ev)
	case EvChoose, EvAbstain:
		err = s.choose(ev)
	case EvOpen:
		err = s.open(ev)
	case EvStart:
		err = s.start(ev)
	case EvFoul:
		err = s.foul(ev)
	case EvPress:
		err = s.press(ev)
	case EvRight, EvWrong, EvTimeout:
		err = s.judge(ev)
	case EvAdjust:
		err = s.adjust(ev)
	case EvReverse:
		err = s.reverse(ev, types)
	default:
		err = refuse(CodeEventField, "type", "不认识的事件类型“%s”", ev.Type)
	}
	if err != nil {
		return err
	}
	s.Seq = ev.Seq
	return nil
}

func (s *State) setup(ev Event) error {
	n := len(ev.Teams)
	if n == 0 {
		return refuse(CodeEventField, "teams", "至少要有一个队")
	}
	seen := make([]bool, n+1)
	for _, l := range ev.Lots {
		if l < 1 || l > n || seen[l] {
			return refuse(CodeEventField, "lots", "抽签号必须是 1 到 %d 各一个", n)
		}
		seen[l] = true
	}
	if len(ev.Lots) != n {
		return refuse(CodeEventField, "lots", "每个队都要有抽签号")
	}
	s.Teams, s.Lots = ev.Teams, ev.Lots
	s.Scores = make([]int, n)
	s.Eligible = make([]bool, n)
	s.LostTurn = make([]bool, n)
	s.Pressed = make([]bool, n)
	return nil
}

func (s *State) between(ev Event) error {
	if s.Phase != PhaseIdle {
		return refuse(CodeEventPhase, "type", "上一题还没有结束")
	}
	return nil
}

func (s *State) beginRound(ev Event) error {
	if err := s.between(ev); err != nil {
		return err
	}
	if ev.Round < 1 || ev.Round > len(s.rules.Rounds) {
		return refuse(CodeEventField, "round", "规则里没有第 %d 轮", ev.Round)
	}
	if ev.Round <= s.Round {
		// Rounds go forward: a round begun again would reset its fouls
		// and bars, and a risk round its choosing order.
		return refuse(CodeEventOrder, "round", "第 %d 轮已经开始过", ev.Round)
	}
	s.Round = ev.Round
	rd := s.round()
	s.RoundName, s.RoundKind = rd.Name, rd.Kind
	s.foulsRound = map[int]int{}
	for i := range s.Eligible {
		s.Eligible[i] = true
	}
	switch rd.Kind {
	case KindRisk:
		// Kept after the round, for the result sheet and the replay.
		s.ChooseOrder, s.Choices = s.standingOrder(rd.ChooseOrder), nil
	case KindTiebreak:
		top := slices.Max(s.Scores)
		tied := 0
		for _, sc := range s.Scores {
			if sc == top {
				tied++
			}
		}
		if tied > 1 {
			for i, sc := range s.Scores {
				s.Eligible[i] = sc == top
			}
		}
	}
	return nil
}

// standingOrder orders the seats by score, ties by lot.
func (s *State) standingOrder(order string) []int {
	seats := make([]int, len(s.Teams))
	for i := range seats {
		seats[i] = i + 1
	}
	slices.SortStableFunc(seats, func(a, b int) int {
		sa, sb := s.Scores[a-1], s.Scores[b-1]
		switch {
		case order == OrderAscending && sa != sb:
			return sa - sb
		case order == OrderDescending && sa != sb:
			return sb - sa
		case order == OrderSeat:
			return a - b
		}
		return s.Lots[a-1] - s.Lots[b-1]
	})
	return seats
}

// NextChooser is the seat whose turn it is to choose in a risk round,
// 0 when every team has chosen.
func (s *State) NextChooser() int {
	for _, seat := range s.ChooseOrder {
		if !slices.ContainsFunc(s.Choices, func(c Choice) bool { return c.Team == seat }) {
			return seat
		}
	}
	return 0
}

func (s *State) choose(ev Event) error {
	if err := s.between(ev); err != nil {
		return err
	}
	if s.Round == 0 || s.round().Kind != KindRisk {
		return refuse(CodeEventPhase, "type", "只有风险题轮才选分值")
	}
	if err := s.team(ev); err != nil {
		return err
	}
	if slices.ContainsFunc(s.Choices, func(c Choice) bool { return c.Team == ev.Team }) {
		return refuse(CodeEventTeam, "team", "%s 已经选过", s.Teams[ev.Team-1])
	}
	rd := s.round()
	if ev.Type == EvAbstain {
		if !rd.AllowAbstain {
			return refuse(CodeEventField, "type", "本轮规则不允许放弃")
		}
		s.Choices = append(s.Choices, Choice{Team: ev.Team, Abstain: true})
		return nil
	}
	if !slices.Contains(rd.Tiers, ev.Tier) {
		return refuse(CodeEventField, "tier", "本轮没有 %d 分的题", ev.Tier)
	}
	s.Choices = append(s.Choices, Choice{Team: ev.Team, Tier: ev.Tier})
	return nil
}

func (s *State) open(ev Event) error {
	if err := s.between(ev); err != nil {
		return err
	}
	if s.Round == 0 {
		return refuse(CodeEventPhase, "type", "还没有开始第一轮")
	}
	if ev.Question == "" {
		return refuse(CodeEventField, "question", "没有题目编号")
	}
	if s.Used[ev.Question] > 0 && !s.rules.ReuseQuestions {
		return refuse(CodeEventReused, "question", "题目 %s 本场已经用过", ev.Question)
	}
	rd := s.round()
	s.Team, s.Tier, s.Turn, s.TurnRule = 0, 0, 0, ""
	switch rd.Kind {
	case KindCompulsory:
		if err := s.team(ev); err != nil {
			return err
		}
		s.Team = ev.Team
	case KindRisk:
		if err := s.team(ev); err != nil {
			return err
		}
		i := slices.IndexFunc(s.Choices, func(c Choice) bool { return c.Team == ev.Team })
		if i < 0 || s.Choices[i].Abstain || s.Choices[i].Question != "" {
			return refuse(CodeEventTeam, "team", "%s 没有待答的风险题", s.Teams[ev.Team-1])
		}
		s.Choices[i].Question = ev.Question
		s.Team, s.Tier = ev.Team, s.Choices[i].Tier
	default:
		if ev.Team != 0 {
			return refuse(CodeEventField, "team", "抢答题不指定队")
		}
	}
	s.Used[ev.Question]++
	s.Question, s.Phase = ev.Question, PhaseShown
	s.Presses, s.StartMS, s.DeadlineMS = nil, 0, 0
	for i := range s.LostTurn {
		s.LostTurn[i], s.Pressed[i] = false, false
	}
	return nil
}

func (s *State) start(ev Event) error {
	if s.Phase != PhaseShown {
		return refuse(CodeEventPhase, "type", "没有待开始的题")
	}
	rd := s.round()
	s.StartMS = ev.AtMS
	for i := range s.Fouls {
		f := &s.Fouls[i]
		if f.Round == s.Round && f.Question == s.Question && f.OffsetMS == 0 {
			f.OffsetMS = ev.AtMS - f.AtMS
		}
	}
	if s.Team != 0 {
		s.Phase, s.Turn, s.TurnRule = PhaseAnswering, s.Team, "assigned"
		s.DeadlineMS = ev.AtMS + int64(rd.AnswerSeconds)*1000
		return nil
	}
	s.Phase = PhaseBuzzing
	s.DeadlineMS = ev.AtMS + int64(rd.BuzzSeconds)*1000
	return nil
}

// mayPress is why team may not press now ("" if it may).
func (s *State) mayPress(ev Event) error {
	if err := s.team(ev); err != nil {
		return err
	}
	i := ev.Team - 1
	switch {
	case !s.Eligible[i]:
		return refuse(CodePressBarred, "team", "%s 本轮不能抢答", s.Teams[i])
	case s.LostTurn[i]:
		return refuse(CodePressBarred, "team", "%s 本题已失去抢答机会", s.Teams[i])
	case s.Pressed[i]:
		return refuse(CodePressTwice, "team", "%s 本题已经按过", s.Teams[i])
	}
	return nil
}

func (s *State) buzzRound(ev Event) error {
	if s.Round == 0 || (s.round().Kind != KindBuzzer && s.round().Kind != KindTiebreak) {
		return refuse(CodeEventPhase, "type", "本轮不是抢答")
	}
	return nil
}

func (s *State) foul(ev Event) error {
	if err := s.buzzRound(ev); err != nil {
		return err
	}
	if s.Phase != PhaseShown {
		return refuse(CodeEventPhase, "type", "只有开始前按下才是犯规")
	}
	if err := s.mayPress(ev); err != nil {
		return err
	}
	f := Foul{Seq: ev.Seq, Round: s.Round, Question: s.Question, Team: ev.Team, AtMS: ev.AtMS}
	if _, ok := s.flips[ev.Seq]; ok {
		// A reversed foul never happened: no penalty, and it does not
		// count on the ladder.
		f.Reversed = true
		s.Fouls = append(s.Fouls, f)
		return nil
	}
	s.foulsRound[ev.Team]++
	f.Nth = s.foulsRound[ev.Team]
	f.Penalty = s.round().penalty(f.Nth)
	s.Scores[ev.Team-1] -= f.Penalty.Deduct
	if f.Penalty.LoseTurn {
		s.LostTurn[ev.Team-1] = true
	}
	if f.Penalty.Bar {
		s.Eligible[ev.Team-1] = false
	}
	s.Fouls = append(s.Fouls, f)
	return nil
}

func (s *State) press(ev Event) error {
	if err := s.buzzRound(ev); err != nil {
		return err
	}
	if s.Phase != PhaseBuzzing && s.Phase != PhaseAnswering {
		return refuse(CodeEventPhase, "type", "现在不能抢答")
	}
	if s.Phase == PhaseBuzzing && ev.AtMS > s.DeadlineMS {
		return refuse(CodeEventPhase, "at_ms", "抢答时间已过")
	}
	if err := s.mayPress(ev); err != nil {
		return err
	}
	s.Pressed[ev.Team-1] = true
	p := Press{Seq: ev.Seq, Team: ev.Team, AtMS: ev.AtMS, ClientMS: ev.ClientMS}
	if len(s.Presses) > 0 {
		p.GapMS = ev.AtMS - s.Presses[0].AtMS
	}
	s.Presses = append(s.Presses, p)
	rd := s.round()
	if s.Phase == PhaseBuzzing {
		s.Phase, s.Turn, s.TurnRule = PhaseAnswering, ev.Team, TieFirstReceipt
		s.DeadlineMS = ev.AtMS + int64(rd.GraceMS+rd.AnswerSeconds*1000)
		return nil
	}
	// A press within the grace window of the first may take the turn
	// under the rule sheet's tie rule; the rule is recorded with the turn.
	if p.GapMS > int64(rd.GraceMS) || rd.TieRule == "" || rd.TieRule == TieFirstReceipt {
		return nil
	}
	cur := s.Presses[slices.IndexFunc(s.Presses, func(x Press) bool { return x.Team == s.Turn })]
	better := false
	switch rd.TieRule {
	case TieClientTime:
		better = p.ClientMS < cur.ClientMS
	case TieLot:
		better = s.Lots[p.Team-1] < s.Lots[cur.Team-1]
	}
	if better {
		s.Turn, s.TurnRule = p.Team, rd.TieRule
	}
	return nil
}

// verdict is how a judgment counts after arbitration.
func (s *State) verdict(ev Event) string {
	if _, ok := s.flips[ev.Seq]; !ok {
		return ev.Type
	}
	switch ev.Type {
	case EvRight:
		return EvWrong
	case EvWrong:
		return EvRight
	}
	return "void"
}

func (s *State) judge(ev Event) error {
	if ev.Type == EvTimeout && s.Phase == PhaseBuzzing {
		s.Phase, s.DeadlineMS = PhaseIdle, 0 // nobody pressed
		return nil
	}
	if s.Phase != PhaseAnswering {
		return refuse(CodeEventPhase, "type", "现在没有队在答题")
	}
	if ev.Team != 0 && ev.Team != s.Turn {
		return refuse(CodeEventTeam, "team", "答题的是 %d 号队", s.Turn)
	}
	rd := s.round()
	i := s.Turn - 1
	right, wrong, timeout := rd.Points, rd.WrongCost, rd.TimeoutCost
	if rd.Kind == KindRisk {
		right, wrong, timeout = s.Tier, s.Tier, s.Tier
	}
	j := Judgment{Seq: ev.Seq, Type: s.verdict(ev), Team: s.Turn, Question: s.Question}
	switch j.Type {
	case EvRight:
		j.Points = right
	case EvWrong:
		j.Points = -wrong
	case EvTimeout:
		j.Points = -timeout
	}
	s.Scores[i] += j.Points
	s.Judged = append(s.Judged, j)
	s.Phase, s.DeadlineMS = PhaseIdle, 0
	return nil
}

func (s *State) adjust(ev Event) error {
	if err := s.team(ev); err != nil {
		return err
	}
	if ev.Reason == "" || ev.By == "" {
		return refuse(CodeEventField, "reason", "调整分数要写明谁、为什么")
	}
	if s.verdict(ev) != "void" {
		s.Scores[ev.Team-1] += ev.Points
	}
	return nil
}

func (s *State) reverse(ev Event, types map[int64]string) error {
	if ev.By == "" || ev.Reason == "" {
		return refuse(CodeEventField, "reason", "改判要写明谁、为什么")
	}
	from, ok := types[ev.Target]
	if !ok {
		return refuse(CodeEventField, "target", "没有更早的事件 %d", ev.Target)
	}
	to := "void"
	switch from {
	case EvRight:
		to = EvWrong
	case EvWrong:
		to = EvRight
	case EvFoul, EvAdjust, EvTimeout:
	default:
		return refuse(CodeEventField, "target", "事件 %d（%s）不能改判", ev.Target, from)
	}
	if _, known := s.flips[ev.Target]; !known {
		// Checked live before the fold knows of it: the caller replays
		// the whole log with it appended.
		return refuse(CodeEventOrder, "target", "改判须整体重放")
	}
	s.Reversals = append(s.Reversals, Reversal{Seq: ev.Seq, Target: ev.Target, From: from, To: to, By: ev.By, Reason: ev.Reason})
	return nil
}
