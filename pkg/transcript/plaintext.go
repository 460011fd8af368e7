package transcript

import (
	"iter"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// ParsePlain parses a decoded (UTF-8) plain-text transcript.
//
// The format is one utterance per line:
//
//	# call_id: 20240501-0001        metadata header (a "#" line without a colon is a comment)
//	[00:00:01-00:00:04] 坐席：您好，请问有什么可以帮到您？
//	客户: 我想查一下话费
//	  上个月的。                    continuation: appended to the previous utterance
//
// The leading [time] (or 【time】) is optional; it may be a single time or a start-end range.
// The colon after the speaker label may be ASCII ":" or full-width "："; the label is mapped
// with roles (nil means DefaultRoles()).
//
// Deciding whether a line starts a new utterance or continues the previous one matters,
// because speech itself often contains a colon ("请记录：电话是123"). The rule is:
//
//  1. If the text before the first colon (after the optional time) is a known label, the
//     line starts a new utterance of that role.
//  2. Otherwise, if it looks like a label (1–12 runes, and no spaces if it contains Chinese)
//     and either there is no utterance yet or the line has a time, the line starts a new
//     utterance with Role Unknown and the label kept. A time marks a new turn for certain,
//     so there the ambiguity does not arise.
//  3. Otherwise the line continues the previous utterance. It is an error if there is no
//     previous utterance, or if the line has a time (a time without a speaker).
//
// Exports from other systems write the speaker differently; these lines also start an
// utterance (checked before the rules above):
//
//	坐席(工号1024)：您好             a known label with a parenthesised id, also 坐席（1024）：;
//	                                 an agent's id becomes Metadata["agent_id"] if there is none
//	[坐席] 您好 / 【客户】你好         a known label in brackets, no colon needed
//	客服 10:01:02                    a known label and a time alone on a line: a header, the
//	客服  2026-11-03 10:01:02        words follow on the next lines (continuation lines)
//	00:00:01<TAB>坐席<TAB>您好        time, label and text separated by tabs
//	[00:00:01] 坐席                  a known label alone on its line (with or without a colon
//	                                 or a time); the words follow on the next lines
//
// Only known labels (roles, with an optional parenthesised id) are taken from brackets or
// from a line of their own, so "[笑声]" and ordinary speech stay text. An unknown label is
// accepted in a header line only when it has a date or starts the call, and in a
// tab-separated line (which has a time). A time that has a date is a wall-clock time: such
// times become offsets from the earliest of them (the call starts at 00:00:00) and the date
// goes to Metadata["date"] if the file has none. A time without a date is an offset from the
// start of the call, as in [hh:mm:ss]. A tab-separated line whose second and third fields are
// column names (时间<TAB>角色<TAB>内容) is skipped before the first utterance.
//
// Blank lines are ignored, a UTF-8 BOM is stripped and "\r\n" line endings are accepted.
// All errors are *ParseError.
func ParsePlain(path string, text string, roles RoleMap) (*Call, error) {
	c, err := parsePlain(path, text, roles, Options{})
	if err == nil {
		recordHangUp(c) // as Parse does for every format
	}
	return c, err
}

// parsePlain is ParsePlain that stops at the first line crossing opts' limits.
func parsePlain(path string, text string, roles RoleMap, opts Options) (*Call, error) {
	if roles == nil {
		roles = DefaultRoles()
	}
	call := &Call{Path: path, Metadata: map[string]string{}}
	text = strings.TrimPrefix(text, "\uFEFF")
	var walls []wallStart
	date := ""
	// The lines are walked as they are split: held as a slice, sixty million blank lines
	// took a gigabyte for their string headers alone, and the utterances were given room
	// for one per line.
	lines := strings.SplitSeq(text, "\n")
	call.Utterances = make([]Utterance, 0, min(strings.Count(text, "\n")+1, 4096))
	// tail collects the continuation lines of the last utterance, added to its Text when
	// the next one starts: appending each line to Text would copy the text so far every
	// time, and a long run of lines without a label took minutes (40,000 lines, 20 s).
	var tail strings.Builder
	flushTail := func() {
		if n := len(call.Utterances); n > 0 && tail.Len() > 0 {
			call.Utterances[n-1].Text += tail.String()
			tail.Reset()
		}
	}
	headed := false               // the first utterance was a header line (label and time)
	var recurring map[string]bool // computed on first need: most files use known labels
	isRecurring := func(label string) bool {
		if recurring == nil {
			// A sequence of its own: a SplitSeq iterator cannot be walked twice at once.
			recurring = recurringLabels(strings.SplitSeq(text, "\n"))
		}
		return recurring[label]
	}

	// over is the first limit crossed, found as the lines are read.
	var over *ParseError
	tooLong := func(lineNo int, s string, extra int) {
		if max := opts.MaxUtteranceLength; max > 0 && over == nil && len(s)+extra > max &&
			utf8.RuneCountInString(s)+extra > max {
			over = UtteranceTooLong(path, lineNo, max)
		}
	}
	// A whole line is looked up as a label alone on its line only when it could be one:
	// no longer than a label can be written (lower-casing leaves at least a byte of a
	// character of utf8.UTFMax), or ending in a parenthesised id. Nearly every line is
	// speech, and the look-up scanned it twice.
	maxLabel := utf8.UTFMax * roles.longest()
	mayBeLabel := func(s string) bool {
		return len(s) <= maxLabel || strings.HasSuffix(s, ")") || strings.HasSuffix(s, "）")
	}
	var sup suppressions
	add := func(lineNo int, role Role, label, id string, t lineTime, body string) {
		if max := opts.MaxTurns; max > 0 && len(call.Utterances) == max && over == nil {
			over = TooManyTurns(path, lineNo, max)
			return
		}
		tooLong(lineNo, body, 0)
		sup.utterance(lineNo)
		if t.isWall {
			walls = append(walls, wallStart{index: len(call.Utterances), t: t.wall})
			if date == "" {
				date = t.date
			}
		}
		if role == Agent && id != "" {
			if _, ok := call.Metadata["agent_id"]; !ok {
				call.Metadata["agent_id"] = id
			}
		}
		flushTail()
		call.Utterances = append(call.Utterances, Utterance{
			Turn:     len(call.Utterances) + 1,
			Line:     lineNo,
			Role:     role,
			Label:    label,
			Start:    t.start,
			End:      t.end,
			HasStart: t.ok,
			HasEnd:   t.hasEnd,
			Text:     body,
		})
	}

	lineNo := 0
	metaLines := map[string]int{} // where each metadata key was first given
	for raw := range lines {
		if over != nil {
			return nil, over
		}
		lineNo++
		// TrimSpace also drops the "\r" of a "\r\n" line ending.
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if sup.comment(lineNo, line) {
				continue
			}
			if key, value, ok := parseMetadata(line); ok {
				// Given again with another value: two transcripts pasted into one, whose
				// second call id and agent silently took the whole file, the first
				// call's turns and all.
				if prev, seen := call.Metadata[key]; seen && prev != value && identifying[key] {
					return nil, &ParseError{Path: path, Line: lineNo, Msg: msg.Sprintf("transcript.metadata-twice",
						excerpt(key), metaLines[key], excerpt(prev), excerpt(value))}
				}
				if _, seen := metaLines[key]; !seen {
					if len(metaLines) == MaxMetadata {
						return nil, TooMuchMetadata(path, lineNo)
					}
					metaLines[key] = lineNo
				}
				call.Metadata[key] = value
			}
			continue
		}

		var prev *Utterance
		if n := len(call.Utterances); n > 0 {
			prev = &call.Utterances[n-1]
		}

		// time<TAB>label<TAB>text
		if label, body, role, id, t, ok, err := tabLine(raw, roles); err != nil {
			return nil, &ParseError{Path: path, Line: lineNo, Msg: err.Error()}
		} else if ok {
			add(lineNo, role, label, id, t, body)
			continue
		}
		if prev == nil && isTabHeader(raw) {
			continue
		}

		lt, rest, err := splitStamp(line)
		if err != nil {
			return nil, &ParseError{Path: path, Line: lineNo, Msg: err.Error()}
		}
		stamp := lt.timestamp

		// "坐席 10:01:02" alone on a line: a header, the words follow.
		if !stamp.ok {
			if label, t, ok := roleTimeLine(rest); ok {
				role, id, known := lookupLabel(roles, label)
				// An unknown label is a header when the call opened with one, as exports
				// that write every turn so (说话人1 00:05) do, or when it heads several lines.
				if known || ((t.isWall || prev == nil || headed || isRecurring(label)) && looksLikeLabel(label) && !speechBefore(label, roles, t)) {
					if !known {
						role = Unknown
					}
					headed = headed || prev == nil
					add(lineNo, role, label, id, t, "")
					continue
				}
			}
		}

		// "坐席 [00:00:01]：您好" / "【说话人1 00:01】您好": the label before the time.
		if !stamp.ok {
			if label, role, id, t, body, ok := labelTimeLine(rest, roles); ok {
				add(lineNo, role, label, id, t, body)
				continue
			}
		}

		// "[坐席] 您好" / "【客户】你好"
		if label, body, role, id, ok := bracketLabel(rest, roles); ok {
			add(lineNo, role, label, id, lt, body)
			continue
		}

		// "坐席" alone on its line: the words follow. So does any name after a date and
		// time (2026-11-20 20:13:05 小王, as chat apps export).
		if mayBeLabel(rest) {
			if role, id, known := lookupBareLabel(roles, rest); known {
				add(lineNo, role, rest, id, lt, "")
				continue
			}
			if lt.isWall && (prev == nil || headed) && looksLikeLabel(rest) && !hasColon(rest) {
				headed = true
				add(lineNo, Unknown, rest, "", lt, "")
				continue
			}
		}

		label, body, hasColon := splitSpeakerLabel(rest, roles)
		role, id, known := lookupLabel(roles, label)
		switch {
		case hasColon && known:
			// Rule 1: a known label always starts a new utterance.
		case hasColon && (prev == nil || stamp.ok || isRecurring(label)) && looksLikeLabel(label):
			// Rule 2: an unknown label, where a new utterance is expected or that opens
			// several lines (乘客：… 乘客：…), which speech rarely does.
			role = Unknown
		case prev == nil:
			return nil, &ParseError{Path: path, Line: lineNo,
				Msg: msg.Sprintf("transcript.first-utterance-has-no-speaker")}
		case stamp.ok:
			return nil, &ParseError{Path: path, Line: lineNo,
				Msg: msg.Sprintf("transcript.timestamp-not-followed-by-speaker")}
		default:
			// Rule 3: a continuation line; rest is the whole line, colon and all.
			if rest != "" {
				prev.Breaks = append(prev.Breaks, LineBreak{At: len(prev.Text) + tail.Len(), Line: lineNo})
			}
			tail.WriteString(rest)
			// Only with a limit, and once the bytes are past it: the check copies the text.
			if n := len(call.Utterances); n > 0 && opts.MaxUtteranceLength > 0 && over == nil &&
				len(call.Utterances[n-1].Text)+tail.Len() > opts.MaxUtteranceLength {
				tooLong(call.Utterances[n-1].Line, call.Utterances[n-1].Text+tail.String(), 0)
			}
			continue
		}
		add(lineNo, role, label, id, lt, body)
	}

	if over != nil {
		return nil, over
	}
	flushTail()
	if len(call.Utterances) == 0 {
		return nil, &ParseError{Path: path, Msg: msg.Sprintf("transcript.no-utterances-file")}
	}
	call.Suppressions = sup.out
	applyWallStarts(call, walls, date)
	if len(walls) == 0 {
		rebaseClockTimes(call)
	}
	resolveUnknownLabels(call, roles)
	return call, nil
}

