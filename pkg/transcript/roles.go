package transcript

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// RoleMap maps speaker labels (case-insensitive) to roles.
type RoleMap map[string]Role

// DefaultRoles are the labels call-center exports use most.
func DefaultRoles() RoleMap {
	m := RoleMap{}
	for _, l := range []string{"坐席", "座席", "客服", "话务员", "話務員", "agent", "a"} {
		m[l] = Agent
	}
	for _, l := range []string{"客户", "客戶", "顾客", "顧客", "用户", "用戶", "来电人", "來電人", "来电者", "來電者", "客人", "customer", "b"} {
		m[l] = Customer
	}
	// Event lines of the recording system (系统：客户已挂机, 系统：转接理赔专席) start a line of
	// their own and belong to neither side: without a time, an unknown label would be
	// read as the previous speaker's words.
	for _, l := range []string{"系统", "系統", "系统提示", "系統提示", "system"} {
		m[l] = Unknown
	}
	return m
}

// Lookup returns the role for a label and whether the label is known.
func (m RoleMap) Lookup(label string) (Role, bool) {
	if r, ok := m[label]; ok {
		return r, true // as configured: most labels, with no copy made to fold them
	}
	if !foldable(label) {
		return "", false // folding would not change it: no copy to make
	}
	r, ok := m[foldLabel(label)]
	return r, ok
}

// foldLabel is a label as RoleMap keys are written: lower case, half-width, without the
// spaces around it, and without the invisible characters (zero-width space and joiners,
// the word joiner, a BOM, a soft hyphen, variation selectors, combining marks) that made
// 坐<U+200B>席 or 坐<U+FE00>席 a stranger whose words counted for neither side, or ran on
// as the words of the speaker before.
func foldLabel(label string) string {
	label = strings.ToLower(strings.TrimSpace(label))
	if strings.IndexFunc(label, func(r rune) bool { return isFormat(r) || isWide(r) }) < 0 {
		return label
	}
	return strings.ToLower(strings.TrimSpace(strings.Map(func(r rune) rune {
		if isFormat(r) {
			return -1
		}
		if isWide(r) {
			return width.LookupRune(r).Narrow()
		}
		return r
	}, label)))
}

// isFormat reports whether r is invisible in a label: a format character, a variation
// selector, a combining mark or another default-ignorable code point (a Hangul filler).
func isFormat(r rune) bool {
	if r < 0x80 || 0x3400 <= r && r <= 0x9FFF { // the CJK ideographs of every line: none is
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me, unicode.Variation_Selector,
		unicode.Other_Default_Ignorable_Code_Point)
}

// isWide reports whether r is a full-width ASCII form (Ａ, ｇ, １): exports typed on a
// Chinese keyboard label the agent Ａ or ａｇｅｎｔ.
func isWide(r rune) bool { return 0xFF01 <= r && r <= 0xFF5E }

// isWideLabelChar reports whether r is a full-width form a label may have: a letter, a
// digit, or a separator before a speaker's number (＃, －, ＿). Not the full-width
// punctuation of every Chinese line (，？！), which no label has: folding each such line
// to look it up cost a twentieth of parsing.
func isWideLabelChar(r rune) bool {
	return 0xFF10 <= r && r <= 0xFF19 || 0xFF21 <= r && r <= 0xFF3A || 0xFF41 <= r && r <= 0xFF5A ||
		r == '＃' || r == '－' || r == '＿'
}

// longest is the length in bytes of m's longest label.
func (m RoleMap) longest() int {
	n := 0
	for label := range m {
		n = max(n, len(label))
	}
	return n
}

// foldable reports whether trimming spaces or lower-casing may change s. The parsers ask
// about every line of a transcript, almost all of them Chinese text with no case.
func foldable(s string) bool {
	if s == "" {
		return false
	}
	if first, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(first) {
		return true
	}
	if last, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(last) {
		return true
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				return true
			}
		case isFormat(r), isWideLabelChar(r):
			return true
		case 0x3000 <= r && r < 0xA640: // CJK, Yi, Lisu, Vai: no case
		case unicode.ToLower(r) != r:
			return true
		}
	}
	return false
}

// With returns a copy of m with extra labels added; later labels override earlier ones.
// It copies m: to add many labels one at a time, copy once and Set each.
func (m RoleMap) With(role Role, labels ...string) RoleMap {
	out := make(RoleMap, len(m)+len(labels))
	for k, v := range m {
		out[k] = v
	}
	for _, l := range labels {
		out.Set(role, l)
	}
	return out
}

// Set adds a label to m in place, overriding what it meant before. The label is kept
// folded as Lookup folds what it is asked: a rulebook's 理财顾问Ａ (full-width) is found as
// the transcript writes it, full-width or not.
func (m RoleMap) Set(role Role, label string) {
	m[foldLabel(label)] = role
}
