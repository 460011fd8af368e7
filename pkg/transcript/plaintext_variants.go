package transcript

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// This file holds the speaker-label and time helpers shared by the plain-text variants
// (see ParsePlain), the CSV reader and the subtitle reader.

// lookupLabel maps a speaker label to a role. Besides the labels in roles it accepts a
// known label followed by a parenthesised id, "坐席(工号1024)" or "坐席（1024）"; id is then
// the id without its "工号"/"ID" prefix, or "" when the parentheses hold no id (a name).
// It accepts too a known label numbered as exports number the speakers of a side
// (坐席1, 客户2, 坐席A, 坐席-1024, agent_1, Customer 2), and an agent's label with the
// word for a member of staff after it (坐席员, 客服人员, 客服代表, 客服专员): unknown, such a
// line ran on as the words of the speaker before, the agent's 禁语 charged to nobody and
// the customer's to the agent. The staff of an office (教育局专员, 售后部工作人员) are the
// agent's side too: the colleague a call was put through to.
func lookupLabel(roles RoleMap, label string) (role Role, id string, known bool) {
	return lookupLabelAs(roles, label, true)
}

// lookupBareLabel is lookupLabel for a line that may be a label alone, the words on the
// lines after it: a number or a word after a known label there is more likely speech
// that runs on (客户 12, 客服人员), so only the labels themselves are known.
func lookupBareLabel(roles RoleMap, label string) (role Role, id string, known bool) {
	return lookupLabelAs(roles, label, false)
}

func lookupLabelAs(roles RoleMap, label string, numbered bool) (role Role, id string, known bool) {
	if r, ok := roles.Lookup(label); ok {
		return r, "", true
	}
	if base, inner, ok := splitParenID(label); ok {
		if r, _, ok := lookupLabelAs(roles, base, numbered); ok {
			return r, normalizeID(inner), true
		}
		return "", "", false
	}
	if !numbered || !maybeNumberedOrStaff(label) {
		return "", "", false
	}
	folded := foldLabel(label)
	base, cut := cutSpeakerNumber(folded)
	if cut {
		if r, ok := roles.Lookup(base); ok {
			return r, "", true
		}
	}
	for _, staff := range staffWords {
		if b, ok := strings.CutSuffix(base, staff); ok && utf8.RuneCountInString(b) >= 2 {
			if r, ok := roles.Lookup(b); ok && r == Agent {
				return r, "", true
			}
			// The staff of an office the call was put through to (教育局专员, 售后部工作人员,
			// 供电所人员): on a three-way transfer they serve the caller, the agent's side.
			if staff != "代表" && endsWithOffice(b) {
				return Agent, "", true
			}
		}
	}
	return "", "", false
}

// offices end the name of an office or department whose staff serve the caller.
var offices = []string{"局", "办", "部", "中心", "公司", "站", "所", "科", "处", "院", "厅", "室", "网点", "营业厅"}

func endsWithOffice(s string) bool {
	for _, o := range offices {
		if strings.HasSuffix(s, o) {
			return true
		}
	}
	return false
}

// maybeNumberedOrStaff reports whether label ends as a numbered label or a staff word
// does: with a letter or digit (half- or full-width), or a staff word, invisible
// characters and spaces after it aside. The parsers ask about every line, and folding
// each to find out cost a twentieth of parsing.
func maybeNumberedOrStaff(label string) bool {
	rest := label
	for rest != "" {
		r, size := utf8.DecodeLastRuneInString(rest)
		switch {
		case isFormat(r) || unicode.IsSpace(r):
			rest = rest[:len(rest)-size]
			continue
		case r < utf8.RuneSelf:
			return 'a' <= r|0x20 && r|0x20 <= 'z' || '0' <= r && r <= '9'
		case isWide(r):
			return true // folded to ASCII: decided after folding
		}
		for _, staff := range staffWords {
			if strings.HasSuffix(rest, staff) {
				return true
			}
		}
		return false
	}
	return false
}

// staffWords follow an agent's label to name a member of staff: 坐席员, 客服人员.
// (Only an agent's: 客户代表 is a company's account manager, not the customer.)
var staffWords = []string{"工作人员", "人员", "代表", "专员", "專員", "员", "員"}

