// Package eval implements `zhijian eval`: precision and recall of phrase matching on a
// labelled evaluation set, strict matching beside robust matching.
package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

// DefaultDir is the evaluation set shipped with the source.
const DefaultDir = "testdata/eval"

// NewCmdEval builds the command.
func NewCmdEval(f *cmdutil.Factory) *cobra.Command {
	var (
		rulebooks []string
		format    string
		errors    bool
		nearMiss  bool
	)
	cmd := &cobra.Command{
		Use:   "eval [DIR]",
		Short: msg.Sprintf("eval.precision-recall-phrase-matching-labelled"),
		Long: `读入评测集（默认 testdata/eval/*.yaml，格式见其 README.md），对每条标注用例按规则手册
分别以严格匹配与容错匹配（同音字、语气词、跨句、否定引述）检查，按规则类型输出准确率、召回率、F1。

Reads a labelled evaluation set (testdata/eval/*.yaml by default; the format is in its
README.md), checks every case with strict and with robust matching, and prints precision,
recall and F1 per rule kind, side by side.`,
		Example: `  zhijian eval
  zhijian eval --errors --near-miss
  zhijian eval -f json > testdata/eval/figures.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := DefaultDir
			if len(args) == 1 {
				dir = args[0]
			}
			items, err := LoadItems(dir)
			if err != nil {
				return err
			}
			res, err := Evaluate(items, rulebooks, segment.New())
			if err != nil {
				return err
			}
			out := f.IOStreams.Out
			switch format {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(res)
			case "text":
				WriteTable(out, res)
				if errors || nearMiss {
					WriteErrors(out, res, nearMiss)
				}
				return nil
			}
			return cmdutil.FlagErrorf("eval.unknown-format", format)
		},
	}
	cmd.Flags().StringArrayVar(&rulebooks, "rules", nil, msg.Sprintf("eval.rulebook-file-repeatable"))
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text | json")
	cmd.Flags().BoolVar(&errors, "errors", false, msg.Sprintf("eval.list-cases-robust-matching-got"))
	cmd.Flags().BoolVar(&nearMiss, "near-miss", false, msg.Sprintf("eval.list-them-with-near-misses"))
	return cmd
}

// WriteTable prints the figures, strict beside robust.
func WriteTable(w io.Writer, r *Result) {
	fmt.Fprint(w, msg.Sprintf("eval.evaluation-set-items-utterances-rulebook", r.Items, r.Utterances, r.Rulebook)+"\n\n")
	fmt.Fprintf(w, "%-10s  %-28s  %-28s\n", "kind", "strict  P / R / F1", "robust  P / R / F1")
	for _, k := range Kinds {
		s, b := r.Kinds[k]["strict"], r.Kinds[k]["robust"]
		fmt.Fprintf(w, "%-10s  %-28s  %-28s\n", k, triple(s), triple(b))
	}
	fmt.Fprintf(w, "\n(TP/FP/FN) strict: ")
	for _, k := range Kinds {
		s := r.Kinds[k]["strict"]
		fmt.Fprintf(w, "%s %d/%d/%d  ", k, s.TP, s.FP, s.FN)
	}
	fmt.Fprintf(w, "\n           robust: ")
	for _, k := range Kinds {
		s := r.Kinds[k]["robust"]
		fmt.Fprintf(w, "%s %d/%d/%d  ", k, s.TP, s.FP, s.FN)
	}
	fmt.Fprintln(w)
	var vs []string
	for v := range r.VariantRecall {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	fmt.Fprint(w, msg.Sprintf("eval.robust-recall-by-variant"))
	for _, v := range vs {
		fmt.Fprintf(w, "  %-12s %.3f  (%d 例 items)\n", v, r.VariantRecall[v], r.Variants[v])
	}
}

func triple(f *Figures) string {
	return fmt.Sprintf("%.3f / %.3f / %.3f", f.Precision, f.Recall, f.F1)
}

// WriteErrors lists the pairs robust matching got wrong.
func WriteErrors(w io.Writer, r *Result, near bool) {
	fmt.Fprint(w, msg.Sprintf("eval.robust-matching-errors"))
	for _, e := range r.Errors {
		if e.Mode != "robust" {
			continue
		}
		what := msg.Sprintf("eval.false-positive")
		if e.Missed {
			what = msg.Sprintf("eval.missed")
		}
		text := strings.ReplaceAll(e.Item.Transcript(), "\n", " | ")
		fmt.Fprintf(w, "  %s  %s  %s [%s]  %s\n", e.Item.ID, e.Rule, what, e.Item.Variant, text)
		if e.Found != "" {
			fmt.Fprintf(w, "      found %s\n", e.Found)
		}
		if near && e.Near != nil {
			fmt.Fprintf(w, "      near miss: %s ≈ 【%s】 (%d/%d syllables, %d characters off)\n",
				e.Near.Phrase, e.Near.Heard, e.Near.Distance, e.Near.Length, e.Near.Chars)
		}
	}
}
