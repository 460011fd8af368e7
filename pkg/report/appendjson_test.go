package report

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// The appender (appendjson.go) must write what encoding/json wrote before it: these tests
// encode the same values both ways, the reference being the encoder the JSON writers
// used (SetEscapeHTML(false); the JSON report the whole Report indented by two spaces).

// normalizedFile returns f with a nil metadata map or findings list made empty, as the
// writers present them.
func normalizedFile(f Call) Call {
	if f.Metadata == nil {
		f.Metadata = map[string]string{}
	}
	if f.Findings == nil {
		f.Findings = []Finding{}
	}
	return f
}

// reflectedLine is f's JSON Lines entry as encoding/json writes it.
func reflectedLine(f Call) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(normalizedFile(f))
	return buf.Bytes(), err
}

// reflectedReport is r's JSON report as encoding/json writes it, whole.
func reflectedReport(r *Report) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(normalized(r))
	return buf.Bytes(), err
}

// The values that encoding/json writes in more than one way, or that a hand-written
// encoder gets wrong first.
var (
	trickyStrings = []string{
		"", "a", "坐席：您好，请问有什么可以帮您？", "客户：<系统>说 a&b > c",
		"\x00\x01\x02\x07\x0b\x0e\x1b\x1f", "\b\f\n\r\t", "\x7f", `"quoted" \back\slash/`,
		"\u2028", "\u2029", "前\u2028后\u2029", "\u2027\u202a", // the neighbours stay as they are
		"\xff", "\xe2\x80", "a\xc0\xafb", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe6\x82", // invalid UTF-8
		"\ufffd", "\U0001F600😀", "e\u0301", "\u00a0\u3000", "}{][,: null", strings.Repeat("长", 300),
		"\ufeffBOM", "\u200b\u200d", "tab\there", "末尾\\",
	}
	trickyFloats = []float64{
		0, math.Copysign(0, -1), 0.1, 0.2 + 0.1, 1.0 / 3, -72.5, 100, 7.5, 1e20, 1e21, -1e21,
		999999999999999999999, 123456789012345678, 1e-6, 9.99e-7, 1e-7, -1.5e-7, 1e-10, 5e-324,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 2.5e-300, 1.7976931348623157e308, 1 << 53,
	}
	trickyInts = []int64{0, 1, -1, 7, 42, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64, 1<<53 + 1}
)

func TestAppendJSONStringIsEncodingJSON(t *testing.T) {
	for _, s := range trickyStrings {
		checkString(t, s)
	}
	for b := 0; b < 256; b++ {
		checkString(t, string([]byte{byte(b)}))
		checkString(t, "x"+string([]byte{byte(b)})+"长")
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

func checkString(t *testing.T, s string) {
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	if got := appendJSONString([]byte("x"), s); string(got) != "x"+strings.TrimSuffix(want.String(), "\n") {
		t.Errorf("appendJSONString(%q) = %s, want %s", s, got[1:], want.Bytes())
	}
}

func TestAppendJSONNumbersAreEncodingJSON(t *testing.T) {
	for _, x := range trickyFloats {
		for _, x := range []float64{x, -x} {
			want, _ := json.Marshal(x)
			e := jsonEncoder{}
			if got := e.number(nil, x); string(got) != string(want) || e.err != nil {
				t.Errorf("number(%v) = %s (%v), want %s", x, got, e.err, want)
			}
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, want := json.Marshal(x)
		e := jsonEncoder{}
		if e.number(nil, x); e.err == nil || e.err.Error() != want.Error() {
			t.Errorf("number(%v): error %v, want %v", x, e.err, want)
		}
	}
}

// filler sets every exported, encoded field of a value: with full, each to a value of
// its own that no omitempty drops (so the output shows whether the appender writes
// every field); otherwise to values drawn from the tricky ones, empty and nil included.
type filler struct {
	t    *testing.T
	rng  *rand.Rand
	full bool
	n    int
}

func (fl *filler) fill(v reflect.Value) {
	fl.n++
	switch v.Kind() {
	case reflect.String:
		if fl.full {
			v.SetString("s" + strconv.Itoa(fl.n))
		} else {
			v.SetString(trickyStrings[fl.rng.Intn(len(trickyStrings))])
		}
	case reflect.Int:
		if fl.full {
			v.SetInt(int64(fl.n))
		} else {
			v.SetInt(trickyInts[fl.rng.Intn(len(trickyInts))])
		}
	case reflect.Float64:
		if fl.full {
			v.SetFloat(float64(fl.n) + 0.25)
		} else {
			v.SetFloat(trickyFloats[fl.rng.Intn(len(trickyFloats))] * float64(1-2*fl.rng.Intn(2)))
		}
	case reflect.Bool:
		v.SetBool(fl.full || fl.rng.Intn(2) == 0)
	case reflect.Pointer:
		if fl.full || fl.rng.Intn(4) > 0 {
			p := reflect.New(v.Type().Elem())
			fl.fill(p.Elem())
			v.Set(p)
		}
	case reflect.Slice:
		n := 2
		if !fl.full {
			n = fl.rng.Intn(4) - 1 // -1: nil, 0: empty
		}
		if n < 0 {
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fl.fill(v.Index(i))
		}
	case reflect.Map:
		n := 3
		if !fl.full {
			n = []int{-1, 0, 1, 2, 5, 20}[fl.rng.Intn(6)] // 20: more keys than the sort's stack
		}
		if n < 0 {
			return
		}
		v.Set(reflect.MakeMap(v.Type()))
		for range n {
			k, x := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fl.fill(k)
			fl.fill(x)
			v.SetMapIndex(k, x)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				fl.fill(v.Field(i))
			}
		}
	default:
		fl.t.Fatalf("fill: no values for a %s: a new kind of field in the report; write it in appendjson.go and here", v.Type())
	}
}

// jsonNames lists the JSON names of every field of t and of the structs it holds.
func jsonNames(t reflect.Type, names map[string]bool) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		jsonNames(t.Elem(), names)
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			names[name] = true
			jsonNames(f.Type, names)
		}
	}
}

