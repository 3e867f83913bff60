package web

import "postcrm"

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