// cutSpeakerNumber cuts the number or letter of a speaker off a folded label: "坐席1",
// "坐席 1", "坐席-1024", "坐席#2", "坐席a", "agent_1". The label left must have two
// characters or more (a1 and b2 stay unknown), and a letter follows only a Chinese label
// or a separator (agenta is not agent a). At most four digits without a separator, six
// with one: 客服10086 on a line of its own is the hotline, words.
func cutSpeakerNumber(label string) (base string, ok bool) {
	i := len(label)
	for i > 0 && '0' <= label[i-1] && label[i-1] <= '9' {
		i--
	}
	digits := len(label) - i
	letter := false
	if digits == 0 && i > 0 && ('a' <= label[i-1] && label[i-1] <= 'z') {
		i--
		letter = true
	}
	if i == len(label) || digits > 6 {
		return label, false
	}
	base = label[:i]
	sep := false
	for _, s := range []string{" ", "-", "_", "#", "·"} {
		if b, ok := strings.CutSuffix(base, s); ok {
			base, sep = strings.TrimRight(b, " "), true
			break
		}
	}
	last, _ := utf8.DecodeLastRuneInString(base)
	switch {
	case utf8.RuneCountInString(base) < 2:
		return label, false
	case digits > 4 && !sep:
		return label, false
	case letter && !sep && !unicode.Is(unicode.Han, last):
		return label, false
	}
	return base, true
}

// splitParenID splits "base(inner)" or "base（inner）"; base must not be empty.
func splitParenID(label string) (base, inner string, ok bool) {
	label = strings.TrimSpace(label)
	var closeSize int
	switch {
	case strings.HasSuffix(label, ")"):
		closeSize = len(")")
	case strings.HasSuffix(label, "）"):
		closeSize = len("）")
	default:
		return "", "", false
	}
	body := label[:len(label)-closeSize]
	open := strings.LastIndexAny(body, "(（")
	if open < 0 {
		return "", "", false
	}
	_, openSize := utf8.DecodeRuneInString(body[open:])
	base = strings.TrimSpace(body[:open])
	if base == "" {
		return "", "", false
	}
	return base, strings.TrimSpace(body[open+openSize:]), true
}

// idPrefixes are words written before an agent's number inside the parentheses.
var idPrefixes = []string{"工号", "工號", "编号", "編號", "坐席号", "座席号", "id", "no.", "no", "#", "＃"}

// normalizeID turns the inside of "坐席(工号：1024)" into "1024". It returns "" unless what is
// left is a plausible id: ASCII letters, digits, "-" and "_", with at least one digit.
func normalizeID(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range idPrefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	s = strings.TrimLeft(s, " \t:：.#＃\u3000")
	if s == "" || strings.IndexFunc(s, func(r rune) bool {
		return !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_'))
	}) >= 0 || strings.IndexAny(s, "0123456789") < 0 {
		return ""
	}
	return s
}

// splitSpeakerLabel is splitLabel, except that a colon inside the parenthesised id of a
// known label does not end the label: "坐席(工号：1024)：您好" splits after the ")".
func splitSpeakerLabel(s string, roles RoleMap) (label, text string, ok bool) {
	label, text, ok = splitLabel(s)
	if !ok || indexEither(label, '(', "（") < 0 || indexEither(label, ')', "）") >= 0 {
		return label, text, ok
	}
	end := strings.IndexAny(s, ")）")
	if end < 0 {
		return label, text, ok
	}
	_, size := utf8.DecodeRuneInString(s[end:])
	cand := strings.TrimSpace(s[:end+size])
	after := strings.TrimSpace(s[end+size:])
	i, colon := indexColon(after)
	if i != 0 {
		return label, text, ok
	}
	if _, _, known := lookupLabel(roles, cand); !known {
		return label, text, ok
	}
	return cand, strings.TrimSpace(after[colon:]), true
}

// bracketLabel reads "[坐席] text" or "【客户】text": a known label in brackets, with no colon
// needed after it (one is skipped if present). Brackets holding anything else ("[笑声]")
// are not labels.
func bracketLabel(s string, roles RoleMap) (label, text string, role Role, id string, ok bool) {
	content, rest, ok := cutBracket(s)
	if !ok {
		return "", "", "", "", false
	}
	role, id, known := lookupLabel(roles, content)
	if !known {
		return "", "", "", "", false
	}
	rest = strings.TrimSpace(rest)
	if i, size := indexColon(rest); i == 0 {
		rest = strings.TrimSpace(rest[size:])
	}
	return strings.TrimSpace(content), rest, role, id, true
}

