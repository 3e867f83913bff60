package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"postcrm/contest"
	"postcrm/export"
)

// contestResultPage is the result sheet: the log's replay, printed for
// the host, the chief judge and the arbitration panel to sign.
type contestResultPage struct {
	Name, Code string
	Result     contest.Result
	Teams      []string
	Events     int64
}

// TeamName is a seat's team, for the template.
func (p contestResultPage) TeamName(seat int) string {
	if seat < 1 || seat > len(p.Teams) {
		return ""
	}
	return p.Teams[seat-1]
}

func (s *Server) contestResult(w http.ResponseWriter, req *Request) error {
	m, c, err := s.contests.Match(req.Context(), req.PathValue("code"))
	if err != nil {
		return err
	}
	st := m.Snapshot()
	p := contestResultPage{Name: c.Name, Code: c.Code, Result: st.Result(), Teams: st.Teams, Events: st.Seq}
	if req.URL.Query().Get("format") != "xlsx" {
		return s.render(w, req, "contest_result", "contest.result_title", p)
	}
	t := export.Table{Header: []string{"名次", "席位", "参赛队", "抽签号", "得分", "犯规次数"},
		Kinds: []export.Kind{export.Number, export.Number, export.Text, export.Number, export.Number, export.Number}}
	for _, tr := range p.Result.Teams {
		t.Rows = append(t.Rows, []string{strconv.Itoa(tr.Rank), strconv.Itoa(tr.Seat), tr.Name, strconv.Itoa(tr.Lot),
			strconv.Itoa(tr.Score), strconv.Itoa(tr.Fouls)})
	}
	name := fmt.Sprintf("%s-成绩单.xlsx", c.Name)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	return t.WriteXLSX(w, "成绩单")
}
