package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/iostreams"
)

var update = flag.Bool("update", false, "rewrite golden files")

func score(x float64) *float64 { return &x }

var rulebook = Rulebook{Name: "客服质检", Version: "1.2"}

func passingFile() Call {
	return Call{
		Path:     "calls/ok.txt",
		Metadata: map[string]string{"call_id": "C001", "agent_id": "A12"},
		Score:    score(100),
		Passed:   true,
	}
}

func failingFile() Call {
	return Call{
		Path:     "calls/bad.txt",
		Metadata: map[string]string{"call_id": "C002"},
		Score:    score(72.5),
		Findings: []Finding{
			{
				Rule: "forbidden-slang", Kind: "forbidden", Severity: "warning",
				Message: "使用不文明用语", Deduct: 7.5,
				Line: 4, Turn: 3, Role: "agent", Time: "00:00:12",
				Text: "你懂不懂啊，<系统>都说了", Match: "懂不懂",
			},
			{
				Rule: "greeting", Kind: "required", Severity: "error",
				Message: "开场未问候", Deduct: 20,
				Line: 1, Turn: 1, Role: "agent", Time: "00:00:00",
				Text: "喂，哪位？",
			},
		},
	}
}

func fatalFile() Call {
	return Call{
		Path:   "calls/fatal.txt",
		Score:  score(0),
		Fatal:  true,
		Passed: false,
		Findings: []Finding{
			{
				Rule: "no-threats", Kind: "forbidden", Severity: "error",
				Message: "威胁客户", Deduct: 100, Fatal: true,
				Line: 7, Turn: 5, Role: "agent",
				Text: "再投诉我就把你拉黑", Match: "拉黑",
			},
			{
				Rule: "closing", Kind: "required", Severity: "info",
				Message: "未使用结束语",
			},
		},
	}
}

func erroredFile() Call {
	return Call{Path: "calls/broken.txt", Error: "无法识别编码"}
}

func batch(files ...Call) *Report {
	return &Report{Rulebook: rulebook, Files: files, Summary: Summarize(files)}
}

var reports = []struct {
	name string
	r    *Report
}{
	{"passing", batch(passingFile())},
	{"skipped", func() *Report { r := batch(passingFile(), failingFile()); r.Summary.Skipped = 3; return r }()},
	{"failing", batch(failingFile())},
	{"fatal", batch(fatalFile())},
	{"errored", batch(erroredFile())},
	{"empty", &Report{Rulebook: rulebook}},
	{"mixed", batch(passingFile(), failingFile(), fatalFile(), erroredFile())},
}

var formats = []struct {
	name  string
	write func(*bytes.Buffer, *Report) error
}{
	{"json", func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) }},
	{"zh", func(b *bytes.Buffer, r *Report) error { return WriteText(b, r, TextOptions{}) }},
	{"en", func(b *bytes.Buffer, r *Report) error { return WriteText(b, r, TextOptions{Lang: LangEN}) }},
	{"color", func(b *bytes.Buffer, r *Report) error {
		return WriteText(b, r, TextOptions{Colors: iostreams.NewColorScheme(true)})
	}},
	{"by-agent", func(b *bytes.Buffer, r *Report) error { return WriteText(b, r, TextOptions{GroupBy: GroupAgent}) }},
	{"by-rule.en", func(b *bytes.Buffer, r *Report) error {
		return WriteText(b, r, TextOptions{GroupBy: GroupRule, Lang: LangEN})
	}},
	{"jsonl", func(b *bytes.Buffer, r *Report) error { return stream(NewJSONLWriter(b), r) }},
	{"csv", func(b *bytes.Buffer, r *Report) error { return stream(NewCSVWriter(b, CSVOptions{}), r) }},
	{"en.csv", func(b *bytes.Buffer, r *Report) error { return stream(NewCSVWriter(b, CSVOptions{Lang: LangEN}), r) }},
	{"calls.csv", func(b *bytes.Buffer, r *Report) error {
		return stream(NewCSVWriter(b, CSVOptions{PerCall: true}), r)
	}},
}

