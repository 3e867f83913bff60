package web

import (
	"errors"
	"net/http"
	"net/url"

	"postcrm"
)

// poolMonths is how far back the unowned pool counts warnings: half a
// year shows who keeps drawing them.
const poolMonths = 6

// poolEntry is an unowned customer with the couriers who may take it.
type poolEntry struct {
	Code       string          `json:"customer_code"`
	Name       string          `json:"customer_name"`
	OfficeCode string          `json:"office_code"`
	OfficeName string          `json:"office_name"`
	City       string          `json:"city"`
	Warnings   int             `json:"warnings"`
	LastMonth  string          `json:"last_month"`
	Couriers   []postcrm.Staff `json:"-"`
}

// poolList is a manager's pool of unowned customers (未管户) that keep
// drawing warnings, to give each an owner.
type poolList struct {
	From      string      `json:"from"`
	To        string      `json:"to"`
	Total     int         `json:"total"` // unowned customers in the scope
	Page      int         `json:"page"`  // ?page=, 1 when absent
	Pages     int         `json:"pages"`
	Customers []poolEntry `json:"customers"` // this page of them, most warned first
	Pager     Pager       `json:"-"`
	Done      string      `json:"-"` // after an assignment: to whom
}

func (s *Server) loadPool(req *Request) (poolList, error) {
	to, err := s.latestMonth(req.Context())
	if err != nil {
		return poolList{}, err
	}
	from := to.Add(1 - poolMonths)
	pool, err := s.store.UnownedPool(req.Context(), req.Scope, from, to)
	if err != nil {
		return poolList{}, err
	}
	// A page at a time: a province's pool runs to thousands of customers,
	// each with its office's couriers to choose from.
	page, err := pageParam(req)
	if err != nil {
		return poolList{}, err
	}
	total := len(pool)
	page = min(page, lastPage(total))
	pool = pool[offset(page):min(offset(page)+pageSize, total)]
	var offices []string
	seen := map[string]bool{}
	for _, u := range pool {
		if !seen[u.OfficeCode] {
			seen[u.OfficeCode] = true
			offices = append(offices, u.OfficeCode)
		}
	}
	staff, err := s.store.OfficeStaff(req.Context(), req.Scope, offices)
	if err != nil {
		return poolList{}, err
	}
	couriers := map[string][]postcrm.Staff{}
	for _, st := range staff {
		if st.Role == postcrm.RoleCourier {
			couriers[st.OfficeCode] = append(couriers[st.OfficeCode], st)
		}
	}
	l := poolList{From: from.String(), To: to.String(), Total: total, Page: page, Pages: lastPage(total),
		Customers: make([]poolEntry, len(pool)), Pager: newPager(req, "pool-pager", page, total)}
	if code := req.URL.Query().Get("assigned"); code != "" {
		if l.Done, err = s.poolDone(req, code); err != nil {
			return l, err
		}
	}
	for i, u := range pool {
		l.Customers[i] = poolEntry{Code: u.Code, Name: u.Name, OfficeCode: u.OfficeCode, OfficeName: u.OfficeName, City: u.City,
			Warnings: u.Warnings, Couriers: couriers[u.OfficeCode]}
		if u.LastMonth != 0 { // "" for a customer never warned
			l.Customers[i].LastMonth = u.LastMonth.String()
		}
	}
	return l, nil
}

// poolAssign makes the chosen courier the customer's owner.
func (s *Server) poolAssign(w http.ResponseWriter, req *Request) error {
	code, staffID := req.PathValue("code"), req.PostFormValue("staff")
	c, err := s.store.ScopedCustomer(req.Context(), req.Scope, code)
	if err != nil {
		return err
	}
	if ok, err := s.worksAt(req, staffID, c.OfficeCode); err != nil || !ok {
		return firstError(err, userError(http.StatusBadRequest, "followup.bad_staff", staffID))
	}
	if err := s.store.AssignOwner(req.Context(), req.Scope, code, staffID, actor(req)); err != nil {
		return domainError(err)
	}
	http.Redirect(w, req.Request, "/followup/pool?assigned="+url.QueryEscape(code), http.StatusSeeOther)
	return nil
}

// poolDone says whom the customer was given to, after the redirect that
// keeps a refresh from assigning it again; a customer out of scope says
// nothing.
func (s *Server) poolDone(req *Request, code string) (string, error) {
	c, err := s.store.ScopedCustomer(req.Context(), req.Scope, code)
	switch {
	case errors.Is(err, postcrm.ErrNotFound) || c.OwnerStaffID == "":
		return "", nil
	case err != nil:
		return "", err
	}
	return req.T("followup.pool_done", c.Name, c.OwnerName, c.OwnerStaffID), nil
}
