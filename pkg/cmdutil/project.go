package cmdutil

import (
	"iter"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// LoadConfig finds the project configuration (.zhijian.yaml) and lets the flags the
// user gave override it. A broken file is printed on stderr and ends the command with
// ExitInvalid.
func LoadConfig(f *Factory, cmd *cobra.Command, opts config.Options) (*config.Config, error) {
	cfg, err := config.Discover(opts)
	if err != nil {
		return nil, Invalid("配置无效 / invalid configuration", err)
	}
	if err := cfg.ApplyFlags(cmd.Flags()); err != nil {
		return nil, FlagErrorf("%v", err)
	}
	return cfg, nil
}

// LoadRulebook loads the rulebooks the configuration names (the shipped default when it
// names none) and adds its speaker labels. Errors are printed on stderr, each with file,
// line and column, and end the command with ExitInvalid.
func LoadRulebook(f *Factory, cfg *config.Config, seg *segment.Segmenter) (*rulebook.Rulebook, error) {
	rb, err := rulebook.Load(cfg.RulePaths(), seg)
	if err != nil {
		return nil, Invalid("规则手册无效 / invalid rulebook", err)
	}
	AddRoles(rb, cfg)
	return rb, nil
}

// AddRoles adds the configuration's speaker labels to a rulebook's.
func AddRoles(rb *rulebook.Rulebook, cfg *config.Config) {
	for _, role := range []transcript.Role{transcript.Agent, transcript.Customer} {
		if labels := cfg.Roles.V[string(role)]; len(labels) > 0 {
			rb.Roles = rb.Roles.With(role, labels...)
		}
	}
}

// ApplyProject sets on a checker what the project configuration asks besides the
// rulebook: the rules switched off per path (overrides) and the fail level. (A baseline
// is the caller's to load.)
func ApplyProject(c *pipeline.Checker, cfg *config.Config) {
	if len(cfg.Columns.V) > 0 {
		c.Columns = cfg.Columns.V
	}
	if len(cfg.Speakers.V) > 0 {
		c.Speakers = map[string]transcript.Role{}
		for id, role := range cfg.Speakers.V {
			c.Speakers[id] = transcript.Role(role)
		}
	}
	if len(cfg.Overrides) > 0 {
		c.Disabled = cfg.Disabled
	}
	if lvl := cfg.FailLevel.V; lvl != "" && lvl != "none" {
		c.FailLevel = rule.Severity(lvl)
	}
}

// SkipConfigured is why a path excluded by the configuration is passed over.
const SkipConfigured = "被 .zhijian.yaml 的 exclude 排除 / excluded by .zhijian.yaml"

// Walk finds the inputs under paths as zhijian check does: the files named, and in
// directories those matching include, as they are found, less the paths the
// configuration excludes (cfg may be nil) and the files in exclude (the run's own
// outputs). onSkip, when set, hears of every path passed over and why.
// problems is complete once the inputs are.
func Walk(cfg *config.Config, paths, include, exclude []string, onSkip func(path, reason string)) (inputs iter.Seq[source.Input], problems func() []*source.Error) {
	walker := source.NewWalker(paths, source.Options{Include: include, OnSkip: onSkip, Exclude: exclude})
	excludes := cfg != nil && len(cfg.Exclude.V) > 0
	inputs = func(yield func(source.Input) bool) {
		for in := range walker.Inputs() {
			if excludes && cfg.Excluded(in.Path) {
				if onSkip != nil {
					onSkip(in.Path, SkipConfigured)
				}
				continue
			}
			if !yield(in) {
				return
			}
		}
	}
	return inputs, walker.Problems
}
