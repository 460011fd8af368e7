package report

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"iter"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Utterance is one line of a call's transcript, as the HTML drill-down shows it.
type Utterance struct {
	Line int
	Turn int
	Role string // agent, customer, unknown
	Time string
	Text string
}

// HTMLOptions configures WriteHTML.
type HTMLOptions struct {
	// Lang picks the UI language; Chinese by default.
	Lang Lang
	// AgentOf names a call's agent; nil reads the agent_id metadata.
	AgentOf AgentFunc
	// PageSize is how many calls the call table shows at once; 0 means 50.
	PageSize int
}

//go:embed html/report.html.tmpl
var htmlTemplate string

//go:embed html/report.css
var htmlCSS string

//go:embed html/report.js
var htmlJS string

var pageTemplate = template.Must(template.New("report").Parse(htmlTemplate))

// htmlText is every fixed word of the page, per language. The script gets the same
// words through the page's data, so all of the UI is translated in one place.
type htmlText struct {
	Lang                                           string // the html lang attribute
	Title, Rulebook, Overview                      string
	Files, Passed, Failed, Errors, Skipped         string
	Mean, Median, PassRate                         string
	Histogram, HistogramHint, Rules, RulesHint     string
	Agents, AgentsHint, Calls                      string
	Rule, Message, Severity, Findings, CallCount   string
	Deducted, Agent, CallsN, FailRate, TopRules    string
	Path, CallID, Score, Result, Fatal, Error      string
	Search, All, OnlyFailed, OnlyFatal, OnlyErrors string
	OnlyPassed, Prev, Next, PageOf, Shown, Clear   string
	Close, Transcript, Missing, MissingHere        string
	Measured, Absent, Unanswered, Note             string
	Partial, NoFindings, Warnings, SkippedRules    string
	Unknown, NoScore, Line, Filter, Metadata       string
	NoCalls, NoRules, Generated                    string
	PassWord, FailWord, ErrorWord, FatalWord       string
	Roles, Severities                              map[string]string
}

