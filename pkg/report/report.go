// Package report is the last pipeline stage: it holds the report contract (the JSON
// shape every other output format derives from) and writes it out.
package report

import (
	"math"
	"sort"
)

// Report is the result of checking a batch of transcripts. Its JSON form is a contract:
// fields may be added, never renamed or removed.
type Report struct {
	Rulebook Rulebook `json:"rulebook"`
	Files    []Call   `json:"files"`
	Summary  Summary  `json:"summary"`
}

// Rulebook identifies the rulebook the batch was checked against and, for merge, how:
// the shard of the batch a report holds ("K/N", check --shard) and whether phrases were
// matched only as written (--strict).
type Rulebook struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Shard   string `json:"shard,omitempty"`
	Strict  bool   `json:"strict,omitempty"`
	// PassScore is the pass mark every call of the run was judged by (absent when the
	// rulebooks a call may be routed to differ in it), and FailLevel the --fail-level
	// (absent for none): with them merge holds each call's verdict to its score.
	PassScore *float64 `json:"pass_score,omitempty"`
	FailLevel string   `json:"fail_level,omitempty"`
}

// Call is the result for one call (a file may hold several: a CSV or JSON Lines batch);
// the report's files[]. Error is set only when the file could not be read or parsed; the
// entry then stands for the file and has no score (Score is nil).
type Call struct {
	Path     string            `json:"path"`
	Metadata map[string]string `json:"metadata"`
	Score    *float64          `json:"score"`
	// Grade is the scorecard's band for the score (优, 良, …) and Sections what the call
	// kept of each part of the form; both absent for a rulebook without a scorecard.
	Grade    string         `json:"grade,omitempty"`
	Sections []SectionScore `json:"sections,omitempty"`
	// Bonuses are the bonus items (加分项) the call earned, with what earned them.
	Bonuses []Bonus `json:"bonuses,omitempty"`
	Passed  bool    `json:"passed"`
	Fatal   bool    `json:"fatal"`
	Error   string  `json:"error"`
	// Warnings say how the call was read when the reader had to guess (roles inferred,
	// labels not recognised).
	Warnings []string `json:"warnings,omitempty"`
	// Skipped says which rules could not judge the call and why ("无结束时间 / no end
	// times: speech-rate"), once per reason.
	Skipped  []string  `json:"skipped,omitempty"`
	Findings []Finding `json:"findings"`
	// NearMisses (with --near-miss) show where a missing required phrase almost matched:
	// what the speech recogniser actually wrote, for rulebook authors.
	NearMisses []NearMiss `json:"near_misses,omitempty"`
	// Suppressed are the findings set aside before scoring: by a zhijian-disable comment
	// in the file, or because the baseline knows them (SuppressedBy says which). They
	// cost nothing and are listed so nothing is silently dropped.
	Suppressed []Finding `json:"suppressed,omitempty"`
	// Notes are what the tool let go, for a reviewer to audit (Shown "note"): a 禁语
	// not counted because it was negated, quoted or condemned (Fuzzy "negated"), a
	// required phrase found only through a homophone, fillers or across two utterances
	// (Fuzzy says which). They cost nothing and never fail a call.
	Notes []Finding `json:"notes,omitempty"`
	// Transcript is the whole call, for the HTML page's drill-down, when the checker was
	// asked to keep it (pipeline.Checker.KeepTranscripts); the report contract carries
	// only the utterances findings quote.
	Transcript []Utterance `json:"-"`
	// Lines is how many lines the file the call came from has (its own, as findings
	// count them), when the transcript is kept: a label past them names no line.
	Lines int `json:"-"`
	// line and entry are the file's JSON Lines and JSON report entries when EncodeLine
	// and EncodeEntry made them ahead.
	line, entry []byte
}

// Bonus is a bonus item a call earned: its rule, the points, and the utterance that
// earned them.
type Bonus struct {
	Rule    string  `json:"rule"`
	Message string  `json:"message"`
	Points  float64 `json:"points"`
	Line    int     `json:"line"`
	Turn    int     `json:"turn"`
	Role    string  `json:"role"`
	Text    string  `json:"text"`
	Match   string  `json:"match"`
}

// SectionScore is a scorecard section of one call: its Points, what it Lost and the
// Score it kept.
type SectionScore struct {
	Name   string  `json:"name"`
	Points float64 `json:"points"`
	Lost   float64 `json:"lost"`
	Score  float64 `json:"score"`
}

// Why a finding was set aside (Finding.SuppressedBy).
const (
	SuppressedInline   = "inline"
	SuppressedBaseline = "baseline"
)

// Finding is one rule violation, with the evidence behind it. For something missing (a
// required phrase never said) Match is empty and Line/Turn/Text point at the window where
// it was expected (zero when the window is empty).
type Finding struct {
	Rule     string  `json:"rule"`
	Kind     string  `json:"kind"`
	Severity string  `json:"severity"`
	Message  string  `json:"message"`
	Deduct   float64 `json:"deduct"`
	Fatal    bool    `json:"fatal,omitempty"`
	Line     int     `json:"line"`
	Turn     int     `json:"turn"`
	Role     string  `json:"role"`
	Time     string  `json:"time,omitempty"`
	Text     string  `json:"text"`
	Match    string  `json:"match"`
	// A timing finding is a measurement: the span it concerns (End), the Value measured
	// against the Limit it broke, in Unit ("chars/min" or "s"), and Detail in words,
	// Chinese then English after " / ".
	// Fuzzy says how a tolerant match was made (pinyin, fillers, split); Phrase is the
	// rulebook phrase then, while Match stays what was heard.
	Fuzzy  string  `json:"fuzzy,omitempty"`
	Phrase string  `json:"phrase,omitempty"`
	End    string  `json:"end,omitempty"`
	Value  float64 `json:"value,omitempty"`
	Limit  float64 `json:"limit,omitempty"`
	Unit   string  `json:"unit,omitempty"`
	Detail string  `json:"detail,omitempty"`
	// SuppressedBy is set on a finding in File.Suppressed: inline or baseline.
	SuppressedBy string `json:"suppressed_by,omitempty"`
	// Shown is how every format presents the finding (presentation.go): said,
	// unanswered, missing, absent, measured or note.
	Shown string `json:"shown,omitempty"`
}

