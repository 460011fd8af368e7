package source

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// validUTF8 says what utf8.Valid says, of random bytes around every kind of lead byte.
func TestValidUTF8IsUTF8Valid(t *testing.T) {
	pieces := []string{"a", "\n", "你", "好", "\ufffd", "é", "𠀀", "\ue001", "\xe4", "\xbd", "\xed\xa0\x80",
		"\xe0\x80\x80", "\xe0\xa0\x80", "\xef\xbf\xbd", "\xf4\x90\x80\x80", "\xc0\xaf", "\xff"}
	rnd := rand.New(rand.NewPCG(7, 7))
	for range 50000 {
		var b []byte
		for range rnd.IntN(8) {
			b = append(b, pieces[rnd.IntN(len(pieces))]...)
		}
		if got, want := validUTF8(b), utf8.Valid(b); got != want {
			t.Fatalf("%q: %v, utf8.Valid %v", b, got, want)
		}
	}
}