var htmlTexts = map[Lang]htmlText{
	LangZH: {
		Lang: "zh-CN", Title: "质检报告", Rulebook: "规则库", Overview: "汇总",
		Files: "通话数", Passed: "合格", Failed: "不合格", Errors: "错误", Skipped: "跳过",
		Mean: "平均分", Median: "中位数", PassRate: "合格率",
		Histogram: "得分分布", HistogramHint: "点击柱子筛选该分数段的通话",
		Rules: "违规规则", RulesHint: "点击规则查看涉及的通话",
		Agents: "坐席", AgentsHint: "按不合格率排序，点击坐席查看其通话", Calls: "通话",
		Rule: "规则", Message: "说明", Severity: "级别", Findings: "问题数", CallCount: "涉及通话",
		Deducted: "扣分合计", Agent: "坐席", CallsN: "通话", FailRate: "不合格率", TopRules: "主要问题",
		Path: "文件", CallID: "通话编号", Score: "得分", Result: "结果", Fatal: "红线", Error: "错误",
		Search: "搜索文件、通话编号、坐席、规则…", All: "全部", OnlyFailed: "不合格", OnlyFatal: "红线",
		OnlyErrors: "错误", OnlyPassed: "合格", Prev: "上一页", Next: "下一页", PageOf: "第 %d / %d 页",
		Shown: "共 %d 通", Clear: "清除筛选",
		Close: "关闭", Transcript: "转写", Missing: "缺失", MissingHere: "此处应出现",
		Measured: "测量", Absent: "本通未说", Unanswered: "未回应", Note: "备注（不计分）",
		Partial: "未能读取完整转写，只显示问题引用的话语。", NoFindings: "没有问题。",
		Warnings: "注意", SkippedRules: "未评判", Unknown: "（未知）", NoScore: "—", Line: "行",
		Filter: "筛选", Metadata: "通话信息", NoCalls: "没有符合条件的通话。", NoRules: "没有违规。",
		PassWord: "合格", FailWord: "不合格", ErrorWord: "错误", FatalWord: "红线",
		Roles:      map[string]string{"agent": "坐席", "customer": "客户", "unknown": "未知"},
		Severities: map[string]string{"error": "错误", "warning": "警告", "info": "提示"},
	},
	LangEN: {
		Lang: "en", Title: "QA report", Rulebook: "Rulebook", Overview: "Overview",
		Files: "Calls", Passed: "Passed", Failed: "Failed", Errors: "Errors", Skipped: "Skipped",
		Mean: "Mean score", Median: "Median", PassRate: "Pass rate",
		Histogram: "Score distribution", HistogramHint: "Click a bar to list the calls in that range",
		Rules: "Rules broken", RulesHint: "Click a rule to list the calls that broke it",
		Agents: "Agents", AgentsHint: "Highest fail rate first; click an agent to list their calls", Calls: "Calls",
		Rule: "Rule", Message: "Message", Severity: "Severity", Findings: "Findings", CallCount: "Calls",
		Deducted: "Deducted", Agent: "Agent", CallsN: "Calls", FailRate: "Fail rate", TopRules: "Top rules",
		Path: "File", CallID: "Call ID", Score: "Score", Result: "Result", Fatal: "Fatal", Error: "Error",
		Search: "Search file, call ID, agent, rule…", All: "All", OnlyFailed: "Failed", OnlyFatal: "Fatal",
		OnlyErrors: "Errors", OnlyPassed: "Passed", Prev: "Previous", Next: "Next", PageOf: "Page %d of %d",
		Shown: "%d calls", Clear: "Clear filter",
		Close: "Close", Transcript: "Transcript", Missing: "Missing", MissingHere: "expected here",
		Measured: "Measured", Absent: "Not said in this call", Unanswered: "No reply", Note: "Notes (not scored)",
		Partial:    "The full transcript could not be read; only the utterances findings quote are shown.",
		NoFindings: "No findings.", Warnings: "Note", SkippedRules: "Not judged", Unknown: "(unknown)",
		NoScore: "—", Line: "line", Filter: "Filter", Metadata: "Call details",
		NoCalls: "No calls match.", NoRules: "No rule was broken.",
		PassWord: "PASS", FailWord: "FAIL", ErrorWord: "ERROR", FatalWord: "FATAL",
		Roles:      map[string]string{"agent": "Agent", "customer": "Customer", "unknown": "Unknown"},
		Severities: map[string]string{"error": "error", "warning": "warning", "info": "info"},
	},
}

// WriteHTML writes r as one self-contained HTML page: inline CSS and script, charts drawn
// here as SVG, nothing fetched, so it opens from disk offline. It has the summary, a score
// histogram, a chart and table of the rules broken, a per-agent table, a paged and
// filterable call table, and a drill-down per call showing its transcript with each
// offending span marked and each missing step flagged where it was expected.
//
// Only the call table's index is parsed when the page opens. The drill-down data is one
// line of JSON per call in one inert <script> block, and a call's line is parsed only
// when that call is opened, so ten thousand transcripts cost the page little more than
// reading their bytes.
func WriteHTML(w io.Writer, r *Report, opts HTMLOptions) error {
	return writeAll(NewHTMLWriter(w, r.Rulebook, opts), r)
}

// HTMLWriter writes the page as a batch runs: each call's drill-down line goes to a
// temporary file as the call is added, with its transcript read then and let go; on
// Close the page is written, the dashboard and the call table's index from figures
// gathered on the way, the drill-down lines copied from the file. Holding the batch and
// its transcripts for the page took 755 MB for 20,000 calls.
type HTMLWriter struct {
	w       io.Writer
	rb      Rulebook
	opts    HTMLOptions
	agg     *Aggregator
	index   []htmlCall
	defs    defTable
	details *os.File // one line of JSON per call
	buf     *bufio.Writer
	err     error
}

