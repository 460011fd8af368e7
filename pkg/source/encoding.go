package source

import (
	"bytes"
	"encoding/binary"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The canonical encoding names, as accepted by ReadOptions.Encoding and returned by
// DetectEncoding, Decode and ReadDecoded.
const (
	UTF8    = "utf-8"
	UTF16LE = "utf-16le"
	UTF16BE = "utf-16be"
	GBK     = "gbk"
	GB18030 = "gb18030"
	Big5    = "big5"
)

// supported lists the canonical names for messages.
const supported = "utf-8, utf-16le, utf-16be, gbk, gb18030, big5"

// aliases maps the names people use to the canonical ones; names not found here are
// looked up as WHATWG Encoding Standard labels (htmlindex), which knows many more
// (csgb2312, x-x-big5, unicode-1-1-utf-8 ...).
//
// GB2312 and Code Page 936 are decoded as GBK, their superset, and GBK itself with the
// GB18030 decoder, as the Encoding Standard does: so a file saved as "GB2312" by a
// Windows program that really wrote GBK characters, or a few four-byte GB18030 ones,
// still decodes.
var aliases = map[string]string{
	"utf-8": UTF8, "utf8": UTF8,

	"utf-16le": UTF16LE, "utf16le": UTF16LE,

	"utf-16be": UTF16BE, "utf16be": UTF16BE,

	"gbk": GBK, "gb2312": GBK, "cp936": GBK, "windows-936": GBK, "euc-cn": GBK,

	"gb18030": GB18030,

	"big5": Big5, "big-5": Big5, "cp950": Big5, "windows-950": Big5, "big5-hkscs": Big5,
}

// CanonicalEncoding returns the canonical name of an encoding name given by a user
// (case-insensitive: "GB2312", "cp936", "UTF8" ...), or an *Error without a Path if
// the encoding is unknown or not supported. "" and "auto" mean "detect" and return "".
func CanonicalEncoding(name string) (string, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-")
	if key == "" || key == "auto" {
		return "", nil
	}
	if c, ok := aliases[key]; ok {
		return c, nil
	}
	if e, err := htmlindex.Get(key); err == nil {
		if n, err := htmlindex.Name(e); err == nil {
			if c, ok := aliases[n]; ok {
				return c, nil
			}
		}
	}
	return "", &Error{Msg: msg.Sprintf("source.unsupported-encoding-supported",
		name, strings.ReplaceAll(supported, ", ", "、"), supported)}
}

// DetectEncoding returns the canonical name of the encoding of data, as Decode
// detects it; see there. Its errors are *Error values without a Path.
func DetectEncoding(data []byte) (name string, err error) {
	_, name, err = Decode(data, "")
	return name, err
}

// Decode turns the raw bytes of a transcript into UTF-8 text. With encoding "" (or
// "auto") it detects the encoding; otherwise it decodes as that encoding (any name
// CanonicalEncoding accepts). It returns the text without any byte order mark, and the
// canonical name of the encoding used. Its errors are *Error values without a Path,
// with the Line when one line is at fault.
//
// Detection, in order:
//
//  1. A byte order mark: UTF-8, UTF-16LE or UTF-16BE. The rest must then be valid in
//     that encoding.
//  2. A NUL byte: a binary file (or UTF-16 without a BOM, which is not accepted
//     without --encoding).
//  3. Valid UTF-8 (which includes plain ASCII). Text in the other encodings is
//     practically never valid UTF-8 once it holds a few Chinese characters.
//  4. GB18030 (a superset of GBK and GB2312) and Big5, each decoded strictly: a
//     candidate is out at the first byte sequence that is not well formed (lead byte
//     0x81–0xFE; GBK trail 0x40–0x7E or 0x80–0xFE, or a four-byte GB18030 sequence;
//     Big5 trail 0x40–0x7E or 0xA1–0xFE) or that x/text decodes to U+FFFD (nothing
//     assigned there, which includes the user-defined areas). GB2312 text is nearly
//     always well formed Big5 as well, and Big5 text often GBK, so the survivors are
//     scored: the share of their non-ASCII characters that look right, that is, are
//     among the 500 most frequent Chinese characters (common.go, with their
//     Traditional forms) or the usual Chinese punctuation. Rare characters, kana,
//     Bopomofo, Cyrillic and odd symbols, which wrong decodings produce, are misses.
//     Right text scores 0.6–0.8 (the calls in testdata); the same bytes read as the
//     other encoding, or random characters, under 0.15. The candidate with the higher
//     score wins if it reaches minCommon (0.3) and, when both decoded cleanly, has at
//     least minEvidence (3) more characters that look right than the other: a couple
//     of characters prove nothing ("拜拜。" in GBK is "問問﹝" in Big5). GB text is
//     named "gb18030" if it uses four-byte sequences, else "gbk". (The CP936 euro
//     sign, byte 0x80, is accepted in GB text.)
//  5. Otherwise it is an error: "not valid UTF-8" naming the first bad line, when
//     the file is mostly valid UTF-8 (a damaged or mixed file); "not valid GBK" (or
//     Big5) naming it, when the text before it reads clearly as that encoding (a file
//     cut short in the middle of a character, a stray byte); else "cannot detect the
//     encoding".
//
// A forced encoding is trusted beyond that: the bytes must be well formed and
// assigned in it, a BOM must agree with it, and there must be no NUL characters, but
// the text is not scored. (Forced UTF-16 without a BOM is also checked for the
// wrong byte order.)
func Decode(data []byte, encoding string) (text, used string, err error) {
	return decode(data, encoding, false)
}

// decode is Decode; own says data is the caller's to give away, so UTF-8 text may be
// data itself instead of a copy (a batch reads every file once, and then the copy is
// the only one).
func decode(data []byte, encoding string, own bool) (text, used string, err error) {
	enc, err := CanonicalEncoding(encoding)
	if err != nil {
		return "", "", err
	}
	if enc == "" {
		return detect(data, own)
	}
	text, err = decodeAs(data, enc)
	if err != nil {
		return "", "", err
	}
	return text, enc, nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// bom returns the encoding named by data's byte order mark, or "".
func bom(data []byte) string {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return UTF8
	case bytes.HasPrefix(data, bomUTF16LE):
		return UTF16LE
	case bytes.HasPrefix(data, bomUTF16BE):
		return UTF16BE
	}
	return ""
}

// bomLen is the length in bytes of the BOM of encoding enc.
func bomLen(enc string) int {
	if enc == UTF8 {
		return 3
	}
	return 2
}

// minCommon is the smallest score (stats.score) for a decoding to be taken as text.
const minCommon = 0.3

// minEvidence is by how many characters that look right (stats.hits) the winner must
// beat the other candidate when both GB18030 and Big5 decode without errors.
const minEvidence = 3

func detect(data []byte, own bool) (string, string, error) {
	if b := bom(data); b != "" {
		text, err := decodeAs(data, b)
		if err != nil {
			return "", "", err
		}
		return text, b, nil
	}
	if nul := bytes.IndexByte(data, 0); nul >= 0 {
		return "", "", nulBytes(data, nul)
	}
	if validUTF8(data) {
		if own {
			return unsafe.String(unsafe.SliceData(data), len(data)), UTF8, nil
		}
		return string(data), UTF8, nil
	}

	type candidate struct {
		name string
		text string
		st   stats
	}
	var cands []candidate
	if text, st, bad := gbCodec.decode(data); bad < 0 {
		name := GBK
		if st.fourByte > 0 {
			name = GB18030
		}
		cands = append(cands, candidate{name, text, st})
	}
	if text, st, bad := big5Codec.decode(data); bad < 0 {
		cands = append(cands, candidate{Big5, text, st})
	}
	var best *candidate
	for i := range cands {
		c := &cands[i]
		if c.st.score() >= minCommon && (best == nil || c.st.score() > best.st.score()) {
			best = c
		}
	}
	if best != nil && len(cands) == 2 {
		other := &cands[0]
		if best == other {
			other = &cands[1]
		}
		if best.st.hits()-other.st.hits() < minEvidence {
			return "", "", &Error{Msg: msg.Sprintf("source.cannot-tell-gbk-from-big5")}
		}
	}
	if best != nil {
		return best.text, best.name, nil
	}

	if mostlyUTF8(data) {
		n := lineOf(data, firstInvalid(data))
		return "", "", &Error{
			Line: n,
			Msg:  msg.Sprintf("source.line-not-valid-utf", n),
		}
	}
	if enc, bad, ok := damagedLegacy(data); ok {
		return "", "", invalidLine(lineOf(data, bad), enc)
	}
	return "", "", &Error{Msg: msg.Sprintf("source.cannot-detect-encoding-use-encoding")}
}

// minDamagedEvidence is how many characters that look right a GB or Big5 text must
// have before its first bad byte to be taken for that encoding, damaged.
const minDamagedEvidence = 20

// damagedLegacy reports whether data is GB or Big5 text up to a damaged stretch (a file
// cut short in the middle of a character, a stray byte): its text before the first
// bad byte sequence looks right (stats.score, minDamagedEvidence characters at least)
// and clearly more so than the other encoding's. bad is the offset of that sequence;
// the error then names its line, as for damaged UTF-8, instead of giving up on the
// encoding.
func damagedLegacy(data []byte) (enc string, bad int, ok bool) {
	_, gb, gbBad := gbCodec.decode(data)
	_, b5, b5Bad := big5Codec.decode(data)
	looks := func(st stats, bad int) bool {
		return bad >= 0 && st.score() >= minCommon && st.hits() >= minDamagedEvidence
	}
	switch {
	case looks(gb, gbBad) && gb.hits()-b5.hits() >= minEvidence:
		if gb.fourByte > 0 {
			return GB18030, gbBad, true
		}
		return GBK, gbBad, true
	case looks(b5, b5Bad) && b5.hits()-gb.hits() >= minEvidence:
		return Big5, b5Bad, true
	}
	return "", 0, false
}

// mostlyUTF8 reports whether data has more valid multi-byte UTF-8 characters than
// invalid bytes: UTF-8 with a damaged or foreign stretch rather than another encoding
// (GBK text has about one chance in ten per character of looking like UTF-8).
func mostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		i += size
	}
	return valid > invalid
}

