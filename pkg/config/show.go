package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Entry is one effective setting as `zhijian config` shows it: the value in words and
// where it came from.
type Entry struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Source string `json:"source"`
}

// Entries lists every setting in the order of Keys. Paths are shown resolved, as the
// commands will use them.
func (c *Config) Entries() []Entry {
	var out []Entry
	add := func(key string, v any, s Source) {
		out = append(out, Entry{key, v, s.String()})
	}
	for _, key := range Keys {
		switch key {
		case "rules":
			rules := c.RulePaths()
			if len(rules) == 0 {
				rules = []string{"default"}
			}
			add(key, rules, c.Rules.From)
		case "include":
			add(key, nonNil(c.Include.V), c.Include.From)
		case "exclude":
			add(key, nonNil(c.Exclude.V), c.Exclude.From)
		case "roles":
			roles := map[string][]string{}
			for k, v := range c.Roles.V {
				roles[k] = v
			}
			add(key, roles, c.Roles.From)
		case "columns":
			add(key, nonNilMap(c.Columns.V), c.Columns.From)
		case "speakers":
			add(key, nonNilMap(c.Speakers.V), c.Speakers.From)
		case "format":
			add(key, c.Format.V, c.Format.From)
		case "output":
			var outs []string
			for _, o := range c.Output.V {
				outs = append(outs, c.resolveOutput(o))
			}
			add(key, nonNil(outs), c.Output.From)
		case "fail_under":
			add(key, c.FailUnder.V, c.FailUnder.From)
		case "fail_level":
			add(key, c.FailLevel.V, c.FailLevel.From)
		case "lang":
			add(key, c.Lang.V, c.Lang.From)
		case "baseline":
			b := c.Baseline.V
			if b != "" {
				b = c.Resolve(b, c.Baseline.From)
			}
			add(key, b, c.Baseline.From)
		case "tests":
			add(key, nonNil(c.TestDirs()), c.Tests.From)
		case "overrides":
			for _, o := range c.Overrides {
				add(key, map[string][]string{"files": o.Files, "disable": o.Disable}, o.From)
			}
			if len(c.Overrides) == 0 {
				add(key, []string{}, Source{Kind: FromDefault})
			}
		}
	}
	return out
}

// Outputs returns the extra reports to write, FORMAT=FILE or FILE, with the file
// resolved against the configuration file.
func (c *Config) Outputs() []string {
	var out []string
	for _, o := range c.Output.V {
		out = append(out, c.resolveOutput(o))
	}
	return out
}

func (c *Config) resolveOutput(o string) string {
	if f, path, ok := strings.Cut(o, "="); ok && !strings.ContainsAny(f, `/\.`) {
		return f + "=" + c.Resolve(path, c.Output.From)
	}
	return c.Resolve(o, c.Output.From)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Text renders a value for the terminal.
func Text(v any) string {
	switch x := v.(type) {
	case []string:
		if len(x) == 0 {
			return "-"
		}
		return strings.Join(x, ", ")
	case string:
		if x == "" {
			return "-"
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case map[string]string:
		lists := make(map[string][]string, len(x))
		for k, v := range x {
			lists[k] = []string{v}
		}
		return Text(lists)
	case map[string][]string:
		if len(x) == 0 {
			return "-"
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 2 && keys[0] == "disable" && keys[1] == "files" {
			return strings.Join(x["files"], ", ") + " → disable " + strings.Join(x["disable"], ", ")
		}
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+": "+strings.Join(x[k], ", "))
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

// nonNilMap shows an unset mapping as {} rather than null.
func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
