package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/zhijian-qa/zhijian/pkg/iostreams"
)

// Lang selects the language of the text report's labels. Quoted transcript text is
// never translated.
type Lang string

const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// TextOptions configures WriteText. The zero value writes plain Chinese text.
type TextOptions struct {
	// Colors highlights the output; nil means no colour.
	Colors *iostreams.ColorScheme
	// Lang defaults to LangZH; unknown values also fall back to it.
	Lang Lang
	// GroupBy adds a table before the summary: GroupAgent (one row per agent) or
	// GroupRule (one row per rule); "" adds none.
	GroupBy string
	// AgentOf names a call's agent for GroupAgent; nil reads the agent_id metadata.
	AgentOf AgentFunc
}

// What --group-by accepts.
const (
	GroupAgent = "agent"
	GroupRule  = "rule"
)

// labelSet is every fixed word the text report prints, for one language.
type labelSet struct {
	score, pass, fail, fatal, errorPrefix, warningPrefix, skippedPrefix, nearMissPrefix, bonus string
	callID, agentID                                                                            string
	notFound, matched                                                                          string
	notInCall, unanswered, notePrefix                                                          string
	english                                                                                    bool // pick the English half of bilingual details
	severity, role                                                                             map[string]string
	summary                                                                                    string // Files, Passed, Failed, Errors, skipped, mean, median
	skipped                                                                                    string // Skipped, shown only when some were
	rulebook                                                                                   string
	topRules, lowest, byAgent, byRule, unknownAgent                                            string
	errored, yes                                                                               string
	findingsN, callsN                                                                          string
	agentCols, ruleCols                                                                        []string
	// suppressed: findings set aside (all, by a zhijian-disable comment, by the baseline)
	suppressed string
	// clipped ends a spreadsheet cell cut to what Excel holds: the length of the whole
	clipped string
	// rowsCut is the last row of a sheet cut to the rows Excel holds: how many more.
	rowsCut string
}

var labels = map[Lang]labelSet{
	LangZH: {
		score: "得分", pass: "合格", fail: "不合格", fatal: "红线", errorPrefix: "错误: ", warningPrefix: "注意: ", skippedPrefix: "跳过: ", nearMissPrefix: "近似: ", bonus: "加分",
		callID: "通话", agentID: "坐席工号",
		notFound: "（未出现）", matched: "匹配",
		notInCall: "（本通未说）", unanswered: "（未回应）", notePrefix: "备注（不计分）: ",
		severity: map[string]string{"error": "错误", "warning": "警告", "info": "提示"},
		role:     map[string]string{"agent": "坐席", "customer": "客户", "unknown": "未知"},
		summary:  "文件 %d，合格 %d，不合格 %d，错误 %d%s，平均分 %s，中位数 %s", skipped: "，跳过 %d",
		rulebook: "规则库",
		topRules: "违规最多的规则：", lowest: "得分最低的通话：", byAgent: "按坐席：", byRule: "按规则：",
		unknownAgent: "（未知）", findingsN: "%d 次", callsN: "%d 通", errored: "错误", yes: "是",
		agentCols:  []string{"坐席", "通话", "平均分", "不合格率", "主要问题"},
		ruleCols:   []string{"规则", "级别", "次数", "通话", "扣分", "说明"},
		suppressed: "已抑制 %d 条（注释 %d，基线 %d），不计分",
		clipped:    "…［已截断：全文 %d 字，见 JSON 报告］",
		rowsCut:    "…［已截断：工作表最多 1048576 行，另有 %d 行未列出，见 JSON 报告］",
	},
	LangEN: {
		score: "Score", pass: "PASS", fail: "FAIL", fatal: "FATAL", errorPrefix: "ERROR: ", warningPrefix: "NOTE: ", skippedPrefix: "skipped: ", nearMissPrefix: "near miss: ", bonus: "bonus",
		callID: "call", agentID: "agent",
		notFound: "(not found)", matched: "matched", english: true,
		notInCall: "(not said in this call)", unanswered: "(no reply)", notePrefix: "note (not scored): ",
		severity: map[string]string{"error": "error", "warning": "warning", "info": "info"},
		role:     map[string]string{"agent": "agent", "customer": "customer", "unknown": "unknown"},
		summary:  "Files %d, passed %d, failed %d, errors %d%s, mean score %s, median %s", skipped: ", skipped %d",
		rulebook: "Rulebook",
		topRules: "Most broken rules:", lowest: "Lowest-scoring calls:", byAgent: "By agent:", byRule: "By rule:",
		unknownAgent: "(unknown)", findingsN: "%d×", callsN: "%d call(s)", errored: "ERROR", yes: "yes",
		agentCols:  []string{"agent", "calls", "mean", "fail rate", "top rules"},
		ruleCols:   []string{"rule", "severity", "findings", "calls", "deducted", "message"},
		suppressed: "suppressed %d (comments %d, baseline %d), not scored",
		clipped:    "… [cut: %d characters in all, see the JSON report]",
		rowsCut:    "… [cut: a sheet holds 1048576 rows; %d more not listed, see the JSON report]",
	},
}

