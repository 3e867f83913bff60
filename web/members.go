package web

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"postcrm"
	"postcrm/xlsxreport"
)

// membersData is the member growth page: a month's new e-channel members
// by recruiting staff (the leaderboard for the evening meeting), by
// office and by city against the month's targets, and the walk-in phones
// that became members.
type membersData struct {
	Month       string           `json:"month"`
	Leaderboard []leaderRow      `json:"leaderboard"`
	Offices     []growthRow      `json:"offices"`
	Cities      []growthRow      `json:"cities"`
	Total       growthRow        `json:"total"`
	CanTarget   bool             `json:"-"`
	Targetable  []postcrm.Office `json:"-"`
	Staff       []postcrm.Staff  `json:"-"`
	Form        targetForm       `json:"-"`
	Done        string           `json:"-"`
	More        int              `json:"more"` // recruiters below the board's leaders
	all         []leaderRow      // every recruiter, for the workbook
}

// leaders is how many recruiters a city's or the province's board shows.
const leaders = 20

type leaderRow struct {
	Rank     int    `json:"rank"`
	StaffID  string `json:"staff_id"`
	Name     string `json:"name"`
	Office   string `json:"office"`
	Members  int    `json:"members"`
	Target   int    `json:"target"`
	Progress string `json:"-"`
	Width    int    `json:"-"` // bar width, percent of the leader's count
}

// growthRow is a place's month: members against the target, and the
// conversion of its walk-in phones.
type growthRow struct {
	City       string `json:"city,omitempty"`
	OfficeCode string `json:"office_code,omitempty"`
	Name       string `json:"name"`
	Members    int    `json:"members"`
	Target     int    `json:"target"`
	Phones     int    `json:"walkin_phones"` // walk-in phones of the month that were not members before it
	Joined     int    `json:"joined"`        // of them, joined in the month
	Progress   string `json:"-"`
	Conversion string `json:"-"`
	Total      bool   `json:"-"`
}

func (g *growthRow) add(o growthRow) {
	g.Members += o.Members
	g.Target += o.Target
	g.Phones += o.Phones
	g.Joined += o.Joined
}

func (g *growthRow) finish() {
	g.Progress, g.Conversion = "—", "—"
	if g.Target > 0 {
		g.Progress = fmt.Sprintf("%.0f%%", 100*float64(g.Members)/float64(g.Target))
	}
	if g.Phones > 0 {
		g.Conversion = fmt.Sprintf("%.1f%%", 100*float64(g.Joined)/float64(g.Phones))
	}
}

type targetForm struct {
	Values targetInput
	fieldRefusal
}

type targetInput struct{ Month, Office, StaffID, Target string }