// NewHTMLWriter returns a Writer of the HTML page of a batch checked against rb.
func NewHTMLWriter(w io.Writer, rb Rulebook, opts HTMLOptions) *HTMLWriter {
	h := &HTMLWriter{w: w, rb: rb, opts: opts, agg: NewAggregator(opts.AgentOf)}
	h.details, h.err = os.CreateTemp("", "zhijian-html-*")
	if h.err == nil {
		h.buf = bufio.NewWriterSize(h.details, 64<<10)
	}
	return h
}

// Add adds f's row to the call table and writes its drill-down line.
func (h *HTMLWriter) Add(f Call) error {
	if h.err != nil {
		return h.err
	}
	f = htmlFile(f)
	h.agg.Add(f)
	h.index = append(h.index, indexEntry(f, agentOf(h.opts.AgentOf, f)))
	d, err := json.Marshal(detailOf(f, f.Transcript, &h.defs, h.opts.Lang))
	if err == nil {
		h.buf.Write(d)
		err = h.buf.WriteByte('\n')
	}
	h.err = err
	return err
}

// Discard removes the temporary file of a page that will not be written.
func (h *HTMLWriter) Discard() error {
	if h.details == nil {
		return nil
	}
	h.details.Close()
	err := os.Remove(h.details.Name())
	h.details = nil
	return err
}

// Close writes the page, its summary s.
func (h *HTMLWriter) Close(s Summary) error {
	defer h.Discard()
	if h.err != nil {
		return h.err
	}
	if err := h.buf.Flush(); err != nil {
		return err
	}
	if _, err := h.details.Seek(0, io.SeekStart); err != nil {
		return err
	}
	t, ok := htmlTexts[h.opts.Lang]
	if !ok {
		t = htmlTexts[LangZH]
	}
	agg := h.agg.Result()
	page := htmlPage{
		T:        t,
		Rulebook: Printable(strings.TrimSpace(h.rb.Name + " " + h.rb.Version)),
		S:        s,
		Scored:   s.Files > s.Errors,
		Hist:     histogramChart(agg.Histogram),
		RuleBars: ruleChart(agg.Rules),
		CSS:      template.CSS(htmlCSS),
		JS:       template.JS(htmlJS),
	}
	if page.Scored {
		page.PassRate = percent(float64(s.Passed) / float64(s.Files-s.Errors))
	}
	for _, rr := range agg.Rules {
		page.Rules = append(page.Rules, htmlRule{RuleRow: rr, Sev: lookup(t.Severities, rr.Severity)})
	}
	for _, a := range agg.Agents {
		ha := htmlAgent{AgentRow: a, Name: a.Agent, Mean: t.NoScore, Rate: t.NoScore}
		if a.Agent == "" {
			ha.Name = t.Unknown
		}
		if a.Scored > 0 {
			ha.Mean = strconv.FormatFloat(a.MeanScore, 'f', 1, 64)
			ha.Rate = percent(a.FailRate)
			ha.RateWidth = int(a.FailRate*100 + 0.5)
		}
		for _, rc := range a.TopRules {
			ha.Top = append(ha.Top, rc.Rule+" ×"+strconv.Itoa(rc.Findings))
		}
		page.Agents = append(page.Agents, ha)
	}
	pageSize := h.opts.PageSize
	if pageSize <= 0 {
		pageSize = 50
	}
	var err error
	if page.Index, err = marshalJS(h.index); err != nil {
		return err
	}
	if page.Config, err = marshalJS(map[string]any{"t": t, "pageSize": pageSize, "bins": Bins, "defs": h.defs.defs}); err != nil {
		return err
	}
	// The template ranges over the lines as it writes them: read one at a time.
	lines := bufio.NewScanner(h.details)
	lines.Buffer(make([]byte, 0, 64<<10), math.MaxInt32)
	page.Details = func(yield func(template.JS) bool) {
		for lines.Scan() && yield(template.JS(lines.Bytes())) {
		}
	}
	bw := bufio.NewWriterSize(h.w, 64<<10)
	if err := pageTemplate.Execute(bw, page); err != nil {
		return err
	}
	if err := lines.Err(); err != nil {
		return err
	}
	return bw.Flush()
}