// labelsFor returns the labels of lang, Chinese for an unknown or empty one.
func labelsFor(lang Lang) labelSet {
	if l, ok := labels[lang]; ok {
		return l
	}
	return labels[LangZH]
}

// WriteText writes r as a report for QA staff: one block per file with its findings and
// the utterance each one quotes, then a summary.
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	return writeAll(NewTextWriter(w, r.Rulebook, opts), r)
}

// TextWriter writes the text report as a batch runs: each file's block as it is added,
// then on Close the --group-by table and the summary. A batch of any size is written
// without holding it.
type TextWriter struct {
	t      textWriter
	rb     Rulebook
	agg    *Aggregator // for the --group-by table; nil without one
	group  string
	scored bool // some file has a score
}

// NewTextWriter returns a Writer of the text report of a batch checked against rb.
func NewTextWriter(w io.Writer, rb Rulebook, opts TextOptions) *TextWriter {
	// A nil scheme is valid and never colours, so no nil checks are needed below.
	x := &TextWriter{t: textWriter{w: bufio.NewWriter(w), l: labelsFor(opts.Lang), cs: opts.Colors}, rb: rb, group: opts.GroupBy}
	if opts.GroupBy == GroupAgent || opts.GroupBy == GroupRule {
		x.agg = NewAggregator(opts.AgentOf)
	}
	return x
}

// Add writes f's block.
func (x *TextWriter) Add(f Call) error {
	x.t.file(f)
	x.t.printf("\n")
	if x.agg != nil {
		x.agg.Add(f)
	}
	x.scored = x.scored || f.Score != nil
	// bufio keeps the first write error, so checking Flush is enough.
	return x.t.w.Flush()
}

// Close writes the --group-by table and the summary s.
func (x *TextWriter) Close(s Summary) error {
	switch x.group {
	case GroupAgent:
		x.t.agents(x.agg.Result().Agents)
	case GroupRule:
		x.t.rules(x.agg.Result().Rules)
	}
	x.t.summary(x.rb, s, x.scored)
	return x.t.w.Flush()
}

type textWriter struct {
	w  *bufio.Writer
	l  labelSet
	cs *iostreams.ColorScheme
}

func (t *textWriter) printf(format string, a ...any) { fmt.Fprintf(t.w, format, a...) }

