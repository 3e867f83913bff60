package problem

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"postcrm"
)

// Action is what someone does to a problem.
type Action string

const (
	ActRaise   Action = "raise"   // 提出
	ActClaim   Action = "claim"   // 认领: the owner takes it up
	ActStart   Action = "start"   // 开始整改: with at least one measure
	ActSubmit  Action = "submit"  // 提交验证: measures finished, with evidence
	ActClose   Action = "close"   // 销号: evidence, and the target met or an override
	ActReturn  Action = "return"  // 退回整改: the verifier finds it not done
	ActMeasure Action = "measure" // a measure added or its state changed (history only)
)

// Who says who may take a transition.
type Who string

const (
	// ByOwner: the problem's owner, or a manager over its unit acting
	// for them.
	ByOwner Who = "owner"
	// ByVerifier: a manager over the problem's unit other than its
	// owner: nobody verifies their own work.
	ByVerifier Who = "verifier"
)

// Transition is a line of the state machine.
type Transition struct {
	Action   Action
	From, To State
	Who      Who
}

// Transitions is the whole state machine: 提出 → 认领 → 整改中 → 待验证 →
// 已销号, and back from 待验证 to 整改中 when the verifier returns it.
var Transitions = []Transition{
	{ActClaim, Raised, Claimed, ByOwner},
	{ActStart, Claimed, Fixing, ByOwner},
	{ActSubmit, Fixing, Verifying, ByOwner},
	{ActClose, Verifying, Closed, ByVerifier},
	{ActReturn, Verifying, Fixing, ByVerifier},
}

// Error codes, by what they concern; the web translates them, the
// Message is the Chinese for logs and the command line.
const (
	CodeTitleMissing    = "problem.title_missing"
	CodeTitleLong       = "problem.title_long"
	CodeSourceUnknown   = "problem.source_unknown"
	CodeUnitMissing     = "problem.unit_missing"
	CodeUnitOutside     = "problem.unit_outside"
	CodeOwnerMissing    = "problem.owner_missing"
	CodeOwnerOutside    = "problem.owner_outside"
	CodeDueMissing      = "problem.due_missing"
	CodeDuePast         = "problem.due_past"
	CodeFigureUnknown   = "problem.figure_unknown"
	CodeTargetBad       = "problem.target_bad"
	CodeRaiseByCourier  = "problem.raise_by_courier"
	CodeNotYours        = "problem.not_yours"
	CodeOwnVerify       = "problem.own_verify"
	CodeWrongState      = "problem.wrong_state"
	CodeNoMeasures      = "problem.no_measures"
	CodeMeasuresOpen    = "problem.measures_open"
	CodeEvidenceMissing = "problem.evidence_missing"
	CodeTargetNotMet    = "problem.target_not_met"
	CodeNoFigure        = "problem.no_figure"
	CodeNoteMissing     = "problem.note_missing"
	CodeMeasureText     = "measure.text_missing"
	CodeMeasureOwner    = "measure.owner_missing"
	CodeMeasureOutside  = "measure.owner_outside"
	CodeMeasureDue      = "measure.due_missing"
	CodeMeasureClosed   = "measure.problem_closed"
	CodeMeasureNotYours = "measure.not_yours"
	CodeMeasureState    = "measure.state_bad"
)

func invalid(code, field, msg string) *postcrm.Error {
	return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: code, Field: field, Message: msg}
}

func notAllowed(code, msg string) *postcrm.Error {
	return &postcrm.Error{Kind: postcrm.ErrNotAllowed, Code: code, Message: msg}
}

// Covers reports whether a user of scope sc manages unit u: the province
// every unit, a city manager their city and its offices, an office
// manager their office. Couriers manage none.
func Covers(sc postcrm.Scope, u Unit) bool {
	switch sc.Role {
	case postcrm.RoleProvinceAdmin:
		return true
	case postcrm.RoleCityManager:
		return sc.City != "" && u.City == sc.City && u.Level != LevelProvince
	case postcrm.RoleOfficeManager:
		return sc.OfficeCode != "" && u.Level == LevelOffice && u.OfficeCode == sc.OfficeCode
	}
	return false
}

