package calibrate

import (
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
)

// f is a finding of concept c on line (0: none), of a forbidden rule unless kind says.
func f(c string, line int, kind ...string) Finding {
	k := "forbidden"
	if len(kind) > 0 {
		k = kind[0]
	}
	return Finding{Rule: c + "-rule", Concept: c, Kind: k, Line: line, Text: "text", Match: "m"}
}

// missing is a finding of something not said, pointing at where it was expected.
func missing(c string, line int) Finding {
	return Finding{Rule: c, Concept: c, Kind: "required", Line: line, Missing: true}
}

// v is a label of concept c on line (0: none).
func v(c string, line int) Violation { return Violation{Concept: c, Line: line} }

func TestPairing(t *testing.T) {
	tests := []struct {
		name       string
		findings   []Finding
		labels     []Violation
		tp         int
		fp, fn     []string // concept@line of what is left over
		perConcept map[string][3]int
	}{
		{"equal lines", []Finding{f("forbidden-phrase", 9)}, []Violation{v("forbidden-phrase", 9)}, 1, nil, nil, nil},
		{"another line", []Finding{f("forbidden-phrase", 9)}, []Violation{v("forbidden-phrase", 10)}, 0,
			[]string{"forbidden-phrase@9"}, []string{"forbidden-phrase@10"}, nil},
		{"another concept", []Finding{f("forbidden-phrase", 9)}, []Violation{v("rude-attitude", 9)}, 0,
			[]string{"forbidden-phrase@9"}, []string{"rude-attitude@9"},
			map[string][3]int{"forbidden-phrase": {0, 1, 0}, "rude-attitude": {0, 0, 1}}},
		{"each pairs once", []Finding{f("forbidden-phrase", 9), f("forbidden-phrase", 9)}, []Violation{v("forbidden-phrase", 9)}, 1,
			[]string{"forbidden-phrase@9"}, nil, nil},
		{"two on one line", []Finding{f("forbidden-phrase", 9), f("forbidden-phrase", 9)}, []Violation{v("forbidden-phrase", 9), v("forbidden-phrase", 9)}, 2, nil, nil, nil},
		{"response within 2 lines", []Finding{f("answer-thanks", 5, "response")}, []Violation{v("answer-thanks", 7)}, 1, nil, nil, nil},
		{"steps out of order within 2 lines", []Finding{f("procedure-order", 20, "sequence")}, []Violation{v("procedure-order", 21)}, 1, nil, nil, nil},
		{"response 3 lines off", []Finding{f("answer-thanks", 5, "response")}, []Violation{v("answer-thanks", 8)}, 0,
			[]string{"answer-thanks@5"}, []string{"answer-thanks@8"}, nil},
		{"no tolerance for other kinds", []Finding{f("forbidden-phrase", 5)}, []Violation{v("forbidden-phrase", 6)}, 0,
			[]string{"forbidden-phrase@5"}, []string{"forbidden-phrase@6"}, nil},
		{"equal lines before tolerance", // the finding on 7 takes the label on 7, not the one on 6
			[]Finding{f("answer-thanks", 5, "response"), f("answer-thanks", 7, "response")},
			[]Violation{v("answer-thanks", 6), v("answer-thanks", 7)}, 2, nil, nil, nil},
		{"nearest first",
			[]Finding{f("hold-return", 10, "response"), f("hold-return", 12, "response")},
			[]Violation{v("hold-return", 11), v("hold-return", 14)}, 2, nil, nil, nil},
		{"missing step, label without a line", []Finding{missing("closing", 8)}, []Violation{v("closing", 0)}, 1, nil, nil, nil},
		{"missing step, label with a line", []Finding{missing("greeting", 2)}, []Violation{v("greeting", 3)}, 1, nil, nil, nil},
		{"finding without a line", []Finding{f("use-customer-title", 0)}, []Violation{v("use-customer-title", 4)}, 1, nil, nil, nil},
		{"label without a line takes a finding with one", []Finding{f("forbidden-phrase", 9)}, []Violation{v("forbidden-phrase", 0)}, 1, nil, nil, nil},
		{"as many line-less pairs as can be", // greedily, the missing finding would take the line-less label
			[]Finding{missing("greeting", 2), f("greeting", 9)},
			[]Violation{v("greeting", 0), v("greeting", 12)}, 2, nil, nil, nil},
		{"line-less after lines", // the line-less label is left for the finding no line pairs
			[]Finding{f("forbidden-phrase", 4), f("forbidden-phrase", 9)},
			[]Violation{v("forbidden-phrase", 0), v("forbidden-phrase", 9)}, 2, nil, nil, nil},
		{"nothing either side", nil, nil, 0, nil, nil, map[string][3]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := []Checked{{Path: "calls/t.txt", Passed: true, Findings: tt.findings}}
			labels := &Labels{Calls: []*Call{{File: "t.txt", Verdict: Pass, Violations: tt.labels}}}
			r := Compare(calls, labels, Options{})
			if r.Overall.TP != tt.tp || r.Overall.FP != len(tt.fp) || r.Overall.FN != len(tt.fn) {
				t.Errorf("TP %d FP %d FN %d, want %d %d %d", r.Overall.TP, r.Overall.FP, r.Overall.FN, tt.tp, len(tt.fp), len(tt.fn))
			}
			var fp, fn []string
			for _, d := range r.Disagreements {
				s := d.Concept + "@" + itoa(d.Line)
				switch d.Type {
				case FalsePositive:
					fp = append(fp, s)
				case Missed:
					fn = append(fn, s)
				default:
					t.Errorf("unexpected disagreement %+v", d)
				}
			}
			if !reflect.DeepEqual(fp, tt.fp) || !reflect.DeepEqual(fn, tt.fn) {
				t.Errorf("false positives %v, missed %v; want %v, %v", fp, fn, tt.fp, tt.fn)
			}
			if tt.perConcept != nil {
				got := map[string][3]int{}
				for _, c := range r.PerConcept {
					got[c.Concept] = [3]int{c.TP, c.FP, c.FN}
				}
				if !reflect.DeepEqual(got, tt.perConcept) {
					t.Errorf("per concept %v, want %v", got, tt.perConcept)
				}
			}
		})
	}
}