func (t *textWriter) file(f Call) {
	f = printableFile(f)
	cs := t.cs
	head := []string{cs.Bold(f.Path)}
	if f.Score != nil {
		head = append(head, t.l.score+" "+formatNum(*f.Score))
	}
	if f.Grade != "" {
		head = append(head, cs.Bold(f.Grade))
	}
	switch {
	case f.Error != "":
		head = append(head, cs.Red(t.l.errorPrefix+f.Error))
	case f.Fatal:
		head = append(head, cs.Bold(cs.Red(t.l.fatal)))
	case f.Passed:
		head = append(head, cs.Green(t.l.pass))
	default:
		head = append(head, cs.Red(t.l.fail))
	}
	// Only the ids QA staff look calls up by; the JSON report carries all metadata.
	for _, m := range []struct{ key, label string }{{"call_id", t.l.callID}, {"agent_id", t.l.agentID}} {
		if v := f.Metadata[m.key]; v != "" {
			head = append(head, cs.Gray(m.label+" "+v))
		}
	}
	t.printf("%s\n", strings.Join(head, "  "))
	for _, b := range f.Bonuses {
		t.printf("  %s  %s  %s  (+%s)\n", cs.Green(t.l.bonus), cs.Cyan(b.Rule), b.Message, formatNum(b.Points))
	}
	if lostSome(f.Sections) {
		var parts []string
		for _, s := range f.Sections {
			parts = append(parts, s.Name+" "+formatNum(s.Score)+"/"+formatNum(s.Points))
		}
		t.printf("  %s\n", cs.Gray(strings.Join(parts, "  ")))
	}

	for _, w := range f.Warnings {
		t.printf("  %s\n", cs.Yellow(t.l.warningPrefix+w))
	}
	for _, s := range f.Skipped {
		t.printf("  %s\n", cs.Gray(t.l.skippedPrefix+s))
	}
	for _, nm := range f.NearMisses {
		t.printf("  %s%s:%d  %s  %s ≈ %s\n", cs.Gray(t.l.nearMissPrefix), f.Path, nm.Line, cs.Cyan(nm.Rule), nm.Phrase, cs.Yellow(nm.Heard))
	}
	if len(f.Suppressed) > 0 {
		inline := 0
		for _, fd := range f.Suppressed {
			if fd.SuppressedBy != SuppressedBaseline {
				inline++
			}
		}
		t.printf("  %s\n", cs.Gray(fmt.Sprintf(t.l.suppressed, len(f.Suppressed), inline, len(f.Suppressed)-inline)))
	}
	for _, fd := range f.Findings {
		t.finding(f.Path, fd)
	}
	// What was let go, for audit: a note, never a finding.
	for _, n := range f.Notes {
		loc := f.Path
		if n.Line > 0 {
			loc += ":" + strconv.Itoa(n.Line)
		}
		t.printf("  %s\n", cs.Gray(t.l.notePrefix+loc+"  "+n.Rule+"  "+Evidence(n, t.l.lang())))
	}
}

func (t *textWriter) finding(path string, fd Finding) {
	cs := t.cs
	loc := path
	if fd.Line > 0 {
		loc += ":" + strconv.Itoa(fd.Line)
	}
	parts := []string{loc, t.severity(fd.Severity) + " " + cs.Cyan(fd.Rule), fd.Message}
	var cost []string
	switch {
	case fd.Deduct > 0:
		cost = append(cost, "-"+formatNum(fd.Deduct))
	case fd.Deduct < 0: // a negative deduction adds points; show it as such
		cost = append(cost, "+"+formatNum(-fd.Deduct))
	}
	if fd.Fatal {
		cost = append(cost, t.l.fatal)
	}
	if len(cost) > 0 {
		parts = append(parts, cs.Red("("+strings.Join(cost, ", ")+")"))
	}
	t.printf("  %s\n", strings.Join(parts, "  "))

	var quote []string
	shown := ShownOf(fd)
	switch shown {
	case ShownMeasured:
		// A timing finding is a measurement, not something missing: say what was
		// measured, in the report's language.
		quote = append(quote, cs.Yellow(t.detail(fd.Detail)))
	case ShownAbsent:
		quote = append(quote, cs.Gray(t.l.notInCall))
	case ShownMissing:
		quote = append(quote, cs.Gray(t.l.notFound))
	case ShownUnanswered:
		quote = append(quote, cs.Gray(t.l.unanswered))
	}
	if fd.Text != "" || fd.Match != "" {
		who := t.role(fd.Role)
		if fd.Time != "" {
			who += " [" + fd.Time
			if fd.End != "" {
				who += "–" + fd.End
			}
			who += "]"
		}
		quote = append(quote, cs.Gray(who), t.highlight(fd.Text, fd.Match, shown == ShownUnanswered))
	}
	t.printf("    %s\n", strings.Join(quote, " "))
}