// stream writes r through a streaming Writer, as the command does.
func stream(w Writer, r *Report) error {
	for _, f := range r.Files {
		if err := w.Add(f); err != nil {
			return err
		}
	}
	return w.Close(r.Summary)
}

func TestGolden(t *testing.T) {
	for _, rc := range reports {
		for _, fc := range formats {
			name := rc.name + "." + fc.name
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := fc.write(&buf, rc.r); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", name+".golden")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if got := buf.String(); got != string(want) {
					t.Errorf("output differs from %s (run go test -update to accept)\ngot:\n%s\nwant:\n%s", golden, got, want)
				}
			})
		}
	}
}

func TestWriteJSONContract(t *testing.T) {
	r := batch(erroredFile())
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"findings": []`, `"metadata": {}`, `"score": null`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "}\n") {
		t.Error("JSON should end with a newline")
	}
	// The caller's report must not be normalised behind its back.
	if r.Files[0].Findings != nil || r.Files[0].Metadata != nil {
		t.Error("WriteJSON mutated the report")
	}

	var empty bytes.Buffer
	if err := WriteJSON(&empty, &Report{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(empty.String(), `"files": []`) {
		t.Errorf("empty batch should have files: []:\n%s", empty.String())
	}
}

// TestJSONWriterIsWholeEncoding checks that the report written entry by entry is byte for
// byte the Report encoded at once, as zhijian wrote it before it streamed.
func TestJSONWriterIsWholeEncoding(t *testing.T) {
	for _, r := range []*Report{
		{},
		batch(passingFile()),
		batch(passingFile(), failingFile(), fatalFile(), erroredFile()),
	} {
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(normalized(r)); err != nil {
			t.Fatal(err)
		}
		var streamed bytes.Buffer
		if err := WriteJSON(&streamed, r); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			t.Errorf("%d files: streamed\n%s\nwhole\n%s", len(r.Files), streamed.String(), whole.String())
		}
	}
}

// normalized returns a shallow copy of r with nil slices and maps replaced by empty
// ones. Only the containers that change are copied, never the caller's.
func normalized(r *Report) *Report {
	out := *r
	out.Files = make([]Call, len(r.Files))
	for i, f := range r.Files {
		out.Files[i] = normalizedFile(f)
	}
	if out.Summary.TopRules == nil {
		out.Summary.TopRules = []RuleCount{}
	}
	if out.Summary.Lowest == nil {
		out.Summary.Lowest = []CallScore{}
	}
	return &out
}

func TestWriteJSONRoundTrip(t *testing.T) {
	r := batch(passingFile(), failingFile(), fatalFile())
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `\u003c`) {
		t.Error("HTML characters were escaped")
	}
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	// Normalisation turns nil into empty; apply the same to the original to compare.
	if !reflect.DeepEqual(&back, normalized(r)) {
		t.Errorf("round trip mismatch:\ngot  %+v\nwant %+v", back, *normalized(r))
	}
}

func TestWriteTextUnknownLangFallsBack(t *testing.T) {
	r := batch(failingFile())
	var zh, other bytes.Buffer
	WriteText(&zh, r, TextOptions{Lang: LangZH})
	WriteText(&other, r, TextOptions{Lang: "fr"})
	if zh.String() != other.String() {
		t.Error("unknown language should fall back to Chinese")
	}
}

func TestHighlightMatchNotInText(t *testing.T) {
	tw := textWriter{l: labels[LangZH]}
	got := tw.highlight("您好", "你好", false)
	if want := "您好  (匹配: 【你好】)"; got != want {
		t.Errorf("highlight = %q, want %q", got, want)
	}
	if got, want := tw.highlight("你好你好", "你好", false), "【你好】你好"; got != want {
		t.Errorf("highlight = %q, want %q (first occurrence only)", got, want)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWritersReportErrors(t *testing.T) {
	r := batch(failingFile())
	if err := WriteJSON(failWriter{}, r); err == nil {
		t.Error("WriteJSON: want write error")
	}
	if err := WriteText(failWriter{}, r, TextOptions{}); err == nil {
		t.Error("WriteText: want write error")
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name  string
		files []Call
		want  Summary
	}{
		{"empty", nil, Summary{}},
		{"one passing", []Call{passingFile()}, Summary{Files: 1, Passed: 1, MeanScore: 100, MedianScore: 100}},
		{"fatal counts as failed", []Call{fatalFile()}, Summary{Files: 1, Failed: 1, MeanScore: 0}},
		{"errors are not in the mean", []Call{passingFile(), erroredFile()},
			Summary{Files: 2, Passed: 1, Errors: 1, MeanScore: 100, MedianScore: 100}},
		{"only errors", []Call{erroredFile()}, Summary{Files: 1, Errors: 1}},
		{"mixed", []Call{passingFile(), failingFile(), fatalFile(), erroredFile()},
			Summary{Files: 4, Passed: 1, Failed: 2, Errors: 1, MeanScore: 57.5, MedianScore: 72.5}},
		{"mean rounds to 2 places", []Call{
			{Score: score(100), Passed: true}, {Score: score(90)}, {Score: score(90)},
		}, Summary{Files: 3, Passed: 1, Failed: 2, MeanScore: 93.33, MedianScore: 90}},
		{"median of an even count is the middle pair's mean", []Call{
			{Score: score(60)}, {Score: score(100), Passed: true}, {Score: score(75)}, {Score: score(0)},
		}, Summary{Files: 4, Passed: 1, Failed: 3, MeanScore: 58.75, MedianScore: 67.5}},
		{"negative mean rounds half away from zero", []Call{
			{Score: score(-1.237)}, // the old int64 truncation gave -1.23
		}, Summary{Files: 1, Failed: 1, MeanScore: -1.24, MedianScore: -1.24}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.files)
			got.TopRules, got.Lowest = nil, nil // TestSummaryRanks checks these
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// The summary's rule ranking and lowest calls: counts per rule, ties in first-seen
// order, only calls with findings, the lowest LowestN kept in input order on ties.
func TestSummaryRanks(t *testing.T) {
	var files []Call
	files = append(files, passingFile(), failingFile(), fatalFile(), erroredFile())
	for i := range 8 {
		f := failingFile()
		f.Path = "calls/more-" + string(rune('a'+i)) + ".txt"
		f.Score = score(float64(90 - i%3*10))
		f.Findings = f.Findings[:1]
		files = append(files, f)
	}
	s := Summarize(files)
	want := []RuleCount{
		{Rule: "forbidden-slang", Message: "使用不文明用语", Findings: 9, Calls: 9},
		{Rule: "greeting", Message: "开场未问候", Findings: 1, Calls: 1},
		{Rule: "no-threats", Message: "威胁客户", Findings: 1, Calls: 1},
		{Rule: "closing", Message: "未使用结束语", Findings: 1, Calls: 1},
	}
	if !reflect.DeepEqual(s.TopRules, want) {
		t.Errorf("TopRules = %+v\nwant %+v", s.TopRules, want)
	}
	var lowest []string
	for _, c := range s.Lowest {
		lowest = append(lowest, c.Path+"="+formatNum(c.Score))
	}
	wantLowest := "calls/fatal.txt=0 calls/more-c.txt=70 calls/more-f.txt=70 calls/bad.txt=72.5 calls/more-b.txt=80"
	if got := strings.Join(lowest, " "); got != wantLowest {
		t.Errorf("Lowest = %s\nwant     %s", got, wantLowest)
	}

	many := make([]Call, 30)
	for i := range many {
		many[i] = Call{Score: score(50), Findings: []Finding{{Rule: "r" + strconv.Itoa(i%15)}}}
	}
	if s := Summarize(many); len(s.TopRules) != TopRulesN || len(s.Lowest) != LowestN {
		t.Errorf("got %d top rules and %d lowest, want %d and %d", len(s.TopRules), len(s.Lowest), TopRulesN, LowestN)
	}
}