// itoa writes a line, "-" for none.
func itoa(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

func TestConceptFilter(t *testing.T) {
	calls := []Checked{{Path: "t.txt", Passed: false, Findings: []Finding{
		f("forbidden-phrase", 3), f("forbidden-phrase", 5), missing("closing", 9), f("rude-attitude", 4)}}}
	labels := &Labels{Calls: []*Call{{File: "t.txt", Verdict: Fail, Violations: []Violation{
		v("forbidden-phrase", 3), v("forbidden-phrase", 7), v("greeting", 0)}}}}
	r := Compare(calls, labels, Options{Concepts: []string{"forbidden-phrase", "command-language"}})
	if r.Overall != (Figures{TP: 1, FP: 1, FN: 1, Precision: 0.5, Recall: 0.5, F1: 0.5}) {
		t.Errorf("overall %+v", r.Overall)
	}
	var concepts []string
	for _, c := range r.PerConcept {
		concepts = append(concepts, c.Concept)
	}
	// The concepts asked for, each listed even without findings or labels; no others.
	if want := []string{"command-language", "forbidden-phrase"}; !reflect.DeepEqual(concepts, want) {
		t.Errorf("concepts %v, want %v", concepts, want)
	}
	for _, d := range r.Disagreements {
		if d.Concept != "forbidden-phrase" {
			t.Errorf("disagreement outside the filter: %+v", d)
		}
	}
	if r.Verdict.LabelledFail.ToolFail != 1 || r.Verdict.Agreement != 1 {
		t.Errorf("verdicts are still compared: %+v", r.Verdict)
	}
}

func TestMatches(t *testing.T) {
	tests := []struct {
		label, checked string
		want           bool
	}{
		{"open/telecom/t02.txt", "testdata/qa/calls/open/telecom/t02.txt", true},
		{"open/telecom/t02.txt", "open/telecom/t02.txt", true},
		{"./open/telecom/t02.txt", "./open/telecom/t02.txt", true},
		{"t02.txt", "testdata/qa/calls/open/telecom/t02.txt", true},
		{`telecom\t02.txt`, "calls/telecom/t02.txt", true},
		{"pen/telecom/t02.txt", "testdata/qa/calls/open/telecom/t02.txt", false}, // whole components only
		{"02.txt", "calls/t02.txt", false},
		{"open/telecom/t02.txt", "telecom/t02.txt", false}, // the label is longer
		{"/abs/calls/t.txt", "/abs/calls/t.txt", true},
		{"calls/t.txt", "/abs/calls/t.txt", true},
		{"", "t.txt", false},
	}
	for _, tt := range tests {
		if got := Matches(tt.label, tt.checked); got != tt.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tt.label, tt.checked, got, tt.want)
		}
	}
}