// checkAppender writes r with the JSON and JSON Lines writers, their files encoded by
// the writer and ahead, and compares each with encoding/json.
func checkAppender(t *testing.T, r *Report) {
	t.Helper()
	want, wantErr := reflectedReport(r)
	var got bytes.Buffer
	gotErr := WriteJSON(&got, r)
	if (gotErr != nil || wantErr != nil) && (gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error()) {
		t.Fatalf("WriteJSON: error %v, encoding/json's %v", gotErr, wantErr)
	}
	if wantErr == nil && got.String() != string(want) {
		t.Fatalf("WriteJSON:\n%s\nencoding/json:\n%s", got.String(), want)
	}
	for _, every := range []int{1, 2} { // all entries encoded ahead, every other one
		ahead := *r
		ahead.Files = append([]Call(nil), r.Files...)
		for i := range ahead.Files {
			if err := ahead.Files[i].EncodeEntry(); err != nil && wantErr == nil {
				t.Fatalf("EncodeEntry: %v", err)
			}
			if i%every == 1 {
				ahead.Files[i].entry = nil
			}
		}
		got.Reset()
		if err := WriteJSON(&got, &ahead); wantErr == nil && (err != nil || got.String() != string(want)) {
			t.Fatalf("WriteJSON of entries encoded ahead (%v):\n%s\nencoding/json:\n%s", err, got.String(), want)
		}
	}
	for _, f := range r.Files {
		want, wantErr := reflectedLine(f)
		var got bytes.Buffer
		gotErr := NewJSONLWriter(&got).Add(f)
		if (gotErr != nil || wantErr != nil) && (gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error()) {
			t.Fatalf("JSONLWriter: error %v, encoding/json's %v", gotErr, wantErr)
		}
		if wantErr != nil {
			continue
		}
		if got.String() != string(want) {
			t.Fatalf("JSONLWriter:\n%s\nencoding/json:\n%s", got.String(), want)
		}
		if err := f.EncodeLine(); err != nil || string(f.line) != string(want) {
			t.Fatalf("EncodeLine (%v):\n%s\nencoding/json:\n%s", err, f.line, want)
		}
	}
}

// Every field of every type in the report is written: a field added to a struct and
// not to the appender makes the output differ from encoding/json's here.
func TestAppenderWritesEveryField(t *testing.T) {
	fl := &filler{t: t, full: true}
	var r Report
	fl.fill(reflect.ValueOf(&r).Elem())
	checkAppender(t, &r)
	var out bytes.Buffer
	if err := WriteJSON(&out, &r); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	jsonNames(reflect.TypeOf(r), names)
	for name := range names {
		if !strings.Contains(out.String(), `"`+name+`": `) {
			t.Errorf("no %q in the report of a value with every field set:\n%s", name, out.String())
		}
	}
}

func TestAppenderZeroValues(t *testing.T) {
	checkAppender(t, &Report{})
	checkAppender(t, &Report{Files: []Call{{}}})
	checkAppender(t, &Report{Files: []Call{
		{Metadata: map[string]string{}, Findings: []Finding{}, Sections: []SectionScore{}, Warnings: []string{}},
		{Findings: []Finding{{}}, Suppressed: []Finding{{}}, Notes: []Finding{{}}, NearMisses: []NearMiss{{}},
			Bonuses: []Bonus{{}}, Sections: []SectionScore{{}}, Warnings: []string{""}, Skipped: []string{""},
			Score: new(float64), Metadata: map[string]string{"": ""}},
	}, Summary: Summary{TopRules: []RuleCount{{}}, Lowest: []CallScore{{}}, SkippedFiles: []SkippedFile{{}}}})
	for _, rc := range reports {
		checkAppender(t, rc.r)
	}
}

func TestAppenderTrickyValues(t *testing.T) {
	fl := &filler{t: t, rng: rand.New(rand.NewSource(24))}
	for range 3000 {
		var r Report
		fl.fill(reflect.ValueOf(&r).Elem())
		checkAppender(t, &r)
	}
}

// A score JSON cannot hold fails the entry, as encoding/json did.
func TestAppenderRefusesNaN(t *testing.T) {
	for _, x := range []float64{math.NaN(), math.Inf(-1)} {
		checkAppender(t, &Report{Files: []Call{{Score: &x}}})
		checkAppender(t, &Report{Files: []Call{{Findings: []Finding{{Value: x}}}}})
		checkAppender(t, &Report{Summary: Summary{MeanScore: x}})
		f := Call{Score: &x}
		if f.EncodeLine() == nil || f.EncodeEntry() == nil || f.line != nil || f.entry != nil {
			t.Errorf("a score of %v was encoded ahead", x)
		}
	}
}

func BenchmarkEncodeLine(b *testing.B) {
	f := failingFile()
	f.Notes = fatalFile().Findings
	b.ReportAllocs()
	for b.Loop() {
		f.line = nil
		_ = f.EncodeLine()
	}
}

func BenchmarkReflectedLine(b *testing.B) {
	f := failingFile()
	f.Notes = fatalFile().Findings
	b.ReportAllocs()
	for b.Loop() {
		_, _ = reflectedLine(f)
	}
}
