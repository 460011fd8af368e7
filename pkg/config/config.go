// Package config reads a project's .zhijian.yaml: which rulebooks to use, which files to
// check, how to report and when to fail. The file is found by walking up from the
// current directory, like .golangci.yml or .vale.ini. Every value remembers where it came
// from (a default, the file with line and column, an environment variable or a flag), so
// `zhijian config` can say why a setting is what it is.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/source"
)

// FileNames are the names a project configuration may have, in the order they are
// looked for in each directory.
var FileNames = []string{".zhijian.yaml", ".zhijian.yml"}

// EnvFile names a configuration file to use instead of looking for one.
const EnvFile = "ZHIJIAN_CONFIG"

// Kind says where a value came from.
type Kind string

const (
	FromDefault Kind = "default"
	FromFile    Kind = "file"
	FromEnv     Kind = "env"
	FromFlag    Kind = "flag"
)

// Source is where one value came from.
type Source struct {
	Kind Kind
	// Path, Line and Col place a value read from the configuration file.
	Path      string
	Line, Col int
	// Name is the environment variable or the flag (without dashes).
	Name string
}

func (s Source) String() string {
	switch s.Kind {
	case FromFile:
		return fmt.Sprintf("%s:%d:%d", s.Path, s.Line, s.Col)
	case FromEnv:
		return "$" + s.Name
	case FromFlag:
		return "--" + s.Name
	}
	return msg.Sprintf("config.default")
}

// Value is one setting with its source. Set is false while it holds its default.
type Value[T any] struct {
	V    T
	From Source
}

// Set reports whether the value was given anywhere (file, environment or flag).
func (v Value[T]) Set() bool { return v.From.Kind != "" && v.From.Kind != FromDefault }

// Override is a per-path exception: files matching Files have the rules in Disable
// switched off (training scripts for new hires may skip the finer points).
type Override struct {
	Files   []string
	Disable []string
	From    Source
}

// Config is the effective configuration of a run.
type Config struct {
	// Path is the configuration file read, "" when there is none; Dir is the directory
	// relative paths in it are resolved against (the current directory without a file).
	Path string
	Dir  string

	Rules   Value[[]string]
	Include Value[[]string]
	Exclude Value[[]string]
	Roles   Value[map[string][]string]
	// Columns maps a transcript field (role, speaker, text, start, end, call_id) to the
	// CSV header that holds it; Speakers maps ASR channel or speaker ids to agent or
	// customer.
	Columns   Value[map[string]string]
	Speakers  Value[map[string]string]
	Format    Value[string]
	Output    Value[[]string]
	FailUnder Value[float64]
	FailLevel Value[string]
	Lang      Value[string]
	Baseline  Value[string]
	Tests     Value[[]string]
	Overrides []Override
}

// DefaultInclude are the file names picked up in directories when nothing says
// otherwise: source.DefaultInclude, the one list.
var DefaultInclude = source.DefaultInclude

// FailLevels are the values of fail_level: none fails on the score only.
var FailLevels = []string{"none", "info", "warning", "error"}

// Default returns the configuration with nothing set.
func Default() *Config {
	def := Source{Kind: FromDefault}
	return &Config{
		Rules:     Value[[]string]{nil, def},
		Include:   Value[[]string]{append([]string(nil), DefaultInclude...), def},
		Exclude:   Value[[]string]{nil, def},
		Roles:     Value[map[string][]string]{nil, def},
		Columns:   Value[map[string]string]{nil, def},
		Speakers:  Value[map[string]string]{nil, def},
		Format:    Value[string]{"text", def},
		Output:    Value[[]string]{nil, def},
		FailUnder: Value[float64]{0, def},
		FailLevel: Value[string]{"none", def},
		Lang:      Value[string]{"zh", def},
		Baseline:  Value[string]{"", def},
		Tests:     Value[[]string]{nil, def},
	}
}

// Find looks for a configuration file in dir and each directory above it, and returns
// the first found, or "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Options say how Discover finds the configuration.
type Options struct {
	// File is a configuration file named on the command line (--config); it must exist.
	File string
	// None skips the configuration file altogether (--no-config).
	None bool
	// Dir is where the search starts; "" is the current directory.
	Dir string
	// Getenv reads the environment; nil is os.Getenv.
	Getenv func(string) string
}

// Discover finds and reads the configuration: the file named by opts.File or by
// $ZHIJIAN_CONFIG, else the nearest .zhijian.yaml at or above the current directory.
// Environment variables are applied on top (ZHIJIAN_LANG). Errors in the file are
// *Errors with line and column.
func Discover(opts Options) (*Config, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	start := opts.Dir
	if start == "" {
		start = "."
	}
	path := opts.File
	if path == "" && !opts.None {
		path = getenv(EnvFile)
	}
	var cfg *Config
	switch {
	case opts.None:
		cfg = Default()
		cfg.Dir = start
	case path != "":
		if _, err := os.Stat(path); err != nil {
			return nil, msg.Errorf("config.cannot-read-configuration", path, unwrapPath(err))
		}
	default:
		found, err := Find(start)
		if err != nil {
			return nil, err
		}
		path = found
	}
	if cfg == nil {
		if path == "" {
			cfg = Default()
			cfg.Dir = start
		} else {
			var err error
			if cfg, err = Load(displayPath(path)); err != nil {
				return nil, err
			}
		}
	}
	// The environment is the person's; it goes over the project's file, under flags.
	if v := getenv("ZHIJIAN_LANG"); v != "" {
		cfg.Lang = Value[string]{v, Source{Kind: FromEnv, Name: "ZHIJIAN_LANG"}}
	}
	return cfg, nil
}

