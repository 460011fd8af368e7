// Package rules holds the shipped rulebooks, embedded in the binary so it runs without
// the source tree.
package rules

import "embed"

// FS holds every shipped rulebook, by file name (default.yaml, ...).
//
//go:embed *.yaml
var FS embed.FS

// Default is the name of the rulebook used when none is given.
const Default = "default"