// resolveUnknownLabels gives roles to the utterances whose label the role words do not
// know. When such labels stand for a side of the call no known label does (说话人1 and
// 说话人2, spk0, 甲 and 乙, or 坐席 against 说话人2), they are speaker ids, as an ASR
// export writes them, and are resolved like one's (ResolveSpeakers: the first to greet is
// the agent, with a warning); leaving them unknown would charge the agent with every step
// the unlabelled agent did say. When both sides are known, an unknown label is someone
// else (an IVR, a colleague) and stays unknown, with a note.
func resolveUnknownLabels(call *Call, roles RoleMap) {
	var agent, customer, unknown bool
	for ui := range call.Utterances {
		u := &call.Utterances[ui] // not a copy of each utterance
		switch u.Role {
		case Agent:
			agent = true
		case Customer:
			customer = true
		case Unknown, "":
			unknown = true
		}
	}
	switch {
	case !unknown:
	case !agent || !customer:
		ResolveSpeakers(call, Options{})
	default:
		if w := mapUnknownRoles(call, Options{Roles: roles}); w != "" {
			call.Warnings = append(call.Warnings, w)
		}
	}
}

// speechBefore reports whether what stands before a header line's time is a labelled
// utterance rather than a label (坐席：我们明天 2026-11-21 10:00 上门 is speech). Shop chat
// exports name the agent shop:agent before a date and time (优选旗舰店:小王 2026-11-20
// 20:13:05): a colon there is part of the label unless a known label stands before it.
func speechBefore(label string, roles RoleMap, t lineTime) bool {
	i, _ := indexColon(label)
	if i < 0 {
		return false
	}
	if !t.isWall {
		return true
	}
	_, _, known := lookupLabel(roles, strings.TrimSpace(label[:i]))
	return known
}

