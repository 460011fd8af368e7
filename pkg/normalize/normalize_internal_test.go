package normalize

import "testing"

// TestClassifyIsFold checks the page tables against Unicode's own over the whole Basic
// Multilingual Plane and past it.
func TestClassifyIsFold(t *testing.T) {
	for r := rune(0); r < 0x10000+0x1000; r++ {
		if got, want := classify(r), fold(r); got != want {
			t.Fatalf("classify(%U) = %#x, fold = %#x", r, got, want)
		}
	}
	for _, r := range []rune{-1, 0x10FFFF, 0x110000} {
		if got, want := classify(r), fold(r); got != want {
			t.Errorf("classify(%U) = %#x, fold = %#x", r, got, want)
		}
	}
}
