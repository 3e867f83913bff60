// Package auth holds the sign-in rules of the web application: password
// hashing (argon2id), session tokens, password rules, the lock-out
// policy after failed sign-ins and per-address rate limiting, and the
// account administration the admin pages and `postcrm user` share. It
// keeps no state but the rate limiter's buckets; the accounts are the
// store's.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// params are argon2id's cost parameters.
type params struct {
	memoryKiB uint32
	time      uint32
	threads   uint8
}

// defaultParams are OWASP's second argon2id configuration (19 MiB, two
// passes, one lane). The server has 2 cores: 64 MiB for each of 50
// concurrent sign-ins would be 3.2 GB, and hashes beyond the cores only
// queue for CPU anyway, so the hashes running at once are also capped
// (see slots) and memory stays under 19 MiB × GOMAXPROCS.
var defaultParams = params{memoryKiB: 19 * 1024, time: 2, threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// maxMemoryKiB refuses hashes that would make one check allocate
	// more than 256 MiB, whatever a tampered database says.
	maxMemoryKiB = 256 * 1024
)

var b64 = base64.RawStdEncoding

// slots caps the argon2 computations running at once.
var slots = make(chan struct{}, runtime.GOMAXPROCS(0))

func (p params) key(password string, salt []byte) []byte {
	slots <- struct{}{}
	defer func() { <-slots }()
	return argon2.IDKey([]byte(password), salt, p.time, p.memoryKiB, p.threads, keyLen)
}

// HashPassword returns the argon2id hash of password in the PHC string
// format, $argon2id$v=19$m=…,t=…,p=…$salt$hash, so that the parameters
// can change later without invalidating stored hashes.
func HashPassword(password string) (string, error) {
	return defaultParams.hash(password)
}

func (p params) hash(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memoryKiB, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(p.key(password, salt))), nil
}

// VerifyPassword reports whether password matches the encoded hash,
// comparing in constant time; an error means the hash is malformed.
func VerifyPassword(encoded, password string) (bool, error) {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	got := p.key(password, salt)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// decodeHash parses what HashPassword encodes.
func decodeHash(encoded string) (params, []byte, []byte, error) {
	var p params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("password hash is not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("password hash: unsupported argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memoryKiB, &p.time, &p.threads); err != nil {
		return p, nil, nil, fmt.Errorf("password hash parameters %q: %w", parts[3], err)
	}
	if p.memoryKiB == 0 || p.memoryKiB > maxMemoryKiB || p.time == 0 || p.threads == 0 {
		return p, nil, nil, fmt.Errorf("password hash parameters %q out of range", parts[3])
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) == 0 {
		return p, nil, nil, fmt.Errorf("password hash salt: %v", err)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return p, nil, nil, fmt.Errorf("password hash key: %v", err)
	}
	return p, salt, key, nil
}

// burnHash is a hash of nothing anybody types, made once.
var burnHash = sync.OnceValue(func() string {
	h, err := HashPassword(NewToken())
	if err != nil {
		panic(err)
	}
	return h
})

// BurnPasswordCheck costs what checking a password costs, for a user
// name that does not exist: a sign-in's timing then does not tell which
// names exist.
func BurnPasswordCheck(password string) {
	_, _ = VerifyPassword(burnHash(), password) // well-formed; the answer is not wanted
}