// recurringLabels finds the prefixes before a colon that open two or more lines, and the
// labels of two or more "label time" header lines (说话人1 00:05, as 讯飞听见 and meeting
// minutes export): in a transcript these are speaker labels even when the role map does
// not know them.
func recurringLabels(lines iter.Seq[string]) map[string]bool {
	seen := map[string]int{}
	out := map[string]bool{}
	for raw := range lines {
		line := strings.TrimSpace(raw)
		lt, rest, err := splitStamp(line)
		if err == nil {
			line = rest
		}
		// A header's time has a colon too: try it first.
		label, _, ok := "", lineTime{}, false
		if err == nil && !lt.timestamp.ok {
			label, _, ok = roleTimeLine(line)
		}
		if !ok {
			label, _, ok = splitLabel(line)
		}
		if ok && looksLikeLabel(label) {
			seen[label]++
			if seen[label] >= 2 {
				out[label] = true
			}
		}
	}
	return out
}

// identifying are the metadata keys a call is known, routed and judged by: given twice
// with two values in one file, they are two calls pasted into one. (Others, a note, an
// annotation of a rule test, may be repeated.)
var identifying = map[string]bool{"call_id": true, "task_id": true, "agent_id": true, "agent_name": true,
	"date": true, "team": true, "channel": true, "truncated": true}

