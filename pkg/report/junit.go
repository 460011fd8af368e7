package report

import (
	"encoding/xml"
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"io"
	"sort"
	"strconv"
	"strings"
)

// RuleInfo describes one rule of the rulebook, for the formats that list rules beside
// the findings (SARIF) or name them (JUnit).
type RuleInfo struct {
	ID, Kind, Severity, Message, Source, File string
	Deduct, MaxDeduct                         float64
	Fatal                                     bool
	// Help says what the rule checks, in words.
	Help string
}

// JUnit XML, in the dialect of the Jenkins xUnit plugin's junit-10.xsd (which GitLab,
// Jenkins, Azure DevOps and the GitHub test-report actions read): one test suite for the
// batch, one test case per call (per file, for most inputs), and one <failure> per rule
// with findings in a call that failed, listing that rule's findings. A file that could
// not be read or parsed is a test case with an <error>.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties *junitProps     `xml:"properties,omitempty"`
	Cases      []junitTestCase `xml:"testcase"`
}

type junitProps struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Time      string         `xml:"time,attr"`
	Failures  []junitProblem `xml:"failure"`
	Error     *junitProblem  `xml:"error,omitempty"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Body    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML.
func WriteJUnit(w io.Writer, r *Report) error {
	suiteName := strings.TrimSpace("zhijian " + r.Rulebook.Name + " " + r.Rulebook.Version)
	class := "zhijian." + r.Rulebook.Name
	s := junitSuite{Name: suiteName, Time: "0", Cases: []junitTestCase{}}
	s.Properties = &junitProps{Props: []junitProp{
		{"rulebook", r.Rulebook.Name}, {"rulebook_version", r.Rulebook.Version},
		{"mean_score", strconv.FormatFloat(r.Summary.MeanScore, 'f', -1, 64)},
	}}
	for _, f := range r.Files {
		tc := junitTestCase{Name: junitCaseName(f), Classname: class, Time: "0"}
		s.Tests++
		switch {
		case f.Error != "":
			s.Errors++
			tc.Error = &junitProblem{Type: "error", Message: f.Error, Body: f.Error}
		case !f.Passed:
			s.Failures++
			tc.Failures = junitFailures(f)
			if len(tc.Failures) == 0 {
				// Failed with no finding left to blame (a fail_under above 100 is not
				// possible, but a rulebook's pass_score of 100 with only 0-point findings is).
				tc.Failures = []junitProblem{{Type: "score", Message: callVerdict(f)}}
			}
		}
		tc.SystemOut = junitSystemOut(f)
		s.Cases = append(s.Cases, tc)
	}
	doc := junitSuites{Name: "zhijian", Tests: s.Tests, Failures: s.Failures, Errors: s.Errors, Time: "0", Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitCaseName names a call's test case: its file, and its call id when the file holds
// several calls.
func junitCaseName(f Call) string {
	if id := f.Metadata["call_id"]; id != "" && f.Error == "" {
		return f.Path + " [" + id + "]"
	}
	return f.Path
}

func callVerdict(f Call) string {
	s := "得分 " + scoreText(f.Score)
	switch {
	case f.Error != "":
		return msg.Sprintf("report.error")
	case f.Fatal:
		s += msg.Sprintf("report.fatal")
	case !f.Passed:
		s += msg.Sprintf("report.failed")
	default:
		s += msg.Sprintf("report.passed")
	}
	return s + " (score " + scoreText(f.Score) + ")"
}

func scoreText(s *float64) string {
	if s == nil {
		return "-"
	}
	return strconv.FormatFloat(*s, 'f', -1, 64)
}

// junitFailures groups a call's findings by rule, in the order each rule first fired.
func junitFailures(f Call) []junitProblem {
	var order []string
	by := map[string][]Finding{}
	for _, fd := range f.Findings {
		if _, ok := by[fd.Rule]; !ok {
			order = append(order, fd.Rule)
		}
		by[fd.Rule] = append(by[fd.Rule], fd)
	}
	var out []junitProblem
	for _, id := range order {
		fds := by[id]
		lost := 0.0
		var body []string
		for _, fd := range fds {
			lost += fd.Deduct
			body = append(body, findingText(f.Path, fd))
		}
		text := msg.Sprintf("report.finding", fds[0].Message, len(fds), numText(lost))
		if fds[0].Fatal {
			text += msg.Sprintf("report.fatal-2")
		}
		out = append(out, junitProblem{Type: id, Message: text, Body: strings.Join(body, "\n")})
	}
	return out
}

func numText(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// findingText says one finding on one line: where, who, what was said and what matched.
func findingText(path string, fd Finding) string {
	var b strings.Builder
	b.WriteString(path)
	if fd.Line > 0 {
		fmt.Fprintf(&b, ":%d", fd.Line)
	}
	b.WriteString(" ")
	if fd.Time != "" {
		b.WriteString("[" + fd.Time + "] ")
	}
	if fd.Role != "" {
		b.WriteString(fd.Role + ": ")
	}
	b.WriteString(fd.Text)
	switch {
	case fd.Match != "":
		fmt.Fprintf(&b, "  匹配 match: %q", fd.Match)
	case fd.Detail != "":
		b.WriteString("  " + fd.Detail)
	default:
		b.WriteString(msg.Sprintf("report.not-found"))
	}
	return b.String()
}

// junitSystemOut is a call's verdict, what was set aside and what was noted.
func junitSystemOut(f Call) string {
	if f.Error != "" {
		return ""
	}
	lines := []string{callVerdict(f)}
	if f.Passed {
		for _, fd := range f.Findings {
			lines = append(lines, fmt.Sprintf("%s -%s: %s", fd.Rule, numText(fd.Deduct), findingText(f.Path, fd)))
		}
	}
	counts := map[string]int{}
	for _, fd := range f.Suppressed {
		counts[fd.SuppressedBy]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lines = append(lines, fmt.Sprintf("已抑制 suppressed (%s): %d", k, counts[k]))
	}
	lines = append(lines, f.Warnings...)
	lines = append(lines, f.Skipped...)
	return strings.Join(lines, "\n")
}
