package web

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	headingCell  = regexp.MustCompile(`<th[^>]*>([^<]*)</th>`)
	bodyRow      = regexp.MustCompile(`(?s)<tr id="user-[^>]*>(.*?)</tr>`)
	bodyCell     = regexp.MustCompile(`<td[^>]*>`)
	cellLabel    = regexp.MustCompile(`data-label="([^"]*)"`)
	usersHeading = regexp.MustCompile(`(?s)<table id="users" class="cards">\s*<thead>(.*?)</thead>`)
)

// TestUsersTableIsCardsOnAPhone: the user table is a cards table, which
// app.css stacks into one card per user on a phone (390 pixels cannot
// hold its seven columns); each cell carries its column's heading, shown
// before it in the card.
func TestUsersTableIsCardsOnAPhone(t *testing.T) {
	f := newFixture(t)
	for _, lang := range []string{"zh", "en"} {
		page := body(t, f.session(t, provinceUser).get("/admin/users?lang="+lang))
		head := usersHeading.FindStringSubmatch(page)
		if head == nil || !strings.Contains(page, `<div class="table-wrap cards"><table id="users" class="cards">`) {
			t.Fatalf("%s: the user table is not a cards table", lang)
		}
		var headings []string
		for _, m := range headingCell.FindAllStringSubmatch(head[1], -1) {
			headings = append(headings, html.UnescapeString(m[1]))
		}
		rows := bodyRow.FindAllStringSubmatch(page, -1)
		if len(rows) == 0 {
			t.Fatalf("%s: no user rows", lang)
		}
		for _, row := range rows {
			var labels []string
			for _, td := range bodyCell.FindAllString(row[1], -1) {
				m := cellLabel.FindStringSubmatch(td)
				if m == nil {
					m = []string{"", "(none)"}
				}
				labels = append(labels, html.UnescapeString(m[1]))
			}
			if !slices.Equal(labels, headings) {
				t.Errorf("%s: cell labels %v, want the headings %v", lang, labels, headings)
			}
		}
	}
}
