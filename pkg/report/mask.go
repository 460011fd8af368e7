package report

import (
	"strings"
	"unicode/utf8"
)

// Personal data in reports. Reports are mailed around and opened in spreadsheets, so by
// default a phone, ID-card or bank-card number a call quotes keeps only its first 3 and
// last 4 digits (138****5678), as banks and carriers print them. Matching ran on the
// whole text before; only what is shown is masked.

// maskMinDigits is the shortest digit run masked: a mainland mobile number has 11
// digits; dates, amounts, job numbers and order lines have fewer.
const (
	maskMinDigits = 11
	maskKeepHead  = 3
	maskKeepTail  = 4
)

// digitKind says whether r is a digit as transcripts write them and of which kind:
// 1 for ASCII or full-width, 2 for the Chinese numerals an ASR system spells a number
// with (幺 for 1 when read aloud), 0 for none. A run keeps to one kind, so 一共 after
// a number is not part of it.
func digitKind(r rune) int {
	switch r {
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
		'０', '１', '２', '３', '４', '５', '６', '７', '８', '９':
		return 1
	case '零', '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '幺', '两':
		return 2
	}
	return 0
}

// MaskPII masks every run of at least 11 digits in s, spaces and hyphens between them
// allowed (138 1234 5678), and an ID card's final X: the digits past the first 3 and
// before the last 4 become '*'.
func MaskPII(s string) string {
	if len(s) < maskMinDigits {
		return s
	}
	var b []byte // nil until a run is masked: most texts have none
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && (c < '0' || c > '9') { // most of a text: no rune to decode
			if b != nil {
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := rune(s[i]), 1
		if c := s[i]; c >= utf8.RuneSelf { // normalize.DecodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && i+2 < len(s) && (s[i+1]^0x80)|(s[i+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		kind := digitKind(r)
		if kind == 0 {
			if b != nil {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		start, end, digits := i, i, 0
		for j := i; j < len(s); {
			r, size := utf8.DecodeRuneInString(s[j:])
			if digitKind(r) == kind || (r == 'X' || r == 'x') && digits == 17 {
				digits++
				j += size
				end = j
				continue
			}
			if (r == ' ' || r == '-') && digits > 0 {
				if n, _ := utf8.DecodeRuneInString(s[j+size:]); j+size < len(s) && digitKind(n) == kind {
					j += size
					continue
				}
			}
			break
		}
		if digits < maskMinDigits {
			if b != nil {
				b = append(b, s[start:end]...)
			}
			i = end
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)), s[:start]...)
		}
		n := 0
		for j := start; j < end; {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == ' ' || r == '-' {
				b = append(b, byte(r))
			} else {
				if n < maskKeepHead || n >= digits-maskKeepTail {
					b = append(b, s[j:j+size]...)
				} else {
					b = append(b, '*')
				}
				n++
			}
			j += size
		}
		i = end
	}
	if b == nil {
		return s
	}
	return string(b)
}

// unmaskedKey says whether a metadata key names the call, a system's record of it or
// the people handling it (call_id, task_id, agent, team), never a customer: kept whole
// so a masked report can still be traced to its call.
func unmaskedKey(k string) bool {
	k = strings.ToLower(k)
	return k == "id" || strings.HasSuffix(k, "_id") || strings.HasSuffix(k, "id") && !strings.Contains(k, "card") ||
		k == "agent" || k == "team" || k == "channel"
}

// MaskPII masks the personal data of everything c shows: the quoted utterances and
// matches of its findings, suppressed findings and notes, what a near miss heard, the
// transcript kept for the HTML page, and metadata other than the call's own ids.
func (c *Call) MaskPII() {
	for _, fs := range [][]Finding{c.Findings, c.Suppressed, c.Notes} {
		for i := range fs {
			fs[i].Text, fs[i].Match = MaskPII(fs[i].Text), MaskPII(fs[i].Match)
		}
	}
	for i := range c.Bonuses {
		c.Bonuses[i].Text, c.Bonuses[i].Match = MaskPII(c.Bonuses[i].Text), MaskPII(c.Bonuses[i].Match)
	}
	for i := range c.NearMisses {
		c.NearMisses[i].Heard = MaskPII(c.NearMisses[i].Heard)
	}
	for i := range c.Transcript {
		c.Transcript[i].Text = MaskPII(c.Transcript[i].Text)
	}
	var masked map[string]string
	for k, v := range c.Metadata {
		if m := MaskPII(v); m != v && !unmaskedKey(k) {
			if masked == nil {
				masked = make(map[string]string, len(c.Metadata))
				for k, v := range c.Metadata {
					masked[k] = v
				}
			}
			masked[k] = m
		}
	}
	if masked != nil {
		c.Metadata = masked // the parsed call's map is not the report's to change
	}
}
