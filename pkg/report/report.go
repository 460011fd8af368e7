// Package report is the last pipeline stage: it holds the report contract (the JSON
// shape every other output format derives from) and writes it out.
package report

import "math"

// Report is the result of checking a batch of transcripts. Its JSON form is a contract:
// fields may be added, never renamed or removed.
type Report struct {
	Rulebook Rulebook `json:"rulebook"`
	Files    []File   `json:"files"`
	Summary  Summary  `json:"summary"`
}

// Rulebook identifies the rulebook the batch was checked against.
type Rulebook struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// File is the result for one transcript. Error is set only when the file could not be
// read or parsed; such a file has no score (Score is nil).
type File struct {
	Path     string            `json:"path"`
	Metadata map[string]string `json:"metadata"`
	Score    *float64          `json:"score"`
	Passed   bool              `json:"passed"`
	Fatal    bool              `json:"fatal"`
	Error    string            `json:"error"`
	// Warnings say how the call was read when the reader had to guess (roles inferred,
	// labels not recognised).
	Warnings []string `json:"warnings,omitempty"`
	// Skipped says which rules could not judge the call and why ("无结束时间 / no end
	// times: speech-rate"), once per reason.
	Skipped  []string  `json:"skipped,omitempty"`
	Findings []Finding `json:"findings"`
}

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
}

// Summary aggregates a batch.
type Summary struct {
	Files     int     `json:"files"`
	Passed    int     `json:"passed"`
	Failed    int     `json:"failed"`
	Errors    int     `json:"errors"`
	MeanScore float64 `json:"mean_score"`
}

// Summarize computes the summary of files. The mean is over scored files only.
func Summarize(files []File) Summary {
	var t Tally
	for _, f := range files {
		t.Add(f)
	}
	return t.Summary()
}

// Tally builds a summary one file at a time, for batches too large to hold.
type Tally struct {
	s      Summary
	total  float64
	scored int
}

// Add counts one file.
func (t *Tally) Add(f File) {
	t.s.Files++
	switch {
	case f.Error != "":
		t.s.Errors++
	case f.Passed:
		t.s.Passed++
	default:
		t.s.Failed++
	}
	if f.Score != nil {
		t.total += *f.Score
		t.scored++
	}
}

// Summary returns the summary of the files added so far.
func (t *Tally) Summary() Summary {
	s := t.s
	if t.scored > 0 {
		s.MeanScore = round2(t.total / float64(t.scored))
	}
	return s
}

func round2(x float64) float64 {
	return math.Round(x*100) / 100
}
