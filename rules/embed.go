// Package rules holds the shipped rulebooks, embedded in the binary so it runs without
// the source tree.
package rules

import "embed"

// FS holds every shipped rulebook by file name (default.yaml, ...), the notes on the
// seed requirements no transcript can show, and the rulebooks' annotated example
// transcripts under tests/ (zhijian rules test --shipped, zhijian explain).
//
//go:embed *.yaml notes/*.yaml tests models/*.bin
var FS embed.FS

// Default is the name of the rulebook used when none is given.
const Default = "default"

// TestsDir holds the shipped rulebooks' tests: annotated transcripts, one directory per
// rulebook.
const TestsDir = "tests"

// UncheckableFile lists the seed requirements a transcript cannot show, and why.
const UncheckableFile = "notes/uncheckable.yaml"
