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
	Warnings []string  `json:"warnings,omitempty"`
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
	s := Summary{Files: len(files)}
	var total float64
	scored := 0
	for _, f := range files {
		switch {
		case f.Error != "":
			s.Errors++
		case f.Passed:
			s.Passed++
		default:
			s.Failed++
		}
		if f.Score != nil {
			total += *f.Score
			scored++
		}
	}
	if scored > 0 {
		s.MeanScore = round2(total / float64(scored))
	}
	return s
}

// round2 uses math.Round because truncating x*100+0.5 rounds negative values the wrong way.
func round2(x float64) float64 {
	return math.Round(x*100) / 100
}
