package web

import (
	"fmt"
	"net/http"
)

// catalogue maps message keys to text in one language. Every UI string
// lives in i18n_zh.go and i18n_en.go, or in a system's own
// i18n_<system>.go; a test checks that both have the same keys and that every key the templates and routes use exists.
type catalogue map[string]string

var catalogues = map[string]catalogue{"zh": zhMessages, "en": enMessages}

// addMessages merges one system's messages into the shared catalogues.
// It runs during package initialisation (var _ = addMessages(…)), before
// any request; a key already present is a programming error and stops
// the program at start, so two systems cannot silently share a key.
func addMessages(zh, en catalogue) bool {
	for _, part := range []struct {
		into, from catalogue
	}{{zhMessages, zh}, {enMessages, en}} {
		for k, v := range part.from {
			if _, dup := part.into[k]; dup {
				panic("web: message key " + k + " defined twice")
			}
			part.into[k] = v
		}
	}
	return true
}

const langCookie = "lang"

// translate looks key up in lang's catalogue; with args the text is a
// fmt format. A missing key shows as itself, so a gap is visible, not
// blank (and the catalogue test fails).
func translate(lang, key string, args ...any) string {
	text, ok := catalogues[lang][key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(text, args...)
	}
	return text
}

// language picks the request's language: ?lang=en|zh switches and is
// remembered in a cookie; otherwise the cookie; otherwise Chinese.
func language(w http.ResponseWriter, r *http.Request, secure bool) string {
	if l := r.URL.Query().Get("lang"); catalogues[l] != nil {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			SameSite: http.SameSiteLaxMode, Secure: secure})
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && catalogues[c.Value] != nil {
		return c.Value
	}
	return "zh"
}
