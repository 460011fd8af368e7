// Package sample implements `zhijian sample`: draw a review batch from a stored run.
package sample

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
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
		Short: msg.Sprintf("sample.draw-review-batch-from-recorded"),
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
				return cmdutil.FlagErrorf("sample.store-required")
			}
			if opts.Spec.Name == "" {
				return cmdutil.FlagErrorf("sample.batch-required")
			}
			// NaN compares false with everything: it must be refused by name.
			if opts.Spec.PerAgent < 0 || !(opts.Spec.Percent >= 0 && opts.Spec.Percent <= 100) {
				return cmdutil.FlagErrorf("sample.per-agent-must-least-percent")
			}
			if opts.Spec.PerAgent > 0 && opts.Spec.Percent > 0 {
				return cmdutil.FlagErrorf("sample.give-per-agent-percent-not")
			}
			if opts.Band != "" {
				lo, hi, ok := strings.Cut(opts.Band, "-")
				l, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
				h, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
				if !ok || err1 != nil || err2 != nil || !(l <= h) || math.IsInf(l, 0) || math.IsInf(h, 0) {
					return cmdutil.FlagErrorf("sample.score-low-high-60-80")
				}
				opts.Spec.ScoreMin, opts.Spec.ScoreMax = l, h
			}
			if opts.Workbook != "" {
				// The workbook must not replace the store it is drawn from.
				err := cmdutil.OutputIsRead([]string{opts.Workbook}, []cmdutil.Read{{Path: cmdutil.StoreFile(opts.Store), What: "cmdutil.the-store"}})
				if err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return run(cmdutil.Context(cmd), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Store, "store", "", msg.Sprintf("sample.store-sqlite-file-postgres-dsn"))
	fl.StringVar(&opts.Spec.Name, "batch", "", msg.Sprintf("sample.review-batch-name-unique-store"))
	fl.StringVar(&opts.Spec.Run, "run", "", msg.Sprintf("sample.run-id-default-latest"))
	fl.IntVar(&opts.Spec.PerAgent, "per-agent", 0, msg.Sprintf("sample.calls-per-agent"))
	fl.Float64Var(&opts.Spec.Percent, "percent", 0, msg.Sprintf("sample.percent-each-agent-calls-default"))
	fl.StringVar(&opts.Band, "score", "", msg.Sprintf("sample.only-calls-scoring-low-high"))
	fl.StringVar(&opts.Spec.Rule, "rule", "", msg.Sprintf("sample.only-calls-with-finding-this"))
	fl.Int64Var(&opts.Spec.Seed, "seed", 1, msg.Sprintf("sample.seed-same-seed-draws-same"))
	fl.StringVarP(&opts.Workbook, "output", "o", "", msg.Sprintf("sample.write-batch-as-review-workbook"))
	return cmd
}

func run(ctx context.Context, f *cmdutil.Factory, opts *Options) error {
	if opts.Workbook != "" {
		// The batch is recorded before its workbook is written, and a batch's name can be
		// used once: a workbook that cannot be written must be found before the batch is
		// drawn, or the name is spent on a batch nobody can review.
		if err := atomicfile.Check(opts.Workbook); err != nil {
			return msg.Errorf("sample.cannot-write-review-workbook", opts.Workbook, err)
		}
	}
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
	drawn := msg.Sprintf("sample.review-batch-calls-run-with", report.Printable(b.Name), b.RunID, len(b.Calls), fatal)
	if opts.Workbook == "" {
		fmt.Fprint(f.IOStreams.Out, drawn)
		return nil
	}
	name := b.Name
	b, calls, err := st.BatchCalls(ctx, name)
	if err == nil {
		err = atomicfile.WriteFile(opts.Workbook, func(w io.Writer) error { return review.WriteWorkbook(w, b, calls) })
	}
	if err != nil {
		// A write that failed after the batch was recorded (the disk full, an interrupt):
		// the batch goes again, so its name can be drawn once more (it was spent on a
		// batch nobody could review, after a line saying it was drawn).
		if derr := st.DropBatch(context.WithoutCancel(ctx), name); derr != nil {
			return fmt.Errorf("%w; %w", msg.Errorf("sample.cannot-write-review-workbook", opts.Workbook, err), derr)
		}
		return msg.Errorf("sample.cannot-write-workbook-batch-dropped", opts.Workbook, err, report.Printable(name))
	}
	fmt.Fprint(f.IOStreams.Out, drawn)
	fmt.Fprint(f.IOStreams.Out, msg.Sprintf("sample.wrote", report.Printable(opts.Workbook)))
	return nil
}