func (s *Server) loadMembers(req *Request) (membersData, error) {
	ctx := req.Context()
	month, err := s.monthParam(req)
	if err != nil {
		return membersData{}, err
	}
	counts, err := s.campaigns.MemberCounts(ctx, req.Scope, month)
	if err != nil {
		return membersData{}, err
	}
	targets, err := s.campaigns.MemberTargets(ctx, req.Scope, month)
	if err != nil {
		return membersData{}, err
	}
	conv, err := s.campaigns.Conversions(ctx, req.Scope, month)
	if err != nil {
		return membersData{}, err
	}
	d := membersData{Month: month.String(), Leaderboard: []leaderRow{}, Offices: []growthRow{}, Cities: []growthRow{},
		CanTarget: slices.Contains(managers, req.User.Role)}
	offices := map[string]*growthRow{}
	office := func(city, code, name string) *growthRow {
		g := offices[code]
		if g == nil {
			g = &growthRow{City: city, OfficeCode: code, Name: placeName(req, city, name)}
			offices[code] = g
		}
		return g
	}
	for _, c := range counts {
		office(c.City, c.OfficeCode, c.OfficeName).Members += c.Members
		if c.StaffID == "" || c.StaffName == "" {
			continue // a recruiter who left, or none: counted for the office only
		}
		d.Leaderboard = append(d.Leaderboard, leaderRow{StaffID: c.StaffID, Name: c.StaffName, Office: placeName(req, c.City, c.OfficeName), Members: c.Members, Target: c.Target})
	}
	for _, c := range conv {
		g := office(c.City, c.OfficeCode, c.OfficeName)
		g.Phones, g.Joined = c.Phones, c.Joined
	}
	names, _, err := s.officesOf(req)
	if err != nil {
		return membersData{}, err
	}
	for _, t := range targets {
		o := names[t.OfficeCode]
		office(o.City, t.OfficeCode, o.Name).Target = t.Target
	}
	slices.SortStableFunc(d.Leaderboard, func(a, b leaderRow) int { return cmp.Compare(b.Members, a.Members) })
	for i := range d.Leaderboard {
		l := &d.Leaderboard[i]
		l.Rank = i + 1
		if i > 0 && l.Members == d.Leaderboard[i-1].Members {
			l.Rank = d.Leaderboard[i-1].Rank
		}
		l.Progress = "—"
		if l.Target > 0 {
			l.Progress = fmt.Sprintf("%.0f%%", 100*float64(l.Members)/float64(l.Target))
		}
		if top := d.Leaderboard[0].Members; top > 0 {
			l.Width = 100 * l.Members / top
		}
	}
	// A city's or the province's board shows its leaders: the evening
	// meeting reads the top of it, and the office tables have the rest.
	d.all = d.Leaderboard // the workbook's: every recruiter
	if req.Scope.OfficeCode == "" && len(d.Leaderboard) > leaders {
		d.Leaderboard, d.More = d.Leaderboard[:leaders], len(d.Leaderboard)-leaders
	}
	cities := map[string]*growthRow{}
	for _, g := range offices {
		g.finish()
		d.Offices = append(d.Offices, *g)
		c := cities[g.City]
		if c == nil {
			c = &growthRow{City: g.City, Name: g.City}
			cities[g.City] = c
		}
		c.add(*g)
		d.Total.add(*g)
	}
	slices.SortFunc(d.Offices, func(a, b growthRow) int {
		return cmp.Or(cmp.Compare(b.Members, a.Members), strings.Compare(a.OfficeCode, b.OfficeCode))
	})
	for _, c := range cities {
		c.finish()
		d.Cities = append(d.Cities, *c)
	}
	slices.SortFunc(d.Cities, func(a, b growthRow) int {
		return cmp.Or(cmp.Compare(b.Members, a.Members), strings.Compare(a.City, b.City))
	})
	d.Total.Name, d.Total.Total = req.T("members.total"), true
	d.Total.finish()
	if len(d.Cities) > 1 {
		d.Cities = append(d.Cities, d.Total)
	}
	if d.CanTarget {
		_, d.Targetable, err = s.officesOf(req)
		if err != nil {
			return membersData{}, err
		}
		if req.Scope.OfficeCode != "" {
			if d.Staff, err = s.officeStaff(req, req.Scope.OfficeCode); err != nil {
				return membersData{}, err
			}
		}
	}
	d.Form.Values.Month = d.Month
	return d, nil
}

func (s *Server) membersPage(w http.ResponseWriter, req *Request) error {
	d, err := s.loadMembers(req)
	if err != nil {
		return err
	}
	if req.URL.Query().Get("done") == "target" {
		d.Done = req.T("members.done_target")
	}
	return s.render(w, req, "members", "members.title", d)
}

func (s *Server) saveTarget(req *Request, in targetInput) error {
	// A month that does not parse stays 0, which MemberTarget.Validate
	// names beside the month field.
	month, _ := postcrm.ParseMonth(strings.TrimSpace(in.Month))
	n, err := strconv.Atoi(strings.TrimSpace(in.Target))
	if err != nil {
		return domainError(&postcrm.Error{Kind: postcrm.ErrInvalid, Code: postcrm.CodeTargetNegative, Field: "target", Message: "目标请填人数"})
	}
	if in.Office == "" {
		return domainError(&postcrm.Error{Kind: postcrm.ErrInvalid, Code: "target.office", Field: "office", Message: "请选择营业部"})
	}
	t := postcrm.MemberTarget{Month: month, OfficeCode: in.Office, StaffID: strings.TrimSpace(in.StaffID), Target: n}
	return domainError(s.campaigns.SetMemberTarget(req.Context(), req.Scope, t, actor(req)))
}

// setMemberTarget saves the target form: back to the page with a
// confirmation, or the page again with the message beside the field.
func (s *Server) setMemberTarget(w http.ResponseWriter, req *Request) error {
	in := targetInput{Month: req.PostFormValue("month"), Office: req.PostFormValue("office"), StaffID: req.PostFormValue("staff"), Target: req.PostFormValue("target")}
	err := s.saveTarget(req, in)
	return afterForm(w, req, err, "/members?month="+url.QueryEscape(in.Month)+"&done=target", func(refusal fieldRefusal) error {
		d, derr := s.loadMembers(req)
		if derr != nil {
			return derr
		}
		d.Form = targetForm{Values: in, fieldRefusal: refusal}
		return s.renderPage(w, req, refusal.status, "members", "members.title", d)
	})
}

