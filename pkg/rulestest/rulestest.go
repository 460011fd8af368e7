// Package rulestest runs rulebook unit tests, the way semgrep tests rules: example
// transcripts annotated with the rules that must fire on a line and those that must not.
//
//	# rulebook: call-center                  which rulebook (a shipped name, or a path
//	                                          relative to this file); default: --rules
//	# expect-score: 85                        the score the call must get
//	# expect: closing                         a whole line: the rule fires somewhere in the call
//	# ok: greeting                            a whole line: the rule fires nowhere
//	坐席：你有完没完  # expect: forbidden-phrases       fires on this utterance
//	坐席：您好，请讲  # ok: forbidden-phrases, no-commands   does not fire on it
//
// A rule with a line annotation anywhere in the file must not fire on any line that does
// not expect it: an unexpected finding fails the case. Annotations are taken out before
// the transcript is parsed, so line numbers stay the file's own; every other line
// (metadata, zhijian-disable comments) is read as in zhijian check.
package rulestest

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Expectation is one annotation: Rule fires (Fires) or not at Line, or anywhere in the
// call when Line is 0. At is the line the annotation is written on.
type Expectation struct {
	Rule  string
	Line  int
	Fires bool
	At    int
}

// Case is one annotated transcript.
type Case struct {
	Path string
	// Rulebook is the rulebook named in the file ("" for the runner's default), resolved
	// against the file's directory when it is a path.
	Rulebook string
	// Score, when set, is the score the call must get.
	Score *float64
	// ScoreAt is the line of the expect-score annotation.
	ScoreAt int
	Expect  []Expectation
	// Text is the transcript with the annotations taken out.
	Text string
}

var (
	trailing = regexp.MustCompile(`\s#\s*(expect|ok)\s*[:：]\s*([A-Za-z0-9][A-Za-z0-9._-]*(?:\s*[,，]\s*[A-Za-z0-9][A-Za-z0-9._-]*)*)\s*$`)
	whole    = regexp.MustCompile(`^#\s*(expect|ok|expect-score|rulebook)\s*[:：]\s*(.*?)\s*$`)
)