// displayPath shortens an absolute path found by walking up to one relative to the
// current directory, so messages and `zhijian config` read like the user's own paths.
func displayPath(path string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && len(rel) < len(path) {
		return rel
	}
	return path
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Resolve turns a path written in the configuration file into one usable from the
// current directory: relative paths are relative to the file's directory. Paths given
// by flags are used as they are.
func (c *Config) Resolve(p string, from Source) string {
	if from.Kind != FromFile || filepath.IsAbs(p) || c.Dir == "" || c.Dir == "." {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// RulePaths returns the rulebooks to load, resolved against the configuration file.
// A shipped rulebook's name (default, call-center, ...) is passed on as it is.
func (c *Config) RulePaths() []string {
	var out []string
	for _, r := range c.Rules.V {
		if !looksLikePath(r) {
			out = append(out, r)
			continue
		}
		out = append(out, c.Resolve(r, c.Rules.From))
	}
	return out
}

// TestDirs returns the directories of rulebook tests, resolved against the file.
func (c *Config) TestDirs() []string {
	var out []string
	for _, d := range c.Tests.V {
		out = append(out, c.Resolve(d, c.Tests.From))
	}
	return out
}

func looksLikePath(s string) bool {
	return strings.HasSuffix(s, ".yaml") || strings.HasSuffix(s, ".yml") || strings.ContainsAny(s, `/\`)
}

// Excluded reports whether path (as found on the command line or in a directory) matches
// an exclude glob. Globs from the file are relative to its directory; ** matches any
// number of directories.
func (c *Config) Excluded(path string) bool {
	if len(c.Exclude.V) == 0 || path == "-" {
		return false
	}
	rel := c.relative(path, c.Exclude.From)
	for _, g := range c.Exclude.V {
		if Match(g, rel) {
			return true
		}
	}
	return false
}

// Disabled returns the rules switched off for path by the per-path overrides, or nil.
func (c *Config) Disabled(path string) map[string]bool {
	var out map[string]bool
	for _, o := range c.Overrides {
		rel := c.relative(path, o.From)
		for _, g := range o.Files {
			if !Match(g, rel) {
				continue
			}
			if out == nil {
				out = map[string]bool{}
			}
			for _, id := range o.Disable {
				out[id] = true
			}
			break
		}
	}
	return out
}

// relative expresses path relative to the configuration file's directory when the globs
// came from the file, in forward slashes.
func (c *Config) relative(path string, from Source) string {
	p := path
	if from.Kind == FromFile && c.Dir != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if dir, err := filepath.Abs(c.Dir); err == nil {
				if rel, err := filepath.Rel(dir, abs); err == nil {
					p = rel
				}
			}
		}
	}
	return strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
}

// Match reports whether the slash-separated path matches glob: path.Match per segment,
// with ** matching any number of segments (none included). A glob without a slash
// matches the base name anywhere, as in .gitignore.
func Match(glob, p string) bool {
	glob = strings.TrimPrefix(filepath.ToSlash(glob), "./")
	if !strings.Contains(glob, "/") {
		glob = "**/" + glob
	}
	g, segs := strings.Split(glob, "/"), strings.Split(p, "/")
	m := segMatcher{g: g, p: segs, failed: make([]bool, (len(g)+1)*(len(segs)+1))}
	return m.match(0, 0)
}

// segMatcher matches glob segments g against path segments p, remembering the places
// (glob segment, path segment) from which the rest cannot match: tried again for every
// way the ** before them can stretch, "**/a/**/a/…/b" (25 of them) over a path 60 deep
// ran for minutes; remembered, each place is tried once.
type segMatcher struct {
	g, p   []string
	failed []bool // (gi, pi) at gi*(len(p)+1)+pi
}

func (m *segMatcher) match(gi, pi int) bool {
	for gi < len(m.g) {
		if m.failed[gi*(len(m.p)+1)+pi] {
			return false
		}
		if m.g[gi] == "**" {
			for i := pi; i <= len(m.p); i++ {
				if m.match(gi+1, i) {
					return true
				}
			}
			m.failed[gi*(len(m.p)+1)+pi] = true
			return false
		}
		if pi == len(m.p) {
			return false
		}
		if ok, err := filepath.Match(m.g[gi], m.p[pi]); err != nil || !ok {
			m.failed[gi*(len(m.p)+1)+pi] = true
			return false
		}
		gi, pi = gi+1, pi+1
	}
	// What is left is under a directory the glob named: drafts matches drafts/a.txt.
	return true
}
