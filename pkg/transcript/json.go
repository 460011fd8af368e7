package transcript

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/internal/jsonkeys"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// ParseJSON reads the calls in a decoded (UTF-8) JSON document. The shape is detected from
// the keys present:
//
//   - the generic format below, one call object or an array of them;
//   - Alibaba Cloud 录音文件识别 results ({"Result": {"Sentences": [...]}}, or the Result
//     object itself; the legacy 2.0 callback {"result": [...]} too);
//   - Tencent Cloud 录音文件识别 results ({"Response": {"Data": {"ResultDetail": [...]}}},
//     or the Data object itself);
//   - FunASR / Paraformer results ([{"key": ..., "sentence_info": [...]}]);
//   - openai-whisper JSON output ({"text": ..., "segments": [...]}).
//
// The generic format is one object per call:
//
//	{
//	  "call_id": "20240501-0001",                 optional; goes to Metadata["call_id"]
//	  "metadata": {"agent_id": "1102", ...},      optional; values are stringified
//	  "turns": [
//	    {"role": "agent", "text": "您好，请问有什么可以帮您？", "start": 1.5, "end": 4},
//	    {"role": "客户", "text": "我想查一下话费", "start": "00:00:05", "end": "00:00:07.250"},
//	    {"speaker": "spk_1", "text": "……", "start": 8}
//	  ]
//	}
//
// A turn's role is a speaker label looked up in opts.Roles ("agent", "customer", "坐席",
// "客户", "A", "B", ...). Instead of a role, or when the role is not a known label, a turn
// may name a speaker or channel id ("speaker": "0" or 0); such turns get Role Unknown with
// the id as Label and are resolved with ResolveSpeakers (opts.Speakers, else the greeting
// heuristic, which leaves a warning on the call). Turns with neither may carry the label
// in the text ("坐席：您好"); see below. start and end are offsets from the start of the
// call, in seconds (a number) or written as hh:mm:ss(.fff) / mm:ss / seconds (a string, see
// ParseTime); both are optional. Turns with empty text are skipped.
//
// Speech recognition output without speaker information (Whisper, or a service run
// without diarisation) is read by speaker prefixes: a segment whose text starts with a
// known label and a colon ("坐席：", "A:") starts that speaker's turn, the prefix is stripped,
// and following segments without a prefix keep the speaker. Without any prefix the file is
// rejected, since one anonymous speaker cannot be scored.
//
// Consecutive segments of the same speaker stay separate utterances. Utterance.Line is the
// line of the file where the utterance's text is written (every utterance of a one-line
// file is on line 1). Calls in one document with the same call_id are merged. All errors
// are *ParseError; a syntax error names its line.
func ParseJSON(path, text string, opts Options) ([]*Call, error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	// Decoded, each turn costs about a kilobyte and a half: a 56 MB document of two
	// million turns took 38 s and 3.2 GB only to be refused as too long afterwards. An
	// array of more turns than a call may have is refused before decoding.
	if limit := opts.MaxTurns; limit > 0 {
		// An array of words (Alibaba's, Whisper's) is never longer than its utterance.
		if offset, ok := overlongArray(text, max(limit, opts.MaxUtteranceLength)); ok {
			return nil, TooManyTurns(path, lineAt(text, int64(offset)+1), limit)
		}
	}
	// The document's own array holds calls, or the turns of one call when its first
	// element is a turn.
	limit, tooMany := opts.MaxCalls, TooManyCalls
	if topArrayOfTurns(text) {
		limit, tooMany = opts.MaxTurns, TooManyTurns
	}
	if limit > 0 {
		if offset, ok := overlongCalls(text, limit); ok {
			return nil, tooMany(path, lineAt(text, int64(offset)+1), limit)
		}
	}
	v, err := decodeJSON(text)
	if err != nil {
		return nil, jsonSyntaxError(path, text, 0, err)
	}
	g := newCallGroups()
	p := &jsonParser{path: path, loc: &textLocator{text: text}}
	if err := p.add(g, v); err != nil {
		return nil, err
	}
	if g.over {
		return nil, TooManyCalls(path, 0, opts.MaxCalls)
	}
	return g.finish(path, opts)
}

