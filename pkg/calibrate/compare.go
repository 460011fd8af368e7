package calibrate

import (
	"maps"
	"math"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rule"
)

// Tolerance is how many lines a finding of a response rule (an unanswered trigger) or of
// a sequence rule (two steps in the wrong order) may be from its label and still pair:
// reviewers label the trigger or the reply that should have followed it, the closing or
// the offer of help said after it.
const Tolerance = 2

// Checked is one call as zhijian judged it.
type Checked struct {
	Path   string
	Passed bool
	Score  *float64
	// Error is why the file could not be checked; it then has no findings.
	Error    string
	Findings []Finding
	// Lines is how many lines the file has at most, 0 when not known: a label on a line
	// past them is a problem, not compared.
	Lines int
}

// Finding is one finding of a checked call.
type Finding struct {
	Rule    string
	Concept string
	Kind    string
	Message string
	// Line is the file's line of the utterance the finding points at (0 for none), Role
	// who said it, Text the utterance and Match what in it the rule matched.
	Line  int
	Role  string
	Text  string
	Match string
	// Missing: something required was not said (no match, no measurement); the line is
	// only where it was expected.
	Missing bool
	// Measured: a timing finding (a silence, a hold, a late answer), which spans the
	// utterances from where it began to the line it points at.
	Measured bool
}

// SpanTolerance is how many lines a measured finding may be from its label: a hold is
// labelled where it was announced, and reported where it ended.
const SpanTolerance = 6

// Concepts maps the id of every rule, nested ones included, to the concept it checks.
func Concepts(rules []rule.Rule) map[string]string {
	out := map[string]string{}
	for _, e := range catalog.Walk(rules) {
		m := e.Rule.Meta()
		out[m.ID] = conceptOf(m)
	}
	return out
}

func conceptOf(m *rule.Meta) string {
	if m.Concept != "" {
		return m.Concept
	}
	return m.ID
}

// FromReport makes a Checked from a report entry; concepts maps rule ids to concepts (a
// rule not in it checks its own id).
func FromReport(f report.Call, concepts map[string]string) Checked {
	c := Checked{Path: f.Path, Passed: f.Passed, Score: f.Score, Error: f.Error, Lines: f.Lines}
	// A finding's text is part of its file as read (a substring of it): kept, it kept
	// the whole file in memory until every call was compared. Each utterance is copied
	// once, for the findings that quote it.
	var text, copied string
	if len(f.Findings) > 0 {
		c.Findings = make([]Finding, 0, len(f.Findings))
	}
	for _, fd := range f.Findings {
		if fd.Text != text {
			text, copied = fd.Text, strings.Clone(fd.Text)
		}
		fd.Text, fd.Match = copied, strings.Clone(fd.Match)
		concept := concepts[fd.Rule]
		if concept == "" {
			concept = fd.Rule
		}
		c.Findings = append(c.Findings, Finding{Rule: fd.Rule, Concept: concept, Kind: fd.Kind,
			Message: fd.Message, Line: fd.Line, Role: fd.Role, Text: fd.Text, Match: fd.Match,
			Missing: fd.Match == "" && fd.Unit == "", Measured: fd.Unit != ""})
	}
	return c
}

// Options adjust Compare.
type Options struct {
	// Concepts, when set, are the only concepts compared: findings and labels of the
	// others are left out (verdicts are still compared).
	Concepts []string
	// TextAt returns the utterance on line of the transcript at path and who said it, to
	// quote what a missed label points at; nil quotes nothing.
	TextAt func(path string, line int) (role, text string)
}

// Kinds of disagreement.
const (
	FalsePositive = "false positive" // a finding no label pairs with
	Missed        = "missed"         // a label no finding pairs with
	VerdictDiffer = "verdict"        // the reviewer and zhijian judge the call differently
)

// Result is the comparison of checked calls with labels.
type Result struct {
	// Calls are the labelled calls compared; Unlabelled the checked ones without a label.
	Calls      int `json:"calls"`
	Unlabelled int `json:"unlabelled"`
	// Filter is Options.Concepts.
	Filter  []string `json:"concept_filter,omitempty"`
	Verdict Verdicts `json:"verdict"`
	Overall Figures  `json:"overall"`
	// PerConcept are sorted by concept.
	PerConcept    []ConceptFigures `json:"concepts"`
	Disagreements []Disagreement   `json:"disagreements"`
	// Problems are what could not be compared: labelled calls not among the checked
	// files, files that could not be checked, a label naming several files.
	Problems []string `json:"problems"`
}

// Verdicts is the verdict confusion matrix: labelled pass or fail by zhijian's pass or
// fail, and the share of calls on which they agree.
type Verdicts struct {
	LabelledPass VerdictRow `json:"labelled_pass"`
	LabelledFail VerdictRow `json:"labelled_fail"`
	Agreement    float64    `json:"agreement"`
}