// Calls are matched by path suffix; a labelled call that is not checked, or that names
// several checked files, or a file holding several calls, is a problem; checked calls
// without a label are counted.
func TestCallsAndVerdicts(t *testing.T) {
	score := func(s float64) *float64 { return &s }
	calls := []Checked{
		{Path: "qa/calls/open/a/t1.txt", Passed: true, Score: score(100)},
		{Path: "qa/calls/open/a/t2.txt", Passed: false, Score: score(70), Findings: []Finding{missing("closing", 8)}},
		{Path: "qa/calls/open/b/t2.txt", Passed: true, Score: score(95)},
		{Path: "qa/calls/open/b/t3.txt", Passed: false, Score: score(60)},
		{Path: "qa/calls/multi.csv", Passed: true},
		{Path: "qa/calls/multi.csv", Passed: true},
		{Path: "qa/calls/broken.txt", Error: "qa/calls/broken.txt: 无法读取 / cannot read"},
		{Path: "qa/calls/unlabelled.txt", Passed: true},
	}
	labels := &Labels{Calls: []*Call{
		{File: "open/a/t1.txt", Verdict: Pass, At: "l.csv:2"},
		{File: "a/t2.txt", Verdict: Fail, Violations: []Violation{v("closing", 0)}, At: "l.csv:3"},
		{File: "b/t3.txt", Verdict: Pass, At: "l.csv:4"},
		{File: "t2.txt", Verdict: Pass, At: "l.csv:5"},           // a/t2.txt or b/t2.txt?
		{File: "c/t4.txt", Verdict: Pass, At: "l.csv:6"},         // not checked
		{File: "multi.csv", Verdict: Pass, At: "l.csv:7"},        // two calls
		{File: "open/b/t3.txt", Verdict: Pass, At: "l.csv:8"},    // b/t3.txt again
		{File: "calls/broken.txt", Verdict: Pass, At: "l.csv:9"}, // could not be checked
	}}
	r := Compare(calls, labels, Options{})
	if r.Calls != 3 || r.Unlabelled != 4 {
		t.Errorf("calls %d, unlabelled %d; want 3 and 4 (b/t2.txt, multi.csv's two, unlabelled.txt)", r.Calls, r.Unlabelled)
	}
	want := Verdicts{LabelledPass: VerdictRow{ToolPass: 1, ToolFail: 1}, LabelledFail: VerdictRow{ToolFail: 1}, Agreement: 0.667}
	if r.Verdict != want {
		t.Errorf("verdicts %+v, want %+v", r.Verdict, want)
	}
	if r.Overall.TP != 1 || r.Overall.FP != 0 || r.Overall.FN != 0 {
		t.Errorf("overall %+v", r.Overall)
	}
	wantProblems := []string{
		"qa/calls/broken.txt: 无法读取",
		"l.csv:5: t2.txt 对应多个文件（qa/calls/open/a/t2.txt、qa/calls/open/b/t2.txt）",
		"l.csv:6: 标注的通话 c/t4.txt 不在检查的文件中 / labelled call c/t4.txt is not among the checked files",
		"l.csv:7: qa/calls/multi.csv 含 2 通电话",
		"l.csv:8: open/b/t3.txt 与 l.csv:4 的 b/t3.txt 是同一通电话",
	}
	if len(r.Problems) != len(wantProblems) {
		t.Fatalf("problems:\n%s", strings.Join(r.Problems, "\n"))
	}
	for i, w := range wantProblems {
		if !strings.HasPrefix(r.Problems[i], w) {
			t.Errorf("problem %d:\n got %s\nwant %s…", i, r.Problems[i], w)
		}
	}
	var verdicts []Disagreement
	for _, d := range r.Disagreements {
		if d.Type == VerdictDiffer {
			verdicts = append(verdicts, d)
		}
	}
	if len(verdicts) != 1 || verdicts[0].File != "qa/calls/open/b/t3.txt" || verdicts[0].Labelled != Pass ||
		verdicts[0].Tool != Fail || *verdicts[0].Score != 60 || verdicts[0].Label != "l.csv:4" {
		t.Errorf("verdict disagreements %+v", verdicts)
	}
}