// parseMetadata reads a "# key: value" line. ok is false for a comment (no colon or no key).
func parseMetadata(line string) (key, value string, ok bool) {
	body := strings.TrimPrefix(line, "#")
	i, size := indexColon(body)
	if i < 0 {
		return "", "", false
	}
	key = strings.ToLower(strings.TrimSpace(body[:i]))
	if key == "" {
		return "", "", false
	}
	return key, strings.TrimSpace(body[i+size:]), true
}

// splitLabel splits "label：text" at the first colon, trimming both sides.
func splitLabel(s string) (label, text string, ok bool) {
	i, size := indexColon(s)
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+size:]), true
}

// indexColon finds the first ASCII or full-width colon and returns its byte offset and size.
func indexColon(s string) (index, size int) {
	i := indexEither(s, ':', "：")
	if i < 0 {
		return -1, 0
	}
	if s[i] == ':' {
		return i, 1
	}
	return i, len("：")
}

// hasColon reports whether s has an ASCII or full-width colon.
func hasColon(s string) bool {
	i, _ := indexColon(s)
	return i >= 0
}

// indexEither is strings.IndexAny(s, string(ascii)+wide) for an ASCII byte and one
// character of several bytes, as two searches of the bytes: IndexAny with a character
// outside ASCII decodes every character of s, and the parsers ask on every line. The
// same answer even in invalid UTF-8: a decoder restarts at every byte that can begin a
// character, so wide's first byte is found where the decoder would find wide.
func indexEither(s string, ascii byte, wide string) int {
	i := strings.IndexByte(s, ascii)
	if i < 0 {
		return strings.Index(s, wide)
	}
	if j := strings.Index(s[:i], wide); j >= 0 {
		return j
	}
	return i
}

