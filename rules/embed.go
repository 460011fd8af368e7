// Package rules holds the shipped rulebooks, embedded in the binary so it runs without
// the source tree.
package rules

import "embed"

// FS holds every shipped rulebook by file name (default.yaml, ...), and the notes on the
// seed requirements no transcript can show.
//
//go:embed *.yaml notes/*.yaml
var FS embed.FS

// Default is the name of the rulebook used when none is given.
const Default = "default"

// UncheckableFile lists the seed requirements a transcript cannot show, and why.
const UncheckableFile = "notes/uncheckable.yaml"
