package web

// walkinsList is one page of a month's walk-ins by 12-month value, for
// winning them back through the e-channel.
type walkinsList struct {
	Month string `json:"month"`
	listPosition
	Walkins []walkinJSON `json:"walkins"`
	Pager   Pager        `json:"-"`
}

func (s *Server) loadWalkins(req *Request) (walkinsList, error) {
	ctx := req.Context()
	month, err := s.monthParam(req)
	if err != nil {
		return walkinsList{}, err
	}
	page, err := pageParam(req)
	if err != nil {
		return walkinsList{}, err
	}
	rows, total, err := s.store.TopWalkins(ctx, req.Scope, month, offset(page), pageSize)
	if err != nil {
		return walkinsList{}, err
	}
	l := walkinsList{Month: monthText(month), Walkins: toWalkinsJSON(rows)}
	l.Pager, l.listPosition = listPager(req, "walkins-pager", page, total)
	return l, nil
}
