package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
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

// maxPage bounds the page a request may ask for, so that its offset
// stays far from overflowing; no list has that many pages, so a page
// beyond it is beyond the last and shows the last.
const maxPage = math.MaxInt32 / pageSize

// pageParam reads ?page= (1 when absent). A page beyond the last is
// clamped later, by readPage; one that is not a positive whole number
// is a 400.
func pageParam(req *Request) (int, error) {
	p := req.URL.Query().Get("page")
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(p, "-") {
		return maxPage, nil
	}
	if err != nil || n < 1 {
		return 0, userError(http.StatusBadRequest, "pager.bad_page")
	}
	return min(n, maxPage), nil
}

// readPage reads the page of a list that the request asks for with read,
// which reads the rows from offset and returns how many there are in all.
// A page beyond the last is read again as the last, so that an old link
// or a huge number shows the end of the list, not an empty page.
func readPage(req *Request, read func(offset int) (total int, err error)) (page, total int, err error) {
	if page, err = pageParam(req); err != nil {
		return 0, 0, err
	}
	if total, err = read(offset(page)); err != nil {
		return 0, 0, err
	}
	if last := lastPage(total); page > last {
		page = last
		total, err = read(offset(page))
	}
	return page, total, err
}

// lastPage is the number of the last page of total rows; an empty list
// has one, empty, page.
func lastPage(total int) int { return max(1, (total+pageSize-1)/pageSize) }

// newPager is the paging bar of page (1-based) of total items,
// pageSize a page, with links that keep the request's other parameters.
func newPager(req *Request, id string, page, total int) Pager {
	p := Pager{ID: id, Page: page, Pages: lastPage(total), Total: total,
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
