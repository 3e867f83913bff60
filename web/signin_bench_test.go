package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"postcrm"
	"postcrm/auth"
)

// nextAddr numbers the benchmark's client addresses, one per request.
var nextAddr atomic.Int64

// BenchmarkSignInFailure times the answer to a failed sign-in through the
// API, per kind of failure, each from a fresh address (so that no pause
// or rate limit answers early), and reports each kind's median and the
// ratio of the slowest median to the fastest: the kinds should cost the
// same, so that timing does not tell which names exist.
//
//	go test ./web/ -run '^$' -bench SignInFailure -count 5
func BenchmarkSignInFailure(b *testing.B) {
	ctx := context.Background()
	store := openSQLite(b)
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range []postcrm.User{{Name: officeUser, PasswordHash: hash}, {Name: otherCourier, PasswordHash: hash}} {
		if err := store.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
	}
	if err := (auth.Admin{Store: store, By: "bench"}).SetLocked(ctx, otherCourier, true); err != nil {
		b.Fatal(err)
	}
	srv := New(store, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), UploadDir: b.TempDir()})
	defer srv.Close()
	kinds := []struct{ kind, name string }{
		{"unknown-name", "NOBODY"},
		{"wrong-password", officeUser},
		{"admin-locked", otherCourier},
	}
	took := make([][]time.Duration, len(kinds))
	for round := 0; b.Loop(); round++ {
		// Interleaved, in turn first, so that the machine's load falls on
		// every kind alike.
		for j := range kinds {
			k := (round + j) % len(kinds)
			req := httptest.NewRequest("POST", "/api/v1/session",
				strings.NewReader(fmt.Sprintf(`{"username":%q,"password":"guess"}`, kinds[k].name)))
			req.Header.Set("Content-Type", "application/json")
			i := nextAddr.Add(1)
			req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:5000", i>>16&255, i>>8&255, i&255)
			rec := httptest.NewRecorder()
			start := time.Now()
			srv.Handler().ServeHTTP(rec, req)
			took[k] = append(took[k], time.Since(start))
			if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "signin.failed") {
				b.Fatalf("%s: %d %s", kinds[k].kind, rec.Code, rec.Body)
			}
		}
	}
	medians := make([]float64, len(kinds))
	for k, ds := range took {
		slices.Sort(ds)
		medians[k] = float64(ds[len(ds)/2]) / float64(time.Millisecond)
		b.ReportMetric(medians[k], kinds[k].kind+"-median-ms")
	}
	b.ReportMetric(slices.Max(medians)/slices.Min(medians), "slowest/fastest")
}