// htmlFile is f with every text that came from an input made Printable, its transcript
// too. A browser shows a control character as a box or nothing (A\x1bB and A\x07B
// looked like one agent), and U+202E reversed the words after it in the page: an
// utterance, a path or an agent could be made to read otherwise than it was. Match and
// text are escaped alike, so the match is still found in its utterance.
func htmlFile(f Call) Call {
	f = printableFile(f)
	if len(f.Transcript) > 0 {
		us := make([]Utterance, len(f.Transcript))
		for i, u := range f.Transcript {
			u.Role, u.Time, u.Text = Printable(u.Role), Printable(u.Time), Printable(u.Text)
			us[i] = u
		}
		f.Transcript = us
	}
	for i := range f.Findings {
		fd := &f.Findings[i]
		fd.Severity, fd.Role, fd.Time = Printable(fd.Severity), Printable(fd.Role), Printable(fd.Time)
	}
	return f
}

type htmlPage struct {
	T        htmlText
	Rulebook string
	S        Summary
	Scored   bool
	PassRate string
	Hist     svgChart
	RuleBars svgChart
	Rules    []htmlRule
	Agents   []htmlAgent
	Index    template.JS
	Config   template.JS
	Details  iter.Seq[template.JS] // one line of JSON per call
	CSS      template.CSS
	JS       template.JS
}

type htmlRule struct {
	RuleRow
	Sev string
}

type htmlAgent struct {
	AgentRow
	Name, Mean, Rate string
	RateWidth        int
	Top              []string
}

// htmlCall is a call's row in the page's index, with short keys: ten thousand of them
// are parsed when the page opens.
type htmlCall struct {
	Path     string   `json:"p"`
	CallID   string   `json:"c,omitempty"`
	Agent    string   `json:"a,omitempty"`
	Score    *float64 `json:"s"`
	Result   string   `json:"r"` // pass, fail, error
	Fatal    bool     `json:"f,omitempty"`
	Findings int      `json:"n"`
	Rules    []string `json:"u,omitempty"` // distinct rules, most findings first
	Counts   []int    `json:"k,omitempty"` // findings per rule in Rules
}

func indexEntry(f Call, agent string) htmlCall {
	c := htmlCall{Path: f.Path, CallID: f.Metadata["call_id"], Agent: agent, Fatal: f.Fatal, Findings: len(f.Findings)}
	if f.Score != nil {
		s := round2(*f.Score)
		c.Score = &s
	}
	switch {
	case f.Error != "":
		c.Result = "error"
	case f.Passed:
		c.Result = "pass"
	default:
		c.Result = "fail"
	}
	var rc ruleCounter
	rc.add(f)
	for _, rr := range rc.sorted() {
		c.Rules = append(c.Rules, rr.Rule)
		c.Counts = append(c.Counts, rr.Findings)
	}
	return c
}

// htmlDetailData is what a call's drill-down shows. It is written compactly (see the
// MarshalJSON methods): ten thousand of them make up most of a large report.
type htmlDetailData struct {
	Error    string        `json:"e,omitempty"`
	Meta     [][2]string   `json:"meta,omitempty"`
	Warnings []string      `json:"w,omitempty"`
	Skipped  []string      `json:"k,omitempty"`
	Findings []htmlFinding `json:"f"`
	Lines    []htmlLine    `json:"L"`
	Full     bool          `json:"full,omitempty"`
	Orphans  []int         `json:"o,omitempty"` // missing findings with no window
	// Notes are what the tool let go, for audit: [rule, line, evidence] each.
	Notes [][3]any `json:"n,omitempty"`
}

// findingDef is what findings of one rule share, written once per page: [rule,
// severity, message, fatal].
type findingDef struct {
	Rule, Severity, Message string
	Fatal                   bool
}

func (d findingDef) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{d.Rule, d.Severity, d.Message, d.Fatal})
}

