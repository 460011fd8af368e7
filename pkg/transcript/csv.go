package transcript

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// csvFields are the fields ParseCSV reads, each with the header names it goes by. Names are
// compared after normalizeHeader, so "Call ID", "call-id" and "CALL_ID" are all call_id.
var csvFields = []struct {
	field string
	names []string
}{
	{"role", []string{"role", "speaker_role", "角色", "说话人", "讲话人", "說話人", "講話人"}},
	{"speaker", []string{"speaker", "speaker_id", "spk", "channel", "channel_id", "声道", "聲道", "说话人编号", "說話人編號"}},
	{"text", []string{"text", "content", "utterance", "sentence", "transcript", "内容", "內容", "文本", "话术", "話術", "对话内容", "識別結果", "识别结果"}},
	{"start", []string{"start", "begin", "start_time", "begin_time", "开始时间", "開始時間", "开始", "開始", "起始时间"}},
	{"end", []string{"end", "end_time", "stop", "结束时间", "結束時間", "结束", "結束"}},
	{"call_id", []string{"call_id", "callid", "通话编号", "通話編號", "通话id", "通話id", "录音编号", "錄音編號", "session_id"}},
}

// metadataAliases are metadata columns that, besides going to Metadata under their own
// (lower-cased) name, fill a key the tool reads: the agent's id, which reports show, and
// the conversation's channel, which routes a chat to the chat rulebook.
var metadataAliases = []struct {
	key     string
	headers []string
}{
	{"agent_id", []string{"agent_id", "坐席工号", "座席工号", "坐席編號", "坐席编号", "客服工号", "工号", "工號", "员工工号", "staff_id"}},
	{"channel", []string{"channel", "渠道", "通话渠道", "会话渠道", "接入渠道", "渠道类型", "channel_type", "通路"}},
}

// normalizeHeader lower-cases a header and drops spaces, "_", "-" and brackets, so that
// "Start Time", "start_time" and "StartTime" compare equal.
func normalizeHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '_', '-', '(', ')', '（', '）', '[', ']', '【', '】', '\u3000':
			return -1
		}
		return r
	}, h)
}

// isFieldName reports whether header is one of the names of field.
func isFieldName(field, header string) bool {
	n := normalizeHeader(header)
	for _, f := range csvFields {
		if f.field != field {
			continue
		}
		for _, name := range f.names {
			if normalizeHeader(name) == n {
				return true
			}
		}
	}
	return false
}

// timeUnits are unit suffixes a time column's header may carry: "start_ms",
// "开始时间(毫秒)", "end_sec".
var timeUnits = []struct{ suffix string }{{"ms"}, {"毫秒"}, {"seconds"}, {"secs"}, {"sec"}, {"秒"}}

// timeHeader reports whether header names the time field (start or end), possibly with a
// unit suffix.
func timeHeader(field, header string) bool {
	if isFieldName(field, header) {
		return true
	}
	n := normalizeHeader(header)
	for _, u := range timeUnits {
		if base, ok := strings.CutSuffix(n, u.suffix); ok && base != "" && isFieldName(field, base) {
			return true
		}
	}
	return false
}

// headerSaysMS reports whether a time column holds milliseconds: its header ends in "ms" or
// "毫秒", or it is Alibaba Cloud ASR's BeginTime/EndTime.
func headerSaysMS(header string) bool {
	h := strings.TrimSpace(header)
	if h == "BeginTime" || h == "EndTime" {
		return true
	}
	n := normalizeHeader(h)
	return strings.HasSuffix(n, "ms") || strings.HasSuffix(n, "毫秒")
}

// csvColumns says where each field is in the header.
type csvColumns struct {
	index map[string]int  // field → column
	ms    map[string]bool // start/end given in milliseconds
}

func (c csvColumns) has(field string) bool { _, ok := c.index[field]; return ok }

