package web

import (
	"regexp"
	"testing"
)

var activeNav = regexp.MustCompile(`<a href="([^"]*)" class="active"`)

// TestNavLightsOnlyTheClosestLink: a page under another link's path
// (the pool and the effect page are under /followup) lights its own link
// only.
func TestNavLightsOnlyTheClosestLink(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{
		"/followup/pool": "/followup/pool",
		"/followup":      "/followup",
		"/warnings":      "/warnings",
		"/":              "/",
	} {
		lit := activeNav.FindAllStringSubmatch(page(t, f, cityUser, path), -1)
		if len(lit) != 1 || lit[0][1] != want {
			t.Errorf("%s lights %v, want only %s", path, lit, want)
		}
	}
}
