package rulebook

import (
	"slices"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/rule"
)

// Keys lists the keys each kind of mapping in a rulebook accepts, by the name the JSON
// Schema (rules/schema.json) gives it. The loader's error hints and the schema test both
// read it, so the two cannot drift apart. A rule takes the keys every rule takes and
// those of the rule kinds (rule.Kinds).
var Keys = map[string][]string{
	"rulebook": {"name", "version", "description", "pass_score", "extends", "roles", "sets", "add_sets", "rules", "override", "disable",
		"fuzzy", "fillers", "mask_pii", "scorecard", "routes"},
	"route":     {"metadata", "from", "until", "rulebook"},
	"scorecard": {"sections", "grades"},
	"section":   {"name", "points"},
	"grade":     {"name", "min"},
	"rule":      append(slices.Clone(commonRuleKeys), kindKeys()...),
	"override":  {"deduct", "max_deduct", "severity", "fatal", "message", "window", "threshold"},
	"window":    {"first", "last", "first_seconds", "last_seconds", "from", "to", "first_percent", "last_percent", "around"},
	"around":    {"role", "phrases", "match", "nth", "before", "after"},
	"trigger":   {"role", "phrases", "match"},
	"when":      {"role", "phrases", "match", "meaning_alone"},
	"reply":     {"role", "phrases", "within", "before", "match"},
	"unless":    {"role", "phrases", "match", "metadata"},
	"applies":   {"metadata", "from", "until"},
	"step":      {"phrases", "match"},
	"phrase":    {"pattern", "regex", "entity", "meaning", "threshold", "not_regex", "all", "unless", "match", "fuzzy", "silence_after", "twice", "unless_answering"},
	"hold":      {"phrases", "match", "check_in", "max", "thanks", "restart"},
}

// commonRuleKeys are the keys every rule takes, whatever its kind. (A timing kind takes
// a window only when it lists one among its own keys.)
var commonRuleKeys = []string{"id", "kind", "role", "window", "when", "unless", "match",
	"severity", "deduct", "max_deduct", "fatal", "message", "source", "concept", "description", "section", "applies", "bonus"}

// kindKeys are the keys some kind takes beyond the common ones, in registry order.
func kindKeys() []string {
	var out []string
	for _, k := range rule.Kinds {
		for _, key := range k.Keys {
			if !slices.Contains(out, key) && !slices.Contains(commonRuleKeys, key) {
				out = append(out, key)
			}
		}
	}
	return out
}

// Kinds are the names of the rule kinds, in registry order.
var Kinds = func() []string {
	var out []string
	for _, k := range rule.Kinds {
		out = append(out, k.Name)
	}
	return out
}()

func keyList(what string) string { return strings.Join(Keys[what], ", ") }
