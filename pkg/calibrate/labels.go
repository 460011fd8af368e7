// Package calibrate measures zhijian's findings against reviewers' labels: for each
// reviewed call the reviewer's verdict and the violations they found, each a concept of
// the shared vocabulary and the line of the file it is on (docs/calibration.md). Compare
// pairs findings with labels and counts verdict agreement, precision and recall.
package calibrate

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/internal/jsonkeys"
	"github.com/zhijian-qa/zhijian/pkg/internal/smallfile"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/source"
)

// Verdicts.
const (
	Pass = "pass"
	Fail = "fail"
)

// Labels are the reviewed calls of one or more label files, in the order first met.
type Labels struct {
	Calls []*Call
	// Files are the label files read.
	Files []string
}

// Call is one reviewed call: the reviewer's verdict and the violations they found.
type Call struct {
	// File is the transcript's path as the label gives it, with forward slashes and
	// cleaned; it names a checked file that is this path or ends with it.
	File    string
	Verdict string // Pass or Fail
	// Violations are in the order given; a call without any passed clean.
	Violations []Violation
	// At is where the call is first labelled ("labels.csv:3").
	At string
}

// Violation is one labelled violation.
type Violation struct {
	Concept string
	// Line is the 1-based line of the file the violation is on; 0 for a step missing
	// from the whole call.
	Line int
	Note string
	// At is where it is labelled ("labels.csv:4").
	At string
}

// Columns are the columns of a CSV label file: file and verdict are required.
var Columns = []string{"file", "verdict", "concept", "line", "note"}

// MaxBytes bounds the label files of one run, together: they are read whole and every
// row is kept, about twelve times its size in memory (a 100 MB file took 1.2 GB). A
// reviewer labels a few thousand calls, some hundred KB; 32 MB is half a million rows.
const MaxBytes = 32 << 20

// maxConcept and maxFile bound a label's concept and file: every message, table and
// list quotes them, and a concept of 500,000 characters made each row of the per-concept
// table that wide (a file's path has at most 4,096 bytes on any system zhijian runs on).
const (
	maxConcept = 128
	maxFile    = 4096
)

// excerpt is what a message quotes of a label's value: at most 40 characters.
func excerpt(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// conceptPattern is how concepts (and rule ids) are written.
var conceptPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Load reads a label file (*.csv or *.json) or every label file under a directory. All
// problems are reported at once, as diag.List (a CSV row has a line, no column).
func Load(p string) (*Labels, error) { return LoadEncoded(p, "") }

// LoadEncoded is Load with the files' text encoding given (source.CanonicalEncoding's
// names; "" or auto detects it per file): a short GBK export cannot be told from Big5.
func LoadEncoded(p, encoding string) (*Labels, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, diag.List{{Path: p, Msg: msg.Sprintf("calibrate.cannot-read-labels", unwrapPath(err).Error())}}
	}
	var files []string
	if info.IsDir() {
		err := filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if name := d.Name(); d.IsDir() && f != p && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && isLabelFile(f) {
				files = append(files, f)
			}
			return nil
		})
		if err != nil {
			return nil, diag.List{{Path: p, Msg: msg.Sprintf("calibrate.cannot-read-label-directory", unwrapPath(err).Error())}}
		}
		if len(files) == 0 {
			return nil, diag.List{{Path: p, Msg: msg.Sprintf("calibrate.no-label-files-csv-json")}}
		}
		sort.Strings(files)
	} else {
		if !isLabelFile(p) {
			return nil, diag.List{{Path: p, Msg: msg.Sprintf("calibrate.label-file-csv-json")}}
		}
		files = []string{p}
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			if total += st.Size(); total > MaxBytes && len(files) > 1 {
				return nil, diag.List{{Path: p, Msg: msg.Sprintf("calibrate.labels-too-large", MaxBytes>>20, f)}}
			}
		}
	}
	b := &builder{byFile: map[string]*Call{}, labels: &Labels{Files: files}, encoding: encoding}
	for _, f := range files {
		b.file(f)
	}
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	// A header and nothing else (an export of an empty review) would give figures of
	// 1.000 over no call at all.
	if len(b.labels.Calls) == 0 {
		return nil, diag.List{{Path: p, Msg: msg.Sprintf("calibrate.no-labelled-calls")}}
	}
	return b.labels, nil
}

func isLabelFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".csv", ".json":
		return true
	}
	return false
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// builder gathers the calls of several files: one call per transcript path, whichever
// file and row labels it.
type builder struct {
	labels   *Labels
	byFile   map[string]*Call
	errs     diag.List
	encoding string
}

// errorf records a problem at path:line with the catalogued message key.
func (b *builder) errorf(path string, line int, key string, args ...any) {
	b.problem(path, line, msg.Sprintf(key, args...))
}

func (b *builder) problem(path string, line int, text string) {
	b.errs = append(b.errs, &diag.Diagnostic{Path: path, Line: line, Msg: text})
}

func (b *builder) file(p string) {
	data, err := smallfile.Read(p, MaxBytes)
	if err != nil {
		b.errorf(p, 0, "calibrate.cannot-read", unwrapPath(err))
		return
	}
	b.parse(p, data)
}

func (b *builder) parse(p string, data []byte) {
	text, _, err := source.Decode(data, b.encoding)
	if err != nil {
		var se *source.Error
		if errors.As(err, &se) {
			// The reader's hint names check's --encoding; a label file's is --labels-encoding.
			b.problem(p, se.Line, strings.ReplaceAll(se.Msg, "--encoding", "--labels-encoding"))
		} else {
			b.problem(p, 0, err.Error())
		}
		return
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	if strings.ToLower(filepath.Ext(p)) == ".json" {
		b.json(p, text)
	} else {
		b.csv(p, text)
	}
}

// row is one labelled fact, from a CSV row or a JSON call: a call's verdict and, when
// concept is set, one violation.
type row struct {
	path                       string
	line                       int // of the label file
	file, verdict, concept, ln string
	hasLine                    bool // ln was given (JSON: a number, not null)
	lineN                      int  // JSON: the number
	note                       string
}

// add checks a row and adds it to its call.
func (b *builder) add(r row, call **Call) {
	at := fmt.Sprintf("%s:%d", r.path, r.line)
	before := len(b.errs)
	file := cleanFile(r.file)
	if file == "" {
		b.errorf(r.path, r.line, "calibrate.no-file-transcript-path")
	}
	verdict, ok := ParseVerdict(r.verdict)
	if !ok {
		if strings.TrimSpace(r.verdict) == "" {
			b.errorf(r.path, r.line, "calibrate.no-verdict-pass-fail")
		} else {
			b.errorf(r.path, r.line, "calibrate.unknown-verdict-pass-fail", excerpt(r.verdict))
		}
	}
	concept := strings.TrimSpace(r.concept)
	if concept != "" && (!conceptPattern.MatchString(concept) || len(concept) > maxConcept) {
		b.errorf(r.path, r.line, "calibrate.invalid-concept", excerpt(concept))
	}
	if len(file) > maxFile {
		b.errorf(r.path, r.line, "calibrate.file-too-long", excerpt(file), maxFile)
	}
	line := r.lineN
	if !r.hasLine {
		if s := strings.TrimSpace(r.ln); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				b.errorf(r.path, r.line, "calibrate.line-must-line-number-from", excerpt(s))
			}
			line = n
		}
	} else if line < 1 {
		b.errorf(r.path, r.line, "calibrate.line-must-line-number-from-2", line)
	}
	if concept == "" && line > 0 {
		b.errorf(r.path, r.line, "calibrate.line-but-no-concept")
	}
	if len(b.errs) > before {
		return
	}
	c := b.byFile[file]
	switch {
	case c == nil:
		c = &Call{File: file, Verdict: verdict, At: at}
		b.byFile[file] = c
		b.labels.Calls = append(b.labels.Calls, c)
	case c.Verdict != verdict:
		b.errorf(r.path, r.line, "calibrate.verdict-contradicts-call-has-one",
			file, verdict, c.At, c.Verdict)
		return
	}
	if call != nil {
		*call = c
	}
	if concept != "" {
		c.Violations = append(c.Violations, Violation{Concept: concept, Line: line, Note: strings.TrimSpace(r.note), At: at})
	}
}

