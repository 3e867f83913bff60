package contest

import (
	"context"
	"time"

	"postcrm"
)

// Contest is one contest: its join code, its rule sheet as given (JSON)
// and who set it up. Its scores are not here: they are the log's replay.
type Contest struct {
	ID    int64
	Code  string // what phones join by; also the screens' address
	Name  string
	Rules string
	// Secret signs the phones' seat cookies; kept with the contest so a
	// phone keeps its team across a server restart.
	Secret    string
	CreatedBy string
	CreatedAt time.Time
}

// Question is one question of a contest's bank.
type Question struct {
	ID       string // the bank's ID, what an open event names
	Category string // 规章制度, 业务知识, 党史, …
	Type     string // 单选, 多选, 判断, 简答
	Value    int    // points the bank suggests
	Text     string
	Answer   string
	Options  string // the choices as one text, "A. … B. …"
}

// Store keeps contests, their banks and their logs (Log: appending an
// event and reading a log back).
type Store interface {
	Log
	CreateContest(ctx context.Context, c Contest, a postcrm.Actor) (Contest, error)
	ContestByCode(ctx context.Context, code string) (Contest, error)
	Contests(ctx context.Context) ([]Contest, error)
	SaveContestQuestions(ctx context.Context, contestID int64, qs []Question, a postcrm.Actor) error
	ContestQuestions(ctx context.Context, contestID int64) ([]Question, error)
}
