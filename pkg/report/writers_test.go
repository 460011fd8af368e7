package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// recorder keeps each Write separately, to see what a streaming writer sends when.
type recorder struct{ writes []string }

func (r *recorder) Write(p []byte) (int, error) {
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

func TestStreamingWritersWriteOnAdd(t *testing.T) {
	for name, w := range map[string]func(*recorder) Writer{
		"jsonl": func(r *recorder) Writer { return NewJSONLWriter(r) },
		"csv":   func(r *recorder) Writer { return NewCSVWriter(r, CSVOptions{}) },
	} {
		t.Run(name, func(t *testing.T) {
			var rec recorder
			wr := w(&rec)
			if err := wr.Add(failingFile()); err != nil {
				t.Fatal(err)
			}
			got := strings.Join(rec.writes, "")
			if !strings.Contains(got, "懂不懂") {
				t.Errorf("nothing of the first file written after Add: %q", got)
			}
			n := len(rec.writes)
			if err := wr.Close(Summary{}); err != nil {
				t.Fatal(err)
			}
			if name == "jsonl" && len(rec.writes) != n {
				t.Errorf("Close wrote %q; JSON Lines has no trailer", rec.writes[n:])
			}
		})
	}
}

func TestJSONLLinesAreFiles(t *testing.T) {
	var buf bytes.Buffer
	r := batch(passingFile(), failingFile(), erroredFile())
	if err := stream(NewJSONLWriter(&buf), r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), buf.String())
	}
	for i, l := range lines {
		var f Call
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if want := normalizedFile(r.Files[i]); !reflect.DeepEqual(f, want) {
			t.Errorf("line %d = %+v, want %+v", i+1, f, want)
		}
	}
}