// ParseJSONL reads JSON Lines: one JSON value per line, blank lines skipped. A line is
// normally a generic call object (see ParseJSON), but any shape ParseJSON reads is
// accepted, and so is a single turn with its call id
// ({"call_id": "...", "role": "agent", "text": "...", "start": 1.5}). Adjacent calls and
// turns with the same call_id are one call; a line going back to a call after other
// calls' lines is an error (NotAdjacent), as on standard input; turns without a call_id
// form one call together. Each utterance's Line is the line it was read
// from, and every error names its line.
func ParseJSONL(path, text string, opts Options) ([]*Call, error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	g := newCallGroups()
	g.maxCalls = opts.MaxCalls
	g.adjacent = true
	if opts.MaxTurns > 0 {
		// A call over the limit is an error once parsed (the pipeline's limits); the
		// turns past the first one over it are not kept: two million one-turn lines of
		// one call held them all, 1.2 GB.
		g.keep = opts.MaxTurns + 1
	}
	lineNo := max(opts.FirstLine, 1) - 1
	for raw := range strings.SplitSeq(text, "\n") {
		lineNo++
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		v, err := decodeJSON(line)
		if err != nil {
			return nil, jsonSyntaxError(path, line, lineNo, err)
		}
		p := &jsonParser{path: path, loc: fixedLine(lineNo), line: lineNo}
		if err := p.add(g, v); err != nil {
			return nil, err
		}
		if g.over {
			return nil, TooManyCalls(path, lineNo, opts.MaxCalls)
		}
		if d := g.resumed; d != nil {
			return nil, NotAdjacent(path, lineNo, d.meta["call_id"], g.resumedFrom)
		}
		// A call one turn over the limit is refused now, not after the rest of the
		// stream is decoded: 1.7 million one-turn lines of one call took 8 s to refuse.
		if d := g.tooLong; d != nil {
			return nil, TooManyTurns(path, d.segs[g.keep-1].line, opts.MaxTurns)
		}
	}
	return g.finish(path, opts)
}

// NotAdjacent is the error of a JSON Lines line of a call that other calls' lines came
// after: the call from line first went on at line. A stream on standard input is cut
// into calls where the call_id changes, so such a file would be read as one call and
// the stream as two: both refuse it.
func NotAdjacent(path string, line int, id string, first int) *ParseError {
	return &ParseError{Path: path, Line: line,
		Msg: msg.Sprintf("transcript.call-lines-not-adjacent", excerpt(id), first)}
}

// decodeJSON decodes one JSON value, numbers kept as json.Number, and rejects anything
// after it.
func decodeJSON(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = &json.SyntaxError{Offset: dec.InputOffset()}
		}
		return nil, trailingDataError{offset: dec.InputOffset(), err: err}
	}
	if err := noDuplicateKeys(text); err != nil {
		return nil, err
	}
	return v, nil
}

// duplicateKeyError is an object that names one key twice. Decoded, the second value
// silently replaces the first — and with it, perhaps, the turn that held a 禁语.
type duplicateKeyError struct {
	key    string
	offset int64
}

func (e duplicateKeyError) Error() string {
	return msg.Sprintf("transcript.key-appears-twice-one-object", excerpt(e.key))
}

// noDuplicateKeys refuses a valid JSON text with an object that repeats a key.
func noDuplicateKeys(text string) error {
	if key, offset, ok := jsonkeys.DuplicateIn(text); ok {
		return duplicateKeyError{key: key, offset: offset}
	}
	return nil
}

// trailingDataError is a complete JSON value followed by more text.
type trailingDataError struct {
	offset int64
	err    error
}

func (e trailingDataError) Error() string { return e.err.Error() }

// jsonSyntaxError turns a decoding error into a *ParseError on the line of the problem.
// fixed is the line for JSON Lines (where text is one line), 0 for a whole document.
func jsonSyntaxError(path, text string, fixed int, err error) *ParseError {
	offset := int64(-1)
	var detail string
	var syn *json.SyntaxError
	var trail trailingDataError
	var dup duplicateKeyError
	switch {
	case errors.As(err, &dup):
		offset = dup.offset
		detail = dup.Error()
	case errors.As(err, &trail):
		offset = trail.offset
		detail = msg.Sprintf("transcript.unexpected-data-after-json-value")
	case errors.As(err, &syn):
		offset = syn.Offset
		detail = msg.Sprintf("transcript.invalid-json", syn.Error())
	case errors.Is(err, io.EOF):
		return &ParseError{Path: path, Line: fixed, Msg: msg.Sprintf("transcript.no-utterances-file")}
	case errors.Is(err, io.ErrUnexpectedEOF):
		offset = int64(len(text))
		detail = msg.Sprintf("transcript.unexpected-end-json-truncated-file")
	default:
		detail = msg.Sprintf("transcript.invalid-json-2", err.Error())
	}
	line := fixed
	if line == 0 && offset >= 0 {
		line = lineAt(text, offset)
	}
	return &ParseError{Path: path, Line: line, Msg: detail}
}