// VerdictRow counts the calls of one labelled verdict by zhijian's verdict.
type VerdictRow struct {
	ToolPass int `json:"tool_pass"`
	ToolFail int `json:"tool_fail"`
}

// Figures count paired findings (TP), findings left over (FP) and labels left over (FN).
// A ratio with nothing to divide by is 1.
type Figures struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// ConceptFigures are one concept's figures.
type ConceptFigures struct {
	Concept string `json:"concept"`
	Figures
}

// Disagreement is one place the reviewer and zhijian differ.
type Disagreement struct {
	// File is the checked file's path.
	File string `json:"file"`
	// Line is the file's line; 0 for a whole-call one.
	Line    int    `json:"line"`
	Type    string `json:"type"` // FalsePositive, Missed or VerdictDiffer
	Concept string `json:"concept,omitempty"`
	// Text is the utterance on the line and Role who said it; Match is what a finding
	// matched in it, and Missing says the finding is of something not said (the line is
	// where it was expected).
	Role    string `json:"role,omitempty"`
	Text    string `json:"text,omitempty"`
	Match   string `json:"match,omitempty"`
	Missing bool   `json:"missing,omitempty"`
	// Rule and Message are the finding's (false positives).
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message,omitempty"`
	// Note and Label are the reviewer's note and where the label is (missed, verdict).
	Note  string `json:"note,omitempty"`
	Label string `json:"label,omitempty"`
	// Call is the stored call's id, when the disagreement comes from a store's reviews.
	Call string `json:"call,omitempty"`
	// Labelled and Tool are the two verdicts, and Score zhijian's score (verdict).
	Labelled string   `json:"labelled,omitempty"`
	Tool     string   `json:"tool,omitempty"`
	Score    *float64 `json:"score,omitempty"`
}