// Parse reads an annotated transcript. A case with no annotation has no Expect and no
// Score: it is not a test.
func Parse(path, data string) (*Case, error) {
	c := &Case{Path: path}
	lines := strings.Split(strings.TrimPrefix(data, "\uFEFF"), "\n")
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimSpace(raw)
		if m := whole.FindStringSubmatch(line); m != nil {
			lines[i] = ""
			switch m[1] {
			case "expect", "ok":
				ids, err := splitIDs(m[2])
				if err != nil {
					return nil, fmt.Errorf("%s:%d: %v", path, n, err)
				}
				for _, id := range ids {
					c.Expect = append(c.Expect, Expectation{Rule: id, Fires: m[1] == "expect", At: n})
				}
			case "expect-score":
				v, err := strconv.ParseFloat(m[2], 64)
				// NaN is in no range and differs from every score by no more than any
				// tolerance: "expect-score: nan" passed whatever the call scored.
				if err != nil || math.IsNaN(v) || v < 0 || v > 100 {
					return nil, msg.Errorf("rulestest.expect-score-must-number-100", path, n, m[2])
				}
				c.Score, c.ScoreAt = &v, n
			case "rulebook":
				c.Rulebook = m[2]
				if strings.ContainsAny(c.Rulebook, `/\`) || strings.HasSuffix(c.Rulebook, ".yaml") || strings.HasSuffix(c.Rulebook, ".yml") {
					if !filepath.IsAbs(c.Rulebook) {
						c.Rulebook = filepath.Join(filepath.Dir(path), c.Rulebook)
					}
				}
			}
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		if loc := trailing.FindStringSubmatchIndex(raw); loc != nil {
			kind, list := raw[loc[2]:loc[3]], raw[loc[4]:loc[5]]
			ids, err := splitIDs(list)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, n, err)
			}
			for _, id := range ids {
				c.Expect = append(c.Expect, Expectation{Rule: id, Line: n, Fires: kind == "expect", At: n})
			}
			lines[i] = strings.TrimRight(raw[:loc[0]], " \t")
		}
	}
	c.Text = strings.Join(lines, "\n")
	return c, nil
}

func splitIDs(s string) ([]string, error) {
	var out []string
	for _, id := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' }) {
		out = append(out, id)
	}
	if len(out) == 0 {
		return nil, msg.Errorf("rulestest.no-rule-id")
	}
	return out, nil
}

// Tested reports whether the case asks anything.
func (c *Case) Tested() bool { return len(c.Expect) > 0 || c.Score != nil }

// Result is the outcome of one case.
type Result struct {
	Case *Case
	// Failures say what went wrong, each starting with the file and line.
	Failures []string
	// Checks is how many expectations were checked.
	Checks int
	// File is the report entry of the call, for those who want to see more.
	File report.Call
}

// Passed reports whether every expectation held.
func (r Result) Passed() bool { return len(r.Failures) == 0 }

// Runner runs cases, loading each rulebook once.
type Runner struct {
	Seg *segment.Segmenter
	// Default is the rulebook for cases that name none.
	Default *rulebook.Rulebook
	// Prepare, when set, is applied to every rulebook loaded (the project's speaker
	// labels).
	Prepare func(*rulebook.Rulebook)
	books   map[string]*rulebook.Rulebook
}

// Rulebook returns the rulebook a case runs against.
func (r *Runner) Rulebook(c *Case) (*rulebook.Rulebook, error) {
	if c.Rulebook == "" {
		if r.Default == nil {
			rb, err := rulebook.Load(nil, r.Seg)
			if err != nil {
				return nil, err
			}
			r.prepare(rb)
			r.Default = rb
		}
		return r.Default, nil
	}
	if rb, ok := r.books[c.Rulebook]; ok {
		return rb, nil
	}
	rb, err := rulebook.Load([]string{c.Rulebook}, r.Seg)
	if err != nil {
		return nil, err
	}
	r.prepare(rb)
	if r.books == nil {
		r.books = map[string]*rulebook.Rulebook{}
	}
	r.books[c.Rulebook] = rb
	return rb, nil
}

func (r *Runner) prepare(rb *rulebook.Rulebook) {
	if r.Prepare != nil {
		r.Prepare(rb)
	}
}

// Run checks one case. An error means the case could not be run at all (its rulebook or
// transcript is broken), not that an expectation failed.
func (r *Runner) Run(c *Case) (Result, error) {
	res := Result{Case: c}
	rb, err := r.Rulebook(c)
	if err != nil {
		return res, err
	}
	call, err := transcript.ParsePlain(c.Path, c.Text, rb.Roles)
	if err != nil {
		return res, err
	}
	checker := pipeline.ForRulebook(rb)
	// The limits check has: a case of one utterance of five million characters was
	// matched for minutes.
	if err := checker.WithinLimits(call); err != nil {
		return res, err
	}
	f := checker.CheckCall(call)
	res.File = f
	known := map[string]bool{}
	for _, e := range allIDs(rb) {
		known[e] = true
	}
	// An annotation on a continuation line is about the utterance it continues.
	starts := make([]int, len(call.Utterances))
	for i, u := range call.Utterances {
		starts[i] = u.Line
	}
	utteranceAt := func(line int) int {
		i := sort.SearchInts(starts, line+1) - 1
		if i < 0 {
			return line
		}
		return starts[i]
	}
	at := map[string]map[int]bool{} // rule → lines it fired on
	fired := map[string]int{}
	for _, fd := range f.Findings {
		if at[fd.Rule] == nil {
			at[fd.Rule] = map[int]bool{}
		}
		at[fd.Rule][fd.Line] = true
		fired[fd.Rule]++
	}
	fail := func(line int, key string, args ...any) {
		res.Failures = append(res.Failures, fmt.Sprintf("%s:%d: %s", c.Path, line, msg.Sprintf(key, args...)))
	}
	// An expectation about a rule the rulebook lacks is a broken test (a typo, a renamed
	// rule), not a failing one: it could never pass.
	for _, e := range c.Expect {
		if !known[e.Rule] {
			return res, fmt.Errorf("%s:%d: %s", c.Path, e.At, msg.Sprintf("rulestest.no-rule-rulebook", rb.Name, e.Rule))
		}
	}
	expectedAt := map[string]map[int]bool{}
	okAt := map[string]map[int]bool{} // already reported when they fire
	for _, e := range c.Expect {
		res.Checks++
		switch {
		case e.Line == 0 && e.Fires && fired[e.Rule] == 0:
			fail(e.At, "rulestest.expected-fire-call-it-did", e.Rule)
		case e.Line == 0 && !e.Fires && fired[e.Rule] > 0:
			fail(e.At, "rulestest.expected-not-fire-it-fired", e.Rule, fired[e.Rule], where(f, e.Rule))
		case e.Line > 0:
			line := utteranceAt(e.Line)
			mark := expectedAt
			if !e.Fires {
				mark = okAt
			}
			if mark[e.Rule] == nil {
				mark[e.Rule] = map[int]bool{}
			}
			mark[e.Rule][line] = true
			switch hit := at[e.Rule][line]; {
			case e.Fires && !hit:
				fail(e.At, "rulestest.expected-fire-here-it-did", e.Rule)
			case !e.Fires && hit:
				fail(e.At, "rulestest.expected-not-fire-here", e.Rule, matchOn(f, e.Rule, line))
			}
		}
	}
	// A rule tested line by line must fire nowhere else.
	tested := map[string]bool{}
	for rule := range expectedAt {
		tested[rule] = true
	}
	for rule := range okAt {
		tested[rule] = true
	}
	for _, rule := range sortedKeys(tested) {
		for _, fd := range f.Findings {
			if fd.Rule == rule && !expectedAt[rule][fd.Line] && !okAt[rule][fd.Line] {
				fail(fd.Line, "rulestest.unexpected-finding", rule, firstNonEmpty(fd.Match, fd.Text))
			}
		}
	}
	if c.Score != nil {
		res.Checks++
		if f.Score == nil || math.Abs(*f.Score-*c.Score) > 1e-9 {
			got := "-"
			if f.Score != nil {
				got = strconv.FormatFloat(*f.Score, 'f', -1, 64)
			}
			fail(c.ScoreAt, "rulestest.score-want", got, *c.Score, summary(f))
		}
	}
	sort.SliceStable(res.Failures, func(i, j int) bool { return lineOf(res.Failures[i]) < lineOf(res.Failures[j]) })
	return res, nil
}

func lineOf(s string) int {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) < 2 {
		return 0
	}
	n, _ := strconv.Atoi(parts[1])
	return n
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// where lists the lines a rule fired on.
func where(f report.Call, rule string) string {
	var lines []string
	for _, fd := range f.Findings {
		if fd.Rule == rule && fd.Line > 0 {
			lines = append(lines, strconv.Itoa(fd.Line))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return msg.Sprintf("rulestest.line", strings.Join(lines, "、"), strings.Join(lines, ", "))
}

// matchOn quotes what a rule matched on a line.
func matchOn(f report.Call, rule string, line int) string {
	for _, fd := range f.Findings {
		if fd.Rule == rule && fd.Line == line && fd.Match != "" {
			return fmt.Sprintf("：%q", fd.Match)
		}
	}
	return ""
}

// summary lists the findings behind a score.
func summary(f report.Call) string {
	var parts []string
	for _, fd := range f.Findings {
		parts = append(parts, fmt.Sprintf("%s -%v", fd.Rule, fd.Deduct))
	}
	if len(parts) == 0 {
		return ""
	}
	return "（" + strings.Join(parts, "，") + "）"
}

// allIDs lists the id of every rule in rb, nested ones included.
func allIDs(rb *rulebook.Rulebook) []string {
	var out []string
	for _, e := range catalog.Walk(rb.Rules) {
		out = append(out, e.Rule.Meta().ID)
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