// lineAt is the 1-based line of the byte just before offset (the one a decoder error is about).
func lineAt(text string, offset int64) int {
	end := int(offset) - 1
	if end > len(text) {
		end = len(text)
	}
	if end < 0 {
		end = 0
	}
	return strings.Count(text[:end], "\n") + 1
}

// locator finds the line where a string value is written. Calls must come in document order.
type locator interface {
	line(s string) int
}

// fixedLine is the locator of a JSON Lines record: everything is on its line.
type fixedLine int

func (l fixedLine) line(string) int { return int(l) }

// textLocator finds string values in a whole JSON document. It indexes every string value
// (not key) with its line on first use, then searches forward from the last match, so
// utterances must be located in the order they are written.
type textLocator struct {
	text    string
	indexed bool
	values  []locatedString
	next    int
}

type locatedString struct {
	s    string
	line int
}

func (l *textLocator) line(s string) int {
	if !l.indexed {
		l.index()
		l.indexed = true
	}
	for i := l.next; i < len(l.values); i++ {
		if l.values[i].s == s {
			l.next = i + 1
			return l.values[i].line
		}
	}
	return 0
}

// index walks the document's tokens. The decoder unescapes strings, so a value written as
// "\u60a8\u597d" (Python's json.dump default) is found by its text.
func (l *textLocator) index() {
	dec := json.NewDecoder(strings.NewReader(l.text))
	dec.UseNumber()
	// stack holds, per open container, whether it is an object expecting a key next.
	type frame struct{ object, wantKey bool }
	var stack []frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	lastOffset, lastLine := 0, 1
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				valueDone()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				stack[n-1].wantKey = false
				continue
			}
			off := int(dec.InputOffset())
			if off > len(l.text) {
				off = len(l.text)
			}
			if off > lastOffset {
				lastLine += strings.Count(l.text[lastOffset:off], "\n")
				lastOffset = off
			}
			l.values = append(l.values, locatedString{s: t, line: lastLine})
			valueDone()
		default:
			valueDone()
		}
	}
}

// jsonParser turns decoded JSON values into call drafts.
type jsonParser struct {
	path string
	loc  locator
	// line is the JSON Lines line being read, 0 for a whole document.
	line int
}

// errorf is a ParseError at line (0: the current one) with the catalogued message key.
func (p *jsonParser) errorf(line int, key string, args ...any) *ParseError {
	return p.problem(line, msg.Sprintf(key, args...))
}

func (p *jsonParser) problem(line int, text string) *ParseError {
	if line == 0 {
		line = p.line
	}
	return &ParseError{Path: p.path, Line: line, Msg: text}
}

// shapesHelp lists the shapes ParseJSON reads, for the unknown-shape error.
const shapesHelp = "无法识别的 JSON 结构；支持：通用格式 {\"turns\": [...]}（或其数组）、" +
	"阿里云录音文件识别 {\"Result\": {\"Sentences\": [...]}}、" +
	"腾讯云录音文件识别 {\"Response\": {\"Data\": {\"ResultDetail\": [...]}}}、" +
	"FunASR [{\"sentence_info\": [...]}]、Whisper {\"segments\": [...]} / " +
	"unrecognised JSON shape; supported: the generic format {\"turns\": [...]} (or an array of such calls), " +
	"Alibaba Cloud file transcription {\"Result\": {\"Sentences\": [...]}}, " +
	"Tencent Cloud file recognition {\"Response\": {\"Data\": {\"ResultDetail\": [...]}}}, " +
	"FunASR [{\"sentence_info\": [...]}], Whisper {\"segments\": [...]}"

// add reads one top-level value into g.
func (p *jsonParser) add(g *callGroups, v any) error {
	switch t := v.(type) {
	case map[string]any:
		return p.addObject(g, t, -1)
	case []any:
		if len(t) == 0 {
			return p.errorf(0, "transcript.no-utterances-file")
		}
		for i, e := range t {
			m, ok := e.(map[string]any)
			if !ok {
				return p.errorf(0, "transcript.array-element-not-object", shapesHelp, i+1)
			}
			if err := p.addObject(g, m, i); err != nil {
				return err
			}
		}
		return nil
	}
	return p.problem(0, shapesHelp)
}

