package hub

import (
	"sort"
)

// NoShowDays is how many days back the no-shows are counted (the
// workbook's 缺勤统计 and the board's no-show page).
const NoShowDays = 60

// NoShowCount is one person's no-shows among their rostered shifts.
type NoShowCount struct {
	Branch, Person, Phone string
	NoShows, Rostered     int
}

// NoShows counts, per branch and person, the shifts rostered and those
// recorded absent, listing only the people absent at least once, most
// absences first. Entries without a name (another branch's, as an
// office manager reads the roster) are counted under their branch.
func NoShows(rs []RosterEntry) []NoShowCount {
	by := map[[2]string]*NoShowCount{}
	for _, r := range rs {
		k := [2]string{r.Branch, r.Person}
		t := by[k]
		if t == nil {
			t = &NoShowCount{Branch: r.Branch, Person: r.Person, Phone: r.Phone}
			by[k] = t
		}
		t.Rostered++
		if r.Status == NoShow {
			t.NoShows++
		}
	}
	var list []NoShowCount
	for _, t := range by {
		if t.NoShows > 0 {
			list = append(list, *t)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.NoShows != b.NoShows {
			return a.NoShows > b.NoShows
		}
		if a.Branch != b.Branch {
			return a.Branch < b.Branch
		}
		return a.Person < b.Person
	})
	return list
}