// InUnit reports whether staff member st works within unit u, so may
// own its problem or a measure: the office's staff, the city's offices'
// and managers, anyone for the province.
func InUnit(st postcrm.Staff, u Unit) bool {
	switch u.Level {
	case LevelOffice:
		return st.OfficeCode == u.OfficeCode
	case LevelCity:
		return st.City == u.City
	}
	return st.ID != "" && st.Role != ""
}

// maxTitle is a title's length in characters: one line of a list.
const maxTitle = 60

// Validate checks a problem to be raised on today by a user of scope sc;
// owner is the named owner's staff row (Role empty when unknown). Every
// field at fault is reported, joined.
func (p Problem) Validate(sc postcrm.Scope, owner postcrm.Staff, today postcrm.Date) error {
	if sc.Role == postcrm.RoleCourier || sc.Role == "" {
		return notAllowed(CodeRaiseByCourier, "揽投员不能提出问题，请向营业部经理反映")
	}
	var errs []error
	add := func(code, field, msg string) { errs = append(errs, invalid(code, field, msg)) }
	switch t := strings.TrimSpace(p.Title); {
	case t == "":
		add(CodeTitleMissing, "title", "请写问题的标题")
	case utf8.RuneCountInString(t) > maxTitle:
		add(CodeTitleLong, "title", fmt.Sprintf("标题最多 %d 个字", maxTitle))
	}
	if !known(Sources, p.Source) {
		add(CodeSourceUnknown, "source", "请选择问题来源")
	}
	switch {
	case !p.Unit.valid():
		add(CodeUnitMissing, "unit", "请选择问题所在的单位")
	case !Covers(sc, p.Unit):
		add(CodeUnitOutside, "unit", "只能为本人管理的单位提出问题")
	}
	switch {
	case strings.TrimSpace(p.Owner) == "":
		add(CodeOwnerMissing, "owner", "请指定责任人")
	case owner.Role == "" || !InUnit(owner, p.Unit):
		add(CodeOwnerOutside, "owner", "责任人须是该单位的人员")
	}
	switch {
	case !p.DueOn.Valid():
		add(CodeDueMissing, "due", "请填写整改期限")
	case p.DueOn < today:
		add(CodeDuePast, "due", "整改期限不能早于今天")
	}
	if p.Watch.On() {
		d, ok := Def(p.Watch.Figure)
		switch {
		case !ok:
			add(CodeFigureUnknown, "figure", "没有这个指标")
		case p.Watch.Direction != AtLeast && p.Watch.Direction != AtMost,
			p.Watch.Target < 0, d.Percent && p.Watch.Target > 1:
			add(CodeTargetBad, "target", "目标值要写成不小于 0 的数（比率不超过 100%），并选择达到还是降到")
		}
	}
	return errors.Join(errs...)
}

func (u Unit) valid() bool {
	switch u.Level {
	case LevelOffice:
		return u.OfficeCode != "" && u.City != ""
	case LevelCity:
		return u.City != "" && u.OfficeCode == ""
	case LevelProvince:
		return u.City == "" && u.OfficeCode == ""
	}
	return false
}

func known[T comparable](all []T, v T) bool {
	for _, x := range all {
		if x == v {
			return true
		}
	}
	return false
}

// Step is a transition asked for: the action, the owner's evidence
// (submit) or the verifier's (close), the verifier's reason for
// returning it, and for closing a watched problem the figure's latest
// value and, when it misses the target, the override's reason.
type Step struct {
	Action   Action
	Note     string // evidence (submit, close) or the reason (return)
	Override string // close without the target met: why
	Latest   Point  // the watched figure's latest complete month
}

// TransitionOf is the line of the machine for action from state.
func TransitionOf(action Action, from State) (Transition, bool) {
	for _, t := range Transitions {
		if t.Action == action && t.From == from {
			return t, true
		}
	}
	return Transition{}, false
}

// May reports whether user (staff ID or name) of scope sc may take a
// transition needing who on p.
func (p Problem) May(who Who, sc postcrm.Scope, user string) error {
	switch who {
	case ByOwner:
		if user == p.Owner || Covers(sc, p.Unit) {
			return nil
		}
		return notAllowed(CodeNotYours, "只有责任人或该单位的管理人员可以办理")
	case ByVerifier:
		if !Covers(sc, p.Unit) {
			return notAllowed(CodeNotYours, "只有该单位的管理人员可以验证销号")
		}
		if user == p.Owner {
			return notAllowed(CodeOwnVerify, "责任人不能验证销号自己的问题，请上级管理人员验证")
		}
	}
	return nil
}

