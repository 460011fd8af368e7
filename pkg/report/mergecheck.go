package report

import (
	"hash/fnv"
	"math"
	"slices"
	"strconv"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// What merge holds a shard's entries to: what every check run writes of a call. A
// report is JSON anyone can edit, and merge re-counts passes and failures from the
// entries, so an entry no run could have written (a verdict its score denies, a severity
// no rulebook has, a deduction of 1e308) would otherwise become the batch's figures.

// severityRanks orders the severities a finding may have, as --fail-level does.
var severityRanks = map[string]int{"info": 1, "warning": 2, "error": 3}

// plausible checks one entry of r on its own; the verdicts against the pass mark wait
// for the report's header (verdicts.check), which may come after the entries.
func (r *shardReader) plausible(f *Call) error {
	n, path := r.entry, f.Path
	lists := [][]Finding{f.Findings, f.Suppressed, f.Notes}
	for _, list := range lists {
		for i := range list {
			fd := &list[i]
			if _, ok := severityRanks[fd.Severity]; !ok {
				return msg.Errorf("report.entry-bad-severity", r.name, n, path, fd.Rule, fd.Severity)
			}
			if !lineOK(fd.Line, fd.Turn, fd.Text) {
				return msg.Errorf("report.entry-bad-line", r.name, n, path, fd.Rule, fd.Line, fd.Turn)
			}
			if !(fd.Deduct >= 0 && fd.Deduct <= 100) {
				return msg.Errorf("report.entry-bad-deduct", r.name, n, path, fd.Rule, fd.Deduct)
			}
		}
	}
	for _, b := range f.Bonuses {
		if !lineOK(b.Line, b.Turn, b.Text) {
			return msg.Errorf("report.entry-bad-line", r.name, n, path, b.Rule, b.Line, b.Turn)
		}
		if !(b.Points > 0 && b.Points <= 100) {
			return msg.Errorf("report.entry-bad-bonus", r.name, n, path, b.Rule, b.Points)
		}
	}
	for _, nm := range f.NearMisses {
		if !lineOK(nm.Line, nm.Turn, "") {
			return msg.Errorf("report.entry-bad-line", r.name, n, path, nm.Rule, nm.Line, nm.Turn)
		}
	}
	// The call is fatal when a finding it was charged is (score.Score).
	fatal := ""
	for _, fd := range f.Findings {
		if fd.Fatal {
			fatal = fd.Rule
			break
		}
	}
	switch {
	case f.Fatal && fatal == "":
		return msg.Errorf("report.entry-fatal-without-finding", r.name, n, path)
	case !f.Fatal && fatal != "":
		return msg.Errorf("report.entry-fatal-finding-not-fatal", r.name, n, path, fatal)
	case f.Score == nil:
		if f.Passed {
			return msg.Errorf("report.entry-passed-without-score", r.name, n, path)
		}
		return nil
	case f.Passed && f.Fatal:
		return msg.Errorf("report.entry-passed-fatal", r.name, n, path)
	}
	// The score is 100 less the deductions, in the order they were taken, then the
	// bonuses, between 0 and 100 (score.Score): the same sums, so the same number.
	want := 100.0
	for _, fd := range f.Findings {
		want -= fd.Deduct
	}
	bonus := 0.0
	for _, b := range f.Bonuses {
		bonus += b.Points
	}
	want = min(max(want+bonus, 0), 100)
	if math.Abs(want-*f.Score) > 1e-9 {
		return msg.Errorf("report.entry-score-not-deductions", r.name, n, path, *f.Score, want)
	}
	r.verdicts.add(f, n)
	return nil
}

// lineOK: a finding quoting an utterance names its line, from 1; one quoting none
// (a step the call lacks) has line and turn 0.
func lineOK(line, turn int, text string) bool {
	if line == 0 {
		return turn == 0 && text == ""
	}
	return line > 0 && turn >= 0
}

// verdicts keeps, of a report's scored calls, the lowest score that passed and the
// highest that failed without a red line, by the worst severity the call was charged
// (--fail-level fails a call whatever its score): enough to name an entry whose verdict
// the pass mark denies, once the header says what it is, without holding the entries.
type verdicts struct {
	passed [4]scoreAt // lowest, by worst severity (0: no finding)
	failed [4]scoreAt // highest, not fatal
}

type scoreAt struct {
	set   bool
	score float64
	entry int
	path  string
}

func (v *verdicts) add(f *Call, entry int) {
	worst := 0
	for _, fd := range f.Findings {
		worst = max(worst, severityRanks[fd.Severity])
	}
	at := scoreAt{true, *f.Score, entry, f.Path}
	switch {
	case f.Passed:
		if s := &v.passed[worst]; !s.set || at.score < s.score {
			*s = at
		}
	case !f.Fatal:
		if s := &v.failed[worst]; !s.set || at.score > s.score {
			*s = at
		}
	}
}

// check holds the verdicts to the pass mark and fail level of rb.
func (v *verdicts) check(name string, rb Rulebook) error {
	level := severityRanks[rb.FailLevel]
	for worst := range 4 {
		p, f := v.passed[worst], v.failed[worst]
		if p.set && level > 0 && worst >= level {
			return msg.Errorf("report.entry-passed-at-fail-level", name, p.entry, p.path, rb.FailLevel)
		}
		if rb.PassScore == nil {
			continue
		}
		if p.set && p.score < *rb.PassScore {
			return msg.Errorf("report.entry-passed-below", name, p.entry, p.path, p.score, *rb.PassScore)
		}
		if f.set && f.score >= *rb.PassScore && (level == 0 || worst < level) {
			return msg.Errorf("report.entry-failed-above", name, f.entry, f.path, f.score, *rb.PassScore)
		}
	}
	return nil
}

// passScoreText and failLevelText show a header's pass mark and fail level, "-" for
// none recorded.
func passScoreText(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func failLevelText(l string) string {
	if l == "" {
		return "-"
	}
	return l
}

// fileListing finds, in the first reading of a report, a file listed twice: a file's calls
// are listed together, as it was checked, so its path again after other files' is a
// second listing, and merged its calls would count twice. The entries in walk order
// are sorted, so a path among them comes again only next to itself, or after entries
// set aside between (its last position says); an entry set aside (out of walk
// order: the problems with the command line, listed last) may repeat one in walk order,
// whose paths are remembered by an 8-byte hash each, or another set aside.
type fileListing struct {
	last    string
	lastPos int
	hashes  []uint64 // of the paths in walk order
}

func pathHash(p string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(p))
	return h.Sum64()
}

// add takes the entry at pos of report name.
func (l *fileListing) add(name, path string, pos int) error {
	switch {
	case pos > 0 && pathLess(path, l.last):
		return nil // set aside: twice checks it
	case pos > 0 && path == l.last:
		if pos != l.lastPos+1 {
			return msg.Errorf("report.path-listed-twice", name, pos+1, path)
		}
	default:
		l.hashes = append(l.hashes, pathHash(path))
	}
	l.last, l.lastPos = path, pos
	return nil
}

// twice checks the entries of report name set aside, in the order listed, against the
// rest and each other.
func (l *fileListing) twice(name string, aside []shardEntry) error {
	if len(aside) == 0 {
		return nil
	}
	slices.Sort(l.hashes)
	at := map[string]int{}
	for _, e := range aside {
		if _, found := slices.BinarySearch(l.hashes, pathHash(e.f.Path)); found {
			return msg.Errorf("report.path-listed-twice", name, e.pos+1, e.f.Path)
		}
		if p, ok := at[e.f.Path]; ok && e.pos != p+1 {
			return msg.Errorf("report.path-listed-twice", name, e.pos+1, e.f.Path)
		}
		at[e.f.Path] = e.pos
	}
	return nil
}