// defTable numbers the distinct findingDefs of a page.
type defTable struct {
	index map[findingDef]int
	defs  []findingDef
}

func (t *defTable) id(d findingDef) int {
	if i, ok := t.index[d]; ok {
		return i
	}
	if t.index == nil {
		t.index = map[findingDef]int{}
	}
	t.index[d] = len(t.defs)
	t.defs = append(t.defs, d)
	return len(t.defs) - 1
}

// htmlFinding is written as [def, deduct, line, match, shown, evidence], the last two
// left off for a finding of words said (ShownOf, Evidence: the one model every format
// follows).
type htmlFinding struct {
	Def      int
	Deduct   float64
	Line     int
	Match    string
	Shown    string
	Evidence string
	Located  bool // its span is marked in the transcript
}

func (f htmlFinding) MarshalJSON() ([]byte, error) {
	v := []any{f.Def, round2(f.Deduct), f.Line, f.Match}
	if f.Shown != ShownSaid {
		v = append(v, f.Shown, f.Evidence)
	}
	return json.Marshal(v)
}

// htmlLine is one utterance. Segs cut its text into plain runs and marked runs; a marked
// run lists the findings (indexes into Findings) it is evidence of. Written as
// [line, turn, role, time, segs, missing, hits], trailing empty values left off, with
// segs a plain string when nothing is marked.
type htmlLine struct {
	Line    int
	Turn    int
	Role    string
	Time    string
	Segs    []htmlSeg
	Missing []int // missing findings whose window this is
	Hits    []int // findings quoting this utterance
}

func (l htmlLine) MarshalJSON() ([]byte, error) {
	var segs any
	if len(l.Segs) == 1 && l.Segs[0].Findings == nil {
		segs = l.Segs[0].Text
	} else {
		parts := make([]any, len(l.Segs))
		for i, sg := range l.Segs {
			if sg.Findings == nil {
				parts[i] = sg.Text
			} else {
				parts[i] = []any{sg.Text, sg.Findings}
			}
		}
		segs = parts
	}
	v := []any{l.Line, l.Turn, l.Role, l.Time, segs, l.Missing, l.Hits}
	for len(v) > 5 && v[len(v)-1].([]int) == nil {
		v = v[:len(v)-1]
	}
	return json.Marshal(v)
}

type htmlSeg struct {
	Text     string
	Findings []int
}

