package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// NewToken returns 32 random bytes in unpadded base64url: a session,
// API or CSRF token.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the store keeps of a token: its SHA-256 in hex. A
// token has 256 random bits, so a fast hash is enough.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// passwordAlphabet leaves out what reads alike on paper or a phone
// (0/o, 1/l/i): one-time passwords are read out and typed by hand.
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// NewPassword returns a one-time password such as "k7dm-2xqa-9hfn":
// 12 characters of a 31-character alphabet, about 59 bits, for an
// account that must change it at the first sign-in.
func NewPassword() string {
	var b strings.Builder
	buf := make([]byte, 1)
	for n := 0; n < 12; {
		rand.Read(buf)
		// Rejecting the top 8 byte values keeps every letter equally likely.
		if int(buf[0]) >= 256/len(passwordAlphabet)*len(passwordAlphabet) {
			continue
		}
		if n > 0 && n%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(passwordAlphabet[int(buf[0])%len(passwordAlphabet)])
		n++
	}
	return b.String()
}

// MinPasswordLen and MaxPasswordLen bound a password's length in
// characters; the upper bound only keeps hashing requests small.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// PasswordRule names a rule a password can break, so that the web pages
// can say it in the user's language.
type PasswordRule string

const (
	PasswordTooShort   PasswordRule = "too_short" // fewer than MinPasswordLen characters
	PasswordTooLong    PasswordRule = "too_long"  // more than MaxPasswordLen characters
	PasswordIsUserName PasswordRule = "user_name"
)

// PasswordError is a password that breaks Rule; Limit is the length the
// rule sets (0 for PasswordIsUserName). Its text is the Chinese sentence
// the command line prints.
type PasswordError struct {
	Rule  PasswordRule
	Limit int
}

func (e PasswordError) Error() string {
	switch e.Rule {
	case PasswordTooShort:
		return fmt.Sprintf("密码至少要 %d 个字符", e.Limit)
	case PasswordTooLong:
		return fmt.Sprintf("密码不能超过 %d 个字符", e.Limit)
	}
	return "密码不能与用户名（工号）相同"
}

// CheckPasswordRules returns a PasswordError when password may not be
// set for the user name.
func CheckPasswordRules(userName, password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return PasswordError{PasswordTooShort, MinPasswordLen}
	case n > MaxPasswordLen:
		return PasswordError{PasswordTooLong, MaxPasswordLen}
	case strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(userName)):
		return PasswordError{Rule: PasswordIsUserName}
	}
	return nil
}
