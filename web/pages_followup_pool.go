package web

import (
	"net/http"

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
	Customers []poolEntry `json:"customers"`
}

func (s *Server) loadPool(req *Request) (poolList, error) {
	to, err := s.latestMonth(req.Context())
	if err != nil {
		return poolList{}, err
	}
	from := postcrm.AddMonths(to, 1-poolMonths)
	pool, err := s.store.UnownedPool(req.Context(), req.Scope, from, to)
	if err != nil {
		return poolList{}, err
	}
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
	l := poolList{From: monthText(from), To: monthText(to), Customers: make([]poolEntry, len(pool))}
	for i, u := range pool {
		l.Customers[i] = poolEntry{Code: u.Code, Name: u.Name, OfficeCode: u.OfficeCode, OfficeName: u.OfficeName, City: u.City,
			Warnings: u.Warnings, LastMonth: monthText(u.LastMonth), Couriers: couriers[u.OfficeCode]}
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
	http.Redirect(w, req.Request, "/followup/pool", http.StatusSeeOther)
	return nil
}