// cutBracket splits a leading "[...]" or "【...】" off s.
func cutBracket(s string) (content, rest string, ok bool) {
	var inner string
	switch {
	case strings.HasPrefix(s, "["):
		inner = s[len("["):]
	case strings.HasPrefix(s, "【"):
		inner = s[len("【"):]
	default:
		return "", "", false
	}
	end := indexEither(inner, ']', "】")
	if end < 0 {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(inner[end:])
	return inner[:end], inner[end+size:], true
}

// lineTime is a time read from a line or a cell: an offset from the start of the call, or
// a wall-clock time (it had a date) that becomes an offset from the earliest wall-clock
// time in the call once the whole call is read.
type lineTime struct {
	timestamp
	wall   time.Time
	isWall bool
	date   string // yyyy-mm-dd of a wall-clock time
}

// dateLayouts are the dates accepted before a time of day.
var dateLayouts = []string{"2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日"}

// parseDate reads a date such as 2026-11-03, 2026/11/3 or 2026年11月3日.
func parseDate(s string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseDateTime reads "yyyy-mm-dd hh:mm:ss(.fff)" (or with "T", "/", "年月日"); the time
// of day goes through ParseTime.
func parseDateTime(s string) (lineTime, bool) {
	s = strings.TrimSpace(s)
	var datePart, timePart string
	if i := strings.LastIndexFunc(s, unicode.IsSpace); i >= 0 {
		datePart, timePart = strings.TrimSpace(s[:i]), s[i+1:]
	} else if i := strings.IndexByte(s, 'T'); i >= 0 {
		datePart, timePart = s[:i], s[i+1:]
	} else {
		return lineTime{}, false
	}
	if !strings.ContainsAny(timePart, ":：") {
		return lineTime{}, false
	}
	date, ok := parseDate(datePart)
	if !ok {
		return lineTime{}, false
	}
	tod, err := ParseTime(timePart)
	if err != nil {
		return lineTime{}, false
	}
	return lineTime{timestamp: timestamp{ok: true}, wall: date.Add(tod), isWall: true, date: date.Format("2006-01-02")}, true
}

// roleTimeLine reads a header line "坐席 10:01:02" or "客服  2026-11-03 10:01:02", as IM and
// call platforms export them: the speaker's words follow on the next lines. The time needs
// a colon, so "客户 12" is not a header.
func roleTimeLine(s string) (label string, t lineTime, ok bool) {
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return "", lineTime{}, false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	tok, before := s[i+size:], strings.TrimSpace(s[:i])
	if before == "" || !hasColon(tok) {
		return "", lineTime{}, false
	}
	// "label yyyy-mm-dd hh:mm:ss" or "label yyyy-mm-ddThh:mm:ss"
	if j := strings.LastIndexFunc(before, unicode.IsSpace); j >= 0 {
		_, size := utf8.DecodeRuneInString(before[j:])
		if dt, ok := parseDateTime(before[j+size:] + " " + tok); ok {
			return strings.TrimSpace(before[:j]), dt, true
		}
	}
	if dt, ok := parseDateTime(tok); ok {
		return before, dt, true
	}
	d, err := ParseTime(tok)
	if err != nil {
		return "", lineTime{}, false
	}
	return before, lineTime{timestamp: timestamp{ok: true, start: d}}, true
}

// parseCellTime reads a time written as a field of its own (a tab-separated line): a
// bracketed or bare time or range, or a date and time of day. ok is false when the field
// does not look like a time at all; err is set when it does but does not parse.
func parseCellTime(s string) (t lineTime, ok bool, err error) {
	s = strings.TrimSpace(s)
	if content, rest, isBracket := cutBracket(s); isBracket && strings.TrimSpace(rest) == "" {
		s = strings.TrimSpace(content)
	}
	if dt, ok := parseDateTime(s); ok {
		return dt, true, nil
	}
	if !looksLikeTime(s) {
		return lineTime{}, false, nil
	}
	st, err := parseStamp(s)
	if err == nil && st.hasEnd && st.end < st.start {
		return lineTime{}, true, errEndsBeforeStart(s)
	}
	if err != nil {
		return lineTime{}, true, errMalformedTime(s)
	}
	return lineTime{timestamp: st}, true, nil
}

func errMalformedTime(s string) error {
	return msg.Errorf("transcript.malformed-time", excerpt(s))
}

func errEndsBeforeStart(s string) error {
	return msg.Errorf("transcript.time-ends-before-it-starts", excerpt(s))
}

// tabLine reads "time<TAB>role<TAB>text". ok is false when the line is not of that shape;
// err is set when it is but the time does not parse.
func tabLine(raw string, roles RoleMap) (label, text string, role Role, id string, t lineTime, ok bool, err error) {
	if strings.Count(raw, "\t") < 2 {
		return // not three fields, and no slice of them made for every line of speech
	}
	s := strings.TrimLeftFunc(strings.TrimRight(raw, "\r\n"), unicode.IsSpace)
	fields := strings.Split(s, "\t")
	if len(fields) < 3 {
		return
	}
	label = strings.TrimSpace(fields[1])
	r, id, known := lookupLabel(roles, label)
	if !known {
		if !looksLikeLabel(label) || strings.ContainsAny(label, ":：") {
			return
		}
		r = Unknown
	}
	t, isTime, err := parseCellTime(fields[0])
	if !isTime {
		return "", "", "", "", lineTime{}, false, nil
	}
	if err != nil {
		return "", "", "", "", lineTime{}, false, err
	}
	parts := make([]string, 0, len(fields)-2)
	for _, f := range fields[2:] {
		if f = strings.TrimSpace(f); f != "" {
			parts = append(parts, f)
		}
	}
	return label, strings.Join(parts, " "), r, id, t, true, nil
}

// isTabHeader reports whether a tab-separated line is a column header such as
// "时间<TAB>角色<TAB>内容" (skipped before the first utterance).
func isTabHeader(raw string) bool {
	fields := strings.Split(strings.TrimSpace(raw), "\t")
	return len(fields) >= 3 && isFieldName("role", fields[1]) && isFieldName("text", fields[2])
}

// joinText joins the lines of one utterance. Like continuation lines in plain text they
// are joined without a separator, except that a space is kept between two Latin letters or
// digits ("hello" + "world"), which would otherwise run together.
func joinText(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	x, _ := utf8.DecodeLastRuneInString(a)
	y, _ := utf8.DecodeRuneInString(b)
	if isLatinWord(x) && isLatinWord(y) {
		return a + " " + b
	}
	return a + b
}

func isLatinWord(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// joiner joins many pieces as joinText joins two, in time linear in their length:
// joinText on the text so far copies it every time, and a value of 40,000 lines took 20 s.
type joiner struct {
	b    strings.Builder
	last rune // the last rune written
}

func (j *joiner) add(s string) {
	if s == "" {
		return
	}
	if j.b.Len() > 0 {
		first, _ := utf8.DecodeRuneInString(s)
		if isLatinWord(j.last) && isLatinWord(first) {
			j.b.WriteByte(' ')
		}
	}
	j.b.WriteString(s)
	j.last, _ = utf8.DecodeLastRuneInString(s)
}

func (j *joiner) String() string { return j.b.String() }

func (j *joiner) reset() {
	j.b.Reset()
	j.last = 0
}

// joinLines trims every line of a multi-line value and joins them with joinText.
func joinLines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return strings.TrimSpace(s)
	}
	var j joiner
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		j.add(strings.TrimSpace(strings.TrimSuffix(l, "\r")))
	}
	return j.String()
}

