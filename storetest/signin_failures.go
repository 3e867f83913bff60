package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testSignInFailures: wrong passwords typed at once all count (the count
// is one UPDATE, not a read and a write of the whole account), a lock-out
// is never shortened, and a success clears failures and lock-out alone.
func testSignInFailures(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyFixtures(t, s)
	// As read back: role, city and office come from the staff row.
	u := postcrm.User{Name: "S1001", DisplayName: "张伟", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13010001",
		PasswordHash: "h1", CreatedAt: at(8, 0)}
	current := func() postcrm.User { return must[postcrm.User](t)(s.User(ctx, u.Name)) }
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}

	const n = 24
	counts := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{}) // all at once, not as they are started
	for i := range n {
		wg.Go(func() {
			<-start
			counts[i], errs[i] = s.RecordSignInFailure(ctx, u.Name)
		})
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	// Each failure saw its own count: 1 to n, in some order.
	slices.Sort(counts)
	for i, c := range counts {
		if c != i+1 {
			t.Fatalf("counts returned to %d concurrent failures: %v", n, counts)
		}
	}
	u.FailedSignIns = n
	expectUser(t, "after concurrent failures", current(), u)

	if err := s.LockOutUntil(ctx, u.Name, at(9, 15)); err != nil {
		t.Fatal(err)
	}
	if err := s.LockOutUntil(ctx, u.Name, at(9, 10)); err != nil { // a slower failure's shorter lock
		t.Fatal(err)
	}
	u.LockedUntil = at(9, 15)
	expectUser(t, "locked out", current(), u)

	// An administrator's lock and a new password, set meanwhile, survive a
	// sign-in that read the account before them.
	u.Locked, u.PasswordHash = true, "h2"
	if err := s.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordSignIn(ctx, u.Name, at(9, 30)); err != nil {
		t.Fatal(err)
	}
	u.FailedSignIns, u.LockedUntil, u.LastSignIn = 0, time.Time{}, at(9, 30)
	expectUser(t, "after a success", current(), u)
	if got := must[int](t)(s.RecordSignInFailure(ctx, u.Name)); got != 1 {
		t.Errorf("first failure after a success: count %d, want 1", got)
	}

	for what, err := range map[string]error{
		"failure": second(s.RecordSignInFailure(ctx, "nobody")),
		"lock":    s.LockOutUntil(ctx, "nobody", at(10, 0)),
		"success": s.RecordSignIn(ctx, "nobody", at(10, 0)),
	} {
		if !errors.Is(err, postcrm.ErrNotFound) {
			t.Errorf("%s of an unknown user: %v, want ErrNotFound", what, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
