package e2e

import (
	"fmt"
	"net/http"

	"postcrm"
)

// pageChecks measures a page in the browser: whether the document is
// wider than the window (a table or chart may scroll inside its own box,
// the page may not), message keys shown as text (file names such as
// rejects.csv or a backup's .tar.gz are not keys), and bar charts whose
// bars outnumber their labels.
const pageChecks = `(() => {
  const out = [];
  const de = document.documentElement;
  if (de.scrollWidth > window.innerWidth) {
    const wide = [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
      .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && el.className.baseVal === undefined ? "." + el.className : "")).slice(0, 5);
    out.push("the page is " + de.scrollWidth + " px wide in a " + window.innerWidth + " px window: " + wide.join(", "));
  }
  const keys = (document.body.innerText.match(/\b[a-z_]+\.[a-z_]+(\.[a-z_0-9]+)*\b/g) || []).filter(k => !/\.(csv|xlsx|db|gz)$/.test(k));
  if (keys.length) out.push("message keys shown: " + [...new Set(keys)].join(" "));
  for (const svg of document.querySelectorAll("svg.chart")) {
    const bars = svg.querySelectorAll("g.series-0 rect").length;
    const labels = svg.querySelectorAll("g.x-axis text").length;
    if (bars > 0 && labels < bars) out.push("a bar chart labels " + labels + " of its " + bars + " bars");
  }
  return out;
})()`

// checkEveryPageFits opens the pages the role reaches beyond its
// navigation (which visitEveryPage checks the same way): the reports, a
// customer and a warning of its own, at 1366 and at 390 px: no page
// scrolls sideways as a whole, shows a message key, or leaves bars
// unlabelled.
func (s *site) checkEveryPageFits(tb *tab, a account) {
	t := tb.t
	t.Helper()
	for _, href := range s.pagesOf(tb, a) {
		for _, sc := range []screen{desktop, phone} {
			tb.resize(sc)
			if status := tb.open(href); status != http.StatusOK {
				t.Errorf("%s: %s answered %d", a, href, status)
				continue
			}
			for _, problem := range eval[[]string](tb, pageChecks) {
				t.Errorf("%s: %s at %d px: %s", a, href, sc.width, problem)
			}
			tb.screenshot("fit-" + pageName(href) + "-" + sc.name)
		}
	}
	tb.resize(desktop)
}

// pagesOf lists what a role reaches beyond its navigation: the reports'
// pages linked from the reports index, and a customer and a warning of
// the role's own.
func (s *site) pagesOf(tb *tab, a account) []string {
	tb.t.Helper()
	tb.open("/")
	var pages []string
	if eval[bool](tb, `!!document.querySelector('#nav a[href="/reports"]')`) {
		tb.open("/reports")
		pages = eval[[]string](tb, `[...document.querySelectorAll("a.report-link")].map(a => a.getAttribute("href"))`)
	}
	for _, w := range s.inScope(a.User) {
		if w.CustomerCode != "" {
			pages = append(pages, "/customers/"+w.CustomerCode)
			break
		}
	}
	for _, w := range s.inScope(a.User) {
		if d, ok := s.dispatch[w.ID]; ok && !d.HeldOut && (a.Role != postcrm.RoleCourier || d.AssignedTo == a.Name) {
			pages = append(pages, fmt.Sprintf("/followup/%d", w.ID))
			break
		}
	}
	if len(pages) < 2 {
		tb.t.Fatalf("%s reaches only %v", a, pages)
	}
	return pages
}