// findColumns locates the fields in the header; overrides (Options.Columns) name the header
// of a field explicitly.
func findColumns(path string, header []string, overrides map[string]string) (csvColumns, error) {
	cols := csvColumns{index: map[string]int{}, ms: map[string]bool{}}
	found := quoteList(header)

	isField := map[string]bool{}
	for _, f := range csvFields {
		isField[f.field] = true
	}
	keys := make([]string, 0, len(overrides))
	for k := range overrides {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		name, field := overrides[key], strings.ToLower(strings.TrimSpace(key))
		if !isField[field] {
			return cols, &ParseError{Path: path, Msg: msg.Sprintf(
				"transcript.unknown-field-column-mapping-known", key)}
		}
		i := -1
		for j, h := range header {
			if normalizeHeader(h) == normalizeHeader(name) {
				i = j
				break
			}
		}
		if i < 0 {
			return cols, &ParseError{Path: path, Line: 1, Msg: msg.Sprintf(
				"transcript.column-configured-not-header-headers",
				field, name, found)}
		}
		cols.index[field] = i
		cols.ms[field] = headerSaysMS(header[i])
	}

	used := map[int]bool{}
	for _, i := range cols.index {
		used[i] = true
	}
	_, textConfigured := cols.index["text"]
	for _, f := range csvFields {
		if cols.has(f.field) {
			continue
		}
		for i, h := range header {
			if used[i] {
				continue
			}
			ok := isFieldName(f.field, h)
			if f.field == "start" || f.field == "end" {
				ok = timeHeader(f.field, h)
			}
			if ok {
				cols.index[f.field], cols.ms[f.field] = i, headerSaysMS(h)
				used[i] = true
				break
			}
		}
	}

	missing := func(field, zh, en string) error {
		var names []string
		for _, f := range csvFields {
			if f.field == field || (field == "role" && f.field == "speaker") {
				names = append(names, f.names...)
			}
		}
		accepted := strings.Join(names, ", ")
		return &ParseError{Path: path, Line: 1, Msg: msg.Sprintf(
			"transcript.no-column-header-headers-found",
			zh, found, accepted, en)}
	}
	if !cols.has("text") {
		return cols, missing("text", "文本列", "text")
	}
	// Two columns that both name the words (text and 内容, or text twice): the second
	// would become metadata and its words never be checked, as the first value of a key
	// JSON names twice would be lost. The configuration says which one is meant.
	if !textConfigured {
		for i, h := range header {
			if i != cols.index["text"] && !used[i] && isFieldName("text", h) {
				return cols, &ParseError{Path: path, Line: 1, Msg: msg.Sprintf(
					"transcript.two-text-columns", excerpt(header[cols.index["text"]]), excerpt(h))}
			}
		}
	}
	if !cols.has("role") && !cols.has("speaker") {
		return cols, missing("role", "角色列或说话人编号列", "role or speaker")
	}
	// Beside a role column, a column headed channel says what channel the conversation
	// came through (chat, phone), as chat platforms export it: metadata, which routes a
	// chat to the chat rulebook, not speaker ids.
	if i, ok := cols.index["speaker"]; ok && cols.has("role") && normalizeHeader(header[i]) == "channel" {
		delete(cols.index, "speaker")
	}
	return cols, nil
}

// sameHeader reports whether the row rec repeats the header.
func sameHeader(rec, header []string) bool {
	for i, h := range header {
		if !strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[i], "\uFEFF")), h) {
			return false
		}
	}
	return true
}

// csvDelimiter picks the field separator: a tab for TSV; for CSV a comma, unless the header
// line has none, then a tab or a semicolon if it has one (Excel in some locales writes ";").
func csvDelimiter(text string, format Format) rune {
	if format == TSV {
		return '\t'
	}
	first, _, _ := strings.Cut(text, "\n")
	if !strings.Contains(first, ",") {
		switch {
		case strings.Contains(first, "\t"):
			return '\t'
		case strings.Contains(first, ";"):
			return ';'
		}
	}
	return ','
}