func TestCSVEmptyBatchHasHeader(t *testing.T) {
	var buf bytes.Buffer
	if err := NewCSVWriter(&buf, CSVOptions{Lang: LangEN}).Close(Summary{}); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFpath,call_id,agent,score,result,rule,kind,severity,message,deduct,fatal,line,turn,role,time,text,match,error,shown,evidence,end,value,limit,unit\r\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// A spreadsheet must not run an utterance as a formula.
func TestCSVDefusesFormulas(t *testing.T) {
	f := failingFile()
	f.Findings[0].Text, f.Findings[0].Match = "=HYPERLINK(\"http://x\")懂不懂", "=HYPERLINK"
	f.Path = "-1.txt"
	var buf bytes.Buffer
	if err := stream(NewCSVWriter(&buf, CSVOptions{}), batch(f)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"'=HYPERLINK(""http://x"")懂不懂"`, ",'=HYPERLINK,", "\r\n'-1.txt,"} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %s:\n%s", want, out)
		}
	}
	if got := cell("72.5"); got != "72.5" {
		t.Errorf("cell(72.5) = %q", got)
	}
}

func TestCSVAgentColumnFollowsAgentFunc(t *testing.T) {
	var buf bytes.Buffer
	agent := PathAgent(regexp.MustCompile(`calls/(\w+)\.txt`), nil)
	if err := stream(NewCSVWriter(&buf, CSVOptions{PerCall: true, AgentOf: agent}), batch(passingFile(), failingFile())); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "calls/ok.txt,C001,ok,") || !strings.Contains(buf.String(), "calls/bad.txt,C002,bad,") {
		t.Errorf("agent column not from the path:\n%s", buf.String())
	}
}

func TestAgentFuncs(t *testing.T) {
	f := Call{Path: "2026/11/agent-1024_call-7.txt", Metadata: map[string]string{"agent_id": " 88 ", "工号": "77"}}
	tests := []struct {
		name string
		fn   AgentFunc
		want string
	}{
		{"default key", MetadataAgent(""), "88"},
		{"CSV column, any case", MetadataAgent("工号"), "77"},
		{"missing key", MetadataAgent("staff"), ""},
		{"first group", PathAgent(regexp.MustCompile(`agent-(\d+)`), nil), "1024"},
		{"named group", PathAgent(regexp.MustCompile(`(\d+)/agent-(?P<agent>\d+)`), nil), "1024"},
		{"whole match", PathAgent(regexp.MustCompile(`\d{4}_`), nil), "1024_"},
		{"no match falls back", PathAgent(regexp.MustCompile(`nope-(\d+)`), MetadataAgent("")), "88"},
	}
	for _, tt := range tests {
		if got := tt.fn(f); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAggregated(t *testing.T) {
	mk := func(agent string, s float64, passed bool, rules ...string) Call {
		f := Call{Path: agent + ".txt", Metadata: map[string]string{"agent_id": agent}, Score: score(s), Passed: passed}
		for _, r := range rules {
			f.Findings = append(f.Findings, Finding{Rule: r, Deduct: 5, Severity: "warning", Message: r + "!"})
		}
		return f
	}
	files := []Call{
		mk("A", 100, true), mk("B", 60, false, "x", "x", "y"), mk("A", 70, false, "y"),
		mk("C", 95, true, "z"), erroredFile(), mk("B", 9.99, false, "x"), mk("C", 10, false),
	}
	agg := Aggregated(files, nil)
	var agents []string
	for _, a := range agg.Agents {
		agents = append(agents, fmt.Sprintf("%s:%d/%d/%d/%d:%.2f:%.2f", a.Agent, a.Calls, a.Scored, a.Failed, a.Errors, a.MeanScore, a.FailRate))
	}
	// B fails every call, A and C half; C's mean is lower; the unknown agent goes last.
	want := "B:2/2/2/0:34.99:1.00 C:2/2/1/0:52.50:0.50 A:2/2/1/0:85.00:0.50 :1/0/0/1:0.00:0.00"
	if got := strings.Join(agents, " "); got != want {
		t.Errorf("agents:\n got %s\nwant %s", got, want)
	}
	if top := agg.Agents[0].TopRules; len(top) != 2 || top[0].Rule != "x" || top[0].Findings != 3 || top[0].Calls != 2 {
		t.Errorf("B's top rules = %+v", top)
	}
	var rules []string
	for _, r := range agg.Rules {
		rules = append(rules, fmt.Sprintf("%s:%d/%d:%g", r.Rule, r.Findings, r.Calls, r.Deducted))
	}
	if got, want := strings.Join(rules, " "), "x:3/2:15 y:2/2:10 z:1/1:5"; got != want {
		t.Errorf("rules = %s, want %s", got, want)
	}
	if want := [Bins]int{1, 1, 0, 0, 0, 0, 1, 1, 0, 2}; agg.Histogram != want {
		t.Errorf("histogram = %v, want %v", agg.Histogram, want)
	}
	for s, want := range map[float64]int{0: 0, 9.99: 0, 10: 1, 79.5: 7, 99.99: 9, 100: 9, -3: 0, 130: 9} {
		if got := Bin(s); got != want {
			t.Errorf("Bin(%v) = %d, want %d", s, got, want)
		}
	}
}

// The workbook is read back with the library and checked cell by cell.
func TestXLSXCellByCell(t *testing.T) {
	r := batch(passingFile(), failingFile(), fatalFile(), erroredFile())
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r, XLSXOptions{}); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got, want := x.GetSheetList(), []string{"汇总", "通话", "明细", "坐席"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	rows := func(sheet string) [][]string {
		t.Helper()
		rs, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	wantSheets := map[string][][]string{
		"通话": {
			{"文件", "通话编号", "坐席", "得分", "结果", "红线", "问题数", "扣分合计", "主要问题", "错误"},
			{"calls/ok.txt", "C001", "A12", "100", "合格", "", "0", "0"},
			{"calls/bad.txt", "C002", "", "72.5", "不合格", "", "2", "27.5", "forbidden-slang×1 greeting×1"},
			{"calls/fatal.txt", "", "", "0", "不合格", "是", "2", "100", "no-threats×1 closing×1"},
			{"calls/broken.txt", "", "", "", "错误", "", "", "0", "", "无法识别编码"},
		},
		"明细": {
			{"文件", "通话编号", "坐席", "行号", "时间", "角色", "规则", "级别", "扣分", "红线", "说明", "原话", "命中", "呈现", "证据", "测量值", "上限", "单位"},
			{"calls/bad.txt", "C002", "", "4", "00:00:12", "坐席", "forbidden-slang", "警告", "7.5", "", "使用不文明用语", "你懂不懂啊，<系统>都说了", "懂不懂", "所说", "懂不懂"},
			{"calls/bad.txt", "C002", "", "1", "00:00:00", "坐席", "greeting", "错误", "20", "", "开场未问候", "喂，哪位？", "（未出现）", "缺失", "此处应出现，未出现"},
			{"calls/fatal.txt", "", "", "7", "", "坐席", "no-threats", "错误", "100", "是", "威胁客户", "再投诉我就把你拉黑", "拉黑", "所说", "拉黑"},
			{"calls/fatal.txt", "", "", "", "", "", "closing", "提示", "0", "", "未使用结束语", "", "（本通未说）", "本通未说", "本通未说"},
		},
		"坐席": {
			{"坐席", "通话", "已评分", "合格", "不合格", "错误", "平均分", "不合格率", "主要问题"},
			{"A12", "1", "1", "1", "0", "0", "100.0", "0%"},
			{"（未知）", "3", "2", "0", "2", "1", "36.3", "100%", "forbidden-slang×1 greeting×1 no-threats×1"},
		},
	}
	for sheet, want := range wantSheets {
		got := rows(sheet)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sheet %s:\n got %q\nwant %q", sheet, got, want)
		}
	}
	// 汇总: the counts, then histogram, rules and lowest calls, each under its heading.
	sum := rows("汇总")
	wantSum := map[string]string{
		"A1": "规则库", "B1": "客服质检 1.2", "A3": "文件", "B3": "4", "A4": "合格", "B4": "1", "A5": "不合格", "B5": "2",
		"A6": "错误", "B6": "1", "A7": "跳过", "B7": "0", "A8": "平均分", "B8": "57.5", "A9": "中位数", "B9": "72.5",
		"A11": "得分分布", "A12": "分数段", "B12": "通话数", "A13": "0–9", "B13": "1", "A20": "70–79", "B20": "1", "A22": "90–100", "B22": "1",
		"A24": "违规规则", "A25": "规则", "A26": "forbidden-slang", "B26": "使用不文明用语", "C26": "警告", "D26": "1", "E26": "1", "F26": "7.5",
		"A31": "得分最低的通话", "A33": "calls/fatal.txt", "C33": "0", "D33": "不合格", "A34": "calls/bad.txt", "B34": "C002", "C34": "72.5",
	}
	for ref, want := range wantSum {
		if got, _ := x.GetCellValue("汇总", ref); got != want {
			t.Errorf("汇总!%s = %q, want %q", ref, got, want)
		}
	}
	if len(sum) != 34 {
		t.Errorf("汇总 has %d rows, want 34", len(sum))
	}
	// Numbers are numbers, so QA staff can sort and sum them.
	for _, ref := range []string{"D2", "D3", "G2", "H3"} {
		if typ, _ := x.GetCellType("通话", ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("通话!%s has type %v, want a number", ref, typ)
		}
	}
	// The match is bold red inside the utterance.
	runs, err := x.GetCellRichText("明细", "L2")
	if err != nil {
		t.Fatal(err)
	}
	var marked []string
	for _, run := range runs {
		if run.Font != nil && run.Font.Bold && strings.EqualFold(run.Font.Color, "FF"+xlMatchText) || run.Font != nil && strings.EqualFold(run.Font.Color, xlMatchText) {
			marked = append(marked, run.Text)
		}
	}
	if !reflect.DeepEqual(marked, []string{"懂不懂"}) || len(runs) != 3 || runs[0].Text != "你" {
		t.Errorf("明细!L2 runs = %+v, want 你 / 懂不懂 (bold red) / rest", runs)
	}
	// Conditional colouring: failed and errored rows, passes, the score scale.
	cf, err := x.GetConditionalFormats("通话")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for ref, opts := range cf {
		for _, o := range opts {
			kinds = append(kinds, ref+" "+o.Type+" "+o.Criteria)
		}
	}
	for _, want := range []string{`A2:J5 formula $E2="不合格"`, `A2:J5 formula $E2="错误"`, "D2:D5 3_color_scale"} {
		found := false
		for _, k := range kinds {
			found = found || strings.HasPrefix(k, want)
		}
		if !found {
			t.Errorf("no conditional format %q among %q", want, kinds)
		}
	}
	if panes, _ := x.GetPanes("通话"); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("通话 header row not frozen: %+v", panes)
	}
}

func TestXLSXEnglishAndEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, &Report{}, XLSXOptions{Lang: LangEN}); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); !reflect.DeepEqual(got, XLSXSheets(LangEN)) {
		t.Errorf("sheets = %q", got)
	}
	if v, _ := x.GetCellValue("Calls", "A1"); v != "path" {
		t.Errorf("Calls!A1 = %q", v)
	}
}

// utts is a transcript for the drill-down tests.
func utts() []Utterance {
	return []Utterance{
		{Line: 1, Turn: 1, Role: "agent", Time: "00:00:00", Text: "喂，哪位？"},
		{Line: 2, Turn: 2, Role: "customer", Text: "我要投诉"},
		{Line: 4, Turn: 3, Role: "agent", Time: "00:00:12", Text: "你懂不懂啊，<系统>都说了"},
		{Line: 5, Turn: 4, Role: "customer", Text: "你再说一遍"},
		{Line: 7, Turn: 5, Role: "agent", Text: "再投诉我就把你拉黑，拉黑！"},
	}
}

func TestDetailOfMarksSpansAndMissingSteps(t *testing.T) {
	f := failingFile()
	f.Findings = append(f.Findings,
		// The same 禁语 twice in one utterance: both uses are marked.
		Finding{Rule: "no-threats", Severity: "error", Match: "拉黑", Line: 7, Turn: 5, Text: "再投诉我就把你拉黑，拉黑！"},
		Finding{Rule: "no-threats", Severity: "error", Match: "拉黑", Line: 7, Turn: 5, Text: "再投诉我就把你拉黑，拉黑！"},
		// Overlapping matches of two rules merge into one mark naming both.
		Finding{Rule: "threat", Severity: "error", Match: "把你拉黑", Line: 7, Turn: 5},
		// Missing with no window at all.
		Finding{Rule: "closing", Severity: "info", Message: "未使用结束语"},
	)
	var defs defTable
	d := detailOf(f, utts(), &defs, LangZH)
	if !d.Full || len(d.Lines) != 5 {
		t.Fatalf("full=%v, %d lines", d.Full, len(d.Lines))
	}
	show := func(l htmlLine) string {
		var b strings.Builder
		for _, s := range l.Segs {
			if s.Findings != nil {
				fmt.Fprintf(&b, "[%s%v]", s.Text, s.Findings)
			} else {
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	if got, want := show(d.Lines[2]), "你[懂不懂[0]]啊，<系统>都说了"; got != want {
		t.Errorf("line 4 = %s, want %s", got, want)
	}
	if got, want := show(d.Lines[4]), "再投诉我就[把你拉黑[2 4]]，[拉黑[3]]！"; got != want {
		t.Errorf("line 7 = %s, want %s", got, want)
	}
	if !reflect.DeepEqual(d.Lines[0].Missing, []int{1}) || d.Lines[0].Hits != nil {
		t.Errorf("line 1: missing %v hits %v, want the greeting missing there", d.Lines[0].Missing, d.Lines[0].Hits)
	}
	if !reflect.DeepEqual(d.Orphans, []int{5}) {
		t.Errorf("orphans = %v, want [5]", d.Orphans)
	}
	if len(defs.defs) != 5 {
		t.Errorf("%d finding definitions, want 5 distinct: %+v", len(defs.defs), defs.defs)
	}
	// Without the transcript the quoted utterances stand in for it.
	q := detailOf(failingFile(), nil, &defTable{}, LangZH)
	if q.Full || len(q.Lines) != 2 || q.Lines[0].Line != 1 || q.Lines[1].Line != 4 {
		t.Errorf("quoted-only lines = %+v", q.Lines)
	}
}

func TestWriteHTMLSelfContainedAndEscaped(t *testing.T) {
	f := failingFile()
	f.Path = `calls/</script><script>alert(1)</script>.txt`
	f.Findings[0].Text = "你懂不懂</script><img src=x onerror=alert(2)>"
	f.Transcript = utts()
	r := batch(passingFile(), f, fatalFile(), erroredFile())
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "<script"); n != 4 {
		t.Errorf("%d <script> elements, want 4 (config, index, details, code): transcript text broke out", n)
	}
	for _, bad := range []string{"alert(1)</script>", "<img src=x", "http://", "https://", " src=", "<link"} {
		if strings.Contains(out, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	for _, want := range []string{`<svg id="histogram"`, `<table id="rule-table"`, `data-rule="forbidden-slang"`, `<table id="agent-table"`, `lang="zh-CN"`, "质检报告"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// The index and the details read back as the writer meant them.
	index := between(t, out, `<script type="application/json" id="zj-index">`, "</script>")
	var calls []htmlCall
	if err := json.Unmarshal([]byte(index), &calls); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 4 || calls[1].Path != f.Path || calls[3].Result != "error" || calls[2].Rules[0] != "no-threats" {
		t.Errorf("index = %+v", calls)
	}
	details := strings.Split(strings.Trim(between(t, out, `<script type="application/json" id="zj-details">`, "</script>"), "\n"), "\n")
	if len(details) != 4 {
		t.Fatalf("%d detail lines, want 4", len(details))
	}
	for i, d := range details {
		var v map[string]any
		if err := json.Unmarshal([]byte(d), &v); err != nil {
			t.Errorf("detail %d: %v", i, err)
		}
	}
	if !strings.Contains(details[1], `"full":true`) || strings.Contains(details[0], `"full"`) {
		t.Errorf("only call 1 has its transcript: %s / %s", details[0], details[1])
	}

	var en bytes.Buffer
	if err := WriteHTML(&en, r, HTMLOptions{Lang: LangEN}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(en.String(), `lang="en"`) || !strings.Contains(en.String(), "QA report") {
		t.Error("English report is not in English")
	}
}

func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("no %s", start)
	}
	s = s[i+len(start):]
	return s[:strings.Index(s, end)]
}

func TestHistogramChart(t *testing.T) {
	c := histogramChart([Bins]int{3, 0, 0, 0, 0, 0, 0, 0, 1, 10})
	if len(c.Bars) != Bins || c.Empty {
		t.Fatalf("%d bars, empty %v", len(c.Bars), c.Empty)
	}
	if c.Bars[9].H <= c.Bars[0].H || c.Bars[1].H != 0 || c.Bars[8].H < 2 {
		t.Errorf("bar heights %d %d %d %d not in proportion", c.Bars[0].H, c.Bars[1].H, c.Bars[8].H, c.Bars[9].H)
	}
	if c.Bars[0].Class != "bad" || c.Bars[7].Class != "fair" || c.Bars[9].Class != "good" || c.Bars[9].Label != "90–100" {
		t.Errorf("bars: %+v", c.Bars)
	}
	if top := c.Ticks[len(c.Ticks)-1].Label; top != "20" {
		t.Errorf("axis top = %s, want 20 (10 rounded up to 4 round steps)", top)
	}
	if !histogramChart([Bins]int{}).Empty {
		t.Error("no calls should be an empty chart")
	}
}

// A file encoded ahead (EncodeLine, in a batch's workers) is written byte for byte as the
// writer would have encoded it.
func TestJSONLEncodedAhead(t *testing.T) {
	for _, rc := range reports {
		var want, got bytes.Buffer
		if err := stream(NewJSONLWriter(&want), rc.r); err != nil {
			t.Fatal(err)
		}
		ahead := *rc.r
		ahead.Files = append([]Call(nil), rc.r.Files...)
		for i := range ahead.Files {
			if err := ahead.Files[i].EncodeLine(); err != nil || ahead.Files[i].line == nil {
				t.Fatalf("%s: EncodeLine: %v, line %q", rc.name, err, ahead.Files[i].line)
			}
		}
		if err := stream(NewJSONLWriter(&got), &ahead); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: encoded ahead:\n%s\nby the writer:\n%s", rc.name, got.String(), want.String())
		}
	}
}

// TestXLSXRowLimit: a sheet holds 1,048,576 rows. A batch of 1,100,000 findings failed
// the workbook at the row one too many ("cannot convert cell "" to coordinates: invalid
// cell name """), and with it every report of the run, after the whole batch had been
// checked. The rows past the limit are left out and the last row says how many; the
// summary still counts them all. (The limit is lowered here: a million rows take
// minutes.)
func TestXLSXRowLimit(t *testing.T) {
	defer func(old int) { lastRow = old }(lastRow)
	lastRow = 5 // the header and four rows, the sixth for the note
	for _, tc := range []struct {
		name                string
		calls               int
		wantCalls, wantRows int
		callNote, rowNote   string
	}{
		{"under the limit", 2, 3, 5, "", ""},    // 2 calls of 2 findings
		{"at the limit", 4, 5, 5, "", "另有 4 行"}, // 8 findings: 4 listed
		{"over it", 7, 5, 5, "另有 3 行", "另有 10 行"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var files []Call
			for range tc.calls {
				files = append(files, failingFile())
			}
			var buf bytes.Buffer
			if err := WriteXLSX(&buf, batch(files...), XLSXOptions{}); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			for _, s := range []struct {
				sheet string
				rows  int
				note  string
			}{{"通话", tc.wantCalls, tc.callNote}, {"明细", tc.wantRows, tc.rowNote}} {
				rows, err := x.GetRows(s.sheet)
				if err != nil {
					t.Fatal(err)
				}
				n, last := len(rows), ""
				if s.note != "" {
					n, last = n-1, rows[len(rows)-1][0]
				}
				if n != s.rows || !strings.Contains(last, s.note) {
					t.Errorf("%s: %d rows ending %q, want %d and a note saying %q", s.sheet, len(rows), last, s.rows, s.note)
				}
			}
		})
	}
}
