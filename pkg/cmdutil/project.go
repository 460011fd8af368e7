package cmdutil

import (
	"iter"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
)

// LoadConfig finds the project configuration (.zhijian.yaml) and lets the flags the
// user gave override it. A broken file is printed on stderr and ends the command with
// ExitInvalid.
func LoadConfig(f *Factory, cmd *cobra.Command, opts config.Options) (*config.Config, error) {
	cfg, err := config.Discover(opts)
	if err != nil {
		return nil, Invalid(msg.Sprintf("cmdutil.invalid-configuration"), err)
	}
	if err := cfg.ApplyFlags(cmd.Flags()); err != nil {
		return nil, &FlagError{Err: err}
	}
	return cfg, nil
}

// LoadRulebook loads the rulebooks the configuration names (the shipped default when it
// names none) with its speaker labels.
func LoadRulebook(cfg *config.Config, seg *segment.Segmenter) (*rulebook.Rulebook, error) {
	return pipeline.LoadRulebook(pipeline.Config{Project: cfg}, seg)
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
