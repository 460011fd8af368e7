package cmdutil

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// LoadConfig finds the project configuration (.zhijian.yaml) and lets the flags the
// user gave override it. A broken file is printed on stderr and ends the command with
// ExitInvalid.
func LoadConfig(f *Factory, cmd *cobra.Command, opts config.Options) (*config.Config, error) {
	cfg, err := config.Discover(opts)
	if err != nil {
		fmt.Fprintln(f.IOStreams.ErrOut, err)
		return nil, &ExitError{Code: ExitInvalid, Err: fmt.Errorf("配置无效 / invalid configuration")}
	}
	if err := cfg.ApplyFlags(cmd.Flags()); err != nil {
		return nil, FlagError("%v", err)
	}
	return cfg, nil
}

// LoadRulebook loads the rulebooks the configuration names (the shipped default when it
// names none) and adds its speaker labels. Errors are printed on stderr, each with file,
// line and column, and end the command with ExitInvalid.
func LoadRulebook(f *Factory, cfg *config.Config, seg *segment.Segmenter) (*rulebook.Rulebook, error) {
	rb, err := rulebook.Load(cfg.RulePaths(), seg)
	if err != nil {
		fmt.Fprintln(f.IOStreams.ErrOut, err)
		return nil, &ExitError{Code: ExitInvalid, Err: fmt.Errorf("规则手册无效 / invalid rulebook")}
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
