// Package config implements `zhijian config`: print the effective configuration and
// where each value came from.
package config

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/textwidth"
)

// NewCmdConfig builds the command.
func NewCmdConfig(f *cmdutil.Factory) *cobra.Command {
	var (
		opts   config.Options
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "config [flags]",
		Short: msg.Sprintf("config.print-effective-configuration-where-each"),
		Long: `显示本次运行生效的配置：项目配置文件 .zhijian.yaml（从当前目录向上查找，
或 --config 指定、$ZHIJIAN_CONFIG 指定），环境变量，以及命令行参数；每项注明来源
（文件:行:列、环境变量、参数或默认值）。参数优先于环境变量，环境变量优先于配置文件。

Prints the effective configuration — the project's .zhijian.yaml (found by walking up
from the current directory), the environment and the flags given — and where each
value came from. Flags override the environment, which overrides the file.`,
		Example: msg.Sprintf("config.see-flag-override-file-zhijian"),

		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Discover(opts)
			if err != nil {
				return cmdutil.Invalid(msg.Sprintf("config.invalid-configuration"), err)
			}
			if err := cfg.ApplyFlags(cmd.Flags()); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			entries := cfg.Entries()
			// Unset, fail_under is no 0: the pass mark is the rulebook's pass_score.
			for i, e := range entries {
				if e.Key != "fail_under" || cfg.FailUnder.Set() {
					continue
				}
				if rb, err := rulebook.Load(cfg.RulePaths(), nil); err == nil {
					entries[i].Value = rb.PassScore
					entries[i].Source = msg.Sprintf("config.rulebook-pass-score", rb.Name)
				}
			}
			out := f.IOStreams.Out
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					File   string         `json:"file"`
					Values []config.Entry `json:"values"`
				}{cfg.Path, entries})
			}
			file := cfg.Path
			if file == "" {
				file = msg.Sprintf("config.none")
			}
			fmt.Fprint(out, msg.Sprintf("config.config-file", file)+"\n\n")
			rows := [][]string{{"键 key", "值 value", "来源 source"}}
			for _, e := range entries {
				rows = append(rows, []string{e.Key, config.Text(e.Value), e.Source})
			}
			_, err = fmt.Fprint(out, textwidth.Table(rows, ""))
			return err
		},
	}
	fl := cmd.Flags()
	config.AddFlags(fl, &opts)
	fl.BoolVar(&asJSON, "json", false, msg.Sprintf("config.print-json"))
	// The flags of zhijian check that override the file, to see their effect here.
	fl.StringArray("rules", nil, msg.Sprintf("config.rulebook-repeatable"))
	fl.StringArray("include", nil, msg.Sprintf("config.file-name-glob"))
	fl.StringArray("exclude", nil, msg.Sprintf("config.path-glob-leave-out"))
	fl.StringP("format", "f", "", msg.Sprintf("config.report-format"))
	fl.StringArrayP("output", "o", nil, msg.Sprintf("config.report-file"))
	fl.Float64("fail-under", 0, msg.Sprintf("config.pass-score"))
	fl.String("fail-level", "", "none|info|warning|error")
	fl.String("lang", "", "zh|en")
	fl.String("baseline", "", msg.Sprintf("config.baseline-file"))
	fl.StringArray("tests", nil, msg.Sprintf("config.rulebook-test-directory"))
	return cmd
}
