package storetest

import (
	"context"
	"testing"

	"postcrm/sqlstore"
)

// testPing: an open store answers a ping, a closed one does not, so that
// a health check built on it can fail.
func testPing(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping an open store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("ping a closed store: no error")
	}
}
