package web

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"testing"
)

// TestCatalogues checks that both languages have the same keys, and
// that every key a template or the route table uses exists.
func TestCatalogues(t *testing.T) {
	zh, en := slices.Sorted(maps.Keys(zhMessages)), slices.Sorted(maps.Keys(enMessages))
	for _, k := range zh {
		if _, ok := enMessages[k]; !ok {
			t.Errorf("key %q is in i18n_zh.go but not in i18n_en.go", k)
		}
	}
	for _, k := range en {
		if _, ok := zhMessages[k]; !ok {
			t.Errorf("key %q is in i18n_en.go but not in i18n_zh.go", k)
		}
	}
	used := map[string]string{}
	literal := regexp.MustCompile(`\.T "([^"]+)"`)
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(assets, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = f
		}
	}
	for _, rt := range (&Server{}).Routes() {
		if rt.Nav != "" {
			used[rt.Nav] = "route " + rt.Pattern
		}
	}
	for k, where := range used {
		if _, ok := zhMessages[k]; !ok {
			t.Errorf("%s uses message %q, which is not in the catalogues", where, k)
		}
	}
	for _, r := range allRoles {
		if _, ok := zhMessages["role."+string(r)]; !ok {
			t.Errorf("no message for role %s", r)
		}
	}
}