// addObject detects the shape of one object (index is its position in a top-level array,
// -1 for none) and adds what it holds to g.
func (p *jsonParser) addObject(g *callGroups, m map[string]any, index int) error {
	if a, b, ok := twoHolders(m); ok {
		return p.errorf(0, "transcript.object-holds-two-calls", a, b)
	}
	var d *draft
	var err error
	sh := shapeOf(m)
	switch sh {
	case genericShape:
		d, err = p.genericCall(m)
	case tencentShape:
		d, err = p.tencent(m)
	case aliyunShape:
		d, err = p.aliyun(m, aliyunV4)
	case aliyunLegacyShape:
		d, err = p.aliyun(m, aliyunLegacy)
	case funASRShape:
		d, err = p.funASR(m)
	case whisperShape:
		d, err = p.whisper(m)
	case turnShape:
		return p.addTurn(g, m)
	default:
		if index >= 0 {
			return p.errorf(0, "transcript.array-element", shapesHelp, index+1)
		}
		return p.problem(0, shapesHelp)
	}
	if err == nil && sh != genericShape {
		// An export wrapped with the call's metadata ({"metadata": {"job_number": "ivr"},
		// "sentence_info": […]}) says about the call what the generic form says there.
		err = p.callMetadata(d, m)
	}
	if err != nil {
		return err
	}
	d.line = p.line
	g.addCall(d)
	return nil
}

// utteranceHolders are the keys that hold a call's utterances in the shapes read, with
// the kind of value they hold there.
var utteranceHolders = []struct {
	key  string
	kind byte
}{{"turns", '['}, {"Response", '{'}, {"ResultDetail", '['}, {"Result", '{'}, {"Sentences", '['},
	{"result", '['}, {"sentence_info", '['}, {"segments", '['}}

// twoHolders finds two keys of m that each hold utterances ({"turns": […],
// "segments": […]}), or a generic call that is also a turn (role and text beside its
// turns). The first shape that fits was read and the other silently dropped: a 禁语 in
// it was never looked for.
func twoHolders(m map[string]any) (a, b string, ok bool) {
	kind := func(v any) byte {
		switch v.(type) {
		case map[string]any:
			return '{'
		case []any:
			return '['
		}
		return 0
	}
	for _, h := range utteranceHolders {
		if v, has := m[h.key]; has && kind(v) == h.kind {
			if a == "" {
				a = h.key
				continue
			}
			return a, h.key, true
		}
	}
	if a == "turns" {
		if _, has := m["text"]; has {
			if _, role := m["role"]; role {
				return "turns", "text", true
			}
			if _, speaker := m["speaker"]; speaker {
				return "turns", "text", true
			}
		}
	}
	return "", "", false
}

// shape is what a JSON object holds: a whole call in one of the formats read, or one
// generic turn (JSON Lines, one turn a line).
type shape int

const (
	unknownShape shape = iota
	genericShape
	tencentShape
	aliyunShape
	aliyunLegacyShape
	funASRShape
	whisperShape
	turnShape
)

// shapeOf tells an object's shape from its keys; the first that fits wins.
func shapeOf(m map[string]any) shape {
	return shapeBy(func(k string) byte {
		switch m[k].(type) {
		case nil:
			return 0
		case map[string]any:
			return '{'
		case []any:
			return '['
		default:
			return 'v'
		}
	})
}

// shapeBy is shapeOf over kind, which tells what the object holds at a key: 0 for
// nothing (or null), '{' an object, '[' an array, 'v' anything else.
func shapeBy(kind func(key string) byte) shape {
	has := func(k string) bool { return kind(k) != 0 }
	switch {
	case has("turns"):
		return genericShape
	case has("Response"), kind("Data") == '{', has("ResultDetail"), has("StatusStr"):
		return tencentShape
	case kind("Result") == '{', has("Sentences"), has("StatusText"):
		return aliyunShape
	case kind("result") == '[' && has("task_id"), kind("result") == '[' && has("status_text"):
		return aliyunLegacyShape
	case has("sentence_info"), has("key") && has("text"):
		return funASRShape
	case has("segments"):
		return whisperShape
	case has("text") && (has("role") || has("speaker")):
		return turnShape
	}
	return unknownShape
}

// WholeCallLine reports whether a line of JSON Lines holds a whole call (the generic
// format with its turns, or a speech recognition result) rather than one turn, nothing
// valid or nothing known: ParseJSONL makes such a line a call of its own unless a
// call_id joins it to others.
func WholeCallLine(line []byte) bool {
	// The keys are enough: their values are checked, not decoded.
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) != nil || m == nil {
		return false
	}
	sh := rawShape(m)
	return sh != unknownShape && sh != turnShape
}