// Compare pairs the findings of the checked calls with the labels (docs/calibration.md):
// within one call and one concept, a finding and a label pair when their lines are
// equal; else, for a response rule, when they are within Tolerance lines; else when
// either has no line or the finding is of something missing. Each pairs at most once.
func Compare(calls []Checked, labels *Labels, opts Options) *Result {
	res := &Result{Filter: opts.Concepts, Disagreements: []Disagreement{}, Problems: []string{}}
	keep := func(concept string) bool {
		return len(opts.Concepts) == 0 || slices.Contains(opts.Concepts, concept)
	}
	// Checked calls by path; a file may hold several calls (a CSV export).
	byPath := map[string][]int{}
	var paths []string
	for i, c := range calls {
		p := slashPath(c.Path)
		if _, ok := byPath[p]; !ok {
			paths = append(paths, p)
		}
		byPath[p] = append(byPath[p], i)
		if c.Error != "" {
			res.Problems = append(res.Problems, c.Error)
		}
	}
	labelOf := map[int]*Call{} // checked call → its label
	index := newPathIndex(paths)
	for _, l := range labels.Calls {
		found := index.matching(l.File)
		switch {
		case len(found) == 0:
			res.Problems = append(res.Problems, msg.Sprintf("calibrate.labelled-call-not-among-checked", l.At, l.File))
			continue
		case len(found) > 1:
			// A label "call.txt" over a batch of calls/<id>/call.txt names every one of
			// them: the message lists a few.
			listed := found
			if len(listed) > maxListedFiles {
				listed = append(listed[:maxListedFiles:maxListedFiles], "…")
			}
			res.Problems = append(res.Problems, msg.Sprintf("calibrate.names-several-files-give-more",
				l.At, l.File, strings.Join(listed, "、"), strings.Join(listed, ", ")))
			continue
		}
		idx := byPath[found[0]]
		if len(idx) > 1 {
			res.Problems = append(res.Problems, msg.Sprintf("calibrate.holds-calls-label-cannot-tell", l.At, found[0], len(idx)))
			continue
		}
		i := idx[0]
		if calls[i].Error != "" {
			continue // already a problem
		}
		if prev, ok := labelOf[i]; ok {
			res.Problems = append(res.Problems, msg.Sprintf("calibrate.are-same-call",
				l.At, l.File, prev.At, prev.File))
			continue
		}
		labelOf[i] = l
	}

	overall := &Figures{}
	per := map[string]*Figures{}
	for _, c := range opts.Concepts {
		per[c] = &Figures{}
	}
	figures := func(concept string) *Figures {
		f, ok := per[concept]
		if !ok {
			f = &Figures{}
			per[concept] = f
		}
		return f
	}
	agree := 0
	for i, c := range calls {
		if c.Error != "" {
			continue
		}
		l, ok := labelOf[i]
		if !ok {
			res.Unlabelled++
			continue
		}
		res.Calls++
		var dis []Disagreement
		// Verdicts.
		row := &res.Verdict.LabelledPass
		if l.Verdict == Fail {
			row = &res.Verdict.LabelledFail
		}
		if c.Passed {
			row.ToolPass++
		} else {
			row.ToolFail++
		}
		tool := Fail
		if c.Passed {
			tool = Pass
		}
		if tool == l.Verdict {
			agree++
		} else {
			dis = append(dis, Disagreement{File: c.Path, Type: VerdictDiffer, Labelled: l.Verdict, Tool: tool, Score: c.Score, Label: l.At})
		}
		// Findings and labels, concept by concept.
		var fs []Finding
		for _, f := range c.Findings {
			if keep(f.Concept) {
				fs = append(fs, f)
			}
		}
		var ls []Violation
		for _, v := range l.Violations {
			if !keep(v.Concept) {
				continue
			}
			// A line the file does not have is a mistake in the label (another call's
			// line, a typo): it paired with any finding of a missing step before.
			if c.Lines > 0 && v.Line > c.Lines {
				res.Problems = append(res.Problems, msg.Sprintf("calibrate.label-past-end", v.At, v.Line, c.Path, c.Lines))
				continue
			}
			ls = append(ls, v)
		}
		fPaired, lPaired := pair(fs, ls)
		for j, f := range fs {
			fig := figures(f.Concept)
			if fPaired[j] {
				fig.TP++
				overall.TP++
				continue
			}
			fig.FP++
			overall.FP++
			dis = append(dis, Disagreement{File: c.Path, Line: f.Line, Type: FalsePositive, Concept: f.Concept,
				Role: f.Role, Text: f.Text, Match: f.Match, Missing: f.Missing, Rule: f.Rule, Message: f.Message})
		}
		for j, v := range ls {
			fig := figures(v.Concept)
			if lPaired[j] {
				continue // counted with its finding
			}
			fig.FN++
			overall.FN++
			d := Disagreement{File: c.Path, Line: v.Line, Type: Missed, Concept: v.Concept, Note: v.Note, Label: v.At}
			if v.Line > 0 && opts.TextAt != nil {
				d.Role, d.Text = opts.TextAt(c.Path, v.Line)
			}
			dis = append(dis, d)
		}
		// A call's disagreements: the verdict, then by line (whole-call ones last).
		sort.SliceStable(dis, func(a, b int) bool {
			x, y := dis[a], dis[b]
			if (x.Type == VerdictDiffer) != (y.Type == VerdictDiffer) {
				return x.Type == VerdictDiffer
			}
			if lx, ly := lineKey(x.Line), lineKey(y.Line); lx != ly {
				return lx < ly
			}
			return x.Concept < y.Concept
		})
		res.Disagreements = append(res.Disagreements, dis...)
	}
	if res.Calls > 0 {
		res.Verdict.Agreement = round(float64(agree) / float64(res.Calls))
	}
	overall.Score()
	res.Overall = *overall
	for _, concept := range slices.Sorted(maps.Keys(per)) {
		f := per[concept]
		f.Score()
		res.PerConcept = append(res.PerConcept, ConceptFigures{Concept: concept, Figures: *f})
	}
	if res.PerConcept == nil {
		res.PerConcept = []ConceptFigures{}
	}
	return res
}

func lineKey(line int) int {
	if line == 0 {
		return math.MaxInt
	}
	return line
}

