package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"postcrm"
)

func TestHashAndVerify(t *testing.T) {
	h, err := HashPassword("邮政揽投2026")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("$argon2id$v=19$m=%d,t=2,p=1$", 19*1024); !strings.HasPrefix(h, want) {
		t.Errorf("hash %q does not start with %q", h, want)
	}
	for pw, want := range map[string]bool{"邮政揽投2026": true, "邮政揽投2025": false, "": false, "邮政揽投2026 ": false} {
		if ok, err := VerifyPassword(h, pw); err != nil || ok != want {
			t.Errorf("verify %q: %v, %v; want %v", pw, ok, err, want)
		}
	}
	again, _ := HashPassword("邮政揽投2026")
	if again == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

// TestVerifyReadsParameters: a hash made with other parameters still
// verifies, so that the defaults can change without resetting anybody.
func TestVerifyReadsParameters(t *testing.T) {
	cheap := params{memoryKiB: 64, time: 1, threads: 2}
	h, err := cheap.hash("password1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "$m=64,t=1,p=2$") {
		t.Errorf("hash %q lacks its parameters", h)
	}
	if ok, err := VerifyPassword(h, "password1"); !ok || err != nil {
		t.Errorf("verify with the hash's own parameters: %v, %v", ok, err)
	}
	// The same salt and key under the default parameters do not match.
	swapped := strings.Replace(h, "m=64,t=1,p=2", "m=19456,t=2,p=1", 1)
	if ok, err := VerifyPassword(swapped, "password1"); ok || err != nil {
		t.Errorf("verify with other parameters: %v, %v", ok, err)
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	good, _ := params{memoryKiB: 64, time: 1, threads: 1}.hash("password1")
	parts := strings.Split(good, "$")
	for what, h := range map[string]string{
		"empty":         "",
		"bcrypt":        "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"argon2i":       strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":   strings.Replace(good, "v=19", "v=16", 1),
		"no parameters": strings.Join([]string{"", parts[1], parts[2], "", parts[4], parts[5]}, "$"),
		"zero passes":   strings.Replace(good, "t=1", "t=0", 1),
		"1 GiB":         strings.Replace(good, "m=64", "m=1048576", 1),
		"salt not b64":  strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"),
		"no key":        strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], ""}, "$"),
		"extra part":    good + "$x",
	} {
		if ok, err := VerifyPassword(h, "password1"); ok || err == nil {
			t.Errorf("%s hash %q: %v, %v; want an error", what, h, ok, err)
		}
	}
}

func TestTokens(t *testing.T) {
	seen := make(map[string]bool)
	for range 100 {
		tok := NewToken()
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token %q: %d bytes, %v", tok, len(raw), err)
		}
		if seen[tok] {
			t.Fatalf("token %q drawn twice", tok)
		}
		seen[tok] = true
	}
	tok := NewToken()
	sum := sha256.Sum256([]byte(tok))
	if got := HashToken(tok); got != hex.EncodeToString(sum[:]) || HashToken(tok+"x") == got {
		t.Errorf("HashToken(%q) = %q", tok, got)
	}
}

func TestNewPassword(t *testing.T) {
	counts := make(map[rune]int)
	for range 1000 {
		pw := NewPassword()
		if len(pw) != 14 || pw[4] != '-' || pw[9] != '-' {
			t.Fatalf("password %q is not xxxx-xxxx-xxxx", pw)
		}
		if err := CheckPasswordRules("S1001", pw); err != nil {
			t.Fatalf("generated password %q breaks the rules: %v", pw, err)
		}
		for _, c := range strings.ReplaceAll(pw, "-", "") {
			counts[c]++
		}
	}
	// 12,000 letters over 31: each about 387 times; all must show up and
	// none of the look-alikes.
	if len(counts) != len(passwordAlphabet) {
		t.Errorf("%d distinct letters, want %d: %v", len(counts), len(passwordAlphabet), counts)
	}
	for c, n := range counts {
		if !strings.ContainsRune(passwordAlphabet, c) || n < 250 || n > 550 {
			t.Errorf("letter %q drawn %d times", c, n)
		}
	}
}