// csvGroup collects the rows of one call.
type csvGroup struct {
	call    *Call
	values  map[int]string // column → the value seen so far
	varies  map[int]bool   // column → differs between rows
	walls   []wallCell     // wall-clock times, turned into offsets at the end
	agentID string         // from a role label such as 坐席(1024)
}

// wallCell is a wall-clock start or end of one utterance.
type wallCell struct {
	index int
	end   bool
	t     time.Time
	date  string
}

// ParseCSV reads a CSV or TSV export: a header row, then one utterance per row.
//
// Columns are found by header name, compared case-insensitively and ignoring spaces, "_",
// "-" and brackets (see csvFields for the Chinese and English names of role, speaker, text,
// start, end and call_id); opts.Columns maps a field to a header the defaults do not know.
// A text column is required, and a role or a speaker column.
//
//   - Roles: a role cell is mapped with opts.Roles (a known label may carry an id,
//     "坐席(1024)"), then with opts.Speakers. A label neither knows gets Role Unknown and the
//     call one warning naming such labels, with a hint to map them under the rulebook's
//     roles:; they are not guessed. Without a role column the speaker column gives speaker
//     ids (a cell that is a known role label is taken as that role) and ResolveSpeakers
//     assigns the roles; so it does when the role column holds no known label at all and
//     every cell looks like an id ("0", "spk_1", "说话人2"), as some ASR exports write it.
//   - Times: hh:mm:ss(.fff) or mm:ss (ParseTime); a number of seconds ("12", "12.5"); a
//     number of milliseconds when the header says so ("start_ms", "开始时间(毫秒)", and
//     Alibaba Cloud's "BeginTime"/"EndTime"); or a date and time ("2026-11-03 10:01:02"),
//     which becomes an offset from the earliest such time in the call.
//   - Calls: rows are grouped by call_id into calls in order of first appearance (rows of
//     different calls may interleave); Metadata["call_id"] is the id. A blank call_id cell
//     belongs to the call of the row above (merged cells exported from a spreadsheet).
//     Without a call_id column the file is one call.
//   - Metadata: every other column whose non-blank value is the same in all rows of a call
//     goes to Metadata under its header, lower-cased; an agent id column (agent_id, 坐席工号,
//     工号, ...) also fills Metadata["agent_id"].
//   - Line is the line where the row starts; a text cell over several lines is joined
//     like continuation lines (joinText).
//
// A UTF-8 BOM is stripped; in TSV quotes are only special at the start of a field. Rows
// whose cells are all blank are skipped; a row with a different number of cells than the
// header is an error. All errors are *ParseError.
func ParseCSV(path, text string, format Format, opts Options) ([]*Call, error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvDelimiter(text, format)
	r.FieldsPerRecord = -1
	r.LazyQuotes = r.Comma == '\t'

	header, err := r.Read()
	if err == io.EOF {
		return nil, &ParseError{Path: path, Msg: msg.Sprintf("transcript.empty-file-no-header-row")}
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	headerLine, _ := r.FieldPos(0)
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	cols, err := findColumns(path, header, opts.Columns)
	if err != nil {
		if pe, ok := err.(*ParseError); ok && pe.Line > 0 {
			pe.Line = headerLine
		}
		return nil, err
	}
	roles := opts.roles()
	// Every column that is not a field is a call's metadata, its value kept for each
	// call: a header of 1,200 such columns over 8,000 calls (20 MB) took 1.7 GB and 26 s.
	metaCols := 0
	for i := range header {
		if !isFieldColumn(cols, i) {
			metaCols++
		}
	}
	if metaCols > MaxMetadata {
		return nil, TooMuchMetadata(path, headerLine)
	}
	metaValues := 0

	groups := map[string]*csvGroup{}
	var order []*csvGroup
	callID := ""
	// anyKnown: some role or speaker cell is a known label; allIDs: every other one looks
	// like a speaker id.
	anyKnown, allIDs := false, true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		line, _ := r.FieldPos(0)
		blank := true
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			blank = blank && rec[i] == ""
		}
		if blank {
			continue
		}
		if len(rec) != len(header) {
			return nil, &ParseError{Path: path, Line: line, Msg: msg.Sprintf(
				"transcript.row-has-fields-header-has", len(rec), len(header))}
		}
		// Two exports pasted into one (cat a.csv b.csv): the second's header, its BOM in the
		// middle of the file, was an utterance of the unknown speaker "role", and the second
		// call's words were judged as the first call's.
		if sameHeader(rec, header) {
			return nil, &ParseError{Path: path, Line: line, Msg: msg.Sprintf("transcript.header-again", headerLine)}
		}
		cell := func(field string) string {
			if i, ok := cols.index[field]; ok {
				return rec[i]
			}
			return ""
		}
		fail := func(key string, a ...any) error {
			return &ParseError{Path: path, Line: line, Msg: msg.Sprintf(key, a...)}
		}

		if cols.has("call_id") {
			if id := cell("call_id"); id != "" {
				callID = id
			}
		}
		g := groups[callID]
		if g == nil && opts.MaxCalls > 0 && len(order) == opts.MaxCalls {
			return nil, TooManyCalls(path, line, opts.MaxCalls)
		}
		if g == nil {
			if metaValues += metaCols; metaValues > maxCSVMetadataValues {
				return nil, fail("transcript.too-much-csv-metadata", maxCSVMetadataValues, metaCols)
			}
			g = &csvGroup{call: &Call{Path: path, Metadata: map[string]string{}}, values: map[int]string{}, varies: map[int]bool{}}
			if cols.has("call_id") && callID != "" {
				g.call.Metadata["call_id"] = callID
			}
			groups[callID] = g
			order = append(order, g)
		}
		if opts.MaxTurns > 0 && len(g.call.Utterances) > opts.MaxTurns {
			// The call is refused for its turns once parsed (the pipeline's limits), naming
			// the first one too many; the rows after it are not kept: six million rows of
			// one call took 26 s and 2.7 GB.
			continue
		}

		var role Role
		var label, id string
		if cols.has("role") {
			label = cell("role")
			if label == "" {
				return nil, fail("transcript.role-cell-empty")
			}
		} else {
			label = cell("speaker")
			if label == "" {
				return nil, fail("transcript.speaker-cell-empty")
			}
		}
		var known bool
		if role, id, known = lookupLabel(roles, label); known {
			anyKnown = true
		} else {
			role = Unknown // mapped or reported once the file is read
			allIDs = allIDs && looksLikeIDCell(label)
		}
		if role == Agent && id != "" && g.agentID == "" {
			g.agentID = id
		}

		u := Utterance{Turn: len(g.call.Utterances) + 1, Line: line, Role: role, Label: label, Text: joinLines(cell("text"))}
		for _, field := range []string{"start", "end"} {
			s := cell(field)
			if s == "" {
				continue
			}
			d, wall, err := parseCSVTime(s, cols.ms[field])
			if err != nil {
				return nil, fail("transcript.invalid-time", excerpt(header[cols.index[field]]), excerpt(s), field)
			}
			isEnd := field == "end"
			if wall.isWall {
				g.walls = append(g.walls, wallCell{index: len(g.call.Utterances), end: isEnd, t: wall.wall, date: wall.date})
			}
			if isEnd {
				u.End, u.HasEnd = d, true
			} else {
				u.Start, u.HasStart = d, true
			}
		}
		if u.HasStart && u.HasEnd && u.End < u.Start && !g.hasWallRow(len(g.call.Utterances)) {
			return nil, fail("transcript.end-time-before-start-time")
		}
		g.call.Utterances = append(g.call.Utterances, u)

		for i, v := range rec {
			if v == "" || isFieldColumn(cols, i) {
				continue
			}
			if old, ok := g.values[i]; !ok {
				g.values[i] = v
			} else if old != v {
				g.varies[i] = true
			}
		}
	}

	if len(order) == 0 {
		return nil, &ParseError{Path: path, Msg: msg.Sprintf("transcript.no-utterances-file")}
	}
	calls := make([]*Call, 0, len(order))
	for _, g := range order {
		c := g.call
		if err := g.applyWalls(path); err != nil {
			return nil, err
		}
		for i, h := range header {
			v, ok := g.values[i]
			if !ok || g.varies[i] {
				continue
			}
			key := strings.ToLower(h)
			if _, exists := c.Metadata[key]; !exists && key != "" {
				c.Metadata[key] = v
			}
			for _, alias := range metadataAliases {
				for _, a := range alias.headers {
					if normalizeHeader(a) == normalizeHeader(h) {
						if _, exists := c.Metadata[alias.key]; !exists {
							c.Metadata[alias.key] = v
						}
					}
				}
			}
		}
		if _, exists := c.Metadata["agent_id"]; !exists && g.agentID != "" {
			c.Metadata["agent_id"] = g.agentID
		}
		if !cols.has("role") || (!anyKnown && allIDs) {
			// Speaker ids; a role column holding nothing but ids ("0", "spk1", "说话人1") is
			// a speaker column by another name.
			ResolveSpeakers(c, opts)
		} else if w := mapUnknownRoles(c, opts); w != "" {
			c.Warnings = append(c.Warnings, w)
		}
		calls = append(calls, c)
	}
	return calls, nil
}

