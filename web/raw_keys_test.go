package web

import (
	"regexp"
	"strings"
	"testing"
)

// rawKey is a message key shown untranslated: the catalogue's keys are
// lower-case words joined by dots, like import.kind.suspensions.
var rawKey = regexp.MustCompile(`>[^<]*\b([a-z_]+\.[a-z_]+(?:\.[a-z_0-9]+)*)\b[^<]*<`)

// TestNoPageShowsAMessageKey opens every page each role's navigation
// links to (and the reports) and looks for a message key in the text.
func TestNoPageShowsAMessageKey(t *testing.T) {
	f := newFixture(t)
	for _, user := range []string{provinceUser, cityUser, officeUser, courierUser} {
		home := page(t, f, user, "/")
		paths := []string{"/"}
		for _, m := range regexp.MustCompile(`<nav id="nav" class="nav">(.*?)</nav>`).FindAllStringSubmatch(strings.ReplaceAll(home, "\n", " "), -1) {
			for _, h := range regexp.MustCompile(`href="([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
				paths = append(paths, h[1])
			}
		}
		if user == provinceUser {
			paths = append(paths, "/reports/bulletin", "/reports/ownership", "/reports/evening", "/reports/quality", "/reports/login", "/reports/revenue")
		}
		for _, p := range paths {
			text := page(t, f, user, p)
			text = text[strings.Index(text, "<body>"):]
			text = regexp.MustCompile(`(?s)<script.*?</script>|(?s)<svg.*?</svg>`).ReplaceAllString(text, "")
			for _, m := range rawKey.FindAllStringSubmatch(text, -1) {
				if strings.Contains(m[1], "postcrm.") || strings.HasSuffix(m[1], ".csv") || strings.HasSuffix(m[1], ".xlsx") {
					continue
				}
				t.Errorf("%s %s shows the key %q", user, p, m[1])
			}
		}
	}
}