// highlight marks the first occurrence of match in text. Without colour the span is
// bracketed so it still stands out in plain text, a file or a pipe. A trigger (the words
// that called for a reply) is marked neutrally: 〔谢谢〕, not as a violation.
func (t *textWriter) highlight(text, match string, trigger bool) string {
	if match == "" {
		return text
	}
	mark := "【" + match + "】"
	switch {
	case trigger && t.cs.Enabled():
		mark = t.cs.Cyan(match)
	case trigger:
		mark = "〔" + match + "〕"
	case t.cs.Enabled():
		mark = t.cs.Bold(t.cs.Red(match))
	}
	i := strings.Index(text, match)
	if i < 0 {
		// Should not happen (matches quote the original text), but never hide evidence.
		return text + "  (" + t.l.matched + ": " + mark + ")"
	}
	return text[:i] + mark + text[i+len(match):]
}

func (t *textWriter) severity(s string) string {
	label := "[" + Printable(lookup(t.l.severity, s)) + "]"
	switch s {
	case "error":
		return t.cs.Red(label)
	case "warning":
		return t.cs.Yellow(label)
	}
	return label
}

func (t *textWriter) role(r string) string { return Printable(lookup(t.l.role, r)) }

func (t *textWriter) summary(rb Rulebook, s Summary, scored bool) {
	if rb.Name != "" {
		t.printf("%s\n", t.cs.Gray(strings.TrimSpace(t.l.rulebook+" "+Printable(rb.Name)+" "+Printable(rb.Version))))
	}
	// A mean of 0 over no scored files would read as "everyone scored 0".
	mean, median := "-", "-"
	if scored {
		mean = strconv.FormatFloat(s.MeanScore, 'f', 1, 64)
		median = strconv.FormatFloat(s.MedianScore, 'f', 1, 64)
	}
	skipped := ""
	if s.Skipped > 0 {
		skipped = fmt.Sprintf(t.l.skipped, s.Skipped)
	}
	t.printf("%s\n", t.cs.Bold(fmt.Sprintf(t.l.summary, s.Files, s.Passed, s.Failed, s.Errors, skipped, mean, median)))
	if n := s.Suppressed + s.Baselined; n > 0 {
		t.printf("%s\n", t.cs.Gray(fmt.Sprintf(t.l.suppressed, n, s.Suppressed, s.Baselined)))
	}
	// For one call its block above already says it all.
	if s.Files < 2 {
		return
	}
	if len(s.TopRules) > 0 {
		t.printf("%s\n", t.l.topRules)
		var tb table
		for _, rc := range s.TopRules {
			tb.row(t.cs.Cyan(Printable(rc.Rule)), fmt.Sprintf(t.l.findingsN, rc.Findings), fmt.Sprintf(t.l.callsN, rc.Calls), Printable(rc.Message))
		}
		tb.write(t, "  ", map[int]bool{1: true, 2: true})
	}
	if len(s.Lowest) > 0 {
		t.printf("%s\n", t.l.lowest)
		var tb table
		for _, c := range s.Lowest {
			verdict := t.cs.Green(t.l.pass)
			if !c.Passed {
				verdict = t.cs.Red(t.l.fail)
			}
			id := ""
			if c.CallID != "" {
				id = t.cs.Gray(t.l.callID + " " + Printable(c.CallID))
			}
			tb.row(Printable(c.Path), formatNum(c.Score), verdict, id)
		}
		tb.write(t, "  ", map[int]bool{1: true})
	}
}

