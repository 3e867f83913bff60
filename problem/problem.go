// Package problem is the marketing department's problem list (领题破题):
// a concrete problem is taken up by a unit, given an owner, measures
// and a due date, tracked through its states and closed (销号) only with
// evidence and, when it watches one of postcrm's own figures, only when
// that figure reached its target (or a manager overrides, with a
// reason that is kept). The rules live here; the store keeps problems,
// measures and their history; report reads the figures.
package problem

import (
	"time"

	"postcrm"
)

// State is where a problem stands.
type State string

const (
	Raised    State = "raised"    // 提出
	Claimed   State = "claimed"   // 认领
	Fixing    State = "fixing"    // 整改中
	Verifying State = "verifying" // 待验证
	Closed    State = "closed"    // 已销号
)

// States in their order.
var States = []State{Raised, Claimed, Fixing, Verifying, Closed}

// Source is where a problem came from.
type Source string

const (
	FromPDCA      Source = "pdca"      // a PDCA conclusion on the follow-up effect page
	FromReport    Source = "report"    // a monthly report
	FromVisit     Source = "visit"     // a visit
	FromComplaint Source = "complaint" // a complaint
)

// Sources in the order a form offers them.
var Sources = []Source{FromPDCA, FromReport, FromVisit, FromComplaint}

// Level is the kind of unit a problem belongs to.
type Level string

const (
	LevelOffice   Level = "office"
	LevelCity     Level = "city"
	LevelProvince Level = "province"
)

// Unit is the office, city or province whose problem it is: its
// managers, and those above, see it and verify it.
type Unit struct {
	Level      Level
	City       string // the city; also an office's city
	OfficeCode string // an office's code
}

// Key names the unit as the reports' scopes do: "province", "city:NAME",
// "office:CODE".
func (u Unit) Key() string {
	switch u.Level {
	case LevelOffice:
		return "office:" + u.OfficeCode
	case LevelCity:
		return "city:" + u.City
	}
	return "province"
}

// Problem is one taken-up problem.
type Problem struct {
	ID          int64
	Title       string
	Description string
	Source      Source
	SourceRef   string // what it came from, e.g. "act_note:12" (a PDCA conclusion)
	Unit        Unit
	UnitName    string // the office's or city's name, read back
	Owner       string // staff ID
	OwnerName   string // read back
	DueOn       postcrm.Date
	State       State
	Watch       Watch // zero when it watches no figure
	RaisedBy    string
	RaisedAt    time.Time
	Evidence    string    // the owner's evidence, given on submitting for verification
	Override    string    // a closing without the target met: the manager's reason
	ClosedAt    time.Time // zero until closed
	Measures    []Measure // read with one problem, by ID
	History     []Event   // read with one problem, oldest first
	OpenMeasure int       // measures still open, read with the list
}

// Overdue reports whether the problem is past its due date on today
// and not closed.
func (p Problem) Overdue(today postcrm.Date) bool {
	return p.State != Closed && p.DueOn.Valid() && p.DueOn < today
}

// MeasureState is where a measure stands.
type MeasureState string

const (
	MeasureOpen    MeasureState = "open"    // 进行中
	MeasureDone    MeasureState = "done"    // 已完成
	MeasureDropped MeasureState = "dropped" // 已取消
)

// Measure is one thing someone does about a problem, by a date.
type Measure struct {
	ID        int64
	ProblemID int64
	Text      string
	Owner     string
	OwnerName string
	DueOn     postcrm.Date
	State     MeasureState
	DoneOn    postcrm.Date // the day it was done or dropped
}

// Overdue reports whether the measure is open past its due date.
func (m Measure) Overdue(today postcrm.Date) bool {
	return m.State == MeasureOpen && m.DueOn.Valid() && m.DueOn < today
}

// Event is a line of a problem's history: every action on it.
type Event struct {
	At     time.Time
	By     string // user name
	ByName string // their name, read back ("" for an account without a staff row)
	Action Action
	From   State // "" when the state did not change
	To     State
	Note   string
}

// Query selects problems for a list.
type Query struct {
	State      State        // "" any; "open" is not a state: use Open
	Open       bool         // only those not closed
	UnitKey    string       // "" any, else Unit.Key()
	Owner      string       // "" any
	InvolvesMe string       // a staff ID: problems they own or own a measure of (the work list)
	Limit      int          // 0: all
	Today      postcrm.Date // what overdue is judged on
}