func (s *Server) apiSetMemberTarget(w http.ResponseWriter, req *Request) error {
	var body struct {
		Month   string `json:"month"` // YYYY-MM
		Office  string `json:"office_code"`
		StaffID string `json:"staff_id"`
		Target  int    `json:"target"`
	}
	if err := readJSON(w, req, &body); err != nil {
		return err
	}
	in := targetInput{Month: body.Month, Office: body.Office, StaffID: body.StaffID, Target: strconv.Itoa(body.Target)}
	if err := s.saveTarget(req, in); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// membersExport sends the member growth page as a workbook: the
// leaderboard (every recruiter in scope), the offices and the cities.
func (s *Server) membersExport(w http.ResponseWriter, req *Request) error {
	d, err := s.loadMembers(req)
	if err != nil {
		return err
	}
	r := postcrm.Report{Name: "members", Title: req.T("members.title"), Period: d.Month, Scope: req.T("reports.scope_province")}
	switch {
	case req.Scope.OfficeCode != "":
		r.Scope = req.Scope.OfficeCode
	case req.Scope.City != "":
		r.Scope = req.Scope.City
	}
	board := postcrm.Table{Name: "推荐人排行", Title: req.T("members.leaderboard"), Columns: []postcrm.Column{
		{Key: "rank", Header: req.T("members.rank"), Kind: postcrm.ColInt},
		{Key: "staff_id", Header: "工号", Kind: postcrm.ColText},
		{Key: "name", Header: req.T("members.staff"), Kind: postcrm.ColText},
		{Key: "office", Header: req.T("members.office"), Kind: postcrm.ColText},
		{Key: "members", Header: req.T("members.members"), Kind: postcrm.ColInt},
		{Key: "target", Header: req.T("members.target"), Kind: postcrm.ColInt},
		{Key: "progress", Header: req.T("members.progress"), Kind: postcrm.ColPercent},
	}}
	for _, l := range d.all {
		board.Rows = append(board.Rows, postcrm.Row{Cells: []any{int64(l.Rank), l.StaffID, l.Name, l.Office, int64(l.Members), int64(l.Target), ratio(l.Members, l.Target)}})
	}
	places := func(name, title, label string, rows []growthRow) postcrm.Table {
		t := postcrm.Table{Name: name, Title: title, Columns: []postcrm.Column{
			{Key: "name", Header: label, Kind: postcrm.ColText},
			{Key: "members", Header: req.T("members.members"), Kind: postcrm.ColInt},
			{Key: "target", Header: req.T("members.target"), Kind: postcrm.ColInt},
			{Key: "progress", Header: req.T("members.progress"), Kind: postcrm.ColPercent},
			{Key: "walkin_phones", Header: req.T("members.phones"), Kind: postcrm.ColInt},
			{Key: "joined", Header: req.T("members.joined"), Kind: postcrm.ColInt},
			{Key: "conversion", Header: req.T("members.conversion"), Kind: postcrm.ColPercent},
		}}
		for _, g := range rows {
			level := postcrm.RowDetail
			if g.Total {
				level = postcrm.RowTotal
			}
			t.Rows = append(t.Rows, postcrm.Row{Level: level, Cells: []any{g.Name, int64(g.Members), int64(g.Target), ratio(g.Members, g.Target),
				int64(g.Phones), int64(g.Joined), ratio(g.Joined, g.Phones)}})
		}
		return t
	}
	offices := append(append([]growthRow(nil), d.Offices...), d.Total)
	r.Tables = []postcrm.Table{board, places("按营业部", req.T("members.by_office"), req.T("members.office"), offices)}
	if len(d.Cities) > 1 {
		r.Tables = append(r.Tables, places("按地市", req.T("members.by_city"), req.T("members.city"), d.Cities))
	}
	r.Notes = []string{req.T("members.intro")}
	return download(w, xlsxType, "members-"+d.Month+".xlsx", req.T("members.title")+"-"+d.Month+".xlsx", func(out io.Writer) error {
		return xlsxreport.Write(out, r)
	})
}

// ratio is a/b for a percent cell, nil without a base.
func ratio(a, b int) any {
	if b == 0 {
		return nil
	}
	return float64(a) / float64(b)
}

// placeName is an office's name as the province reads it, with its city:
// offices of different cities share names (和平路营业部).
func placeName(req *Request, city, name string) string {
	if req.Scope.City == "" {
		return name + "（" + city + "）"
	}
	return name
}