// detailOf lays a call's findings over its transcript. Without a transcript the lines
// are the utterances the findings quote.
func detailOf(f Call, utts []Utterance, defs *defTable, lang Lang) htmlDetailData {
	d := htmlDetailData{Error: f.Error, Warnings: f.Warnings, Skipped: f.Skipped, Full: utts != nil, Findings: []htmlFinding{}, Lines: []htmlLine{}}
	for _, n := range f.Notes {
		d.Notes = append(d.Notes, [3]any{n.Rule, n.Line, Evidence(n, lang)})
	}
	keys := make([]string, 0, len(f.Metadata))
	for k := range f.Metadata {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		d.Meta = append(d.Meta, [2]string{k, f.Metadata[k]})
	}
	if utts == nil {
		utts = quotedUtterances(f.Findings)
	}
	byTurn := map[int]int{}
	byLine := map[int]int{}
	for i, u := range utts {
		if u.Turn > 0 {
			byTurn[u.Turn] = i
		}
		if u.Line > 0 {
			if _, ok := byLine[u.Line]; !ok {
				byLine[u.Line] = i
			}
		}
	}
	lineOf := func(fd Finding) (int, bool) {
		if i, ok := byTurn[fd.Turn]; ok && fd.Turn > 0 {
			return i, true
		}
		if i, ok := byLine[fd.Line]; ok && fd.Line > 0 {
			return i, true
		}
		return 0, false
	}
	spans := map[int][]markSpan{} // by utterance
	missing := map[int][]int{}
	hits := map[int][]int{}
	for k, fd := range f.Findings {
		hf := htmlFinding{Def: defs.id(findingDef{fd.Rule, fd.Severity, fd.Message, fd.Fatal}), Deduct: fd.Deduct, Line: fd.Line, Match: fd.Match,
			Shown: ShownOf(fd), Evidence: Evidence(fd, lang)}
		// Shown beside its line rather than marked in it: a step missing there, or a
		// measurement taken there.
		missingStep := fd.Match == ""
		i, ok := lineOf(fd)
		switch {
		case !ok && missingStep:
			d.Orphans = append(d.Orphans, k)
		case !ok:
			// Quotes an utterance the transcript does not have; show it as quoted.
			utts = append(utts, Utterance{Line: fd.Line, Turn: fd.Turn, Role: fd.Role, Time: fd.Time, Text: fd.Text})
			i = len(utts) - 1
			if fd.Turn > 0 {
				byTurn[fd.Turn] = i
			}
			ok = true
		}
		if ok && missingStep {
			missing[i] = append(missing[i], k)
		} else if ok {
			hits[i] = append(hits[i], k)
			// The n-th finding with the same match in an utterance marks the n-th
			// occurrence, so two uses of one 禁语 are both marked.
			text := utts[i].Text
			from := 0
			for _, s := range spans[i] {
				if f.Findings[s.finding].Match == fd.Match {
					from = max(from, s.end)
				}
			}
			at := strings.Index(text[from:], fd.Match)
			if at < 0 && from > 0 {
				from, at = 0, strings.Index(text, fd.Match)
			}
			if at >= 0 {
				spans[i] = append(spans[i], markSpan{from + at, from + at + len(fd.Match), k})
				hf.Located = true
			}
		}
		d.Findings = append(d.Findings, hf)
	}
	// Lines in file order; utterances appended for unmatched quotes go in their place.
	order := make([]int, len(utts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		la, lb := utts[order[a]].Line, utts[order[b]].Line
		if la == 0 || lb == 0 {
			return false
		}
		return la < lb
	})
	for _, i := range order {
		u := utts[i]
		d.Lines = append(d.Lines, htmlLine{Line: u.Line, Turn: u.Turn, Role: u.Role, Time: u.Time,
			Segs: segments(u.Text, spans[i]), Missing: missing[i], Hits: hits[i]})
	}
	return d
}

// markSpan is the byte range of a finding's match in an utterance.
type markSpan struct{ start, end, finding int }

