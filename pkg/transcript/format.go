package transcript

import (
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Format names an input format.
type Format string

const (
	// Auto detects the format from the file name and content.
	Auto  Format = ""
	Text  Format = "text"
	CSV   Format = "csv"
	TSV   Format = "tsv"
	JSON  Format = "json"
	JSONL Format = "jsonl"
	SRT   Format = "srt"
	VTT   Format = "vtt"
)

// Formats lists every format by name, for flags and messages.
var Formats = []Format{Text, CSV, TSV, JSON, JSONL, SRT, VTT}

// ParseFormat checks a format name; "" and "auto" mean Auto.
func ParseFormat(s string) (Format, error) {
	if s == "" || s == "auto" {
		return Auto, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return Auto, msg.Errorf("transcript.unknown-input-format", s)
}

// Options configure parsing for every format.
type Options struct {
	// Roles maps speaker labels to roles; nil means DefaultRoles().
	Roles RoleMap
	// Speakers maps channel or speaker ids of ASR output ("0", "spk_1") to roles. When an
	// id is not mapped the roles are guessed (see ResolveSpeakers) and the call says so.
	Speakers map[string]Role
	// Columns maps a field (role, text, start, end, call_id, speaker) to the CSV header
	// that holds it, for exports whose headers the defaults do not know.
	Columns map[string]string
	// MaxTurns and MaxUtteranceLength (characters), when positive, stop a plain-text
	// parse at the line that crosses them, instead of after reading the whole file: a
	// 500 MB transcript is refused at its 20,001st turn. A JSON document with an array
	// of more turns than MaxTurns is refused before it is decoded; CSV and JSON Lines
	// keep at most MaxTurns+1 turns of a call, which the pipeline then refuses naming
	// the first one too many. (Other formats are held to them once parsed.)
	MaxTurns, MaxUtteranceLength int
	// MaxCalls, when positive, bounds the calls of one file (CSV, JSON, JSON Lines): a
	// file's calls are parsed, checked and reported together, and a CSV of a million
	// one-turn calls took 9 GB. A larger stream is read on standard input.
	MaxCalls int
	// FirstLine is the line number of the text's first line when the text is a piece of
	// a longer input (lines of a JSON Lines stream), so that errors and utterances name
	// the line of the input; 0 means 1. Only JSON Lines use it.
	FirstLine int
}

func (o Options) roles() RoleMap {
	if o.Roles == nil {
		return DefaultRoles()
	}
	return o.Roles
}

// Parse reads the calls in one decoded file. Most formats hold one call; CSV and JSON Lines
// may hold several, grouped by call id.
func Parse(path, text string, format Format, opts Options) ([]*Call, error) {
	orig := text
	text = lineEnds(text)
	if format == Auto {
		format = Detect(path, text)
	}
	lines := ownLines(orig, format, max(opts.FirstLine, 1)-1)
	calls, err := parse(path, text, format, opts)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) && pe.Line > 0 {
			pe.Line = lines.own(pe.Line)
		}
		return nil, err
	}
	for _, c := range calls {
		lines.fix(c)
		if err := settle(c); err != nil {
			return nil, err
		}
		inferChannel(c)
	}
	return calls, nil
}

func parse(path, text string, format Format, opts Options) ([]*Call, error) {
	if format == Auto {
		format = Detect(path, text)
	}
	switch format {
	case Text:
		c, err := parsePlain(path, textLineEnds(text), opts.roles(), opts)
		if err != nil {
			return nil, err
		}
		return []*Call{c}, nil
	case CSV, TSV:
		return ParseCSV(path, text, format, opts)
	case JSON:
		return ParseJSON(path, text, opts)
	case JSONL:
		return ParseJSONL(path, text, opts)
	case SRT, VTT:
		c, err := ParseSubtitles(path, textLineEnds(text), format, opts)
		if err != nil {
			return nil, err
		}
		return []*Call{c}, nil
	}
	return nil, &ParseError{Path: path, Msg: msg.Sprintf("transcript.unknown-format", format)}
}