// maxLabelRunes bounds how long an unknown speaker label may be; anything longer is
// more likely a sentence that happens to contain a colon.
const maxLabelRunes = 12

// looksLikeLabel reports whether an unknown prefix could plausibly be a speaker label.
// Latin labels may contain spaces ("Agent Smith"); Chinese ones do not, so a Chinese
// prefix with a space in it is taken to be speech.
func looksLikeLabel(s string) bool {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > maxLabelRunes {
		return false
	}
	hasSpace := strings.IndexFunc(s, unicode.IsSpace) >= 0
	hasHan := strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	return !(hasSpace && hasHan)
}

// timestamp is the parsed leading [time] of a line; ok is false when the line has none.
type timestamp struct {
	ok         bool
	start, end time.Duration
	hasEnd     bool
}

// rangeSeparators may stand between the start and end of a time range.
const rangeSeparators = "-~～–—－"

// timeChars are all the characters a bracketed time can be made of.
const timeChars = "0123456789:：.," + rangeSeparators + " \t"

// splitStamp splits a leading [time] or 【time】 off a line and returns the rest trimmed.
//
// Transcripts also use brackets for annotations ("[笑声]", "[3秒静音]"), so a bracket is
// only taken as a time when its content starts with a digit and either contains a colon
// or is made of time characters only. Such a bracket must then parse; a typo like
// "[12:7x]" is an error rather than silently becoming part of the text.
func splitStamp(line string) (lineTime, string, error) {
	var inner string
	switch {
	case strings.HasPrefix(line, "["):
		inner = line[len("["):]
	case strings.HasPrefix(line, "【"):
		inner = line[len("【"):]
	default:
		if t, rest, ok := bareStamp(line); ok {
			return t, rest, nil
		}
		return lineTime{}, line, nil
	}

	end := indexEither(inner, ']', "】")
	if end < 0 {
		if startsWithDigit(inner) {
			return lineTime{}, "", msg.Errorf("transcript.timestamp-has-no-closing-bracket")
		}
		return lineTime{}, line, nil
	}
	// Full-width digits (［１２:００:０５］, typed with a Chinese input method) are digits.
	content := narrowDigits(inner[:end])
	if !looksLikeTime(content) {
		return lineTime{}, line, nil
	}
	_, closeSize := utf8.DecodeRuneInString(inner[end:])
	afterClose := len(line) - len(inner) + end + closeSize
	written := line[:afterClose]
	rest := strings.TrimSpace(line[afterClose:])

	// A chat or call platform's export stamps each line with the date and the time of
	// day ([2026-11-20 20:13:05]): a wall-clock time, an offset once the call is read.
	if wall, ok := parseDateTime(content); ok {
		return wall, rest, nil
	}
	stamp, err := parseStamp(content)
	if err != nil {
		return lineTime{}, "", msg.Errorf("transcript.malformed-timestamp", excerpt(written))
	}
	// A range written as two bracketed times, [00:00:01]-[00:00:05]: the second is the
	// end. (Its "-[00" was read as a speaker label, and the real label became words.)
	if !stamp.hasEnd {
		if sep := strings.TrimLeft(rest, rangeSeparators+"至"); len(sep) < len(rest) {
			sep = strings.TrimSpace(sep)
			if strings.HasPrefix(sep, "[") || strings.HasPrefix(sep, "【") {
				second, after, err := splitStamp(sep)
				if err != nil {
					return lineTime{}, "", err
				}
				if second.ok && !second.isWall && !second.hasEnd {
					written = line[:len(line)-len(sep)] + sep[:len(sep)-len(after)]
					stamp.end, stamp.hasEnd, rest = second.start, true, after
				}
			}
		}
	}
	if stamp.hasEnd && stamp.end < stamp.start {
		return lineTime{}, "", msg.Errorf("transcript.timestamp-ends-before-it-starts", excerpt(strings.TrimSpace(written)))
	}
	return lineTime{timestamp: stamp}, rest, nil
}

// narrowDigits writes full-width digits and the full-width full stop as ASCII.
func narrowDigits(s string) string {
	if !strings.ContainsAny(s, "０１２３４５６７８９．") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		}
		return r
	}, s)
}