// decodeAs decodes data as the canonical encoding enc.
func decodeAs(data []byte, enc string) (string, error) {
	b := bom(data)
	if b != "" {
		if b != enc {
			return "", &Error{Line: 1, Msg: msg.Sprintf("source.file-starts-with-byte-order",
				displayName(b), displayName(enc))}
		}
		data = data[bomLen(b):]
	}
	switch enc {
	case UTF8:
		if bytes.IndexByte(data, 0) >= 0 {
			return "", binaryFile()
		}
		if !utf8.Valid(data) {
			return "", invalidLine(lineOf(data, firstInvalid(data)), enc)
		}
		return string(data), nil
	case UTF16LE, UTF16BE:
		var order binary.ByteOrder = binary.LittleEndian
		if enc == UTF16BE {
			order = binary.BigEndian
		}
		// With a BOM the byte order is known; without one, check it.
		return decodeUTF16(data, enc, order, b == "")
	}
	c := gbCodec
	if enc == Big5 {
		c = big5Codec
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", binaryFile()
	}
	text, _, bad := c.decode(data)
	if bad >= 0 {
		return "", invalidLine(lineOf(data, bad), enc)
	}
	return text, nil
}

func displayName(enc string) string {
	switch enc {
	case UTF8:
		return "UTF-8"
	case UTF16LE:
		return "UTF-16LE"
	case UTF16BE:
		return "UTF-16BE"
	case GBK:
		return "GBK"
	case GB18030:
		return "GB18030"
	case Big5:
		return "Big5"
	}
	return enc
}