// Apply checks step on p for user of scope sc and returns the problem
// after it (the caller stores it and the history line).
func (p Problem) Apply(s Step, sc postcrm.Scope, user string) (Problem, error) {
	t, ok := TransitionOf(s.Action, p.State)
	if !ok {
		return p, notAllowed(CodeWrongState, "问题当前的状态不能这样办理")
	}
	if err := p.May(t.Who, sc, user); err != nil {
		return p, err
	}
	note := strings.TrimSpace(s.Note)
	switch s.Action {
	case ActStart:
		if len(p.Measures) == 0 {
			return p, notAllowed(CodeNoMeasures, "先定好至少一条整改措施，再开始整改")
		}
	case ActSubmit:
		for _, m := range p.Measures {
			if m.State == MeasureOpen {
				return p, notAllowed(CodeMeasuresOpen, "还有没完成的措施：完成或取消后再提交验证")
			}
		}
		if note == "" {
			return p, invalid(CodeEvidenceMissing, "note", "请写明整改做了什么、效果如何（佐证）")
		}
		p.Evidence = note
	case ActClose:
		if note == "" {
			return p, invalid(CodeEvidenceMissing, "note", "销号要有佐证：请写明验证了什么")
		}
		override := strings.TrimSpace(s.Override)
		if p.Watch.On() && override == "" {
			if !s.Latest.OK {
				return p, invalid(CodeNoFigure, "override", "盯的指标还没有数，不能确认达标；确需销号请写明理由")
			}
			if !p.Watch.Met(s.Latest.Value) {
				return p, invalid(CodeTargetNotMet, "override", "盯的指标还没达到目标，不能销号；确需销号请写明理由")
			}
		}
		if p.Watch.On() {
			p.Override = override
		}
	case ActReturn:
		if note == "" {
			return p, invalid(CodeNoteMissing, "note", "请写明退回的原因")
		}
	}
	p.State = t.To
	return p, nil
}

// ValidateMeasure checks a measure to be added to p on today by user of
// scope sc; owner is the measure owner's staff row.
func (p Problem) ValidateMeasure(m Measure, sc postcrm.Scope, user string, owner postcrm.Staff, today postcrm.Date) error {
	if p.State == Verifying || p.State == Closed {
		return notAllowed(CodeMeasureClosed, "待验证或已销号的问题不能再加措施")
	}
	if err := p.May(ByOwner, sc, user); err != nil {
		return err
	}
	var errs []error
	add := func(code, field, msg string) { errs = append(errs, invalid(code, field, msg)) }
	if strings.TrimSpace(m.Text) == "" {
		add(CodeMeasureText, "text", "请写措施的内容")
	}
	switch {
	case strings.TrimSpace(m.Owner) == "":
		add(CodeMeasureOwner, "measure_owner", "请指定措施的责任人")
	case owner.Role == "" || !InUnit(owner, p.Unit):
		add(CodeMeasureOutside, "measure_owner", "措施责任人须是该单位的人员")
	}
	switch {
	case !m.DueOn.Valid():
		add(CodeMeasureDue, "measure_due", "请填写措施的完成期限")
	case m.DueOn < today:
		add(CodeDuePast, "measure_due", "完成期限不能早于今天")
	}
	return errors.Join(errs...)
}

// SetMeasure checks marking measure m of p done or dropped by user of
// scope sc: its owner, the problem's owner or a manager over the unit.
func (p Problem) SetMeasure(m Measure, to MeasureState, sc postcrm.Scope, user string) error {
	if p.State == Verifying || p.State == Closed {
		return notAllowed(CodeMeasureClosed, "待验证或已销号的问题不能再改措施")
	}
	if to != MeasureDone && to != MeasureDropped || m.State != MeasureOpen {
		return notAllowed(CodeMeasureState, "只能把进行中的措施标为完成或取消")
	}
	if user == m.Owner {
		return nil
	}
	if p.May(ByOwner, sc, user) != nil {
		return notAllowed(CodeMeasureNotYours, "只有措施责任人、问题责任人或管理人员可以办理")
	}
	return nil
}