// looksLikeTime reports whether bracket content was meant to be a time (see splitStamp).
func looksLikeTime(content string) bool {
	// A sign before the digits ([-00:00:01]) means a time too, and one that cannot be:
	// it is refused as malformed instead of "[-00" becoming a speaker's label.
	if !startsWithDigit(strings.TrimLeft(strings.TrimSpace(content), "+-")) {
		return false
	}
	if hasColon(content) {
		return true
	}
	return strings.IndexFunc(content, func(r rune) bool { return !strings.ContainsRune(timeChars, r) }) < 0
}

func startsWithDigit(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// parseStamp parses bracket content: a single time or a "start-end" range.
func parseStamp(content string) (timestamp, error) {
	i := indexRangeSeparator(content)
	if i < 0 {
		start, err := ParseTime(content)
		return timestamp{ok: true, start: start}, err
	}
	start, err := ParseTime(content[:i])
	if err != nil {
		return timestamp{}, err
	}
	// TrimLeft lets a doubled dash ("——") act as one separator.
	end, err := ParseTime(strings.TrimLeft(content[i:], rangeSeparators))
	if err != nil {
		return timestamp{}, err
	}
	return timestamp{ok: true, start: start, end: end, hasEnd: true}, nil
}

// indexRangeSeparator is strings.IndexAny(s, rangeSeparators) without decoding ASCII,
// which a time is made of.
func indexRangeSeparator(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c == '-' || c == '~' {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if strings.ContainsRune(rangeSeparators, r) {
			return i
		}
		i += size
	}
	return -1
}

// ParseTime parses an offset written as hh:mm:ss, mm:ss or plain seconds, each with an
// optional fraction of 1–3 digits after "." or "," (milliseconds; "," is what SRT uses).
// Full-width colons are accepted. In hh:mm:ss the minutes must be below 60; in mm:ss the
// minutes may run past 60 (long calls are often written that way); seconds that follow a
// colon must be below 60.
func ParseTime(s string) (time.Duration, error) {
	t, ok := parseTime(s)
	if !ok {
		return 0, msg.Errorf("transcript.invalid-time-3", excerpt(s))
	}
	return t, nil
}

// parseTime is ParseTime without the error: every line of a transcript has a time, and
// an error formatted for each would cost more than the parse.
func parseTime(s string) (time.Duration, bool) {
	var buf [3]string
	fields := buf[:0]
	s = strings.TrimSpace(s)
	for len(fields) < len(buf)-1 {
		i, size := indexColon(s)
		if i < 0 {
			break
		}
		fields, s = append(fields, s[:i]), s[i+size:]
	}
	if hasColon(s) {
		return 0, false // more than three fields
	}
	fields = append(fields, s)

	// The last field is seconds with an optional fraction.
	last := fields[len(fields)-1]
	var millis int
	if i := strings.IndexAny(last, ".,"); i >= 0 {
		frac := last[i+1:]
		n, ok := digits(frac, 3)
		if !ok {
			return 0, false
		}
		// ".5" is 500 ms, ".05" is 50 ms.
		for k := len(frac); k < 3; k++ {
			n *= 10
		}
		millis = n
		last = last[:i]
	}

	// Fields before the seconds, and the seconds after a colon, are at most two digits
	// except for the leading field, which may be up to six.
	const leadMax, innerMax = 6, 2
	var h, m, sec int
	var ok bool
	switch len(fields) {
	case 1:
		sec, ok = digits(last, leadMax)
	case 2:
		var okM, okS bool
		m, okM = digits(fields[0], leadMax)
		sec, okS = digits(last, innerMax)
		ok = okM && okS && sec < 60
	case 3:
		var okH, okM, okS bool
		h, okH = digits(fields[0], leadMax)
		m, okM = digits(fields[1], innerMax)
		sec, okS = digits(last, innerMax)
		ok = okH && okM && okS && m < 60 && sec < 60
	}
	if !ok {
		return 0, false
	}
	return time.Duration(h)*time.Hour +
		time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second +
		time.Duration(millis)*time.Millisecond, true
}

// digits parses 1..max ASCII digits.
func digits(s string, max int) (int, bool) {
	if s == "" || len(s) > max {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
