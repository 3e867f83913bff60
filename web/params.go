package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"postcrm"
)

// analysisProbe is the scope the latest analysed month is looked for in.
// Which month was analysed is the same fact for everyone, and only the
// month is used, so no record leaves the user's scope: a courier without
// warnings this month must still land on this month, not on an older one.
var analysisProbe = postcrm.Scope{Role: postcrm.RoleProvinceAdmin}

// latestMonth is the newest month with stored warnings; without any, the
// last complete month.
func (s *Server) latestMonth(ctx context.Context) (postcrm.Month, error) {
	m, err := s.store.LatestWarningMonth(ctx, analysisProbe)
	if err != nil {
		return 0, fmt.Errorf("latest analysed month: %w", err)
	}
	if m == 0 {
		m = thisMonth(s.now()).Add(-1)
	}
	return m, nil
}

// monthParam is the month the request asks for in ?month=YYYY-MM, else
// the latest analysed month.
func (s *Server) monthParam(req *Request) (postcrm.Month, error) {
	v := req.URL.Query().Get("month")
	if v == "" {
		return s.latestMonth(req.Context())
	}
	m, err := postcrm.ParseMonth(v)
	if err != nil {
		return 0, userError(http.StatusBadRequest, "error.bad_month", v)
	}
	return m, nil
}

// thisMonth is the month of t in China time.
func thisMonth(t time.Time) postcrm.Month {
	return postcrm.DateOf(t).YearMonth()
}

// monthRange lists the n months ending with last, oldest first.
func monthRange(last postcrm.Month, n int) []postcrm.Month {
	ms := make([]postcrm.Month, n)
	for i := range ms {
		ms[i] = last.Add(i - n + 1)
	}
	return ms
}

// pageSize is how many rows a list page shows.
const pageSize = 50

// listPosition is where a list's page is, in the API's answer.
type listPosition struct {
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
	Pages    int `json:"pages"`
	Total    int `json:"total"`
}

// listPager is the paging of page (1-based) of a list of total rows: the
// bar the page shows and the position the API answers with.
func listPager(req *Request, id string, page, total int) (Pager, listPosition) {
	p := newPager(req, id, page, total)
	return p, listPosition{Page: p.Page, PageSize: pageSize, Pages: p.Pages, Total: total}
}

// offset is the first row of page.
func offset(page int) int { return (page - 1) * pageSize }

// pageOf renders the page name, titled by the message key title, with
// what load reads for the request.
func pageOf[T any](s *Server, name, title string, load func(*Request) (T, error)) HandlerFunc {
	return func(w http.ResponseWriter, req *Request) error {
		v, err := load(req)
		if err != nil {
			return err
		}
		return s.render(w, req, name, title, v)
	}
}

// parseDate reads a form's YYYY-MM-DD; 0 (not a valid Date) when it is
// not one, which the domain's Validate then names beside the field.
func parseDate(v string) postcrm.Date {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		return 0
	}
	return postcrm.NewDate(t.Year(), t.Month(), t.Day())
}
