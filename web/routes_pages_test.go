package web

// pageRouteSamples gives sample paths for the page routes with wildcards
// (see samplesFor); this file belongs with routes_pages.go.
func pageRouteSamples(f *fixture) map[string][]routeSample {
	return map[string][]routeSample{}
}
