package ingest

import (
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"postcrm"
)

// maxIntDigits bounds the integer part that decimalScaled accumulates; any
// longer number is far beyond every plausibility limit, so it saturates
// instead of overflowing.
const maxIntDigits = 15

// decimalScaled parses a plain decimal such as "12.5", "-3" or "0.345" into
// an integer number of 10^-scale units, rounding half up (away from zero).
// It works on the digits, so no float rounding creeps into money.
func decimalScaled(s string, scale int) (int64, bool) {
	i, neg := 0, false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg, i = s[0] == '-', 1
	}
	var v int64
	intDigits, fracDigits, digits := 0, -1, 0
	roundUp, huge := false, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			switch {
			case fracDigits < 0:
				if intDigits++; intDigits > maxIntDigits {
					huge = true
				} else {
					v = v*10 + int64(c-'0')
				}
			case fracDigits < scale:
				v = v*10 + int64(c-'0')
				fracDigits++
			case fracDigits == scale:
				roundUp = c >= '5'
				fracDigits++ // later digits cannot change a half-up rounding
			}
		case c == '.' && fracDigits < 0:
			fracDigits = 0
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	if huge {
		v = math.MaxInt64
	} else {
		for fracDigits = max(fracDigits, 0); fracDigits < scale; fracDigits++ {
			v *= 10
		}
		if roundUp {
			v++
		}
	}
	if neg {
		v = -v
	}
	return v, true
}

