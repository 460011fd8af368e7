// Package sample implements `zhijian sample`: draw a review batch from a stored run.
package sample

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/review"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// Options are the parsed flags of `zhijian sample`.
type Options struct {
	Store    string
	Spec     store.SampleSpec
	Band     string
	Workbook string
}

// NewCmdSample builds the command; runF replaces the run step in tests of flag parsing.
func NewCmdSample(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{}
	cmd := &cobra.Command{
		Use:   "sample --store DSN --batch NAME [flags]",
		Short: "从记录的运行中抽取复核批次 / draw a review batch from a recorded run",
		Long: `从 zhijian check --store 记录的一次运行中抽取要人工复核的通话，存为一个有名字的复核批次：
每一通有红线问题的通话都抽；其余按坐席抽 --per-agent 通或 --percent 比例（默认 5%，每个坐席至少一通），
可限定得分区间（--score 60-80）或某条规则的问题（--rule）。--seed 相同，抽到的通话就相同。
-o 把批次写成复核工作簿（xlsx：每条问题一行，填“确认/驳回”与备注；另有漏检与转写工作表），
复核后用 zhijian review import 读回。

Draws the calls people review from a run recorded by zhijian check --store into a named
review batch: every call with a red-line finding, and of the others a number or share per
agent, optionally by score band or rule; the same --seed draws the same calls. -o writes
the batch as a review workbook for teams that review in Excel.`,
		Example: `  zhijian check --store qa.db calls/
  zhijian sample --store qa.db --batch 2026-w49 --percent 3 -o review-w49.xlsx
  zhijian sample --store qa.db --batch low-scores --score 0-80 --per-agent 2 --seed 7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Store == "" {
				return cmdutil.FlagErrorf("须用 --store 指定存储 / --store is required")
			}
			if opts.Spec.Name == "" {
				return cmdutil.FlagErrorf("须用 --batch 给复核批次起名 / --batch is required")
			}
			if opts.Spec.PerAgent < 0 || opts.Spec.Percent < 0 || opts.Spec.Percent > 100 {
				return cmdutil.FlagErrorf("--per-agent 应不小于 0，--percent 应在 0–100 之间 / --per-agent must be at least 0 and --percent 0–100")
			}
			if opts.Spec.PerAgent > 0 && opts.Spec.Percent > 0 {
				return cmdutil.FlagErrorf("--per-agent 与 --percent 只用其一 / give --per-agent or --percent, not both")
			}
			if opts.Band != "" {
				lo, hi, ok := strings.Cut(opts.Band, "-")
				l, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
				h, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
				if !ok || err1 != nil || err2 != nil || l > h {
					return cmdutil.FlagErrorf("--score 应写成 低-高，例如 60-80 / --score is LOW-HIGH, e.g. 60-80")
				}
				opts.Spec.ScoreMin, opts.Spec.ScoreMax = l, h
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmdutil.Context(cmd), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Store, "store", "", "存储：SQLite 文件或 postgres:// DSN / the store: a SQLite file or a postgres:// DSN")
	fl.StringVar(&opts.Spec.Name, "batch", "", "复核批次的名字（在存储中唯一）/ the review batch's name (unique in the store)")
	fl.StringVar(&opts.Spec.Run, "run", "", "运行编号（默认最近一次）/ the run's id (default: the latest)")
	fl.IntVar(&opts.Spec.PerAgent, "per-agent", 0, "每个坐席抽几通 / calls per agent")
	fl.Float64Var(&opts.Spec.Percent, "percent", 0, "每个坐席抽百分之几（默认 5）/ percent of each agent's calls (default 5)")
	fl.StringVar(&opts.Band, "score", "", "只抽得分在此区间的通话，如 60-80 / only calls scoring in LOW-HIGH")
	fl.StringVar(&opts.Spec.Rule, "rule", "", "只抽有这条规则问题的通话 / only calls with a finding of this rule")
	fl.Int64Var(&opts.Spec.Seed, "seed", 1, "抽样种子：相同的种子抽到相同的通话 / the seed: the same seed draws the same calls")
	fl.StringVarP(&opts.Workbook, "output", "o", "", "把批次写成复核工作簿（.xlsx）/ write the batch as a review workbook (.xlsx)")
	return cmd
}

func run(ctx context.Context, f *cmdutil.Factory, opts *Options) error {
	st, err := store.Open(ctx, opts.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := st.Sample(ctx, opts.Spec)
	if err != nil {
		return err
	}
	fatal := 0
	for _, c := range b.Calls {
		if c.Reason == store.ReasonFatal {
			fatal++
		}
	}
	fmt.Fprintf(f.IOStreams.Out, "复核批次 %s：运行 %s 的 %d 通（红线 %d 通）/ review batch %s: %d calls of run %s (%d with a red line)\n",
		b.Name, b.RunID, len(b.Calls), fatal, b.Name, len(b.Calls), b.RunID, fatal)
	if opts.Workbook == "" {
		return nil
	}
	b, calls, err := st.BatchCalls(ctx, b.Name)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(opts.Workbook, func(w io.Writer) error { return review.WriteWorkbook(w, b, calls) }); err != nil {
		return fmt.Errorf("无法写入复核工作簿 / cannot write the review workbook %s: %w", opts.Workbook, err)
	}
	fmt.Fprintf(f.IOStreams.Out, "已写入 %s / wrote %s\n", opts.Workbook, opts.Workbook)
	return nil
}
