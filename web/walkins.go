package web

import (
	"math"
	"strconv"

	"postcrm"
)

// walkinsList is one page of a month's walk-ins by 12-month value, for
// winning them back through the e-channel.
type walkinsList struct {
	Month string `json:"month"`
	listPosition
	Walkins []walkinJSON `json:"walkins"`
	Pager   Pager        `json:"-"`
}

// walkinCount is how many walk-ins the month has in the request's scope,
// kept per scope and data version: counting a province's walk-ins walks a
// million index entries.
func (s *Server) walkinCount(req *Request, month postcrm.Month) (int, error) {
	ctx := req.Context()
	count := func() (int, error) { return s.store.WalkinCount(ctx, req.Scope, month) }
	scope, ok := postcrm.ScopeKey(req.Scope)
	if !ok {
		return count()
	}
	return kept(ctx, s.kept, postcrm.SummaryKey{Scope: scope, Name: "walkins-count", Month: month},
		func() (string, error) { return s.kept.dataVersion(ctx) }, count)
}

func (s *Server) loadWalkins(req *Request) (walkinsList, error) {
	ctx := req.Context()
	month, err := s.monthParam(req)
	if err != nil {
		return walkinsList{}, err
	}
	count, err := s.walkinCount(req, month) // once, though a page past the end reads two
	if err != nil {
		return walkinsList{}, err
	}
	var rows []postcrm.WalkinRow
	page, total, err := readPage(req, func(offset int) (int, error) {
		rows, err = s.store.WalkinsPage(ctx, req.Scope, month, offset, pageSize)
		return count, err
	})
	if err != nil {
		return walkinsList{}, err
	}
	l := walkinsList{Month: month.String(), Walkins: toWalkinsJSON(rows)}
	l.Pager, l.listPosition = listPager(req, "walkins-pager", page, total)
	return l, nil
}

type walkinJSON struct {
	Phone            string  `json:"sender_phone"`
	City             string  `json:"city"`
	OfficeCode       string  `json:"office_code"`
	OfficeName       string  `json:"office_name"`
	Frequency        int     `json:"frequency"`
	RecencyDays      int     `json:"recency_days"`
	TDays            int     `json:"t_days"`
	PAlive           float64 `json:"p_alive"`
	ExpectedItems90d float64 `json:"expected_items_90d"`
	AvgPostageFen    int64   `json:"avg_postage_fen"`
	CLV12mFen        int64   `json:"clv_12m_fen"`
}

func toWalkinsJSON(ws []postcrm.WalkinRow) []walkinJSON {
	out := make([]walkinJSON, len(ws))
	for i, w := range ws {
		out[i] = walkinJSON{Phone: w.Phone, City: w.City, OfficeCode: w.OfficeCode, OfficeName: w.OfficeName,
			Frequency: w.Frequency, RecencyDays: w.RecencyDays, TDays: w.TDays, PAlive: w.PAlive,
			ExpectedItems90d: w.ExpectedItems90d, AvgPostageFen: w.AvgPostageFen, CLV12mFen: w.CLV12mFen}
	}
	return out
}

// PAlivePercent is P(alive) as a whole percentage, for the page.
func (w walkinJSON) PAlivePercent() string { return strconv.Itoa(int(math.Round(w.PAlive*100))) + "%" }
