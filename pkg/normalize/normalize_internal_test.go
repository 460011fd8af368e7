package normalize

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

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

// reference is New's loop written the obvious way, over runes, for texts with no
// Traditional characters: New must give the same text, tables and breaks.
func reference(s string) (norm string, normOff, origOff []int32, breaks []int) {
	var buf []byte
	pending := false
	for i, r := range s {
		c := fold(r)
		if (r == '々' || r == '〻') && !pending {
			// the iteration mark: the Han character before it, again
			if last, n := utf8.DecodeLastRune(buf); n > 0 && unicode.Is(unicode.Han, last) {
				c = fold(last)
			}
		}
		if (r == '*' || r == '＊') && len(buf) > 0 {
			// a number's mask: kept after a digit or another mask
			last, _ := utf8.DecodeLastRune(buf)
			if last == '*' || IsDigit(last) {
				c = '*'
			}
		}
		if c&drop != 0 {
			pending = pending || c&ends != 0 && len(buf) > 0
			continue
		}
		if pending {
			breaks, pending = append(breaks, len(buf)), false
		}
		normOff, origOff = append(normOff, int32(len(buf))), append(origOff, int32(i))
		buf = utf8.AppendRune(buf, rune(c&runeMask))
	}
	foldDialect(buf, nil) // every character looked at: what the leads build notes must find
	return string(buf), append(normOff, int32(len(buf))), origOff, breaks
}

func hasTraditional(s string) bool {
	for _, r := range s {
		if fold(r)&traditionalBit != 0 {
			return true
		}
	}
	return false
}

func checkAgainstReference(t *testing.T, s string) {
	t.Helper()
	if hasTraditional(s) {
		return
	}
	got := New(s)
	norm, normOff, origOff, breaks := reference(s)
	if got.Norm != norm || !slices.Equal(got.normOff, normOff) || !slices.Equal(got.origOff, origOff) ||
		!slices.Equal(got.breaks, breaks) {
		t.Errorf("New(%q) = %q %v %v %v, reference %q %v %v %v", s,
			got.Norm, got.normOff, got.origOff, got.breaks, norm, normOff, origOff, breaks)
	}
}

func TestNewIsReference(t *testing.T) {
	for _, s := range []string{
		"", "您好，请讲！", "ＡＢＣ１２３ Hello, World", "\u200b好的\t", "……",
		"\xe4\xbd", "好\xe4\xbd", "\xe4\xbd好", "\xbd\xbd好\xbd", "\xe0\x80\x80", "\xe0\xa0\x80",
		"\xed\xa0\x80好", "\xed\x9f\xbf", "\xef\xbf\xbd好", "😀好😀", "é好Ｅ", "\xff", "䯈〻", "谢，々", "々好", "好々々",
	} {
		checkAgainstReference(t, s)
	}
}

func FuzzNew(f *testing.F) {
	f.Add("您好，快通客服，我是1024号，请问有什么可以帮到您？")
	f.Add("\xe0\xa0\x80\xed\xa0\x80\xbd好")
	f.Add("0*")
	f.Add("打我手机，137****8842。唔好意思，侬晓得伐？")
	f.Fuzz(checkAgainstReference)
}

// NewAll must give each text what New gives it, whatever its neighbours: texts that
// outgrow their share of the tables or the buffer (invalid UTF-8, characters that fold
// longer, Traditional characters) must not write over the next one's.
func TestNewAllIsNew(t *testing.T) {
	ss := []string{
		"您好，快通客服，我是１０２４号，请问有什么可以帮到您？",
		"",
		"請問，這個月的話費。",
		"\x80\x80abc\xff，好",
		"ȺȺȺ，Ⱥ", // lower case is longer in UTF-8
		"。。，",
		"ＡＢＣ，def！ghi",
		"⼀二三，㊀",
	}
	all := NewAll(ss)
	for i, s := range ss {
		want, got := New(s), &all[i]
		if got.Orig != want.Orig || got.Norm != want.Norm || !slices.Equal(got.breaks, want.breaks) ||
			!slices.Equal(got.normOff, want.normOff) || !slices.Equal(got.origOff, want.origOff) {
			t.Errorf("NewAll(%q) = %q %v %v %v, want %q %v %v %v", s, got.Norm, got.breaks, got.normOff, got.origOff,
				want.Norm, want.breaks, want.normOff, want.origOff)
		}
	}
}

func TestRuneCountCountsLeadBytes(t *testing.T) {
	for _, s := range []string{"", "a", "您好", "abcdefgh您好ijk\x80\xbf\xc0", "快通客服，我是1024号，请问有什么可以帮到您？",
		string([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x41})} {
		want := 0
		for i := 0; i < len(s); i++ {
			if s[i]&0xc0 != 0x80 {
				want++
			}
		}
		for k := 0; k <= len(s); k++ { // every alignment of the tail
			wantK := want
			for i := 0; i < k; i++ {
				if s[i]&0xc0 != 0x80 {
					wantK--
				}
			}
			if got := runeCount(s[k:]); got != wantK {
				t.Errorf("runeCount(%q) = %d, want %d", s[k:], got, wantK)
			}
		}
	}
}