// mapUnknownRoles maps the role labels the role map does not know with opts.Speakers and
// returns the warning that names the labels left over ("" if none). They keep Role Unknown:
// a label in a role column says who spoke, so it is not guessed.
func mapUnknownRoles(c *Call, opts Options) string {
	var left []string
	seen := map[string]bool{}
	roles := opts.roles()
	for i := range c.Utterances {
		u := &c.Utterances[i]
		if u.Role != Unknown {
			continue
		}
		if _, known := roles.Lookup(u.Label); known {
			continue // an event line of the recording system (系统): neither side, as meant
		}
		if r, ok := opts.Speakers[u.Label]; ok {
			u.Role = r
		} else if !seen[u.Label] {
			seen[u.Label] = true
			left = append(left, u.Label)
		}
	}
	if len(left) == 0 {
		return ""
	}
	shown := listed(left)
	q := make([]string, 0, shown+1)
	for i, l := range left {
		if i == shown {
			q = append(q, msg.Sprintf("transcript.all", len(left)))
			break
		}
		q = append(q, fmt.Sprintf("%q", excerpt(l)))
	}
	return msg.Sprintf(
		"transcript.unrecognised-role-label-those-utterances",
		strings.Join(q, "、"), strings.Join(q, ", "))
}

// looksLikeIDCell reports whether a role cell looks like a speaker or channel id rather
// than a role name: a short label ending in a digit ("0", "spk_1", "说话人2", "Speaker 1").
func looksLikeIDCell(s string) bool {
	return looksLikeLabel(s) && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

// isFieldColumn reports whether column i holds one of the fields.
// maxCSVMetadataValues bounds the metadata values a CSV file's calls carry together,
// its metadata columns for each call: 50 columns over the 20,000 calls a file may
// have, or 1,000 over a thousand calls.
const maxCSVMetadataValues = 1_000_000

func isFieldColumn(cols csvColumns, i int) bool {
	for _, j := range cols.index {
		if i == j {
			return true
		}
	}
	return false
}

// hasWallRow reports whether utterance index had a wall-clock time (its order against the
// other time is checked once the times are offsets).
func (g *csvGroup) hasWallRow(index int) bool {
	for i := len(g.walls) - 1; i >= 0 && g.walls[i].index >= index; i-- {
		if g.walls[i].index == index {
			return true
		}
	}
	return false
}

// applyWalls turns wall-clock times into offsets from the earliest of them.
func (g *csvGroup) applyWalls(path string) error {
	if len(g.walls) == 0 {
		return nil
	}
	base := g.walls[0].t
	for _, w := range g.walls {
		if w.t.Before(base) {
			base = w.t
		}
	}
	c := g.call
	for _, w := range g.walls {
		u := &c.Utterances[w.index]
		if w.end {
			u.End = w.t.Sub(base)
		} else {
			u.Start = w.t.Sub(base)
		}
	}
	for _, w := range g.walls {
		u := &c.Utterances[w.index]
		if u.HasStart && u.HasEnd && u.End < u.Start {
			return &ParseError{Path: path, Line: u.Line, Msg: msg.Sprintf("transcript.end-time-before-start-time")}
		}
	}
	if _, ok := c.Metadata["date"]; !ok {
		c.Metadata["date"] = g.walls[0].date
	}
	return nil
}

// parseCSVTime reads a time cell (see ParseCSV). wall is set for a date and time.
func parseCSVTime(s string, ms bool) (time.Duration, lineTime, error) {
	if strings.ContainsAny(s, ":：") {
		if dt, ok := parseDateTime(s); ok {
			return 0, dt, nil
		}
		d, err := ParseTime(s)
		return d, lineTime{}, err
	}
	f, ok := parseDecimal(s)
	if !ok {
		return 0, lineTime{}, errors.New("not a number")
	}
	if !ms {
		f *= 1000
	}
	if f > float64(math.MaxInt64/int64(time.Millisecond)) {
		return 0, lineTime{}, errors.New("out of range")
	}
	return time.Duration(math.Round(f)) * time.Millisecond, lineTime{}, nil
}

// parseDecimal reads digits with an optional fraction ("12", "12.5"); no sign or exponent.
func parseDecimal(s string) (float64, bool) {
	var f, scale float64 = 0, 0
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			if scale == 0 {
				f = f*10 + float64(r-'0')
			} else {
				f += float64(r-'0') * scale
				scale /= 10
			}
		case r == '.' && scale == 0:
			scale = 0.1
		default:
			return 0, false
		}
	}
	return f, digits > 0 && digits <= 15
}

