package report

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The JSON and JSON Lines reports are written by hand-written appenders, not by
// encoding/json's reflection and a second pass to indent: 6.6% fewer instructions per
// call for a JSON report (docs/scale.md). The bytes are exactly
// encoding/json's with SetEscapeHTML(false) (and, for the JSON report, json.Indent by
// two spaces): appendjson_test.go compares the two on tricky values and on every field
// of every type here, so a field added to a struct but not below fails a test.

// jsonEncoder appends report values as encoding/json encodes them, compact or indented.
// Its methods take the buffer and return it, append's way: a buffer kept in the struct
// cost a write barrier at every append while the collector ran.
type jsonEncoder struct {
	// indent puts each member and element on a line of its own: prefix, then two spaces
	// per depth, as json.Indent(dst, src, prefix, "  ") would.
	indent bool
	prefix string
	depth  int
	// empty: the object or array just opened has no member yet.
	empty bool
	// err is the first value JSON cannot hold (NaN, ±Inf), as encoding/json reports it.
	err error
}

func (e *jsonEncoder) open(dst []byte, c byte) []byte {
	dst = append(dst, c)
	e.depth++
	e.empty = true
	return dst
}

// close ends an object or array; an empty one stays {} or [].
func (e *jsonEncoder) close(dst []byte, c byte) []byte {
	e.depth--
	if e.indent && !e.empty {
		dst = e.newline(dst)
	}
	dst = append(dst, c)
	e.empty = false
	return dst
}

func (e *jsonEncoder) newline(dst []byte) []byte {
	dst = append(dst, '\n')
	dst = append(dst, e.prefix...)
	for range e.depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
}

// next starts a member or an element: the comma after the one before, and its line.
func (e *jsonEncoder) next(dst []byte) []byte {
	if !e.empty {
		dst = append(dst, ',')
	}
	e.empty = false
	if e.indent {
		dst = e.newline(dst)
	}
	return dst
}

// key starts the member called k, a name that needs no escaping.
func (e *jsonEncoder) key(dst []byte, k string) []byte {
	dst = e.next(dst)
	dst = append(dst, '"')
	dst = append(dst, k...)
	dst = append(dst, '"', ':')
	if e.indent {
		dst = append(dst, ' ')
	}
	return dst
}

func (e *jsonEncoder) str(dst []byte, k, v string) []byte {
	return appendJSONString(e.key(dst, k), v)
}

// strOmit and floatOmit write an omitempty field: nothing for the zero value.
func (e *jsonEncoder) strOmit(dst []byte, k, v string) []byte {
	if v == "" {
		return dst
	}
	return e.str(dst, k, v)
}

func (e *jsonEncoder) floatOmit(dst []byte, k string, v float64) []byte {
	if v == 0 {
		return dst
	}
	return e.float(dst, k, v)
}

func (e *jsonEncoder) int(dst []byte, k string, v int) []byte {
	return strconv.AppendInt(e.key(dst, k), int64(v), 10)
}

func (e *jsonEncoder) float(dst []byte, k string, v float64) []byte {
	return e.number(e.key(dst, k), v)
}

func (e *jsonEncoder) bool(dst []byte, k string, v bool) []byte {
	return strconv.AppendBool(e.key(dst, k), v)
}