// clockFrom is how late a call's first time may be and still be an offset into the call:
// a first line at [20:13:05] is the time of day a chat or call platform stamped it with,
// not twenty hours of recording. A chat is stamped that way from an hour on.
const clockFrom, chatClockFrom = 6 * time.Hour, time.Hour

// rebaseClockTimes turns times of day without a date into offsets from the earliest, so
// the call starts at 00:00:00 (not "mid-call", which would excuse its greeting); a time
// more than an hour earlier than the one before it has passed midnight. Times of day are
// below 24 hours: with a time past that the times are offsets as written (a first line at
// [30:00:00] and a second at [00:00:05] made the second start at -5h59m55s). The base is
// the earliest time, not the first line's: rows out of order ([10:00:00] then [09:30:00])
// made the second start at -30m.
func rebaseClockTimes(c *Call) {
	us := c.Utterances
	if len(us) == 0 || !us[0].HasStart {
		return
	}
	from := clockFrom
	if strings.EqualFold(strings.TrimSpace(c.Metadata["channel"]), "chat") {
		from = chatClockFrom
	}
	if us[0].Start < from {
		return
	}
	for _, u := range us {
		if u.HasStart && u.Start >= 24*time.Hour || u.HasEnd && u.End >= 24*time.Hour {
			return
		}
	}
	// Each time on the day it falls on.
	day, last, base := time.Duration(0), us[0].Start, us[0].Start
	for i := range us {
		u := &us[i]
		if !u.HasStart {
			continue
		}
		if u.Start+day < last-time.Hour { // 23:59 → 00:01
			day += 24 * time.Hour
		}
		u.Start += day
		last = u.Start
		base = min(base, u.Start)
		if u.HasEnd {
			if u.End += day; u.End < u.Start {
				u.End += 24 * time.Hour
			}
		}
	}
	for i := range us {
		if u := &us[i]; u.HasStart {
			u.Start -= base
			if u.HasEnd {
				u.End -= base
			}
		}
	}
}

// wallStart remembers an utterance whose start was a wall-clock time.
type wallStart struct {
	index int
	t     time.Time
}