// segments cuts text at the marked spans; overlapping spans merge into one run that
// lists every finding behind it.
func segments(text string, spans []markSpan) []htmlSeg {
	if len(spans) == 0 {
		return []htmlSeg{{Text: text}}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out []htmlSeg
	pos := 0
	for i := 0; i < len(spans); {
		start, end := spans[i].start, spans[i].end
		fs := []int{spans[i].finding}
		j := i + 1
		for ; j < len(spans) && spans[j].start < end; j++ {
			end = max(end, spans[j].end)
			fs = append(fs, spans[j].finding)
		}
		if start > pos {
			out = append(out, htmlSeg{Text: text[pos:start]})
		}
		sort.Ints(fs)
		out = append(out, htmlSeg{Text: text[start:end], Findings: fs})
		pos = end
		i = j
	}
	if pos < len(text) {
		out = append(out, htmlSeg{Text: text[pos:]})
	}
	return out
}

// quotedUtterances are the distinct utterances findings point at, in line order.
func quotedUtterances(fds []Finding) []Utterance {
	var out []Utterance
	seen := map[[2]int]bool{}
	for _, fd := range fds {
		if fd.Line == 0 && fd.Turn == 0 {
			continue
		}
		key := [2]int{fd.Turn, fd.Line}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, Utterance{Line: fd.Line, Turn: fd.Turn, Role: fd.Role, Time: fd.Time, Text: fd.Text})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// marshalJS encodes v for a <script> block: encoding/json escapes <, > and & (so no
// "</script>" can end the block early) and U+2028/U+2029.
func marshalJS(v any) (template.JS, error) {
	b, err := json.Marshal(v)
	return template.JS(b), err
}

func percent(x float64) string {
	return strconv.FormatFloat(x*100, 'f', 0, 64) + "%"
}

// svgChart is a bar chart laid out here, drawn by the template as inline SVG.
type svgChart struct {
	Width, Height int
	Bars          []svgBar
	Ticks         []svgTick
	Empty         bool
}

type svgBar struct {
	X, Y, W, H   int
	Label, Value string
	LabelX, ValX int
	LabelY, ValY int
	Class, Title string
	Key          string // what clicking it filters by: a histogram bin or a rule id
	LabelAnchor  string
}

type svgTick struct {
	X1, Y1, X2, Y2 int
	TX, TY         int
	Label          string
}

// histogramChart lays out the score histogram: a bar per bin of 10 points, red below
// 60, amber below 80, green above.
func histogramChart(hist [Bins]int) svgChart {
	const (
		w, h                   = 640, 240
		left, right, top, foot = 40, 10, 20, 30
	)
	c := svgChart{Width: w, Height: h}
	peak := 0
	for _, n := range hist {
		peak = max(peak, n)
	}
	c.Empty = peak == 0
	scale := niceMax(peak)
	plotH := h - top - foot
	slot := (w - left - right) / Bins
	for i := 0; i <= 4; i++ {
		v := scale * i / 4
		y := top + plotH - plotH*i/4
		c.Ticks = append(c.Ticks, svgTick{X1: left, Y1: y, X2: w - right, Y2: y, TX: left - 6, TY: y + 4, Label: strconv.Itoa(v)})
	}
	for i, n := range hist {
		bh := 0
		if scale > 0 {
			bh = plotH * n / scale
		}
		if n > 0 && bh < 2 {
			bh = 2
		}
		class := "good"
		switch {
		case i < 6:
			class = "bad"
		case i < 8:
			class = "fair"
		}
		x := left + i*slot + 4
		c.Bars = append(c.Bars, svgBar{
			X: x, Y: top + plotH - bh, W: slot - 8, H: bh,
			Label: binLabel(i), LabelX: x + (slot-8)/2, LabelY: h - foot + 16,
			Value: strconv.Itoa(n), ValX: x + (slot-8)/2, ValY: top + plotH - bh - 4,
			Class: class, Key: strconv.Itoa(i), Title: fmt.Sprintf("%s: %d", binLabel(i), n),
		})
	}
	return c
}

// ruleChart lays out horizontal bars for the most broken rules, at most 12.
func ruleChart(rules []RuleRow) svgChart {
	const (
		w, labelW, row, top = 640, 210, 26, 6
	)
	n := min(len(rules), 12)
	c := svgChart{Width: w, Height: top*2 + row*max(n, 1), Empty: n == 0}
	peak := 0
	for _, r := range rules[:n] {
		peak = max(peak, r.Findings)
	}
	for i, r := range rules[:n] {
		bw := 0
		if peak > 0 {
			bw = (w - labelW - 60) * r.Findings / peak
		}
		y := top + i*row
		class := "sev-" + r.Severity
		c.Bars = append(c.Bars, svgBar{
			X: labelW, Y: y + 4, W: max(bw, 2), H: row - 8,
			Label: r.Rule, LabelX: labelW - 8, LabelY: y + row/2 + 4, LabelAnchor: "end",
			Value: strconv.Itoa(r.Findings), ValX: labelW + max(bw, 2) + 6, ValY: y + row/2 + 4,
			Class: class, Key: r.Rule, Title: r.Rule + " " + r.Message + ": " + strconv.Itoa(r.Findings),
		})
	}
	return c
}

// niceMax rounds a histogram's peak up to a multiple of 4 steps of 1, 2, 5 × 10^k, so
// the axis has round ticks.
func niceMax(peak int) int {
	if peak <= 0 {
		return 4
	}
	for step := 1; ; step *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := step * m * 4; s >= peak {
				return s
			}
		}
	}
}