func invalidLine(n int, enc string) *Error {
	name := displayName(enc)
	return &Error{Line: n, Msg: msg.Sprintf("source.line-not-valid", n, name)}
}

// decodeUTF16 decodes UTF-16 text without its BOM. An odd byte at the end and unpaired
// surrogates are errors naming their line; NUL characters mean a binary file (a
// UTF-32LE BOM also starts with FF FE and ends up here). If checkOrder, text that has
// more characters looking like byte-swapped ASCII (U+0A00 for "\n") than ASCII is
// refused as being in the other byte order.
func decodeUTF16(data []byte, enc string, order binary.ByteOrder, checkOrder bool) (string, error) {
	var b strings.Builder
	b.Grow(len(data) * 3 / 2)
	line, ascii, swapped := 1, 0, 0
	n := len(data) / 2
	for i := 0; i < n; i++ {
		u := order.Uint16(data[2*i:])
		r := rune(u)
		switch {
		case u == 0:
			return "", binaryFile()
		case utf16.IsSurrogate(r):
			if i+1 < n {
				if dr := utf16.DecodeRune(r, rune(order.Uint16(data[2*i+2:]))); dr != unicode.ReplacementChar {
					r = dr
					i++
					break
				}
			}
			return "", invalidLine(line, enc)
		case u < 0x80:
			ascii++
			if u == '\n' {
				line++
			}
		case u&0xFF == 0:
			swapped++
		}
		b.WriteRune(r)
	}
	if len(data)%2 != 0 {
		return "", invalidLine(line, enc)
	}
	if checkOrder && swapped > ascii {
		other := UTF16BE
		if enc == UTF16BE {
			other = UTF16LE
		}
		return "", &Error{Msg: msg.Sprintf("source.byte-order-looks-wrong-this",
			displayName(other))}
	}
	return b.String(), nil
}