func TestPasswordRules(t *testing.T) {
	for _, c := range []struct {
		user, password string
		ok             bool
	}{
		{"S1001", "1234567", false},
		{"S1001", "12345678", true},
		{"S1001", "揽投员揽投员揽投", true}, // 8 characters, 24 bytes
		{"S1001", "揽投员揽投员揽", false},
		{"admin01", "admin01", false},
		{"admin001", "ADMIN001", false},
		{"admin001", "admin001x", true},
		{"S1001", strings.Repeat("a", 128), true},
		{"S1001", strings.Repeat("a", 129), false},
	} {
		err := CheckPasswordRules(c.user, c.password)
		var pe PasswordError
		if c.ok != (err == nil) || err != nil && (!errors.As(err, &pe) || !strings.Contains(err.Error(), "密码")) {
			t.Errorf("user %q password %q: %v, want ok=%v with a Chinese PasswordError", c.user, c.password, err, c.ok)
		}
	}
}

func TestLockout(t *testing.T) {
	p := LockoutPolicy{MaxFailures: 3, LockFor: 10 * time.Minute}
	t0 := time.Date(2026, 11, 29, 9, 0, 0, 0, postcrm.ChinaTime)
	for n := 1; n < 3; n++ {
		if until := p.LockedUntil(n, t0); !until.IsZero() {
			t.Fatalf("after %d failures: locked until %v", n, until)
		}
	}
	if until, want := p.LockedUntil(3, t0.Add(time.Minute)), t0.Add(11*time.Minute); !until.Equal(want) {
		t.Fatalf("third failure: locked until %v, want %v", until, want)
	}
	// After the lock, one more failure locks again at once.
	if until, want := p.LockedUntil(4, t0.Add(30*time.Minute)), t0.Add(40*time.Minute); !until.Equal(want) {
		t.Fatalf("failure after the lock: locked until %v, want %v", until, want)
	}
	u := p.Success(postcrm.User{Name: "S1001", FailedSignIns: 4, LockedUntil: t0.Add(40 * time.Minute)}, t0.Add(41*time.Minute))
	if u.FailedSignIns != 0 || !u.LockedUntil.IsZero() || !u.LastSignIn.Equal(t0.Add(41*time.Minute)) {
		t.Fatalf("after a success: %+v", u)
	}
	if d := DefaultLockoutPolicy; d.MaxFailures != 5 || d.LockFor != 15*time.Minute {
		t.Errorf("default policy %+v, want 5 failures and 15 minutes", d)
	}
}

func TestRateLimiter(t *testing.T) {
	r := NewRateLimiter(RateLimit{Burst: 3, Every: 10 * time.Second})
	t0 := time.Date(2026, 11, 29, 9, 0, 0, 0, postcrm.ChinaTime)
	expect := func(what, key string, at time.Time, want bool) {
		t.Helper()
		if got := r.Allow(key, at); got != want {
			t.Errorf("%s: %s at +%v allowed %v, want %v", what, key, at.Sub(t0), got, want)
		}
	}
	for i := range 3 {
		expect(fmt.Sprintf("burst %d", i+1), "10.0.0.1", t0, true)
	}
	expect("past the burst", "10.0.0.1", t0, false)
	expect("another address", "10.0.0.2", t0, true)
	expect("before a token is back", "10.0.0.1", t0.Add(9*time.Second), false)
	expect("one token back", "10.0.0.1", t0.Add(10*time.Second), true)
	expect("only one", "10.0.0.1", t0.Add(10*time.Second), false)
	expect("clock going backwards", "10.0.0.1", t0, false)
	// A long pause refills the bucket to the burst, not beyond.
	later := t0.Add(time.Hour)
	for i := range 3 {
		expect(fmt.Sprintf("refilled %d", i+1), "10.0.0.1", later, true)
	}
	expect("refilled past the burst", "10.0.0.1", later, false)
}

// TestRateLimiterPrunes: past pruneAbove addresses the full buckets go,
// and an address still limited stays limited.
func TestRateLimiterPrunes(t *testing.T) {
	r := NewRateLimiter(RateLimit{Burst: 1, Every: time.Minute})
	t0 := time.Date(2026, 11, 29, 9, 0, 0, 0, postcrm.ChinaTime)
	for i := range pruneAbove {
		r.Allow(fmt.Sprintf("10.1.%d.%d", i/256, i%256), t0)
	}
	later := t0.Add(2 * time.Minute)
	r.Allow("attacker", later) // one address too many: prunes, keeping its own bucket
	r.Allow("newcomer", later)
	if n := len(r.buckets); n != 2 {
		t.Errorf("%d buckets after pruning, want the 2 not full", n)
	}
	if r.Allow("attacker", later) {
		t.Error("pruning refilled a limited address")
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("邮政揽投2026"); err != nil {
			b.Fatal(err)
		}
	}
}