func TestFiguresWithNothingToDivide(t *testing.T) {
	r := Compare(nil, &Labels{}, Options{})
	if r.Overall != (Figures{Precision: 1, Recall: 1, F1: 1}) || r.Verdict.Agreement != 0 {
		t.Errorf("overall %+v, verdicts %+v", r.Overall, r.Verdict)
	}
	if r.Disagreements == nil || r.Problems == nil || r.PerConcept == nil {
		t.Error("lists should be empty, not nil (JSON [] rather than null)")
	}
}

// Disagreements of a call: the verdict first, then by line, whole-call ones last; a missed
// label on a line quotes the utterance there.
func TestDisagreementOrderAndText(t *testing.T) {
	calls := []Checked{{Path: "t.txt", Passed: true, Findings: []Finding{f("forbidden-phrase", 9), missing("closing", 12)}}}
	labels := &Labels{Calls: []*Call{{File: "t.txt", Verdict: Fail, At: "l.csv:2", Violations: []Violation{
		{Concept: "greeting", At: "l.csv:2", Note: "没有问候"}, {Concept: "answer-thanks", Line: 5, At: "l.csv:3"}}}}}
	var asked []int
	r := Compare(calls, labels, Options{TextAt: func(path string, line int) (string, string) {
		asked = append(asked, line)
		return "agent", path + " line " + itoa(line)
	}})
	var got []string
	for _, d := range r.Disagreements {
		got = append(got, d.Type+" "+d.Concept+"@"+itoa(d.Line)+" "+d.Text)
	}
	want := []string{"verdict @- ", "missed answer-thanks@5 t.txt line 5", "false positive forbidden-phrase@9 text",
		"false positive closing@12 ", "missed greeting@- "}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if !reflect.DeepEqual(asked, []int{5}) {
		t.Errorf("TextAt asked for lines %v, want [5]", asked)
	}
}