// amountScaled is decimalScaled made tolerant of how people and Excel write
// amounts: a currency sign or 元, thousands separators, and the exponent
// form Excel stores very small or large numbers in.
func amountScaled(s string, scale int) (int64, bool) {
	if v, ok := decimalScaled(s, scale); ok {
		return v, true
	}
	s = strings.TrimSpace(currencyMarks.Replace(s))
	if strings.Contains(s, ",") {
		// "1,234.5" is a thousand; "1,2" may be a decimal comma: refuse it.
		if !thousands.MatchString(s) {
			return 0, false
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	if v, ok := decimalScaled(s, scale); ok {
		return v, true
	}
	if !exponentForm.MatchString(s) {
		return 0, false
	}
	return ratScaled(s, scale)
}

var (
	currencyMarks = strings.NewReplacer("¥", "", "￥", "", "元", "")
	thousands     = regexp.MustCompile(`^[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$`)
	// A two-digit exponent at most: big.Rat would build 10^999999999.
	exponentForm = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]{1,2}$`)
)

// ratScaled parses exponent forms such as "1.25E+1" exactly.
func ratScaled(s string, scale int) (int64, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, false
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if rem.Abs(rem).Lsh(rem, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(int64(r.Sign())))
	}
	switch {
	case q.IsInt64():
		return q.Int64(), true
	case q.Sign() < 0:
		return math.MinInt64, true
	default:
		return math.MaxInt64, true
	}
}

// phoneKind tells what a normalised phone number is.
type phoneKind int

const (
	phoneInvalid phoneKind = iota
	phoneMobile
	phoneLandline
)

// normalizePhone strips what people type around a number (spaces, dashes,
// brackets, the +86 / 0086 / 86 country prefix) and classifies the result.
// The common case, a bare mobile number, returns without allocating.
func normalizePhone(s string) (string, phoneKind) {
	if k := classifyPhone(s); k != phoneInvalid {
		return s, k
	}
	cleaned := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '(', ')', '（', '）', '\u3000':
			return -1
		}
		return r
	}, s)
	international := false
	switch {
	case strings.HasPrefix(cleaned, "+86"):
		cleaned, international = cleaned[3:], true
	case strings.HasPrefix(cleaned, "0086"):
		cleaned, international = cleaned[4:], true
	case strings.HasPrefix(cleaned, "86") && len(cleaned) == 13:
		cleaned = cleaned[2:]
	}
	// Written internationally, a landline drops its trunk prefix 0.
	if international && cleaned != "" && cleaned[0] >= '2' && cleaned[0] <= '9' {
		cleaned = "0" + cleaned
	}
	return cleaned, classifyPhone(cleaned)
}

// classifyPhone recognises a mobile (1[3-9] and 9 digits) or a landline
// (0, a 2–3 digit area code and a 7–8 digit number).
func classifyPhone(s string) phoneKind {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return phoneInvalid
		}
	}
	switch {
	case len(s) == 11 && s[0] == '1' && s[1] >= '3':
		return phoneMobile
	case len(s) >= 10 && len(s) <= 12 && s[0] == '0' && s[1] != '0':
		return phoneLandline
	}
	return phoneInvalid
}

// validOfficeCode reports whether s is an 8-digit office code.
func validOfficeCode(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// stamp is a calendar day with an optional time of day, as scanned.
type stamp struct {
	year, month, day     int
	hour, minute, second int
	hasClock             bool
}

// scanStamp reads "YYYY-MM-DD", "YYYY/M/D" or "YYYYMMDD", optionally
// followed by " H:MM[:SS[.fff]]" (or "T" instead of the space), and checks
// that the day and the time of day exist.
func scanStamp(s string) (stamp, bool) {
	var st stamp
	if st, ok := scanCanonical(s); ok {
		return st, dayExists(st.year, st.month, st.day) && st.hour < 24 && st.minute < 60 && st.second < 60
	}
	rest, ok := scanDay(s, &st)
	if !ok || !dayExists(st.year, st.month, st.day) {
		return st, false
	}
	if rest == "" {
		return st, true
	}
	if rest[0] != ' ' && rest[0] != 'T' {
		return st, false
	}
	rest = strings.TrimLeft(rest[1:], " ")
	st.hasClock = true
	return st, scanClock(rest, &st)
}

// scanCanonical is the fast path for "2025-03-08 14:30:00", the form
// nearly every row of a waybill export has.
func scanCanonical(s string) (stamp, bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return stamp{}, false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
		if !isDigit(s[i]) {
			return stamp{}, false
		}
	}
	return stamp{year: atoi(s[:4]), month: atoi(s[5:7]), day: atoi(s[8:10]),
		hour: atoi(s[11:13]), minute: atoi(s[14:16]), second: atoi(s[17:19]), hasClock: true}, true
}

func scanDay(s string, st *stamp) (string, bool) {
	if len(s) >= 8 && allDigits(s[:8]) && (len(s) == 8 || !isDigit(s[8])) {
		st.year, st.month, st.day = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])
		return s[8:], true
	}
	if len(s) < 8 || !allDigits(s[:4]) || (s[4] != '-' && s[4] != '/') {
		return s, false
	}
	st.year = atoi(s[:4])
	sep := s[4]
	rest, ok := number(s[5:], 1, 2, &st.month)
	if !ok || rest == "" || rest[0] != sep {
		return s, false
	}
	return number(rest[1:], 1, 2, &st.day)
}

func scanClock(s string, st *stamp) bool {
	rest, ok := number(s, 1, 2, &st.hour)
	if !ok || rest == "" || rest[0] != ':' {
		return false
	}
	if rest, ok = number(rest[1:], 2, 2, &st.minute); !ok {
		return false
	}
	if rest != "" && rest[0] == ':' {
		if rest, ok = number(rest[1:], 2, 2, &st.second); !ok {
			return false
		}
		// Database exports append fractions of a second; the store keeps seconds.
		if rest != "" && rest[0] == '.' && len(rest) > 1 && allDigits(rest[1:]) {
			rest = ""
		}
	}
	return rest == "" && st.hour < 24 && st.minute < 60 && st.second < 60
}

// number reads between minLen and maxLen digits into *v.
func number(s string, minLen, maxLen int, v *int) (string, bool) {
	n := 0
	for n < len(s) && n < maxLen && isDigit(s[n]) {
		n++
	}
	if n < minLen {
		return s, false
	}
	*v = atoi(s[:n])
	return s[n:], true
}

func dayExists(y, m, d int) bool {
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return false
	}
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return d <= 29
		}
		return d <= 28
	case 4, 6, 9, 11:
		return d <= 30
	}
	return d <= 31
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// atoi converts a short run of digits already checked by the caller.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func (st stamp) date() postcrm.Date {
	return postcrm.Date(st.year*10000 + st.month*100 + st.day)
}

// time is the stamp in China time. It counts seconds itself: time.Date
// normalises and looks up zone rules, which shows in the per-row budget.
func (st stamp) time() time.Time {
	seconds := daysSinceEpoch(st.year, st.month, st.day)*86400 +
		int64(st.hour*3600+st.minute*60+st.second) - chinaOffset
	return time.Unix(seconds, 0).In(postcrm.ChinaTime)
}

const chinaOffset = 8 * 3600

// daysSinceEpoch counts days from 1970-01-01 to a day of the proleptic
// Gregorian calendar (years from 1900 on), by counting from 1 March so
// that the leap day ends the year.
func daysSinceEpoch(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yearOfEra := y - era*400
	dayOfYear := (153*((m+9)%12)+2)/5 + d - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	return int64(era*146097+dayOfEra) - 719468
}

// Day 0 of Excel's date serials. The 1900 system's epoch absorbs Excel
// counting 1900 as a leap year, for every date after February 1900; the
// 1904 system is what old Mac workbooks use.
var (
	excelEpoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, postcrm.ChinaTime)
	excelEpoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, postcrm.ChinaTime)
)

// excelSerialText turns an Excel date serial such as "45724.604166666664"
// into the text a user sees in the cell: "2025-03-08 14:30:00", or
// "2025-03-08" when withClock is false. It reports false for anything that
// is not a positive serial of a day before the year 10000.
func excelSerialText(s string, epoch time.Time, withClock bool) (string, bool) {
	if s == "" || !(isDigit(s[0]) || s[0] == '.') {
		return "", false
	}
	serial, err := strconv.ParseFloat(s, 64)
	if err != nil || serial < 1 || serial > 3e6 {
		return "", false
	}
	// Days first: a time.Duration cannot span the 8,000 years serials can.
	seconds := int64(math.Round(serial * 86400))
	t := epoch.AddDate(0, 0, int(seconds/86400)).Add(time.Duration(seconds%86400) * time.Second)
	switch {
	case t.Year() > 9999:
		return "", false
	case withClock:
		return t.Format(time.DateTime), true
	}
	return t.Format(time.DateOnly), true
}