// rawShape is the shape of an object whose values are not decoded: each key's value is
// absent (null), an object or array (its bracket), or a plain value.
func rawShape(m map[string]json.RawMessage) shape {
	return shapeBy(func(k string) byte {
		v := bytes.TrimSpace(m[k])
		switch {
		case len(v) == 0 || string(v) == "null":
			return 0
		case v[0] == '{', v[0] == '[':
			return v[0]
		}
		return 'v'
	})
}

// genericCall reads a generic call object.
func (p *jsonParser) genericCall(m map[string]any) (*draft, error) {
	d := &draft{meta: map[string]string{}, source: "JSON"}
	if err := p.callMetadata(d, m); err != nil {
		return nil, err
	}
	turns, ok := m["turns"].([]any)
	if !ok && m["turns"] != nil {
		return nil, p.errorf(0, "transcript.turns-must-array")
	}
	for i, t := range turns {
		tm, ok := t.(map[string]any)
		if !ok {
			return nil, p.errorf(0, "transcript.turn-not-object", i+1)
		}
		s, keep, err := p.genericTurn(tm, i+1)
		if err != nil {
			return nil, err
		}
		if keep {
			d.segs = append(d.segs, s)
		}
	}
	return d, nil
}

// callMetadata reads "call_id" and "metadata" of a call (or of a JSON Lines turn).
func (p *jsonParser) callMetadata(d *draft, m map[string]any) error {
	if md, ok := m["metadata"]; ok && md != nil {
		mm, ok := md.(map[string]any)
		if !ok {
			return p.errorf(0, "transcript.metadata-must-object")
		}
		// Keys that differ only in case ("B", "b") name one key: in sorted order the
		// last wins, the one in lower case, the same on every run (a map's order is not).
		for _, k := range slices.Sorted(maps.Keys(mm)) {
			if v := mm[k]; v != nil {
				d.meta[strings.ToLower(strings.TrimSpace(k))] = stringify(v)
			}
		}
	}
	if id, ok := m["call_id"]; ok && id != nil {
		s, ok := scalar(id)
		if !ok {
			return p.errorf(0, "transcript.call-id-must-string-number")
		}
		if s = strings.TrimSpace(s); s != "" {
			d.meta["call_id"] = s
		}
	}
	return nil
}

// genericTurn reads one turn (n is its 1-based position in "turns", 0 for a JSON Lines
// turn); keep is false for a turn with empty text.
func (p *jsonParser) genericTurn(m map[string]any, n int) (s seg, keep bool, err error) {
	where := msg.Sprintf("transcript.turn")
	if n > 0 {
		where = msg.Sprintf("transcript.turn-2", n)
	}
	v, found := turnText(m)
	if !found && (m["role"] != nil || m["speaker"] != nil) {
		// A speech turn whose words are under a key no export uses for them would be
		// dropped, and a 禁语 in it never checked.
		return s, false, p.errorf(0, "transcript.turn-no-text", where)
	}
	raw, ok := v.(string)
	if !ok && v != nil {
		return s, false, p.errorf(0, "transcript.turn-text-not-string", n)
	}
	if strings.TrimSpace(raw) == "" {
		return s, false, nil
	}
	s.line = p.loc.line(raw)
	s.text = strings.TrimSpace(raw)

	role, ok := m["role"].(string)
	if !ok && m["role"] != nil {
		return s, false, p.errorf(s.line, "transcript.role-not-string", where)
	}
	role = strings.TrimSpace(role)
	speaker, hasSpeaker, err := p.speakerID(m["speaker"], s.line, where)
	if err != nil {
		return s, false, err
	}
	// role is filled in by finish from the label, so opts.Roles applies; a speaker id is
	// kept apart because it is never looked up as a role label.
	switch {
	case role != "":
		s.label, s.named = role, true
		if hasSpeaker {
			s.id = speaker
		}
	case hasSpeaker:
		s.label, s.id, s.named, s.isID = speaker, speaker, true, true
	}

	if s.start, s.hasStart, err = p.offset(m["start"], time.Second, true, s.line, where, "start"); err != nil {
		return s, false, err
	}
	if s.end, s.hasEnd, err = p.offset(m["end"], time.Second, true, s.line, where, "end"); err != nil {
		return s, false, err
	}
	return s, true, nil
}