// lineEnds turns the lone carriage returns of old Mac exports into line feeds: read as
// one line, a whole call became one utterance of the first speaker, the customer's
// words charged to the agent. "\r\n" is left for the parsers, which accept it; a text
// without "\r" is returned as it is, at the cost of one scan.
func lineEnds(text string) string {
	i := 0
	for {
		k := strings.IndexByte(text[i:], '\r')
		if k < 0 {
			return text // none, or only "\r\n": nothing to copy
		}
		i += k
		if i+1 == len(text) || text[i+1] != '\n' {
			break
		}
		i += 2
	}
	b := []byte(text)
	for ; i < len(b); i++ {
		if b[i] == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			b[i] = '\n'
		}
	}
	return string(b)
}

// fileLines maps the lines the parsers count (after lineEnds and textLineEnds) to the
// file's own: those an editor, grep -n or a reviewer counts, by line feeds, or by
// carriage returns in a file with none (an old Mac export). A lone CR in a file of LF
// lines, a vertical tab, a form feed, NEL, U+2028 or U+2029 starts an utterance, but not
// a line of the file: a finding after "好的<U+2028>" on line 5 was reported at line 6,
// a customer's line. nil when the two counts agree.
type fileLines struct {
	offset int     // lines before the text (Options.FirstLine - 1)
	lines  []int32 // lines[i]: the file's line of the parsers' line offset+1+i
}

// ownLines is the map of text's lines, or nil when the parsers count the file's lines.
func ownLines(text string, format Format, offset int) *fileLines {
	soft := format == Text || format == SRT || format == VTT // textLineEnds applies
	lf := strings.IndexByte(text, '\n') >= 0
	differ := lf && hasLoneCR(text)
	if soft {
		for _, old := range lineEndOlds[:5] {
			if strings.Contains(text, old) {
				differ = true
			}
		}
	}
	if !differ {
		return nil
	}
	m := &fileLines{offset: offset, lines: []int32{1}}
	line := int32(1)
	for i, r := range text {
		split, own := false, false
		switch r {
		case '\n':
			split, own = true, true
		case '\r':
			if i+1 == len(text) || text[i+1] != '\n' {
				split, own = true, !lf
			}
		case '\v', '\f', '\u0085', '\u2028', '\u2029':
			split = soft
		}
		if own {
			line++
		}
		if split {
			m.lines = append(m.lines, line)
		}
	}
	return m
}

// hasLoneCR says whether text has a CR not followed by LF.
func hasLoneCR(text string) bool {
	for i := 0; ; {
		k := strings.IndexByte(text[i:], '\r')
		if k < 0 {
			return false
		}
		i += k + 1
		if i == len(text) || text[i] != '\n' {
			return true
		}
	}
}

// own is the file's line of the parsers' line n.
func (m *fileLines) own(n int) int {
	if m == nil || n <= m.offset || n-m.offset > len(m.lines) {
		return n
	}
	return m.offset + int(m.lines[n-m.offset-1])
}

// fix gives c's utterances and suppressions the file's lines.
func (m *fileLines) fix(c *Call) {
	if m == nil {
		return
	}
	for i := range c.Utterances {
		u := &c.Utterances[i]
		u.Line = m.own(u.Line)
		for k := range u.Breaks {
			u.Breaks[k].Line = m.own(u.Breaks[k].Line)
		}
	}
	for i := range c.Suppressions {
		s := &c.Suppressions[i]
		s.Line, s.From = m.own(s.Line), m.own(s.From)
		if s.To > 0 {
			s.To = m.own(s.To)
		}
	}
}