// Concepts come from the rulebook: concept: when given, else the id; nested rules too.
func TestConceptsFromRulebook(t *testing.T) {
	rb, err := rulebook.Parse("concepts.yaml", []byte(`name: concepts
rules:
  - id: forbidden-phrases
    kind: forbidden
    phrases: [你有完没完]
    concept: forbidden-phrase
    message: 使用服务禁语
  - id: blame-technical-department
    kind: forbidden
    phrases: [这是技术部门的事]
    concept: forbidden-phrase
    message: 推卸责任
  - id: greeting
    kind: required
    window: {first: 1}
    phrases: [您好]
    message: 未问候
  - id: complaint
    kind: condition
    when: {phrases: [投诉]}
    rules:
      - {id: complaint-apology, kind: required, phrases: [对不起], concept: complaint-apology-first, message: 未致歉}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := Concepts(rb.Rules)
	want := map[string]string{"forbidden-phrases": "forbidden-phrase", "blame-technical-department": "forbidden-phrase",
		"greeting": "greeting", "complaint": "complaint", "complaint-apology": "complaint-apology-first"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}

	// A report entry's findings take their rule's concept; missing = no match, no unit.
	rf := report.Call{Path: "t.txt", Passed: true, Findings: []report.Finding{
		{Rule: "blame-technical-department", Kind: "forbidden", Line: 4, Text: "这是技术部门的事", Match: "这是技术部门的事"},
		{Rule: "greeting", Kind: "required", Line: 2, Text: "喂"},
		{Rule: "dead-air", Kind: "silence", Line: 7, Unit: "s"},
	}}
	c := FromReport(rf, got)
	var concepts []string
	var miss []bool
	for _, fd := range c.Findings {
		concepts = append(concepts, fd.Concept)
		miss = append(miss, fd.Missing)
	}
	if !reflect.DeepEqual(concepts, []string{"forbidden-phrase", "greeting", "dead-air"}) || !reflect.DeepEqual(miss, []bool{false, true, false}) {
		t.Errorf("concepts %v, missing %v", concepts, miss)
	}
}

func TestBadConceptInRulebook(t *testing.T) {
	_, err := rulebook.Parse("bad.yaml", []byte("name: x\nrules:\n  - {id: a, kind: forbidden, phrases: [你], concept: 禁语, message: m}\n"), nil)
	if err == nil || !strings.Contains(err.Error(), `bad.yaml:3:`) || !strings.Contains(err.Error(), `invalid concept "禁语"`) {
		t.Errorf("error %v, want an invalid concept at bad.yaml:3", err)
	}
	_, err = rulebook.Parse("override.yaml", []byte("name: x\nextends: default\noverride:\n  greeting: {concept: opening}\n"), nil)
	if err == nil || !strings.Contains(err.Error(), `override cannot change "concept"`) {
		t.Errorf("error %v, want: override cannot change concept", err)
	}
}

// The path index finds exactly the paths Matches accepts, in the order given.
func TestPathIndexIsMatches(t *testing.T) {
	paths := []string{"a", "a.b", "a/c", "x/a", "x/a.b", "/abs/x/a", "y/x/a", "c/a/x", "a/b/c.txt", "b/c.txt", "..", "../a"}
	labels := []string{"a", "x/a", "abs/x/a", "/abs/x/a", "c.txt", "b/c.txt", "a/b/c.txt", "a.b", "a/c", "", ".", "..", "../a", "./a", `x\a`, "x//a", "z"}
	x := newPathIndex(paths)
	for _, l := range labels {
		var want []string
		for _, p := range paths {
			if Matches(l, p) {
				want = append(want, p)
			}
		}
		if got := x.matching(l); !reflect.DeepEqual(got, want) {
			t.Errorf("label %q: %q, want %q", l, got, want)
		}
	}
}

// TestManyLabelledCalls is the regression test for pairing each label with the checked
// files by trying every file: 20,000 labelled calls (calls/<id>/call.txt) took 35 s, 400
// million comparisons. Counted in comparisons and bytes allocated, which a busy machine
// does not change as it does seconds.
func TestManyLabelledCalls(t *testing.T) {
	const n = 20_000
	calls := make([]Checked, n)
	labels := &Labels{}
	for i := range calls {
		calls[i] = Checked{Path: "calls/" + strconv.Itoa(i) + "/call.txt", Passed: true}
		labels.Calls = append(labels.Calls, &Call{File: strconv.Itoa(i) + "/call.txt", Verdict: Pass, At: "l.csv:" + strconv.Itoa(i+2)})
	}
	labels.Calls = append(labels.Calls, &Call{File: "call.txt", Verdict: Pass, At: "l.csv:1"})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	compared := comparisons.Load()
	r := Compare(calls, labels, Options{})
	compared = comparisons.Load() - compared
	runtime.ReadMemStats(&after)
	if r.Calls != n || len(r.Problems) != 1 {
		t.Fatalf("%d calls compared, problems %.300q", r.Calls, r.Problems)
	}
	if p := r.Problems[0]; !strings.Contains(p, "calls/4/call.txt、…") || len(p) > 400 {
		t.Errorf("a label naming every file lists %d bytes of them: %.300s", len(p), p)
	}
	if compared > 3*n {
		t.Errorf("%d labels compared with %d files %d times, want at most %d", n+1, n, compared, 3*n)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Errorf("comparing %d calls allocated %d MB", n, alloc>>20)
	}
}

// A label on a line past the end of its file is a problem and is not compared: it paired
// with a finding of a missing step, which has no line of its own.
func TestLabelPastTheEnd(t *testing.T) {
	calls := []Checked{{Path: "calls/a.txt", Lines: 8, Findings: []Finding{missing("closing", 8), missing("greeting", 0)}}}
	labels := &Labels{Calls: []*Call{{File: "a.txt", Verdict: Fail, At: "l.csv:2",
		Violations: []Violation{{Concept: "closing", Line: 30, At: "l.csv:2"}, {Concept: "greeting", Line: 8, At: "l.csv:3"}}}}}
	r := Compare(calls, labels, Options{})
	if len(r.Problems) != 1 || !strings.HasPrefix(r.Problems[0], "l.csv:2: 标注的第 30 行不在 calls/a.txt 中（它只有 8 行）") {
		t.Errorf("problems %q", r.Problems)
	}
	if r.Overall.TP != 1 || r.Overall.FP != 1 || r.Overall.FN != 0 {
		t.Errorf("overall %+v, want the greeting paired and the closing finding left over", r.Overall)
	}
	calls[0].Lines = 0 // not known: compared as before
	if r := Compare(calls, labels, Options{}); len(r.Problems) != 0 || r.Overall.TP != 2 {
		t.Errorf("lines unknown: problems %q, overall %+v", r.Problems, r.Overall)
	}
}