// turnTextKeys are the keys a turn's words may be under, "text" first: exports name them
// as they name a CSV's text column (content, utterance, 内容).
var turnTextKeys = []string{"text", "content", "utterance", "sentence", "transcript", "内容", "內容", "文本", "识别结果", "識別結果"}

// turnText finds a turn's words: under one of turnTextKeys, or the same key in other case
// (Text, CONTENT).
func turnText(m map[string]any) (any, bool) {
	for _, k := range turnTextKeys {
		if v, ok := m[k]; ok {
			return v, true
		}
	}
	for k, v := range m {
		for _, want := range turnTextKeys {
			if strings.EqualFold(k, want) {
				return v, true
			}
		}
	}
	return nil, false
}

// addTurn adds a single JSON Lines turn to the call with its call_id.
func (p *jsonParser) addTurn(g *callGroups, m map[string]any) error {
	d := &draft{meta: map[string]string{}, source: "JSON", line: p.line}
	if err := p.callMetadata(d, m); err != nil {
		return err
	}
	s, keep, err := p.genericTurn(m, 0)
	if err != nil {
		return err
	}
	if keep {
		d.segs = append(d.segs, s)
	}
	g.addTurn(d)
	return nil
}

// speakerID reads a speaker or channel id: a string or a number (integers written without
// a fraction, so 0 and 0.0 are both "0").
func (p *jsonParser) speakerID(v any, line int, where string) (string, bool, error) {
	switch t := v.(type) {
	case nil:
		return "", false, nil
	case string:
		t = strings.TrimSpace(t)
		return t, t != "", nil
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return strconv.FormatInt(i, 10), true, nil
		}
		if f, err := t.Float64(); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatInt(int64(f), 10), true, nil
		}
		return t.String(), true, nil
	}
	return "", false, p.errorf(line, "transcript.speaker-channel-id-must-string", where)
}

// maxOffset bounds times, so that absurd values are errors rather than overflows.
const maxOffset = 1000 * time.Hour

// offset reads a time: a number of units (time.Second or time.Millisecond), or when
// textOK is true a string for ParseTime. ok is false when the value is absent.
func (p *jsonParser) offset(v any, unit time.Duration, textOK bool, line int, where, name string) (d time.Duration, ok bool, err error) {
	bad := func() error {
		return p.errorf(line, "transcript.invalid-time-2", where, name, excerpt(stringify(v)))
	}
	switch t := v.(type) {
	case nil:
		return 0, false, nil
	case json.Number:
		f, err := t.Float64()
		if err != nil || math.IsNaN(f) || f < 0 || f*float64(unit) > float64(maxOffset) {
			return 0, false, bad()
		}
		return time.Duration(math.Round(f*float64(unit)/float64(time.Millisecond))) * time.Millisecond, true, nil
	case string:
		if !textOK {
			return 0, false, bad()
		}
		if strings.TrimSpace(t) == "" {
			return 0, false, nil
		}
		d, err := ParseTime(t)
		if err != nil {
			return 0, false, p.problem(line, fmt.Sprintf("%s：\"%s\" %s", where, name, err.Error()))
		}
		return d, true, nil
	}
	return 0, false, bad()
}

// seg is one utterance as read, before speakers are resolved.
type seg struct {
	line int
	text string
	// label is the speaker label or id as written; named says the source gave one.
	label string
	named bool
	// id is a speaker or channel id given alongside (or instead of) a role label; isID
	// says the label itself is such an id rather than a role label.
	id   string
	isID bool

	start, end       time.Duration
	hasStart, hasEnd bool
}

// draft is one call as read, before speakers are resolved.
type draft struct {
	meta map[string]string
	segs []seg
	// source names the format in messages ("Whisper JSON", ...).
	source string
	// diarised marks speech recognition output whose labels are channel or speaker ids.
	diarised bool
	// line is the JSON Lines line of the call, 0 in a whole document.
	line int
}

// callGroups collects drafts in order, merging those with the same call_id.
type callGroups struct {
	drafts []*draft
	byID   map[string]*draft
	// loose collects JSON Lines turns without a call_id.
	loose *draft
	// keep, when positive, is the most turns a call keeps: one more than a call may
	// have, so that the call is still refused for them, naming the first one too many.
	keep int
	// maxCalls, when positive, is the most calls (Options.MaxCalls); over is set at the
	// first one too many.
	maxCalls int
	over     bool
	// tooLong is the first call to reach keep turns: one over the limit.
	tooLong *draft
	// adjacent: the lines of a call must be adjacent (JSON Lines), as a stream on
	// standard input is cut into calls where the call_id changes. lastID is the call_id
	// of the last line with one ("" after a whole call without one); resumed is set at
	// the first line that goes back to a call other lines came after, and resumedFrom
	// to that call's first line.
	adjacent    bool
	lastID      string
	resumed     *draft
	resumedFrom int
}

