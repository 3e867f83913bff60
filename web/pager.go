package web

import (
	"net/http"
	"strconv"
)

// Pager is the paging bar under a list: {{template "pager" .Data.Pager}}.
type Pager struct {
	ID          string // the nav's id, for tests and e2e
	Page, Pages int
	Total       int
	PrevHref    string // empty on the first page
	NextHref    string // empty on the last page
	PrevLabel   string
	NextLabel   string
	PageLabel   string // "page 2 of 7" in the request's language
}

// pageParam reads ?page= (1 when absent); a bad one is a 400.
func pageParam(req *Request) (int, error) {
	p := req.URL.Query().Get("page")
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 {
		return 0, userError(http.StatusBadRequest, "pager.bad_page")
	}
	return n, nil
}

// newPager is the paging bar of page (1-based) of total items,
// pageSize a page, with links that keep the request's other parameters.
func newPager(req *Request, id string, page, total int) Pager {
	p := Pager{ID: id, Page: page, Pages: max(1, (total+pageSize-1)/pageSize), Total: total,
		PrevLabel: req.T("pager.prev"), NextLabel: req.T("pager.next")}
	p.PageLabel = req.T("pager.page", p.Page, p.Pages)
	if page > 1 {
		p.PrevHref = withQuery(req.URL, "page", strconv.Itoa(page-1))
	}
	if page < p.Pages {
		p.NextHref = withQuery(req.URL, "page", strconv.Itoa(page+1))
	}
	return p
}