// textLineEnds makes the other line ends of Unicode new lines in a text of lines (plain
// text, subtitles): a vertical tab, a form feed, NEL, and the line and paragraph
// separators U+2028 and U+2029. Kept inside a line, "客户：你好<U+2028>坐席：我也没办法"
// was one utterance of the customer's, the agent's 禁语 in it never looked for. (Not in
// CSV or JSON, where they stand inside quoted values.)
//
// Colons that only look like one (︰ ﹕ ∶ ꞉) are made the full-width colon too: after a
// label they marked no label, and the agent's line went to nobody.
//
// Each is looked for as a substring: strings.ContainsAny with characters beyond ASCII
// looks every character of the text up in its list, one call each (4% of a check's
// instructions). The bytes of one found are that character: each starts with a byte
// that continues no encoding before it.
func textLineEnds(text string) string {
	for _, old := range lineEndOlds {
		if strings.Contains(text, old) {
			return lineEndReplacer.Replace(text)
		}
	}
	return text
}

var lineEndOlds = []string{"\v", "\f", "\u0085", "\u2028", "\u2029", "︰", "﹕", "∶", "꞉"}

var lineEndReplacer = strings.NewReplacer("\v", "\n", "\f", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n",
	"︰", "：", "﹕", "：", "∶", "：", "꞉", "：")

// settle checks what every format must give, whatever it is: some words (a transcript
// of speaker labels alone is not a call, in every format alike), and turns in time
// order. Rows grouped by channel or speaker instead of by time (all the agent's turns,
// then all the customer's) are put in time order, with a warning: judged in file order,
// every response rule would look at the wrong reply.
func settle(c *Call) error {
	words := false
	for _, u := range c.Utterances {
		if strings.TrimSpace(u.Text) != "" {
			words = true
			break
		}
	}
	if !words && len(c.Utterances) > 0 {
		return &ParseError{Path: c.Path, Line: c.Utterances[0].Line,
			Msg: msg.Sprintf("transcript.speaker-labels-only-no-words")}
	}
	if err := spanBounded(c); err != nil {
		return err
	}
	defer recordHangUp(c) // after the turns are in time order
	us := c.Utterances
	ordered := true
	for i, u := range us {
		if !u.HasStart {
			return nil // some turns without a time: their place is only the file's order
		}
		if i > 0 && u.Start < us[i-1].Start {
			ordered = false
		}
	}
	if ordered {
		return nil
	}
	first := 0
	for i := 1; i < len(us) && first == 0; i++ {
		if us[i].Start < us[i-1].Start {
			first = us[i].Line
		}
	}
	sort.SliceStable(us, func(i, j int) bool { return us[i].Start < us[j].Start })
	for i := range us {
		us[i].Turn = i + 1
	}
	c.Warnings = append(c.Warnings, msg.Sprintf(
		"transcript.utterances-from-line-are-not",
		first))
	return nil
}

// MaxSpan is the longest a call may span, from its earliest time to its latest, as
// maxOffset bounds one time of a JSON transcript: wall-clock times written centuries
// apart (9999-12-31 beside 0001-01-01) made offsets that saturate, durations that
// overflow, and dead air of 9,223,372,034 seconds.
const MaxSpan = maxOffset

// spanBounded refuses a call whose times, in file order, come to span more than
// MaxSpan, at the line where they do, naming the line of the time it is too far from.
func spanBounded(c *Call) error {
	var lo, hi time.Duration
	var loLine, hiLine int
	seen := false
	for _, u := range c.Utterances {
		for _, t := range []struct {
			d  time.Duration
			ok bool
		}{{u.Start, u.HasStart}, {u.End, u.HasEnd}} {
			if !t.ok {
				continue
			}
			if !seen || t.d < lo {
				lo, loLine = t.d, u.Line
			}
			if !seen || t.d > hi {
				hi, hiLine = t.d, u.Line
			}
			seen = true
			if hi-lo > MaxSpan || hi-lo < 0 {
				other := loLine
				if loLine == u.Line {
					other = hiLine
				}
				return &ParseError{Path: c.Path, Line: u.Line,
					Msg: msg.Sprintf("transcript.call-spans-too-long", other, int(MaxSpan/time.Hour))}
			}
		}
	}
	return nil
}

