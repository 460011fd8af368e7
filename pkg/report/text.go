package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

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
}

// labelSet is every fixed word the text report prints, for one language.
type labelSet struct {
	score, pass, fail, fatal, errorPrefix, warningPrefix, skippedPrefix string
	callID, agentID                                                     string
	notFound, matched                                                   string
	severity, role                                                      map[string]string
	summary                                                             string // Files, Passed, Failed, Errors, mean
	rulebook                                                            string
}

var labels = map[Lang]labelSet{
	LangZH: {
		score: "得分", pass: "合格", fail: "不合格", fatal: "红线", errorPrefix: "错误: ", warningPrefix: "注意: ", skippedPrefix: "跳过: ",
		callID: "通话", agentID: "坐席工号",
		notFound: "（未出现）", matched: "匹配",
		severity: map[string]string{"error": "错误", "warning": "警告", "info": "提示"},
		role:     map[string]string{"agent": "坐席", "customer": "客户", "unknown": "未知"},
		summary:  "文件 %d，合格 %d，不合格 %d，错误 %d，平均分 %s",
		rulebook: "规则库",
	},
	LangEN: {
		score: "Score", pass: "PASS", fail: "FAIL", fatal: "FATAL", errorPrefix: "ERROR: ", warningPrefix: "NOTE: ", skippedPrefix: "skipped: ",
		callID: "call", agentID: "agent",
		notFound: "(not found)", matched: "matched",
		severity: map[string]string{"error": "error", "warning": "warning", "info": "info"},
		role:     map[string]string{"agent": "agent", "customer": "customer", "unknown": "unknown"},
		summary:  "Files %d, passed %d, failed %d, errors %d, mean score %s",
		rulebook: "Rulebook",
	},
}

// WriteText writes r as a report for QA staff: one block per file with its findings and
// the utterance each one quotes, then a summary.
func WriteText(w io.Writer, r *Report, opts TextOptions) error {
	l, ok := labels[opts.Lang]
	if !ok {
		l = labels[LangZH]
	}
	// A nil scheme is valid and never colours, so no nil checks are needed below.
	t := textWriter{w: bufio.NewWriter(w), l: l, cs: opts.Colors}
	for _, f := range r.Files {
		t.file(f)
		t.printf("\n")
	}
	t.summary(r)
	// bufio keeps the first write error, so checking Flush is enough.
	return t.w.Flush()
}

type textWriter struct {
	w  *bufio.Writer
	l  labelSet
	cs *iostreams.ColorScheme
}

func (t *textWriter) printf(format string, a ...any) { fmt.Fprintf(t.w, format, a...) }

func (t *textWriter) file(f File) {
	cs := t.cs
	head := []string{cs.Bold(f.Path)}
	if f.Score != nil {
		head = append(head, t.l.score+" "+formatNum(*f.Score))
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

	for _, w := range f.Warnings {
		t.printf("  %s\n", cs.Yellow(t.l.warningPrefix+w))
	}
	for _, s := range f.Skipped {
		t.printf("  %s\n", cs.Gray(t.l.skippedPrefix+s))
	}
	for _, fd := range f.Findings {
		t.finding(f.Path, fd)
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
	if fd.Match == "" {
		quote = append(quote, cs.Gray(t.l.notFound))
	}
	if fd.Text != "" || fd.Match != "" {
		who := t.role(fd.Role)
		if fd.Time != "" {
			who += " [" + fd.Time + "]"
		}
		quote = append(quote, cs.Gray(who), t.highlight(fd.Text, fd.Match))
	}
	t.printf("    %s\n", strings.Join(quote, " "))
}

// highlight marks the first occurrence of match in text. Without colour the span is
// bracketed so it still stands out in plain text, a file or a pipe.
func (t *textWriter) highlight(text, match string) string {
	if match == "" {
		return text
	}
	mark := "【" + match + "】"
	if t.cs.Enabled() {
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
	label := "[" + lookup(t.l.severity, s) + "]"
	switch s {
	case "error":
		return t.cs.Red(label)
	case "warning":
		return t.cs.Yellow(label)
	}
	return label
}

func (t *textWriter) role(r string) string { return lookup(t.l.role, r) }

func (t *textWriter) summary(r *Report) {
	if r.Rulebook.Name != "" {
		t.printf("%s\n", t.cs.Gray(strings.TrimSpace(t.l.rulebook+" "+r.Rulebook.Name+" "+r.Rulebook.Version)))
	}
	// A mean of 0 over no scored files would read as "everyone scored 0".
	mean := "-"
	for _, f := range r.Files {
		if f.Score != nil {
			mean = strconv.FormatFloat(r.Summary.MeanScore, 'f', 1, 64)
			break
		}
	}
	s := r.Summary
	t.printf("%s\n", t.cs.Bold(fmt.Sprintf(t.l.summary, s.Files, s.Passed, s.Failed, s.Errors, mean)))
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