// NearMiss is the closest a missing required phrase came in a call.
type NearMiss struct {
	Rule     string `json:"rule"`
	Line     int    `json:"line"`
	Turn     int    `json:"turn"`
	Phrase   string `json:"phrase"`
	Heard    string `json:"heard"`
	Distance int    `json:"distance"` // syllables that differ (toneless pinyin)
	Length   int    `json:"length"`   // characters in the phrase
}

// Summary aggregates a batch.
type Summary struct {
	Files     int     `json:"files"`
	Passed    int     `json:"passed"`
	Failed    int     `json:"failed"`
	Errors    int     `json:"errors"`
	MeanScore float64 `json:"mean_score"`
	// Skipped counts files passed over on purpose (found in a directory but not matching
	// the include patterns). They are not among Files. The command fills it when the
	// source stage can say; otherwise it is 0.
	Skipped int `json:"skipped"`
	// SkippedFiles lists them with why (at most MaxSkippedListed; Skipped counts all).
	SkippedFiles []SkippedFile `json:"skipped_files,omitempty"`
	// MedianScore is over scored files only, like MeanScore.
	MedianScore float64 `json:"median_score"`
	// TopRules are the TopRulesN rules with the most findings, most first.
	TopRules []RuleCount `json:"top_rules"`
	// Lowest are the LowestN lowest-scoring calls that have findings, lowest first
	// (ties in input order).
	Lowest []CallScore `json:"lowest"`
	// Suppressed and Baselined count the findings set aside by zhijian-disable comments
	// and by the baseline.
	Suppressed int `json:"suppressed,omitempty"`
	Baselined  int `json:"baselined,omitempty"`
}

// SkippedFile is a path found in a directory and passed over, with the reason.
type SkippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// MaxSkippedListed is the most skipped paths a summary lists: a folder of a million
// recordings beside its transcripts is counted, not printed.
const MaxSkippedListed = 1000

// Skipped gathers the paths a walk passes over; Add is a source.Options.OnSkip.
type Skipped struct {
	Count int
	Files []SkippedFile
}

// Add counts a skipped path and lists it while the list is short.
func (s *Skipped) Add(path, reason string) {
	s.Count++
	if len(s.Files) < MaxSkippedListed {
		s.Files = append(s.Files, SkippedFile{Path: path, Reason: reason})
	}
}

// How many rules and calls Summary lists.
const (
	TopRulesN = 10
	LowestN   = 5
)

// RuleCount says how often a rule fired in a batch: Findings in all, in Calls calls.
type RuleCount struct {
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Findings int    `json:"findings"`
	Calls    int    `json:"calls"`
}

// CallScore names one scored call.
type CallScore struct {
	Path   string  `json:"path"`
	CallID string  `json:"call_id,omitempty"`
	Score  float64 `json:"score"`
	Passed bool    `json:"passed"`
}

// Summarize computes the summary of files. The mean is over scored files only.
func Summarize(files []Call) Summary {
	var t Tally
	for _, f := range files {
		t.Add(f)
	}
	return t.Summary()
}

// Tally builds a summary one file at a time, for batches too large to hold: it keeps a
// score per file (for the median), a count per rule and the few lowest calls.
type Tally struct {
	s      Summary
	total  float64
	scores []float64
	rules  ruleCounter
	lowest []CallScore
}

// Add counts one file.
func (t *Tally) Add(f Call) {
	t.s.Files++
	switch {
	case f.Error != "":
		t.s.Errors++
	case f.Passed:
		t.s.Passed++
	default:
		t.s.Failed++
	}
	t.rules.add(f)
	for _, fd := range f.Suppressed {
		if fd.SuppressedBy == SuppressedBaseline {
			t.s.Baselined++
		} else {
			t.s.Suppressed++
		}
	}
	if f.Score == nil {
		return
	}
	t.total += *f.Score
	t.scores = append(t.scores, *f.Score)
	if len(f.Findings) == 0 {
		return
	}
	// Keep the LowestN lowest, stable: a later call displaces only a strictly higher one.
	c := CallScore{Path: f.Path, CallID: f.Metadata["call_id"], Score: *f.Score, Passed: f.Passed}
	i := sort.Search(len(t.lowest), func(i int) bool { return t.lowest[i].Score > c.Score })
	if i < LowestN {
		t.lowest = append(t.lowest, CallScore{})
		copy(t.lowest[i+1:], t.lowest[i:])
		t.lowest[i] = c
		if len(t.lowest) > LowestN {
			t.lowest = t.lowest[:LowestN]
		}
	}
}

// Summary returns the summary of the files added so far.
func (t *Tally) Summary() Summary {
	s := t.s
	if n := len(t.scores); n > 0 {
		s.MeanScore = round2(t.total / float64(n))
		s.MedianScore = round2(median(t.scores))
	}
	for i, r := range t.rules.sorted() {
		if i == TopRulesN {
			break
		}
		s.TopRules = append(s.TopRules, RuleCount{Rule: r.Rule, Message: r.Message, Findings: r.Findings, Calls: r.Calls})
	}
	s.Lowest = append([]CallScore(nil), t.lowest...)
	return s
}

// median of xs, which it sorts a copy of.
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func round2(x float64) float64 {
	return math.Round(x*100) / 100
}