// noteLength remembers d once it holds more turns than a call may.
func (g *callGroups) noteLength(d *draft) {
	if g.keep > 0 && g.tooLong == nil && len(d.segs) >= g.keep {
		g.tooLong = d
	}
}

// room says whether one more call may be added, and remembers when it may not.
func (g *callGroups) room() bool {
	if g.maxCalls > 0 && len(g.drafts) >= g.maxCalls {
		g.over = true
		return false
	}
	return true
}

func newCallGroups() *callGroups { return &callGroups{byID: map[string]*draft{}} }

func (g *callGroups) addCall(d *draft) {
	id := d.meta["call_id"]
	defer func() { g.lastID = id }()
	if id == "" {
		if g.room() {
			g.drafts = append(g.drafts, d)
		}
		return
	}
	if prev, ok := g.byID[id]; ok {
		if g.adjacent && g.lastID != id && g.resumed == nil {
			g.resumed, g.resumedFrom = d, prev.line
		}
		prev.merge(d, g.keep)
		g.noteLength(prev)
		return
	}
	if !g.room() {
		return
	}
	g.byID[id] = d
	g.drafts = append(g.drafts, d)
}

func (g *callGroups) addTurn(d *draft) {
	if d.meta["call_id"] != "" {
		g.addCall(d)
		return
	}
	if g.loose == nil {
		if !g.room() {
			return
		}
		g.loose = d
		g.drafts = append(g.drafts, d)
		return
	}
	g.loose.merge(d, g.keep)
	g.noteLength(g.loose)
}

// merge adds o's metadata and turns to d, keeping at most keep turns when keep is
// positive.
func (d *draft) merge(o *draft, keep int) {
	for k, v := range o.meta {
		if _, ok := d.meta[k]; !ok {
			d.meta[k] = v
		}
	}
	segs := o.segs
	if keep > 0 {
		segs = segs[:max(0, min(len(segs), keep-len(d.segs)))]
	}
	d.segs = append(d.segs, segs...)
	d.diarised = d.diarised || o.diarised
}

func (g *callGroups) finish(path string, opts Options) ([]*Call, error) {
	if len(g.drafts) == 0 {
		return nil, &ParseError{Path: path, Msg: msg.Sprintf("transcript.no-utterances-file")}
	}
	calls := make([]*Call, 0, len(g.drafts))
	for _, d := range g.drafts {
		c, err := d.finish(path, opts)
		if err != nil {
			return nil, err
		}
		calls = append(calls, c)
	}
	return calls, nil
}

// finish resolves speakers and builds the call.
func (d *draft) finish(path string, opts Options) (*Call, error) {
	if len(d.segs) == 0 {
		text := msg.Sprintf("transcript.no-utterances-file")
		if id := d.meta["call_id"]; id != "" {
			text = msg.Sprintf("transcript.no-utterances-call", id)
		}
		return nil, &ParseError{Path: path, Line: d.line, Msg: text}
	}
	roles := opts.roles()
	segs := d.segs
	named := 0
	for _, s := range segs {
		if s.named {
			named++
		}
	}
	switch {
	case named == 0:
		var err error
		if segs, err = d.byPrefix(path, roles); err != nil {
			return nil, err
		}
	case named < len(segs):
		for i, s := range segs {
			if !s.named {
				return nil, &ParseError{Path: path, Line: s.line, Msg: msg.Sprintf(
					"transcript.utterance-has-no-speaker-while", d.source, i+1)}
			}
		}
	}

	c := &Call{Path: path, Metadata: d.meta, Utterances: make([]Utterance, 0, len(segs))}
	ids := map[string]bool{}
	for i, s := range segs {
		if s.hasStart && s.hasEnd && s.end < s.start {
			return nil, &ParseError{Path: path, Line: s.line, Msg: msg.Sprintf(
				"transcript.utterance-ends-before-it-starts", d.source, i+1)}
		}
		role, label := Unknown, s.label
		if s.isID {
			ids[s.label] = true
		} else if r, _, ok := lookupLabel(roles, s.label); ok { // 坐席1, 客户2 too
			role = r
		} else if s.id != "" {
			// An unknown role label with a speaker id: resolve by the id.
			role, label = Unknown, s.id
		}
		c.Utterances = append(c.Utterances, Utterance{
			Turn: i + 1, Line: s.line, Role: role, Label: label,
			Start: s.start, End: s.end, HasStart: s.hasStart, HasEnd: s.hasEnd,
			Text: s.text,
		})
	}
	if d.diarised && len(ids) == 1 && len(segs) > 1 {
		var only string
		for id := range ids {
			only = id
		}
		c.Warnings = append(c.Warnings, msg.Sprintf(
			"transcript.only-one-speaker-channel-mono",
			d.source, only))
	}
	ResolveSpeakers(c, opts)
	return c, nil
}

