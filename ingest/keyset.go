package ingest

import "encoding/binary"

// keySet is a read-only set of codes (office codes, staff IDs, customer
// codes) laid out so that a lookup touches one cache line: codes of up to
// 15 bytes are stored inline, where a Go map keeps a pointer to the key's
// bytes and so costs two or three cache misses per lookup in a table of
// 100,000 customers. Validating a waybill row takes three lookups, so this
// is most of the parse time.
type keySet struct {
	slots []packedKey // open addressing, linear probing, at most half full
	mask  uint64
	long  map[string]struct{} // the rare codes longer than 15 bytes
	// lastHit skips the lookup for runs of rows with the same code: a
	// contract customer's items are accepted in bulk, by one courier.
	lastHit string
}

// packedKey holds a code's bytes and, in the last byte, its length; the
// zero value (length 0) marks an empty slot.
type packedKey struct{ lo, hi uint64 }

const maxPacked = 15

func newKeySet[V any](codes map[string]V) *keySet {
	size := 16
	for size < 2*len(codes) {
		size *= 2
	}
	s := &keySet{slots: make([]packedKey, size), mask: uint64(size - 1), long: map[string]struct{}{}}
	for code := range codes {
		switch {
		case code == "":
		case len(code) > maxPacked:
			s.long[code] = struct{}{}
		default:
			k := pack(code)
			i := k.hash() & s.mask
			for s.slots[i] != (packedKey{}) {
				i = (i + 1) & s.mask
			}
			s.slots[i] = k
		}
	}
	return s
}

func (s *keySet) has(code string) bool {
	if code == s.lastHit && code != "" {
		return true
	}
	if s.find(code) {
		s.lastHit = code
		return true
	}
	return false
}

func (s *keySet) find(code string) bool {
	if len(code) > maxPacked {
		_, ok := s.long[code]
		return ok
	}
	if code == "" {
		return false
	}
	k := pack(code)
	for i := k.hash() & s.mask; ; i = (i + 1) & s.mask {
		switch s.slots[i] {
		case k:
			return true
		case packedKey{}:
			return false
		}
	}
}

func pack(code string) packedKey {
	var b [16]byte
	copy(b[:], code)
	b[15] = byte(len(code))
	return packedKey{binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])}
}

// hash mixes both words (splitmix64's finaliser); codes are short and
// similar ("KH000123"), so every bit must reach the low bits used.
func (k packedKey) hash() uint64 {
	h := k.lo ^ (k.hi * 0x9E3779B97F4A7C15)
	h = (h ^ h>>30) * 0xBF58476D1CE4E5B9
	h = (h ^ h>>27) * 0x94D049BB133111EB
	return h ^ h>>31
}
