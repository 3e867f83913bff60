package demo

import "strconv"

// mobilePrefixes are number blocks of the three operators.
var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
	"153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
	"181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "195", "198", "199",
}

// phoneBook numbers mobile phones without repeats: the i-th number is an
// affine permutation of i over all prefix × 8-digit combinations, so a
// walk-in's phone is a pure function of its index and neighbours look
// unrelated. Indices below reserved belong to walk-ins; next hands out the
// ones above to staff, contacts and stray rows.
type phoneBook struct {
	mult, add uint64
	reserved  int
	issued    int
}

const phoneSpace = 100_000_000 // 8 digits after the prefix

var phoneCount = uint64(len(mobilePrefixes)) * phoneSpace

func newPhoneBook(r *rng, reserved int) phoneBook {
	// A multiplier coprime to the count (2^8·3·5^8·13) makes the map a bijection.
	mult := uint64(r.intn(1<<30))*2 + 1
	for mult%3 == 0 || mult%5 == 0 || mult%13 == 0 {
		mult += 2
	}
	return phoneBook{mult: mult, add: r.next() % phoneCount, reserved: reserved}
}

// appendMobile appends the i-th mobile number (11 digits).
func (b *phoneBook) appendMobile(dst []byte, i int) []byte {
	j := (uint64(i)*b.mult + b.add) % phoneCount
	n := uint64(len(mobilePrefixes))
	dst = append(dst, mobilePrefixes[j%n]...)
	return appendPadded(dst, int64(j/n), 8)
}

func (b *phoneBook) mobile(i int) string { return string(b.appendMobile(nil, i)) }

// next returns a mobile number not given to anyone else.
func (b *phoneBook) next() string {
	b.issued++
	return b.mobile(b.reserved + b.issued)
}

// landline returns an office number in city c, written the way people do:
// area code, dash, local number.
func landline(r *rng, c *city) string {
	local := 2 + r.intn(7) // local numbers do not start with 0 or 1
	for range c.LocalDigits - 1 {
		local = local*10 + r.intn(10)
	}
	return c.AreaCode + "-" + strconv.Itoa(local)
}

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(dst []byte, v int64, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for ; v > 0 || i == len(buf); v /= 10 {
		i--
		buf[i] = byte('0' + v%10)
	}
	for len(buf)-i < width {
		i--
		buf[i] = '0'
	}
	return append(dst, buf[i:]...)
}