// csvError turns an encoding/csv error into a *ParseError at its line.
func csvError(path string, err error) error {
	var ce *csv.ParseError
	if !errors.As(err, &ce) {
		return &ParseError{Path: path, Msg: err.Error()}
	}
	text := ce.Err.Error()
	switch {
	case errors.Is(ce.Err, csv.ErrQuote):
		text = msg.Sprintf("transcript.extraneous-missing-quoted-field")
	case errors.Is(ce.Err, csv.ErrBareQuote):
		text = msg.Sprintf("transcript.bare-non-quoted-field")
	}
	if ce.StartLine != 0 && ce.StartLine != ce.Line {
		text += msg.Sprintf("transcript.record-starts-line", ce.StartLine)
	}
	return &ParseError{Path: path, Line: ce.Line, Msg: text}
}

// maxListed is the most names a message lists, and listedRunes the most characters of
// them: a header of thousands of columns (or a binary file read as CSV), or a dozen
// speaker ids of 40 characters each, must not make a message of kilobytes.
const (
	maxListed   = 12
	listedRunes = 240
)

// listed is how many of names a message lists, each as an excerpt: at most maxListed,
// and no more once they fill listedRunes (one at least).
func listed(names []string) int {
	runes := 0
	for i, n := range names {
		if i == maxListed || i > 0 && runes >= listedRunes {
			return i
		}
		runes += utf8.RuneCountInString(excerpt(n))
	}
	return len(names)
}

// quoteList quotes names for a message, each an excerpt, as many as listed says.
func quoteList(names []string) string {
	var b strings.Builder
	shown := listed(names)
	for i, n := range names {
		if i == shown {
			fmt.Fprint(&b, msg.Sprintf("transcript.all-2", len(names)))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("“" + excerpt(n) + "”")
	}
	return b.String()
}