// applyWallStarts turns wall-clock starts into offsets from the earliest of them, so the
// first utterance of the call starts at 00:00:00, and records the date when the call has
// none.
func applyWallStarts(c *Call, walls []wallStart, date string) {
	if len(walls) == 0 {
		return
	}
	base := walls[0].t
	for _, w := range walls {
		if w.t.Before(base) {
			base = w.t
		}
	}
	for _, w := range walls {
		u := &c.Utterances[w.index]
		u.Start, u.HasStart = w.t.Sub(base), true
	}
	if _, ok := c.Metadata["date"]; !ok && date != "" {
		c.Metadata["date"] = date
	}
}

// labelTimeLine reads a line whose speaker label is written before its time, as some
// exports do:
//
//	坐席 [00:00:01]：您好     坐席 00:00:01：您好     坐席 00:00:01 您好
//	【坐席 00:00:01】您好      [说话人1 00:01] 您好
//
// The label must be known or look like a speaker id (说话人1, spk0), and words must follow
// (a label and a time alone on a line are a header, see roleTimeLine): speech has times
// in it too (我 10:30 到的).
func labelTimeLine(s string, roles RoleMap) (label string, role Role, id string, t lineTime, body string, ok bool) {
	var tok string
	if content, rest, isBracket := cutBracket(s); isBracket {
		i := strings.LastIndexFunc(content, unicode.IsSpace)
		if i < 0 {
			return "", "", "", lineTime{}, "", false
		}
		label, tok, body = strings.TrimSpace(content[:i]), strings.TrimSpace(content[i:]), rest
	} else {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			return "", "", "", lineTime{}, "", false
		}
		label = s[:i]
		rest := strings.TrimSpace(s[i:])
		if content, after, isBracket := cutParenOrBracket(rest); isBracket {
			tok, body = content, after
		} else {
			n := strings.IndexFunc(rest, func(r rune) bool { return !strings.ContainsRune("0123456789:.,", r) })
			if n < 0 {
				n = len(rest)
			}
			tok, body = strings.TrimRight(rest[:n], ":.,"), rest[n:]
		}
	}
	body = strings.TrimSpace(body)
	if c, size := indexColon(body); c == 0 {
		body = strings.TrimSpace(body[size:])
	}
	if body == "" || !hasColon(tok) || !startsWithDigit(tok) {
		return "", "", "", lineTime{}, "", false
	}
	d, timeOK := parseTime(tok)
	if !timeOK {
		return "", "", "", lineTime{}, "", false
	}
	role, id, known := lookupLabel(roles, label)
	if !known {
		if !looksLikeIDCell(label) {
			return "", "", "", lineTime{}, "", false
		}
		role = Unknown
	}
	return label, role, id, lineTime{timestamp: timestamp{ok: true, start: d}}, body, true
}

// cutParenOrBracket splits a leading "[...]", "【...】", "(...)" or "（...）" off s.
func cutParenOrBracket(s string) (content, rest string, ok bool) {
	if content, rest, ok := cutBracket(s); ok {
		return content, rest, true
	}
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if strings.HasPrefix(s, p[0]) {
			if end := strings.Index(s, p[1]); end > 0 {
				return s[len(p[0]):end], s[end+len(p[1]):], true
			}
		}
	}
	return "", "", false
}

// bareStamp splits a time written without brackets off the start of a line that then
// names its speaker (00:00:01 坐席：您好, 2026-11-20 20:13:05 说话人1：…, or a date and
// time and a name alone, the words below). A line of speech that starts with a time
// (10:30 我到了) names no speaker and is left alone.
func bareStamp(line string) (lineTime, string, bool) {
	i := strings.IndexFunc(line, unicode.IsSpace)
	if i < 0 || !startsWithDigit(line) {
		return lineTime{}, "", false
	}
	tok, rest := line[:i], strings.TrimSpace(line[i:])
	var t lineTime
	if d, ok := parseTime(tok); ok && hasColon(tok) {
		t = lineTime{timestamp: timestamp{ok: true, start: d}}
	} else {
		j := strings.IndexFunc(rest, unicode.IsSpace)
		if j < 0 {
			return lineTime{}, "", false
		}
		dt, ok := parseDateTime(tok + " " + rest[:j])
		if !ok {
			return lineTime{}, "", false
		}
		t, rest = dt, strings.TrimSpace(rest[j:])
	}
	if label, _, ok := splitLabel(rest); ok && looksLikeLabel(label) {
		return t, rest, true
	}
	// A name alone after a date and time heads the words below it.
	if t.isWall && looksLikeLabel(rest) {
		return t, rest, true
	}
	return lineTime{}, "", false
}
