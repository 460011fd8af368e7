package rulebook

import "strings"

// Keys lists the keys each kind of mapping in a rulebook accepts, by the name the JSON
// Schema (rules/schema.json) gives it. The loader's error hints and the schema test both
// read it, so the two cannot drift apart.
var Keys = map[string][]string{
	"rulebook": {"name", "version", "description", "pass_score", "extends", "roles", "sets", "add_sets", "rules", "override", "disable",
		"fuzzy", "fillers"},
	"rule": {"id", "kind", "role", "window", "phrases", "steps", "trigger", "reply", "min", "max", "max_rate",
		"when", "rules", "match", "severity", "deduct", "max_deduct", "fatal", "message", "source", "concept", "description",
		"per", "min_chars", "max_gap", "hold", "min_overlap", "ignore", "first_agent_within", "typed",
		"fuzzy", "split", "guard", "unless"},
	"override": {"deduct", "max_deduct", "severity", "fatal", "message", "window"},
	"window":   {"first", "last", "first_seconds", "last_seconds"},
	"trigger":  {"role", "phrases", "match"},
	"reply":    {"role", "phrases", "within", "match"},
	"unless":   {"role", "phrases", "match", "metadata"},
	"step":     {"phrases", "match"},
	"phrase":   {"pattern", "all", "unless", "match", "fuzzy"},
	"hold":     {"phrases", "match", "check_in", "max", "thanks"},
}

// Kinds are the rule kinds.
var Kinds = []string{"required", "forbidden", "sequence", "response", "count", "condition",
	"rate", "silence", "latency", "overlap", "duration"}

func keyList(what string) string { return strings.Join(Keys[what], ", ") }