// byPrefix gives speakers to segments from "label：" prefixes in their text (output with
// no speaker information at all). A segment without a prefix continues the previous
// speaker, as a separate utterance.
func (d *draft) byPrefix(path string, roles RoleMap) ([]seg, error) {
	out := make([]seg, len(d.segs))
	found := false
	for i, s := range d.segs {
		if label, body, ok := splitLabel(s.text); ok {
			if _, _, known := lookupLabel(roles, label); known && body != "" {
				s.label, s.text, s.named, s.isID, s.id = label, body, true, false, ""
				found = true
				out[i] = s
				continue
			}
		}
		if i > 0 && out[i-1].named {
			s.label, s.named, s.isID, s.id = out[i-1].label, true, false, ""
		}
		out[i] = s
	}
	if !found {
		return nil, &ParseError{Path: path, Line: d.segs[0].line, Msg: fmt.Sprintf(
			"%s 没有说话人信息，无法区分坐席和客户：请在每段文本前加说话人前缀（如“坐席：”“客户：”“A:”），"+
				"或改用带说话人分离/双声道的识别结果（FunASR spk_model、阿里云 auto_split 或双声道、腾讯云 SpeakerDiarization 或双声道）/ "+
				"%s has no speaker information: prefix each segment with a speaker label (坐席：, 客户：, A:) "+
				"or use diarised or two-channel recognition output",
			d.source, d.source)}
	}
	if !out[0].named {
		return nil, &ParseError{Path: path, Line: out[0].line, Msg: msg.Sprintf(
			"transcript.first-segment-has-no-speaker", d.source)}
	}
	return out, nil
}

// scalar returns a string or number as a string.
func scalar(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	}
	return "", false
}

// stringify renders a metadata value: strings as they are, anything else as compact JSON.
func stringify(v any) string {
	if s, ok := scalar(v); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// joinTokens joins recognised tokens: without a separator between Chinese characters, with
// a space between two Latin words.
func joinTokens(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(t)
			if isWordRune(last) && isWordRune(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// overlongArray finds the first array nested in the JSON text (not the document's own
// array of calls) that holds more than limit objects, and returns the offset of the
// object one too many. It reads bytes only, holding a counter per open container, so a
// document of millions of turns is refused in a fraction of a second; an invalid text is
// left to the decoder. Arrays of numbers or of arrays (FunASR's timestamps) are not
// counted.
func overlongArray(text string, limit int) (offset int, ok bool) {
	return objectsOver(text, limit, false)
}

// topArrayOfTurns says whether text is an array whose first element is a single turn
// ({"role": …, "text": …}), not a call.
func topArrayOfTurns(text string) bool {
	t := strings.TrimLeft(text, " \t\r\n")
	if !strings.HasPrefix(t, "[") {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(t))
	if _, err := dec.Token(); err != nil {
		return false
	}
	var m map[string]json.RawMessage
	if dec.Decode(&m) != nil || m == nil {
		return false
	}
	return rawShape(m) == turnShape
}

// overlongCalls finds the object one too many in the document's own array of calls,
// when it holds more than limit (a call each).
func overlongCalls(text string, limit int) (offset int, ok bool) {
	return objectsOver(text, limit, true)
}

// objectsOver finds the first array that holds more than limit objects, the document's
// own array when top is true, else one nested in another value, and returns the offset
// of the object one too many.
func objectsOver(text string, limit int, top bool) (offset int, ok bool) {
	type container struct {
		array bool
		n     int
	}
	var stack []container
	inString, escaped := false, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{':
			if n := len(stack); (n == 1) == top && n >= 1 && stack[n-1].array {
				stack[n-1].n++
				if stack[n-1].n > limit {
					return i, true
				}
			}
			stack = append(stack, container{})
		case '[':
			stack = append(stack, container{array: true})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	return 0, false
}
