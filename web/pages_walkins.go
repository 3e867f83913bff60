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

func (s *Server) loadWalkins(req *Request) (walkinsList, error) {
	ctx := req.Context()
	month, err := s.monthParam(req)
	if err != nil {
		return walkinsList{}, err
	}
	var rows []postcrm.WalkinRow
	page, total, err := readPage(req, func(offset int) (total int, err error) {
		rows, total, err = s.store.TopWalkins(ctx, req.Scope, month, offset, pageSize)
		return total, err
	})
	if err != nil {
		return walkinsList{}, err
	}
	l := walkinsList{Month: monthText(month), Walkins: toWalkinsJSON(rows)}
	l.Pager, l.listPosition = listPager(req, "walkins-pager", page, total)
	return l, nil
}
