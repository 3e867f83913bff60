package problem

import (
	"context"

	"postcrm"
)

// Store is the problem list as people work it: every call within the
// caller's scope. A problem is visible to the managers over its unit
// (Covers) and to whoever owns it or one of its measures; for that the
// store reads the caller's own staff ID from sc.StaffID, which the web
// sets for every role (a courier's scope has it anyway). A problem
// outside is postcrm.ErrNotFound, as a missing one. Writes check the
// rules of this package inside their transaction, write the history
// line and the audit entry with the change.
type Store interface {
	// RaiseProblem stores a new problem in state 提出.
	RaiseProblem(ctx context.Context, sc postcrm.Scope, p Problem, a postcrm.Actor) (Problem, error)
	// ScopedProblems lists the problems in scope that q selects:
	// overdue ones first (by due date), then by due date, then newest.
	ScopedProblems(ctx context.Context, sc postcrm.Scope, q Query) ([]Problem, error)
	// ScopedProblem reads one problem with its measures and history.
	ScopedProblem(ctx context.Context, sc postcrm.Scope, id int64) (Problem, error)
	// StepProblem takes a transition (see Transitions and Problem.Apply).
	StepProblem(ctx context.Context, sc postcrm.Scope, id int64, s Step, a postcrm.Actor) (Problem, error)
	// AddMeasure adds a measure to a problem.
	AddMeasure(ctx context.Context, sc postcrm.Scope, id int64, m Measure, a postcrm.Actor) (Measure, error)
	// SetMeasure marks a problem's measure done or dropped.
	SetMeasure(ctx context.Context, sc postcrm.Scope, id, measureID int64, to MeasureState, a postcrm.Actor) error
	// UnitStaff lists the staff who may own a unit's problem or
	// measures (InUnit), for a user who manages the unit; ErrNotFound
	// otherwise.
	UnitStaff(ctx context.Context, sc postcrm.Scope, u Unit) ([]postcrm.Staff, error)
}

// RemindStore is what the overdue reminders need: every open problem
// with its measures, province-wide, and the outbox.
type RemindStore interface {
	OpenProblems(ctx context.Context) ([]Problem, error)
	// AddProblemNotices writes reminders to the outbox, skipping those
	// whose event ID it holds already, and fills in each recipient's
	// name, office and city from the staff; it returns how many it added.
	AddProblemNotices(ctx context.Context, ns []postcrm.Notice) (int, error)
}
