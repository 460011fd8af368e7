// Package test implements `zhijian rules test`: run a rulebook's unit tests, example
// transcripts annotated with the rules that must and must not fire.
package test

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/rulestest"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// NewCmdTest builds the command.
func NewCmdTest(f *cmdutil.Factory) *cobra.Command {
	var (
		cfgOpts config.Options
		shipped bool
		verbose bool
	)
	cmd := &cobra.Command{
		Use:   "test [PATH...]",
		Short: msg.Sprintf("test.run-rulebook-tests-annotated-example"),
		Long: `运行规则手册的测试：每个用例是一通示例转写稿，用注释标出哪条规则必须在哪一句命中、
哪条不能命中，也可以写期望得分（像 semgrep 测试规则那样）：

  # rulebook: my-rules.yaml            用哪本规则手册（相对本文件；或内置名字）；默认 --rules
  # expect-score: 85                   期望得分
  # expect: closing                    单独一行：该规则在通话中须命中
  # ok: greeting                       单独一行：该规则在通话中不能命中
  坐席：你有完没完  # expect: forbidden-phrases      该句须命中
  坐席：您好，请讲  # ok: forbidden-phrases          该句不能命中

按行标注过的规则，在没有标 expect 的行上命中也算失败。PATH 为文件或目录（递归查找
*.txt，没有标注的文件不算用例）；不给 PATH 时用 .zhijian.yaml 的 tests，再没有就是当前目录。

Each case is an example transcript annotated with the rules that must fire on a line
(# expect: ID) and those that must not (# ok: ID), whole-line annotations for the whole
call, and optionally the score. Prints a line per case and a summary.

退出码 / exit codes: 0 全部通过 / all passed; 1 有用例失败 / a case failed;
2 用例或规则手册无法读取 / a case or rulebook could not be read, or no cases.`,
		Example: msg.Sprintf("test.shipped-rulebooks-own-tests"),

		RunE: func(cmd *cobra.Command, args []string) error {
			ios := f.IOStreams
			cfg, err := cmdutil.LoadConfig(f, cmd, cfgOpts)
			if err != nil {
				return err
			}
			seg := segment.New()
			runner := &rulestest.Runner{Seg: seg, Prepare: func(rb *rulebook.Rulebook) { pipeline.AddRoles(rb, cfg) }}
			if cfg.Rules.Set() {
				rb, err := cmdutil.LoadRulebook(cfg, seg)
				if err != nil {
					return err
				}
				runner.Default = rb
			}
			var cases []*rulestest.Case
			var problems []error
			switch {
			case shipped:
				if len(args) > 0 {
					return cmdutil.FlagErrorf("test.shipped-takes-no-path")
				}
				cases, err = rulestest.Shipped()
				if err != nil {
					problems = append(problems, err)
				}
			default:
				paths := args
				if len(paths) == 0 {
					paths = cfg.TestDirs()
				}
				if len(paths) == 0 {
					paths = []string{"."}
				}
				cases, problems = rulestest.Collect(paths)
			}
			for _, p := range problems {
				fmt.Fprintln(ios.ErrOut, p)
			}
			passed, failed, broken, checks := 0, 0, 0, 0
			for _, c := range cases {
				res, err := runner.Run(c)
				if err != nil {
					broken++
					fmt.Fprintf(ios.Out, "ERROR %s\n  %s\n", c.Path, indent(err.Error()))
					continue
				}
				checks += res.Checks
				if res.Passed() {
					passed++
					if verbose {
						fmt.Fprintf(ios.Out, "ok    %s (%d)\n", c.Path, res.Checks)
					}
					continue
				}
				failed++
				fmt.Fprintf(ios.Out, "FAIL  %s\n", c.Path)
				for _, msg := range res.Failures {
					fmt.Fprintf(ios.Out, "  %s\n", msg)
				}
			}
			// A test file that could not be read or parsed is a case in error too: the
			// summary must not read "0 errors" beside an exit code of 2.
			fmt.Fprint(ios.Out, msg.Sprintf("test.cases-checks-passed-failed-errors",
				len(cases)+len(problems), checks, passed, failed, broken+len(problems)))
			switch {
			case broken > 0 || len(problems) > 0:
				return cmdutil.ErrReported
			case len(cases) == 0:
				return msg.Errorf("test.ok-no-test-cases-found")
			case failed > 0:
				return cmdutil.ErrFailed
			}
			return nil
		},
	}
	fl := cmd.Flags()
	config.AddFlags(fl, &cfgOpts)
	fl.StringArray("rules", nil, msg.Sprintf("test.rulebook-cases-that-name-none"))
	fl.BoolVar(&shipped, "shipped", false, msg.Sprintf("test.run-shipped-rulebooks-own-tests"))
	fl.BoolVarP(&verbose, "verbose", "v", false, msg.Sprintf("test.list-passing-cases-too"))
	return cmd
}

func indent(s string) string {
	out := ""
	for i, r := range []rune(s) {
		if r == '\n' && i < len([]rune(s))-1 {
			out += "\n  "
			continue
		}
		out += string(r)
	}
	return out
}