func binaryFile() *Error {
	return &Error{Msg: msg.Sprintf("source.binary-file-not-text-transcript")}
}

// nulBytes explains a text with NUL bytes, the first at offset first: UTF-16 written
// without a byte order mark (every other byte NUL, on the odd or the even offsets), a
// text damaged in one place (a few NULs: say which line), or a binary file.
func nulBytes(data []byte, first int) *Error {
	sample := data[:min(len(data), 4096)]
	var even, odd, nuls int
	for i, b := range sample {
		if b == 0 {
			nuls++
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	pairs := len(sample) / 2
	// Chinese in UTF-16 has NULs mostly beside its ASCII (digits, line ends) and in a
	// few characters (一 is 00 4E): decoded in the right byte order it reads as Chinese.
	for _, c := range []struct {
		enc, name string
		order     binary.ByteOrder
	}{{UTF16LE, "UTF-16LE", binary.LittleEndian}, {UTF16BE, "UTF-16BE", binary.BigEndian}} {
		text, err := decodeUTF16(sample[:len(sample)&^1], c.enc, c.order, false)
		if err != nil {
			continue
		}
		var st stats
		for _, r := range text {
			st.add(r)
		}
		if st.score() >= minCommon {
			return &Error{Msg: msg.Sprintf("source.looks-like-text-without-byte", c.name, c.enc)}
		}
	}
	switch {
	case pairs > 0 && odd*10 >= pairs*3 && even*10 < odd:
		return &Error{Msg: msg.Sprintf("source.looks-like-utf-16le-text")}
	case pairs > 0 && even*10 >= pairs*3 && odd*10 < even:
		return &Error{Msg: msg.Sprintf("source.looks-like-utf-16be-text")}
	case nuls*100 < len(sample):
		n := lineOf(data, first)
		return &Error{Line: n, Msg: msg.Sprintf("source.line-has-nul-byte-0x00", n)}
	}
	return binaryFile()
}

// stats counts the characters of a decoding that tell right from wrong: Chinese text
// is mostly frequent characters and the usual punctuation, while a wrong decoding
// gives rare characters, kana, Bopomofo, Cyrillic, box drawing and odd symbols.
type stats struct {
	han      int // Chinese characters
	common   int // of which among the most frequent (common.go)
	punct    int // common Chinese punctuation and fullwidth forms
	other    int // any other non-ASCII character
	fourByte int // four-byte GB18030 sequences
}

// commonPunct is the punctuation of everyday Chinese text. Each encoding's own
// punctuation is invalid or odd in the other: GBK's "，" (A3 AC) is Bopomofo in Big5,
// Big5's "，" (A1 41) is not GBK at all.
const commonPunct = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·　"

func (s *stats) add(r rune) {
	switch {
	case r < 0x80:
	case 0x4E00 <= r && r <= 0x9FFF || unicode.Is(unicode.Han, r):
		s.han++
		if isCommon(r) {
			s.common++
		}
	case 0xFF01 <= r && r <= 0xFF5E || strings.ContainsRune(commonPunct, r):
		s.punct++
	default:
		s.other++
	}
}

// hits is how many characters look right.
func (s stats) hits() int { return s.common + s.punct }

// judged is how many characters the score is over: all but ASCII.
func (s stats) judged() int { return s.han + s.punct + s.other }

// score is the share of characters that look right.
func (s stats) score() float64 {
	if s.judged() == 0 {
		return 0
	}
	return float64(s.hits()) / float64(s.judged())
}

// commonSet is a bitmap over the Basic Multilingual Plane of the characters in
// common.go.
var commonSet = sync.OnceValue(func() *[1 << 16 / 64]uint64 {
	var set [1 << 16 / 64]uint64
	for _, r := range commonSimplified + commonTraditional {
		set[r/64] |= 1 << (r % 64)
	}
	return &set
})

func isCommon(r rune) bool {
	return r < 1<<16 && commonSet()[r/64]&(1<<(r%64)) != 0
}

// mbCodec decodes a double-byte Chinese encoding strictly, using golang.org/x/text for
// the character tables: each well-formed pair is decoded once into a table, and every
// pair that x/text maps to U+FFFD (or decodes otherwise than as one pair) is invalid.
type mbCodec struct {
	enc      encoding.Encoding
	trail    func(b byte) bool
	gb18030  bool // four-byte sequences and the CP936 euro sign 0x80
	pairs    func() *pairTable
	fallback map[uint16]string // pairs that decode to more than one character
}

// pairTable maps lead<<8|trail to its character; 0 is invalid (no valid pair decodes
// to NUL); -1 is a pair that decodes to two characters (four in Big5).
type pairTable [1 << 16]rune

var (
	gbCodec = newCodec(simplifiedchinese.GB18030, true, func(b byte) bool {
		return 0x40 <= b && b <= 0xFE && b != 0x7F
	})
	big5Codec = newCodec(traditionalchinese.Big5, false, func(b byte) bool {
		return 0x40 <= b && b <= 0x7E || 0xA1 <= b && b <= 0xFE
	})
)

func newCodec(enc encoding.Encoding, gb18030 bool, trail func(byte) bool) *mbCodec {
	c := &mbCodec{enc: enc, trail: trail, gb18030: gb18030, fallback: map[uint16]string{}}
	c.pairs = sync.OnceValue(func() *pairTable {
		var t pairTable
		dec := enc.NewDecoder()
		buf := make([]byte, 16)
		for lead := 0x81; lead <= 0xFE; lead++ {
			for tr := 0x40; tr <= 0xFE; tr++ {
				if !trail(byte(tr)) {
					continue
				}
				dec.Reset()
				nDst, nSrc, err := dec.Transform(buf, []byte{byte(lead), byte(tr)}, true)
				if err != nil || nSrc != 2 {
					continue
				}
				out := string(buf[:nDst])
				r, size := utf8.DecodeRuneInString(out)
				switch {
				case strings.ContainsRune(out, utf8.RuneError):
				case size == len(out):
					t[lead<<8|tr] = r
				default:
					t[lead<<8|tr] = -1
					c.fallback[uint16(lead<<8|tr)] = out
				}
			}
		}
		return &t
	})
	return c
}

// gb18030FFFD is how GB18030 encodes U+FFFD itself, which is then not an error.
var gb18030FFFD = []byte{0x84, 0x31, 0xA4, 0x37}

// decode decodes data, counting stats as it goes. bad is the offset of the first
// invalid byte sequence, or -1 when there is none (and text is then valid).
func (c *mbCodec) decode(data []byte) (text string, st stats, bad int) {
	pairs := c.pairs()
	var b strings.Builder
	b.Grow(len(data) * 3 / 2)
	for i := 0; i < len(data); {
		c0 := data[i]
		switch {
		case c0 < 0x80:
			b.WriteByte(c0)
			i++
			continue
		case c0 == 0x80 && c.gb18030:
			b.WriteRune('€')
			st.add('€')
			i++
			continue
		case c0 == 0x80 || c0 == 0xFF || i+1 >= len(data):
			return "", st, i
		}
		c1 := data[i+1]
		if c.gb18030 && 0x30 <= c1 && c1 <= 0x39 {
			r, ok := c.fourBytes(data[i:])
			if !ok {
				return "", st, i
			}
			b.WriteRune(r)
			st.add(r)
			st.fourByte++
			i += 4
			continue
		}
		r := pairs[int(c0)<<8|int(c1)]
		switch r {
		case 0:
			return "", st, i
		case -1:
			s := c.fallback[uint16(c0)<<8|uint16(c1)]
			b.WriteString(s)
			for _, r := range s {
				st.add(r)
			}
		default:
			b.WriteRune(r)
			st.add(r)
		}
		i += 2
	}
	return b.String(), st, -1
}

// fourBytes decodes a four-byte GB18030 sequence at the start of p.
func (c *mbCodec) fourBytes(p []byte) (rune, bool) {
	if len(p) < 4 || p[1] < 0x30 || p[1] > 0x39 || p[2] < 0x81 || p[2] > 0xFE || p[3] < 0x30 || p[3] > 0x39 {
		return 0, false
	}
	var buf [8]byte
	nDst, nSrc, err := c.enc.NewDecoder().Transform(buf[:], p[:4], true)
	if err != nil || nSrc != 4 {
		return 0, false
	}
	r, size := utf8.DecodeRune(buf[:nDst])
	if size != nDst || r == utf8.RuneError && !bytes.Equal(p[:4], gb18030FFFD) {
		return 0, false
	}
	return r, true
}

// validUTF8 is utf8.Valid, with the three-byte characters of Chinese text (led by E1–EC
// or EE–EF, where no continuation byte makes an overlong form or a surrogate) checked in
// line: the library looks each up in its tables, a call a character, and checking every
// file cost as much as parsing it.
func validUTF8(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < utf8.RuneSelf:
			i++
		case c-0xE1 < 0x0F && c != 0xED && i+2 < len(data) && (data[i+1]^0x80)|(data[i+2]^0x80) < 0x40:
			i += 3
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
			i += size
		}
	}
	return true
}
