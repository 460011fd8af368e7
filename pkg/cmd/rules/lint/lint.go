// Package lint implements `zhijian rules lint`: check rulebooks for errors and smells.
package lint

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/lint"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// NewCmdLint builds the command.
func NewCmdLint(f *cmdutil.Factory) *cobra.Command {
	var (
		cfgOpts config.Options
		strict  bool
		format  string
	)
	cmd := &cobra.Command{
		Use:   "lint [FILE...]",
		Short: msg.Sprintf("lint.check-rulebooks-errors-smells"),
		Long: `检查规则手册：列出全部错误（文件:行:列，附提示），并对能加载但多半写错的地方给出警告：

  never-matches              短语永远匹配不到（连照原样说出的这句话都匹配不到）
  same-after-normalisation   同一规则里两个短语规范化后相同（标点、全半角、繁简不影响匹配）
  required-inside-forbidden  要求的短语是禁语的一部分：说了禁语也算满足要求
  forbidden-inside-required  禁语出现在标准用语里：照标准说也会被扣分
  same-phrases               两条同类型规则的短语完全相同
  group-deducts-over-100     一个条件组的规则最多共扣超过 100 分

不给 FILE 时检查 .zhijian.yaml 配置的规则手册，没有配置则检查内置规则手册。
FILE 也可以是内置规则手册的名字（default、call-center……）。

Lists every error of each rulebook with file, line, column and a hint, and warns about
what loads but is probably not what the author meant. Without FILE it lints the
configured rulebooks, or the shipped ones.

退出码 / exit codes: 0 无错误 / no errors; 1 有警告且用了 --strict / warnings with
--strict; 2 有错误 / errors.`,
		Example: msg.Sprintf("lint.warnings-fail-too-zhijian-rules"),

		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return cmdutil.FlagErrorf("lint.unknown-format", format)
			}
			files := args
			if len(files) == 0 {
				cfg, err := cmdutil.LoadConfig(f, cmd, cfgOpts)
				if err != nil {
					return err
				}
				files = cfg.RulePaths()
			}
			if len(files) == 0 {
				files = []string{"default"}
			}
			l := &lint.Linter{Seg: segment.New()}
			var all []lint.Problem
			errs, warns := 0, 0
			for _, file := range files {
				ps := l.File(file)
				for _, p := range ps {
					if p.Level == lint.Error {
						errs++
					} else {
						warns++
					}
				}
				all = append(all, ps...)
			}
			out := f.IOStreams.Out
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if all == nil {
					all = []lint.Problem{}
				}
				if err := enc.Encode(all); err != nil {
					return err
				}
			} else {
				for _, p := range all {
					fmt.Fprintln(out, p.Long())
				}
				fmt.Fprint(out, msg.Sprintf("lint.rulebook-error-warning",
					len(files), errs, warns))
			}
			switch {
			case errs > 0:
				return cmdutil.ErrReported
			case warns > 0 && strict:
				return cmdutil.ErrFailed
			}
			return nil
		},
	}
	fl := cmd.Flags()
	config.AddFlags(fl, &cfgOpts)
	fl.BoolVar(&strict, "strict", false, msg.Sprintf("lint.exit-warnings-too"))
	fl.StringVarP(&format, "format", "f", "text", "text | json")
	return cmd
}