// agents writes the per-agent table, the weakest agent first.
func (t *textWriter) agents(rows []AgentRow) {
	t.printf("%s\n", t.l.byAgent)
	var tb table
	tb.row(t.grayAll(t.l.agentCols)...)
	for _, a := range rows {
		// An agent id comes from the transcript's metadata or its file name: "A\x1b[2J"
		// cleared the reader's terminal from the table.
		name := Printable(a.Agent)
		if name == "" {
			name = t.l.unknownAgent
		}
		mean, rate := "-", "-"
		if a.Scored > 0 {
			mean = strconv.FormatFloat(a.MeanScore, 'f', 1, 64)
			rate = strconv.FormatFloat(a.FailRate*100, 'f', 0, 64) + "%"
		}
		var top []string
		for _, rc := range a.TopRules {
			top = append(top, Printable(rc.Rule)+"×"+strconv.Itoa(rc.Findings))
		}
		tb.row(name, strconv.Itoa(a.Calls), mean, rate, strings.Join(top, " "))
	}
	tb.write(t, "  ", map[int]bool{1: true, 2: true, 3: true})
	t.printf("\n")
}

// rules writes the per-rule table, the most broken rule first.
func (t *textWriter) rules(rows []RuleRow) {
	t.printf("%s\n", t.l.byRule)
	var tb table
	tb.row(t.grayAll(t.l.ruleCols)...)
	for _, r := range rows {
		tb.row(t.cs.Cyan(Printable(r.Rule)), t.severity(r.Severity), strconv.Itoa(r.Findings), strconv.Itoa(r.Calls), formatNum(r.Deducted), Printable(r.Message))
	}
	tb.write(t, "  ", map[int]bool{2: true, 3: true, 4: true})
	t.printf("\n")
}

func (t *textWriter) grayAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = t.cs.Gray(v)
	}
	return out
}

// table lines up columns by display width (a Chinese character is two columns), not
// counting colour codes. The last column is never padded.
type table struct{ rows [][]string }

func (tb *table) row(cells ...string) { tb.rows = append(tb.rows, cells) }

func (tb *table) write(t *textWriter, indent string, right map[int]bool) {
	var widths []int
	for _, r := range tb.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range tb.rows {
		var line strings.Builder
		line.WriteString(indent)
		for i, c := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			switch {
			case right[i]:
				line.WriteString(pad + c)
			case i < len(r)-1:
				line.WriteString(c + pad)
			default:
				line.WriteString(c)
			}
		}
		t.printf("%s\n", strings.TrimRight(line.String(), " "))
	}
}

// displayWidth is how many terminal columns s takes: wide and fullwidth characters take
// two, ANSI colour sequences none.
func displayWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b { // skip ESC [ ... m
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				break
			}
			i += j + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// lookup translates known values and passes unknown ones through unchanged, so a new
// severity or role shows up as-is instead of blank.
func lookup(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return k
}

// formatNum prints scores and deductions without trailing zeros: 85, 72.5.
func formatNum(x float64) string {
	return strconv.FormatFloat(round2(x), 'f', -1, 64)
}

// result is a file's verdict in words, for the table formats.
func (l labelSet) result(f Call) string {
	switch {
	case f.Error != "":
		return l.errored
	case f.Passed:
		return l.pass
	}
	return l.fail
}

// yesCell marks a true cell in the table formats; false stays empty.
func (l labelSet) yesCell(b bool) string {
	if b {
		return l.yes
	}
	return ""
}

// detail picks the report's language from a detail in both languages.
func (t *textWriter) detail(d string) string { return langPart(d, t.l.english) }

// lang is the report language of l.
func (l labelSet) lang() Lang {
	if l.english {
		return LangEN
	}
	return LangZH
}

// lostSome says whether any scorecard section lost points: a full card says nothing.
func lostSome(ss []SectionScore) bool {
	for _, s := range ss {
		if s.Lost > 0 {
			return true
		}
	}
	return false
}