// ParseVerdict reads pass or fail (合格, 不合格; any case, spaces around).
func ParseVerdict(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "pass", "合格":
		return Pass, true
	case "fail", "不合格":
		return Fail, true
	}
	return "", false
}

// cleanFile writes a label's path with forward slashes, cleaned ("./a//b.txt" → a/b.txt).
func cleanFile(f string) string {
	f = strings.TrimSpace(f)
	if f == "" {
		return ""
	}
	return path.Clean(strings.ReplaceAll(f, `\`, "/"))
}

func (b *builder) csv(p, text string) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		b.errorf(p, 0, "calibrate.empty-file-header-required", strings.Join(Columns, ","))
		return
	}
	if err != nil {
		b.csvError(p, err)
		return
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case !slices.Contains(Columns, h):
			b.errorf(p, 1, "calibrate.unknown-column-columns", excerpt(h), strings.Join(Columns, ", "))
		case col[h] > 0:
			b.errorf(p, 1, "calibrate.column-given-twice", excerpt(h))
		}
		col[h] = i + 1 // 0: absent
	}
	for _, need := range []string{"file", "verdict"} {
		if col[need] == 0 {
			b.errorf(p, 1, "calibrate.header-has-no-column-header", need, strings.Join(Columns, ","))
		}
	}
	if len(b.errs) > 0 {
		return
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			b.csvError(p, err)
			return
		}
		line, _ := r.FieldPos(0)
		get := func(name string) string {
			if i := col[name]; i > 0 && i <= len(rec) {
				return rec[i-1]
			}
			return ""
		}
		if len(rec) > len(header) {
			b.errorf(p, line, "calibrate.fields-header-has", len(rec), len(header))
			continue
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // a blank row (,,,,)
		}
		b.add(row{path: p, line: line, file: get("file"), verdict: get("verdict"), concept: get("concept"),
			ln: get("line"), note: get("note")}, nil)
	}
}

func (b *builder) csvError(p string, err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		b.errorf(p, pe.Line, "calibrate.malformed-csv", pe.Err)
		return
	}
	b.errorf(p, 0, "calibrate.malformed-csv", err)
}

// The JSON form: {"calls": [{"file", "verdict", "violations": [{"concept", "line", "note"}]}]}.
type jsonFile struct {
	Calls json.RawMessage `json:"calls"`
}

type jsonCall struct {
	File       string          `json:"file"`
	Verdict    string          `json:"verdict"`
	Violations json.RawMessage `json:"violations"`
}

type jsonViolation struct {
	Concept string `json:"concept"`
	Line    *int   `json:"line"`
	Note    string `json:"note"`
}

func (b *builder) json(p, text string) {
	data := []byte(text)
	var f jsonFile
	if err := strictJSON(data, &f); err != nil {
		b.jsonError(p, data, 0, err, "")
		return
	}
	// Decoded, a repeated key's second value replaces the first: a verdict, a concept
	// the reviewer wrote would be lost without a word.
	if key, off, ok := jsonkeys.Duplicate(bytes.NewReader(data)); ok {
		b.errorf(p, lineOf(data, int(off)), "calibrate.key-appears-twice", excerpt(key))
		return
	}
	if f.Calls == nil || bytes.Equal(bytes.TrimSpace(f.Calls), []byte("null")) {
		b.errorf(p, 1, "calibrate.no-calls-list")
		return
	}
	base := bytes.Index(data, f.Calls)
	elems, err := elements(f.Calls)
	if err != nil {
		b.jsonError(p, data, base, err, "calls")
		return
	}
	for _, e := range elems {
		at := base + e.off
		line := lineOf(data, at)
		var c jsonCall
		if err := strictJSON(e.raw, &c); err != nil {
			b.jsonError(p, data, at, err, "")
			continue
		}
		var call *Call
		b.add(row{path: p, line: line, file: c.File, verdict: c.Verdict}, &call)
		if call == nil || c.Violations == nil || bytes.Equal(bytes.TrimSpace(c.Violations), []byte("null")) {
			continue
		}
		vbase := at + bytes.Index(e.raw, c.Violations)
		vs, err := elements(c.Violations)
		if err != nil {
			b.jsonError(p, data, vbase, err, "violations")
			continue
		}
		for _, v := range vs {
			vat := vbase + v.off
			var jv jsonViolation
			if err := strictJSON(v.raw, &jv); err != nil {
				b.jsonError(p, data, vat, err, "")
				continue
			}
			r := row{path: p, line: lineOf(data, vat), file: c.File, verdict: c.Verdict, concept: jv.Concept, note: jv.Note}
			if jv.Line != nil {
				r.hasLine, r.lineN = true, *jv.Line
			}
			if strings.TrimSpace(jv.Concept) == "" {
				b.errorf(p, r.line, "calibrate.violation-has-no-concept")
				continue
			}
			b.add(r, nil)
		}
	}
}

// strictJSON decodes one JSON value, rejecting keys the format does not have.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return msg.Errorf("calibrate.data-after-json-value")
	}
	return nil
}

var errNotList = errors.New("not a list")

// element is one value of a JSON array, at byte offset off of the array.
type element struct {
	raw json.RawMessage
	off int
}

// elements splits a JSON array into its values, with where each starts.
func elements(arr []byte) ([]element, error) {
	dec := json.NewDecoder(bytes.NewReader(arr))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errNotList
	}
	var out []element
	for dec.More() {
		off := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		// InputOffset is just after the previous token: skip the separator.
		for off < len(arr) && strings.ContainsRune(" \t\r\n,", rune(arr[off])) {
			off++
		}
		out = append(out, element{raw: raw, off: off})
	}
	return out, nil
}

// lineOf is the 1-based line of byte offset off.
func lineOf(data []byte, off int) int {
	if off < 0 || off > len(data) {
		return 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// jsonError reports a decoding error at the line it happened on; base is where the
// decoded value starts in data, list the list it should be (calls, violations) when
// err is errNotList.
func (b *builder) jsonError(p string, data []byte, base int, err error, list string) {
	line := lineOf(data, base)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var text string
	switch {
	case errors.Is(err, errNotList):
		text = msg.Sprintf("calibrate.must-list", list)
	case errors.As(err, &se):
		line = lineOf(data, base+int(se.Offset))
		text = msg.Sprintf("calibrate.malformed-json", se.Error())
	case errors.As(err, &te) && te.Field == "":
		zh, en := jsonValue(te.Value)
		text = msg.Sprintf("calibrate.expected-object-not", zh, en)
		if base == 0 {
			text += msg.Sprintf("calibrate.format-calls-file-verdict-violations")
		}
	case errors.As(err, &te):
		line = lineOf(data, base+int(te.Offset))
		want, wantEN := jsonType(te.Type.Kind().String())
		got, gotEN := jsonValue(te.Value)
		text = msg.Sprintf("calibrate.must-not", te.Field, want, got, wantEN, gotEN)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.TrimPrefix(err.Error(), "json: unknown field ")
		text = msg.Sprintf("calibrate.unknown-key", excerpt(f))
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		text = msg.Sprintf("calibrate.incomplete-json")
	default:
		text = msg.Sprintf("calibrate.bad-json", err.Error())
	}
	b.problem(p, line, text)
}

// jsonType names the JSON type a Go kind is decoded from.
func jsonType(kind string) (zh, en string) {
	switch kind {
	case "int", "int64", "float64":
		return "整数", "a whole number"
	case "string":
		return "文字", "a string"
	case "slice":
		return "列表", "a list"
	case "struct", "map":
		return "对象", "an object"
	}
	return kind, kind
}

// jsonValue names a JSON value as encoding/json's errors give it ("array", "number 1.5").
func jsonValue(v string) (zh, en string) {
	kind, rest, _ := strings.Cut(v, " ")
	if rest != "" {
		rest = " " + rest
	}
	switch kind {
	case "array":
		return "列表", "a list"
	case "object":
		return "对象", "an object"
	case "string":
		return "文字", "a string"
	case "number":
		return "数字" + rest, "the number" + rest
	case "bool":
		return "true/false", "true or false"
	}
	return v, v
}