// Detect picks a format from the file extension, then from the content.
func Detect(path, text string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV
	case ".tsv":
		return TSV
	case ".json":
		return JSON
	case ".jsonl", ".ndjson":
		return JSONL
	case ".srt":
		return SRT
	case ".vtt":
		return VTT
	}
	t := strings.TrimLeft(strings.TrimPrefix(text, "\uFEFF"), " \t\r\n")
	switch {
	case strings.HasPrefix(t, "WEBVTT"):
		return VTT
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") && jsonArrayStart(t):
		first, _, _ := strings.Cut(t, "\n")
		if strings.HasPrefix(t, "{") && strings.HasSuffix(strings.TrimSpace(first), "}") && strings.Count(t, "\n{") > 0 {
			return JSONL
		}
		return JSON
	case looksLikeSRT(t):
		return SRT
	}
	return Text
}

// jsonArrayStart reports whether text, which starts with "[", starts a JSON array rather
// than a plain-text line with a bracketed time or label ("[00:00:01] 坐席：…", "[坐席] 您好").
// A JSON array's first element is a value: an object, an array, a string, a number (which
// never has a colon, as a time does), true, false or null; or the array is empty or
// continues on the next line.
func jsonArrayStart(text string) bool {
	first, _, _ := strings.Cut(text[1:], "\n")
	rest := strings.TrimLeft(first, " \t\r")
	if rest == "" {
		return true
	}
	switch c := rest[0]; {
	case c == '{' || c == '[' || c == '"' || c == ']':
		return true
	case c == '-' || '0' <= c && c <= '9':
		// A number, up to the next element or the end: only what a JSON number is made
		// of. "[-笑声] 坐席：…" and "[3秒静音]" are annotations in a transcript, not JSON.
		value := rest
		if i := strings.IndexAny(value, ",]"); i >= 0 {
			value = value[:i]
		}
		return strings.TrimRight(value, "0123456789+-.eE \t\r") == ""
	}
	for _, lit := range []string{"true", "false", "null"} {
		if strings.HasPrefix(rest, lit) {
			return true
		}
	}
	return false
}

// looksLikeSRT reports whether text opens with an SRT cue: a number, then a time line.
func looksLikeSRT(t string) bool {
	lines := strings.SplitN(t, "\n", 3)
	return len(lines) >= 2 && isDigits(strings.TrimSpace(lines[0])) && strings.Contains(lines[1], "-->")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// TooManyTurns is the error of a call over the turn limit, at the first turn past it.
// MaxMetadata bounds the metadata keys of one call. Metadata is carried into every
// report; 2.5 million "# kN: v" lines (34 MB, within the size limit) took 1.1 GB and
// 21 s, and made a report of tens of megabytes. A call has a few keys, a CSV export a
// few dozen columns.
const MaxMetadata = 1000

// TooMuchMetadata is the error of a call with more metadata keys than MaxMetadata, at
// the line of the first one too many (0 when not known).
func TooMuchMetadata(path string, line int) *ParseError {
	return &ParseError{Path: path, Line: line, Msg: msg.Sprintf("transcript.too-much-metadata", MaxMetadata)}
}

func TooManyTurns(path string, line, max int) *ParseError {
	return &ParseError{Path: path, Line: line,
		Msg: msg.Sprintf("transcript.more-than-utterances-call-see", max)}
}

// TooManyCalls is the error of a file with more calls than Options.MaxCalls, at the
// line of the first one too many.
func TooManyCalls(path string, line, max int) *ParseError {
	return &ParseError{Path: path, Line: line, Msg: msg.Sprintf("transcript.more-than-calls-file", max)}
}

// UtteranceTooLong is the error of an utterance over the length limit.
func UtteranceTooLong(path string, line, max int) *ParseError {
	return &ParseError{Path: path, Line: line,
		Msg: msg.Sprintf("transcript.utterance-longer-than-characters-not", max)}
}