// number appends v as encoding/json does: like ES6's Number to String, %f but for
// exponents below -6 or from 21 up, written 1e-7 and 1e+21.
func (e *jsonEncoder) number(dst []byte, v float64) []byte {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		if e.err == nil {
			e.err = &json.UnsupportedValueError{Value: reflect.ValueOf(v), Str: strconv.FormatFloat(v, 'g', -1, 64)}
		}
		dst = append(dst, '0') // the entry is dropped: keep it well formed anyway
		return dst
	}
	format := byte('f')
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, v, format, -1, 64)
	if format == 'e' {
		// e-07 to e-7
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// strings appends a list of strings; nil is [] here, the callers omit an empty list.
func (e *jsonEncoder) strings(dst []byte, k string, vs []string) []byte {
	dst = e.key(dst, k)
	dst = e.open(dst, '[')
	for _, v := range vs {
		dst = e.next(dst)
		dst = appendJSONString(dst, v)
	}
	dst = e.close(dst, ']')
	return dst
}

// stringMap appends m with its keys sorted, as encoding/json does; nil is {}.
func (e *jsonEncoder) stringMap(dst []byte, k string, m map[string]string) []byte {
	dst = e.key(dst, k)
	dst = e.open(dst, '{')
	var stack [16]string // a call's metadata is a few keys: sort them without allocating
	keys := stack[:0]
	for mk := range m {
		keys = append(keys, mk)
	}
	slices.Sort(keys)
	for _, mk := range keys {
		dst = e.next(dst)
		dst = appendJSONString(dst, mk)
		dst = append(dst, ':')
		if e.indent {
			dst = append(dst, ' ')
		}
		dst = appendJSONString(dst, m[mk])
	}
	dst = e.close(dst, '}')
	return dst
}

// call appends f as a report entry: a nil metadata map or findings list is written {}
// and [], so consumers can iterate without nil checks.
func (e *jsonEncoder) call(dst []byte, f *Call) []byte {
	dst = e.open(dst, '{')
	dst = e.str(dst, "path", f.Path)
	dst = e.stringMap(dst, "metadata", f.Metadata)
	dst = e.key(dst, "score")
	if f.Score == nil {
		dst = append(dst, "null"...)
	} else {
		dst = e.number(dst, *f.Score)
	}
	dst = e.strOmit(dst, "grade", f.Grade)
	if len(f.Sections) > 0 {
		dst = e.key(dst, "sections")
		dst = e.open(dst, '[')
		for i := range f.Sections {
			dst = e.next(dst)
			dst = e.section(dst, &f.Sections[i])
		}
		dst = e.close(dst, ']')
	}
	if len(f.Bonuses) > 0 {
		dst = e.key(dst, "bonuses")
		dst = e.open(dst, '[')
		for i := range f.Bonuses {
			dst = e.next(dst)
			dst = e.bonus(dst, &f.Bonuses[i])
		}
		dst = e.close(dst, ']')
	}
	dst = e.bool(dst, "passed", f.Passed)
	dst = e.bool(dst, "fatal", f.Fatal)
	dst = e.str(dst, "error", f.Error)
	if len(f.Warnings) > 0 {
		dst = e.strings(dst, "warnings", f.Warnings)
	}
	if len(f.Skipped) > 0 {
		dst = e.strings(dst, "skipped", f.Skipped)
	}
	dst = e.findings(dst, "findings", f.Findings)
	if len(f.NearMisses) > 0 {
		dst = e.key(dst, "near_misses")
		dst = e.open(dst, '[')
		for i := range f.NearMisses {
			dst = e.next(dst)
			dst = e.nearMiss(dst, &f.NearMisses[i])
		}
		dst = e.close(dst, ']')
	}
	if len(f.Suppressed) > 0 {
		dst = e.findings(dst, "suppressed", f.Suppressed)
	}
	if len(f.Notes) > 0 {
		dst = e.findings(dst, "notes", f.Notes)
	}
	dst = e.close(dst, '}')
	return dst
}

func (e *jsonEncoder) section(dst []byte, s *SectionScore) []byte {
	dst = e.open(dst, '{')
	dst = e.str(dst, "name", s.Name)
	dst = e.float(dst, "points", s.Points)
	dst = e.float(dst, "lost", s.Lost)
	dst = e.float(dst, "score", s.Score)
	dst = e.close(dst, '}')
	return dst
}

func (e *jsonEncoder) bonus(dst []byte, b *Bonus) []byte {
	dst = e.open(dst, '{')
	dst = e.str(dst, "rule", b.Rule)
	dst = e.str(dst, "message", b.Message)
	dst = e.float(dst, "points", b.Points)
	dst = e.int(dst, "line", b.Line)
	dst = e.int(dst, "turn", b.Turn)
	dst = e.str(dst, "role", b.Role)
	dst = e.str(dst, "text", b.Text)
	dst = e.str(dst, "match", b.Match)
	dst = e.close(dst, '}')
	return dst
}

// findings appends a list of findings; nil is [].
func (e *jsonEncoder) findings(dst []byte, k string, fs []Finding) []byte {
	dst = e.key(dst, k)
	dst = e.open(dst, '[')
	for i := range fs {
		dst = e.next(dst)
		dst = e.finding(dst, &fs[i])
	}
	dst = e.close(dst, ']')
	return dst
}

func (e *jsonEncoder) finding(dst []byte, f *Finding) []byte {
	dst = e.open(dst, '{')
	dst = e.str(dst, "rule", f.Rule)
	dst = e.str(dst, "kind", f.Kind)
	dst = e.str(dst, "severity", f.Severity)
	dst = e.str(dst, "message", f.Message)
	dst = e.float(dst, "deduct", f.Deduct)
	if f.Fatal {
		dst = e.bool(dst, "fatal", f.Fatal)
	}
	dst = e.int(dst, "line", f.Line)
	dst = e.int(dst, "turn", f.Turn)
	dst = e.str(dst, "role", f.Role)
	dst = e.strOmit(dst, "time", f.Time)
	dst = e.str(dst, "text", f.Text)
	dst = e.str(dst, "match", f.Match)
	dst = e.strOmit(dst, "fuzzy", f.Fuzzy)
	dst = e.strOmit(dst, "phrase", f.Phrase)
	dst = e.strOmit(dst, "end", f.End)
	dst = e.floatOmit(dst, "value", f.Value)
	dst = e.floatOmit(dst, "limit", f.Limit)
	dst = e.strOmit(dst, "unit", f.Unit)
	dst = e.strOmit(dst, "detail", f.Detail)
	dst = e.strOmit(dst, "suppressed_by", f.SuppressedBy)
	dst = e.strOmit(dst, "shown", f.Shown)
	dst = e.close(dst, '}')
	return dst
}

func (e *jsonEncoder) nearMiss(dst []byte, n *NearMiss) []byte {
	dst = e.open(dst, '{')
	dst = e.str(dst, "rule", n.Rule)
	dst = e.int(dst, "line", n.Line)
	dst = e.int(dst, "turn", n.Turn)
	dst = e.str(dst, "phrase", n.Phrase)
	dst = e.str(dst, "heard", n.Heard)
	dst = e.int(dst, "distance", n.Distance)
	dst = e.int(dst, "length", n.Length)
	dst = e.close(dst, '}')
	return dst
}

func (e *jsonEncoder) rulebook(dst []byte, rb *Rulebook) []byte {
	dst = e.open(dst, '{')
	dst = e.str(dst, "name", rb.Name)
	dst = e.str(dst, "version", rb.Version)
	dst = e.strOmit(dst, "shard", rb.Shard)
	if rb.Strict {
		dst = e.bool(dst, "strict", rb.Strict)
	}
	if rb.PassScore != nil {
		dst = e.float(dst, "pass_score", *rb.PassScore)
	}
	dst = e.strOmit(dst, "fail_level", rb.FailLevel)
	dst = e.close(dst, '}')
	return dst
}

// summary appends s; nil top rules and lowest calls are written [].
func (e *jsonEncoder) summary(dst []byte, s *Summary) []byte {
	dst = e.open(dst, '{')
	dst = e.int(dst, "files", s.Files)
	dst = e.int(dst, "passed", s.Passed)
	dst = e.int(dst, "failed", s.Failed)
	dst = e.int(dst, "errors", s.Errors)
	dst = e.float(dst, "mean_score", s.MeanScore)
	dst = e.int(dst, "skipped", s.Skipped)
	if len(s.SkippedFiles) > 0 {
		dst = e.key(dst, "skipped_files")
		dst = e.open(dst, '[')
		for _, sf := range s.SkippedFiles {
			dst = e.next(dst)
			dst = e.open(dst, '{')
			dst = e.str(dst, "path", sf.Path)
			dst = e.str(dst, "reason", sf.Reason)
			dst = e.close(dst, '}')
		}
		dst = e.close(dst, ']')
	}
	dst = e.float(dst, "median_score", s.MedianScore)
	dst = e.key(dst, "top_rules")
	dst = e.open(dst, '[')
	for _, r := range s.TopRules {
		dst = e.next(dst)
		dst = e.open(dst, '{')
		dst = e.str(dst, "rule", r.Rule)
		dst = e.str(dst, "message", r.Message)
		dst = e.int(dst, "findings", r.Findings)
		dst = e.int(dst, "calls", r.Calls)
		dst = e.close(dst, '}')
	}
	dst = e.close(dst, ']')
	dst = e.key(dst, "lowest")
	dst = e.open(dst, '[')
	for _, c := range s.Lowest {
		dst = e.next(dst)
		dst = e.open(dst, '{')
		dst = e.str(dst, "path", c.Path)
		if c.CallID != "" {
			dst = e.str(dst, "call_id", c.CallID)
		}
		dst = e.float(dst, "score", c.Score)
		dst = e.bool(dst, "passed", c.Passed)
		dst = e.close(dst, '}')
	}
	dst = e.close(dst, ']')
	if s.Suppressed != 0 {
		dst = e.int(dst, "suppressed", s.Suppressed)
	}
	if s.Baselined != 0 {
		dst = e.int(dst, "baselined", s.Baselined)
	}
	dst = e.close(dst, '}')
	return dst
}

// jsonStringSafe marks the ASCII bytes a JSON string holds as they are: encoding/json
// without HTML escaping escapes only control characters, the quote and the backslash.
var jsonStringSafe = func() (safe [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		safe[b] = b != '"' && b != '\\'
	}
	return safe
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string without HTML
// escaping: \" \\ \b \f \n \r \t, other control characters as \u00XX, each byte of
// invalid UTF-8 as \ufffd, and U+2028 and U+2029 (line ends to JavaScript) escaped.
// The rest, Chinese included, is copied in runs.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if jsonStringSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		// Chinese is three bytes a character: check those here, the rest by the decoder.
		// U+2028 and U+2029 are three bytes too.
		// Led by E1–EC or EE–EF, any two continuation bytes (tested by one comparison)
		// make a character; E0 and ED, rare, go to the decoder.
		if b-0xE1 < 0x0F && b != 0xED && i+2 < len(s) {
			c1, c2 := s[i+1], s[i+2]
			if (c1^0x80)|(c2^0x80) < 0x40 {
				if b == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9) { // U+2028, U+2029
					dst = append(dst, s[start:i]...)
					dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c2&0xF])
					start = i + 3
				}
				i += 3
				continue
			}
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size // valid: two or four bytes, or three after a lead the fast path refused
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// scratchPool holds the buffers entries are encoded into before they are copied out at
// their size: a worker's entries are a few KB each, and growing a fresh buffer to that
// size copied it several times over.
var scratchPool = sync.Pool{New: func() any { return new([]byte) }}

// encodeEntry returns f's entry, compact or indented at prefix, in a slice of its own, with
// before and after around it.
func encodeEntry(f *Call, indent bool, prefix, before, after string) ([]byte, error) {
	scratch := scratchPool.Get().(*[]byte)
	e := jsonEncoder{indent: indent, prefix: prefix}
	buf := append(e.call(append((*scratch)[:0], before...), f), after...)
	var out []byte
	if e.err == nil {
		out = slices.Clone(buf)
	}
	*scratch = buf
	scratchPool.Put(scratch)
	return out, e.err
}