// pair pairs the findings and labels of one call, concept by concept: equal lines first,
// then a response or sequence rule's finding within Tolerance lines (nearest first), then those
// where either side has no line or the finding is of something missing, as many as can
// be.
func pair(fs []Finding, ls []Violation) (fPaired, lPaired []bool) {
	fPaired, lPaired = make([]bool, len(fs)), make([]bool, len(ls))
	lined := func(f Finding) bool { return f.Line > 0 && !f.Missing }
	// 1. Equal lines.
	for i, f := range fs {
		if !lined(f) {
			continue
		}
		for j, l := range ls {
			if !lPaired[j] && l.Concept == f.Concept && l.Line == f.Line {
				fPaired[i], lPaired[j] = true, true
				break
			}
		}
	}
	// 2. An unanswered trigger near its label.
	type cand struct{ f, l, d int }
	var cands []cand
	for i, f := range fs {
		if fPaired[i] || !lined(f) || f.Kind != "response" && f.Kind != "sequence" && !f.Measured {
			continue
		}
		tol := Tolerance
		if f.Measured {
			tol = SpanTolerance
		}
		for j, l := range ls {
			if d := abs(l.Line - f.Line); !lPaired[j] && l.Concept == f.Concept && l.Line > 0 && d <= tol {
				cands = append(cands, cand{i, j, d})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].d < cands[b].d })
	for _, c := range cands {
		if !fPaired[c.f] && !lPaired[c.l] {
			fPaired[c.f], lPaired[c.l] = true, true
		}
	}
	// 3. No line on one side: as many pairs as possible (augmenting paths), so that a
	// line-less label taken by one finding does not leave another finding that only it
	// could pair with.
	fits := func(i, j int) bool {
		f, l := fs[i], ls[j]
		return l.Concept == f.Concept && (!lined(f) || l.Line == 0)
	}
	owner := make([]int, len(ls)) // label → finding paired in this step, or -1
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for j := range ls {
			if lPaired[j] || seen[j] || !fits(i, j) {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || try(owner[j], seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := range fs {
		if !fPaired[i] {
			try(i, make([]bool, len(ls)))
		}
	}
	for j, i := range owner {
		if i >= 0 {
			fPaired[i], lPaired[j] = true, true
		}
	}
	return fPaired, lPaired
}

// maxListedFiles is how many of the files a label names a problem lists.
const maxListedFiles = 5

// pathIndex finds the checked paths a label names without trying every path for every
// label: 20,000 labelled calls took 35 s that way, 400 million comparisons. Each path is
// kept with its components in reverse order (calls/d1/c1.txt as c1.txt/d1/calls): the
// paths a label names are then the one equal to the label reversed and those that start
// with it and a slash, a run of the sorted list.
type pathIndex struct {
	rev   []string // sorted
	paths map[string][]string
	order map[string]int // where each path was given
}

func newPathIndex(paths []string) *pathIndex {
	x := &pathIndex{paths: map[string][]string{}, order: map[string]int{}}
	for i, p := range paths {
		x.order[p] = i
		r := reverseComponents(p)
		if _, ok := x.paths[r]; !ok {
			x.rev = append(x.rev, r)
		}
		x.paths[r] = append(x.paths[r], p)
	}
	sort.Strings(x.rev)
	return x
}

// matching are the paths label names (Matches), in the order given to newPathIndex.
func (x *pathIndex) matching(label string) []string {
	label = cleanFile(label)
	if label == "" {
		return nil
	}
	r := reverseComponents(label)
	var found []string
	if ps, ok := x.paths[r]; ok {
		found = append(found, ps...)
	}
	prefix := r + "/"
	for i := sort.SearchStrings(x.rev, prefix); i < len(x.rev) && strings.HasPrefix(x.rev[i], prefix); i++ {
		found = append(found, x.paths[x.rev[i]]...)
	}
	found = slices.DeleteFunc(found, func(p string) bool { return !Matches(label, p) })
	slices.SortFunc(found, func(a, b string) int { return x.order[a] - x.order[b] })
	return found
}

func reverseComponents(p string) string {
	parts := strings.Split(p, "/")
	slices.Reverse(parts)
	return strings.Join(parts, "/")
}

// comparisons counts the calls of Matches: the tests bound it by the labels, not by
// labels times files.
var comparisons atomic.Int64

// Matches says whether a label's file names the checked path: the path itself, or a
// trailing part of it made of whole path components.
func Matches(label, checked string) bool {
	comparisons.Add(1)
	label, checked = cleanFile(label), slashPath(checked)
	if label == "" {
		return false
	}
	return checked == label || strings.HasSuffix(checked, "/"+label)
}

func slashPath(p string) string {
	return path.Clean(filepath.ToSlash(strings.ReplaceAll(p, `\`, "/")))
}

// Only is r narrowed to concepts: their figures, their disagreements (and every verdict
// one), the overall figures summed again.
func (r *Result) Only(concepts []string) *Result {
	keep := map[string]bool{}
	for _, c := range concepts {
		keep[c] = true
	}
	out := *r
	out.Filter = concepts
	out.PerConcept, out.Disagreements, out.Overall = nil, []Disagreement{}, Figures{}
	for _, c := range r.PerConcept {
		if keep[c.Concept] {
			out.PerConcept = append(out.PerConcept, c)
			out.Overall.TP += c.TP
			out.Overall.FP += c.FP
			out.Overall.FN += c.FN
		}
	}
	out.Overall.Score()
	for _, d := range r.Disagreements {
		if d.Type == VerdictDiffer || keep[d.Concept] {
			out.Disagreements = append(out.Disagreements, d)
		}
	}
	return &out
}

// Score works out the ratios from the counts.
func (f *Figures) Score() {
	f.Precision, f.Recall = ratio(f.TP, f.TP+f.FP), ratio(f.TP, f.TP+f.FN)
	f.F1 = ratio(2*f.TP, 2*f.TP+f.FP+f.FN) // the harmonic mean of the unrounded two
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return round(float64(a) / float64(b))
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
