package match

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/mozillazg/go-pinyin"
)

// Homophones. Speech recognition writes what it heard, and Chinese has many characters
// for each syllable: 稍等 comes out as 少等, 投诉 as 头速. Pinyin matching compares
// characters by how they sound: each character becomes its syllable without the tone,
// with the two confusions speech recognition (and southern speakers) make most folded
// together: zh/ch/sh with z/c/s, and -ng with -n (稍 shao ≈ 少 shao; 成 cheng ≈ 陈 chen).
// 您 (nin) and 你 (ni) stay apart: that difference is what address-as-nin and the rude
// 你-phrases are about.
//
// The readings come from go-pinyin's dictionary (github.com/mozillazg/go-pinyin, the
// pinyin-data tables). A character is read by its first reading there, except that a
// phrase character among the common polyphones below is read every way it has (its first
// three readings), so 行 in 银行 matches 航 and 长 in 长时间 matches 常. The dictionary
// lists rare readings too (前 jiǎn); taking them all would make 点讲 sound like 点前.

// pinyinTable maps the BMP characters that have a reading to syllable keys.
type pinyinTable struct {
	first map[rune]rune   // the key of the first reading, outside tableLo ≤ r < tableHi
	flat  []uint16        // the same inside: key - pinyinKeyBase + 1, 0 for none
	all   map[rune][]rune // every distinct key, first first, for characters with several
	names []string        // the syllable of each key, by key - pinyinKeyBase
}

var (
	pinyinOnce sync.Once
	pinyinTab  *pinyinTable
)

// pinyinKeyBase is where syllable keys start: the Private Use Area, whose characters are
// three bytes in UTF-8 like the Han characters they stand for, so byte offsets in a text
// of keys are those of the text itself.
const pinyinKeyBase = 0xE000

func table() *pinyinTable {
	pinyinOnce.Do(func() {
		t := &pinyinTable{first: map[rune]rune{}, all: map[rune][]rune{}, flat: make([]uint16, tableHi-tableLo)}
		ids := map[string]rune{}
		// keyOf folds a toned reading once: the dictionary's 40,000 characters share a
		// few thousand readings.
		keyOf := map[string]rune{}
		key := func(reading string) rune {
			if k, ok := keyOf[reading]; ok {
				return k
			}
			syl := foldSyllable(reading)
			k, ok := ids[syl]
			if !ok {
				k = pinyinKeyBase + rune(len(ids))
				ids[syl] = k
				t.names = append(t.names, syl)
			}
			keyOf[reading] = k
			return k
		}
		var keys []rune
		for cp, readings := range pinyin.PinyinDict {
			r := rune(cp)
			if r < 0x800 || r >= 0x10000 || (r >= 0xD800 && r < 0xE000) || (r >= pinyinKeyBase && r < 0xF900) {
				continue // keys must keep the byte length: three-byte characters only
			}
			keys = keys[:0]
			for reading := range strings.SplitSeq(readings, ",") {
				k := key(reading)
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
			if len(keys) == 0 {
				continue
			}
			if r >= tableLo && r < tableHi {
				t.flat[r-tableLo] = uint16(keys[0]-pinyinKeyBase) + 1
			} else {
				t.first[r] = keys[0]
			}
			if len(keys) > 1 {
				t.all[r] = slices.Clone(keys)
			}
		}
		pinyinTab = t
	})
	return pinyinTab
}

// toneless strips the tone marks of a pinyin syllable; ü is written v.
var toneless = strings.NewReplacer(
	"ā", "a", "á", "a", "ǎ", "a", "à", "a",
	"ē", "e", "é", "e", "ě", "e", "è", "e", "ê", "e", "ế", "e", "ề", "e", "ê̄", "e", "ê̌", "e",
	"ī", "i", "í", "i", "ǐ", "i", "ì", "i",
	"ō", "o", "ó", "o", "ǒ", "o", "ò", "o",
	"ū", "u", "ú", "u", "ǔ", "u", "ù", "u",
	"ǖ", "v", "ǘ", "v", "ǚ", "v", "ǜ", "v", "ü", "v",
	"ń", "n", "ň", "n", "ǹ", "n", "ḿ", "m", "m̀", "m",
)

// foldSyllable turns a toned reading into the key it is compared by: no tone, zh/ch/sh
// as z/c/s, -ng as -n.
func foldSyllable(s string) string {
	s = toneless.Replace(strings.TrimSpace(s))
	for _, p := range [...]string{"zh", "ch", "sh"} {
		if strings.HasPrefix(s, p) {
			s = p[:1] + s[2:]
			break
		}
	}
	if len(s) > 2 && strings.HasSuffix(s, "ng") {
		s = s[:len(s)-1]
	}
	return s
}

// pinyinRune returns the key of r's first reading, or r itself when it has none.
func pinyinRune(r rune) rune {
	if r < 0x800 || r >= 0x10000 {
		return r
	}
	t := table()
	if r >= tableLo && r < tableHi {
		if k := t.flat[r-tableLo]; k != 0 {
			return pinyinKeyBase + rune(k-1)
		}
		return r
	}
	if k, ok := t.first[r]; ok {
		return k
	}
	return r
}

// The flat table covers CJK Extension A and the Unified Ideographs.
const tableLo, tableHi = 0x3400, 0xA000

// pinyinString returns s with every character that has a reading replaced by its key; the
// byte offsets stay those of s.
//
// A Han character of the flat table and its key are both three bytes: the key is written
// as them in line, the character's bytes copied when it has none (range, WriteRune and
// the runtime's encoder for every character cost three times as much).
func pinyinString(s string) string {
	t := table()
	// Appended to a byte slice the text's length (longer only where a byte that is not
	// UTF-8 becomes U+FFFD), not written to a strings.Builder: its Write, a call with a
	// slice of three bytes for every character, cost as much as the rest.
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if c := s[i]; c >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && i+2 < len(s) && (s[i+1]^0x80)|(s[i+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		if size == 3 && r >= tableLo && r < tableHi {
			if k := t.flat[r-tableLo]; k != 0 {
				key := pinyinKeyBase + rune(k-1) // below U+F900: three bytes
				b = append(b, 0xE0|byte(key>>12), 0x80|byte(key>>6)&0x3F, 0x80|byte(key)&0x3F)
			} else {
				b = append(b, s[i], s[i+1], s[i+2])
			}
		} else {
			b = utf8.AppendRune(b, pinyinRune(r))
		}
		i += size
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
}

// polyphones are common characters read more than one way in everyday words (银行 háng,
// 长时间 cháng, 重新 chóng, 还款 huán, 的确 dí, 了解 liǎo, 调整 tiáo, 觉得 jué / 睡觉 jiào …).
const polyphones = "行长重还的得地了着都和便调觉传朝乐数没给系参差落藏曾降省将弹称更解卡量切散折转大校露率兴应种为相当空少几处好背发只提血"

// polyphoneSet holds the polyphones, for isPolyphone.
var polyphoneSet = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range polyphones {
		m[r] = true
	}
	return m
}()

// isPolyphone reports whether r is one of the polyphones.
func isPolyphone(r rune) bool { return polyphoneSet[r] }

// maxReadingAlternatives bounds how many spellings in keys one phrase literal expands to
// through characters with several readings; past it, further characters keep their first
// reading.
const maxReadingAlternatives = 32

// pinyinAlternatives returns the key strings a phrase literal may sound like: its
// first-reading spelling (pinyinString), and the spellings with other readings of its
// polyphones. A polyphone and each of its keys are three bytes, so every spelling is the
// first one with keys written over at the polyphones' offsets, all in one buffer. (Grown
// a character at a time, as runes or strings, they were a fifth of a check's start-up.)
// The keys of one character differ, so the spellings do.
func pinyinAlternatives(lit string) []string {
	first := pinyinString(lit)
	t := table()
	type choice struct {
		at   int
		keys []rune
	}
	var choices []choice
	n := 1
	for i, r := range lit {
		all, ok := t.all[r]
		if !ok || !isPolyphone(r) {
			continue
		}
		if len(all) > 3 {
			all = all[:3]
		}
		if n*len(all) > maxReadingAlternatives || utf8.RuneLen(r) != 3 {
			continue
		}
		for _, k := range all {
			if utf8.RuneLen(k) != 3 {
				all = nil
			}
		}
		if all != nil {
			choices = append(choices, choice{i, all})
			n *= len(all)
		}
	}
	if len(choices) == 0 {
		return []string{first}
	}
	buf := make([]byte, 0, n*len(first))
	out := make([]string, n)
	for c := range n {
		start := len(buf)
		buf = append(buf, first...)
		// c in mixed radix, the last polyphone the fastest digit: the order of a
		// product that takes each character's readings first first.
		rest := c
		for j := len(choices) - 1; j >= 0; j-- {
			ch := choices[j]
			k := ch.keys[rest%len(ch.keys)]
			rest /= len(ch.keys)
			b := buf[start+ch.at:]
			b[0], b[1], b[2] = 0xE0|byte(k>>12), 0x80|byte(k>>6)&0x3F, 0x80|byte(k)&0x3F
		}
		out[c] = unsafe.String(&buf[start], len(first))
	}
	return out
}
