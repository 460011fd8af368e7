// Package calibrate implements `zhijian calibrate LABELS PATH...`: check calls reviewers
// have labelled and measure the findings against the labels (docs/calibration.md).
package calibrate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/calibrate"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/review"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/store"
	"github.com/zhijian-qa/zhijian/pkg/textwidth"
)

// MaxListed is how many disagreements the text report lists without --errors.
const MaxListed = 20

// maxProblems is how many of the labels that could not be compared are printed (the JSON
// report has them all).
const maxProblems = 100

func moreProblems(n int) string { return msg.Sprintf("diag.more-problems", n) }

// Options are the parsed flags and arguments.
type Options struct {
	IO       *iostreams.IOStreams
	Labels   string
	Paths    []string
	Concepts []string
	Format   string
	Errors   bool
	Lang     string
	// Store and Batch: the agreement from reviews kept in a store (all batches when
	// Batch is "") instead of labels.
	Store, Batch string
	// Encoding forces the transcripts' text encoding, as check's --encoding does;
	// LabelsEncoding the label files' ("" or auto: detect per file). Label exports from a
	// spreadsheet are often GBK beside UTF-8 transcripts.
	Encoding, LabelsEncoding string

	cfg *config.Config
}

// NewCmdCalibrate builds the command.
func NewCmdCalibrate(f *cmdutil.Factory) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	var cfgOpts config.Options
	cmd := &cobra.Command{
		Use:   "calibrate [flags] LABELS PATH... | calibrate --store DSN [--batch NAME]",
		Short: msg.Sprintf("calibrate.measure-findings-against-reviewers-labels"),
		Long: `检查质检员复核过的通话（PATH：文件或目录，同 zhijian check），把每条问题与标注
（LABELS：标注文件 *.csv、*.json，或它们所在的目录；格式见 docs/calibration.md）按概念和行号
配对，输出结论的混淆矩阵与一致率、总体及各概念的 TP/FP/FN、准确率与召回率，以及每处分歧。
规则手册的确定方式与 zhijian check 相同（--rules、.zhijian.yaml 或内置规则；不用基线）。

Checks the calls reviewers have labelled and pairs every finding with the labels by
concept and line; prints the verdict confusion matrix and agreement, TP/FP/FN,
precision and recall overall and per concept, and each disagreement.

退出码 / exit codes:
  0  完成比较 / compared
  2  标注或输入无效：标注的通话不在 PATH 中、文件无法读取、规则手册无效 / bad labels or
     inputs: a labelled call not among PATH, an unreadable file, an invalid rulebook`,
		Example: msg.Sprintf("calibrate.reviewers-vs-machine"),

		Args: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("store") {
				if len(args) > 0 {
					return cmdutil.FlagErrorf("calibrate.with-store-give-no-labels")
				}
				return nil
			}
			return cmdutil.MinimumNArgs(2, "标注文件和要检查的路径 LABELS PATH...", "LABELS and PATH...")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.Labels, opts.Paths = args[0], args[1:]
			}
			cfg, err := cmdutil.LoadConfig(f, cmd, cfgOpts)
			if err != nil {
				return err
			}
			opts.cfg = cfg
			opts.Lang = cfg.Lang.V
			switch opts.Lang {
			case "", "zh", "en":
			default:
				return cmdutil.FlagErrorf("calibrate.unknown-lang", opts.Lang)
			}
			switch opts.Format {
			case "text", "json":
			default:
				return cmdutil.FlagErrorf("calibrate.unknown-format", opts.Format)
			}
			for _, enc := range []string{opts.Encoding, opts.LabelsEncoding} {
				if _, err := source.CanonicalEncoding(enc); err != nil {
					return &cmdutil.FlagError{Err: err}
				}
			}
			for _, c := range opts.Concepts {
				if strings.TrimSpace(c) == "" {
					return cmdutil.FlagErrorf("calibrate.concept-cannot-empty")
				}
			}
			if opts.Store != "" {
				return runStore(cmdutil.Context(cmd), opts)
			}
			return run(f, opts)
		},
	}
	fl := cmd.Flags()
	config.AddFlags(fl, &cfgOpts)
	fl.StringArray("rules", nil, msg.Sprintf("calibrate.rulebook-repeatable-default-as-zhijian"))
	fl.StringArrayVar(&opts.Concepts, "concept", nil, msg.Sprintf("calibrate.compare-only-this-concept-repeatable"))
	fl.StringVarP(&opts.Format, "format", "f", "text", "text | json")
	fl.BoolVar(&opts.Errors, "errors", false, msg.Sprintf("calibrate.list-every-disagreement-default-first", MaxListed))
	fl.String("lang", "", msg.Sprintf("calibrate.output-language"))
	fl.StringVar(&opts.Store, "store", "", msg.Sprintf("calibrate.compare-reviews-kept-store-instead"))
	fl.StringVar(&opts.Batch, "batch", "", msg.Sprintf("calibrate.only-this-review-batch-default"))
	fl.StringVar(&opts.Encoding, "encoding", "auto", msg.Sprintf("check.text-encoding-default-detect"))
	fl.StringVar(&opts.LabelsEncoding, "labels-encoding", "auto", msg.Sprintf("calibrate.labels-encoding"))
	return cmd
}

func run(f *cmdutil.Factory, opts *Options) error {
	ios := opts.IO
	labels, err := calibrate.LoadEncoded(opts.Labels, opts.LabelsEncoding)
	if err != nil {
		return cmdutil.Invalid(msg.Sprintf("calibrate.invalid-labels"), err)
	}
	// The calls' utterances come with their entries: a missed label's line is quoted
	// from them, with no second reading of the inputs.
	checker, err := pipeline.New(pipeline.Config{Project: opts.cfg})
	if err != nil {
		return err
	}
	checker.Stdin, checker.KeepTranscripts, checker.Encoding = ios.In, true, opts.Encoding
	rb := checker.Rulebook
	concepts := map[string]string{} // every rulebook a call may be judged by (a chat's too)
	for _, b := range rb.Books() {
		maps.Copy(concepts, calibrate.Concepts(b.Rules))
	}

	inputs, problems := cmdutil.Walk(opts.cfg, opts.Paths, opts.cfg.Include.V, nil, nil)
	var calls []calibrate.Checked
	named := labelLines(labels)
	texts := transcripts{}
	_, err = checker.StreamInputs(inputs, problems, func(rf report.Call) error {
		// Only what the comparison reads is kept: a call no label names is counted, its
		// findings let go; of a transcript, the utterances on the lines labels name.
		// Every finding and every utterance of the batch was held to the end, about
		// twelve times the transcripts' size (20 MB of calls took 400 MB).
		lines, ok := named.of(rf.Path)
		c := calibrate.FromReport(rf, concepts)
		if !ok {
			c.Findings = nil
		}
		calls = append(calls, c)
		texts.add(rf, lines)
		return nil
	})
	if err != nil {
		return err
	}
	res := calibrate.Compare(calls, labels, calibrate.Options{Concepts: opts.Concepts, TextAt: texts.at})

	msg := messages[opts.Lang == "en"]
	for _, w := range unchecked(labels, concepts, opts.Concepts) {
		fmt.Fprintf(ios.ErrOut, msg.unchecked+"\n", w)
	}
	out := ios.Out
	switch opts.Format {
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(struct {
			Rulebook report.Rulebook `json:"rulebook"`
			*calibrate.Result
		}{checker.RulebookID(), res})
	default:
		err = Write(out, res, rb, WriteOptions{All: opts.Errors, EN: opts.Lang == "en"})
	}
	if err != nil {
		return err
	}
	// The first problems say what is wrong; a label file naming 600,000 calls that are
	// not there printed a line for each.
	for i, p := range res.Problems {
		if i == maxProblems {
			fmt.Fprintln(ios.ErrOut, moreProblems(len(res.Problems)-i))
			break
		}
		fmt.Fprintln(ios.ErrOut, report.Printable(p))
	}
	if len(res.Problems) > 0 {
		return fmt.Errorf(msg.problems, len(res.Problems), len(res.Problems))
	}
	return nil
}

// runStore prints the agreement between reviewers and the machine from the reviews
// kept in a store: a confirmed finding is a true positive, a rejected one a false
// positive, a violation a reviewer added a miss.
func runStore(ctx context.Context, opts *Options) error {
	st, err := store.Open(ctx, opts.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	rb, err := pipeline.LoadRulebook(pipeline.Config{Project: opts.cfg}, segment.New())
	if err != nil {
		return err
	}
	reviewed, err := st.ReviewedCalls(ctx, opts.Batch)
	if err != nil {
		return err
	}
	res := review.Agreement(rb, reviewed)
	if len(opts.Concepts) > 0 {
		res = res.Only(opts.Concepts)
	}
	if opts.Format == "json" {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Store string `json:"store"`
			Batch string `json:"batch,omitempty"`
			*calibrate.Result
		}{st.DSN, opts.Batch, res})
	}
	return Write(opts.IO.Out, res, rb, WriteOptions{All: opts.Errors, EN: opts.Lang == "en"})
}

// unchecked names the labelled concepts (and the --concept ones) no rule of the
// rulebook checks: their labels can only be missed, which a typo would also explain.
func unchecked(labels *calibrate.Labels, concepts map[string]string, filter []string) []string {
	checked := map[string]bool{}
	for _, c := range concepts {
		checked[c] = true
	}
	seen := map[string]bool{}
	var out []string
	note := func(c string) {
		if !checked[c] && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range filter {
		note(c)
	}
	for _, call := range labels.Calls {
		for _, v := range call.Violations {
			if len(filter) == 0 || slices.Contains(filter, v.Concept) {
				note(v.Concept)
			}
		}
	}
	sort.Strings(out)
	return out
}

// labelled are the lines the labels name, by the file each label gives (cleaned, as
// calibrate compares it).
type labelled map[string][]int

func labelLines(labels *calibrate.Labels) labelled {
	l := labelled{}
	for _, c := range labels.Calls {
		f := path.Clean(strings.ReplaceAll(strings.TrimSpace(c.File), `\`, "/"))
		lines := l[f]
		for _, v := range c.Violations {
			if v.Line > 0 {
				lines = append(lines, v.Line)
			}
		}
		l[f] = lines
	}
	return l
}

// of are the lines labels name in the checked file p, and whether any label names it: a
// label names p when it is p or p ends with "/" and it (calibrate.Matches).
func (l labelled) of(p string) (lines []int, ok bool) {
	p = path.Clean(filepath.ToSlash(strings.ReplaceAll(p, `\`, "/")))
	for i := -1; i < len(p); i++ {
		if i >= 0 && p[i] != '/' {
			continue
		}
		if ls, named := l[p[i+1:]]; named {
			lines, ok = append(lines, ls...), true
		}
	}
	return lines, ok
}

// transcripts are, of each file that holds one call (labels name a file and a line),
// the utterances on the lines labels name, for quoting what a missed label points at.
type transcripts map[string]map[int]report.Utterance

// add keeps the utterances of f on lines (the one a line is in, or continues).
func (t transcripts) add(f report.Call, lines []int) {
	if _, seen := t[f.Path]; seen {
		t[f.Path] = nil // a file of several calls: a line does not say which
		return
	}
	at := make(map[int]report.Utterance, len(lines))
	for _, line := range lines {
		var found *report.Utterance
		for i, u := range f.Transcript {
			if u.Line > line {
				break
			}
			found = &f.Transcript[i]
		}
		if found != nil {
			at[line] = *found
		}
	}
	t[f.Path] = at
}

// at is the utterance on the line of path, or the one it continues.
func (t transcripts) at(path string, line int) (role, text string) {
	u, ok := t[path][line]
	if !ok {
		return "", ""
	}
	return u.Role, u.Text
}

// WriteOptions adjust Write.
type WriteOptions struct {
	// All lists every disagreement, not the first MaxListed.
	All bool
	// EN writes English instead of Chinese.
	EN bool
}

type messageSet struct {
	head                                 string
	filter                               string
	verdict, toolPass, toolFail          string
	labPass, labFail                     string
	agreement                            string
	overall                              string
	concept                              string
	disagreements, more                  string
	none                                 string
	pass, fail                           string
	falsePositive, missed, verdictDiffer string
	labelled, tool                       string
	notSaid, noteSep                     string
	roles                                map[string]string
	verdictLine, scoreNote, labelNote    string
	unchecked, problems                  string
}

var messages = map[bool]messageSet{
	false: {
		head:          "规则手册 %s；已标注 %d 通，未标注 %d 通（不计）",
		filter:        "只比较概念：%s",
		verdict:       "结论",
		toolPass:      "工具合格",
		toolFail:      "工具不合格",
		labPass:       "标注合格",
		labFail:       "标注不合格",
		agreement:     "结论一致 %d/%d = %.3f",
		overall:       "总体  TP %d  FP %d  FN %d  准确率 P %.3f  召回率 R %.3f  F1 %.3f",
		concept:       "概念",
		disagreements: "分歧（%d 条）：",
		more:          "  …… 另有 %d 条，--errors 列出全部",
		none:          "没有分歧。",
		pass:          "合格", fail: "不合格",
		falsePositive: "误报", missed: "漏报", verdictDiffer: "结论",
		labelled: "标注", tool: "工具",
		notSaid: "（未出现）", noteSep: "：", roles: map[string]string{"agent": "坐席", "customer": "客户"},
		verdictLine: "%s %s，%s %s", scoreNote: "（得分 %s）", labelNote: "（标注于 %s%s）",
		unchecked: "注意：规则手册中没有检查概念 %s 的规则，它的标注都会算作漏报 / no rule checks this concept: its labels can only be missed",
		problems:  "%d 处无法比较 / %d could not be compared",
	},
	true: {
		head:          "rulebook %s; %d labelled calls, %d unlabelled (left out)",
		filter:        "concepts compared: %s",
		verdict:       "verdict",
		toolPass:      "tool pass",
		toolFail:      "tool fail",
		labPass:       "labelled pass",
		labFail:       "labelled fail",
		agreement:     "verdicts agree %d/%d = %.3f",
		overall:       "overall  TP %d  FP %d  FN %d  P %.3f  R %.3f  F1 %.3f",
		concept:       "concept",
		disagreements: "disagreements (%d):",
		more:          "  … %d more, --errors lists them all",
		none:          "no disagreements.",
		pass:          "pass", fail: "fail",
		falsePositive: "false positive", missed: "missed", verdictDiffer: "verdict",
		labelled: "labelled", tool: "zhijian",
		notSaid: "(not found)", noteSep: ": ", roles: map[string]string{"agent": "agent", "customer": "customer"},
		verdictLine: "%s %s, %s %s", scoreNote: " (score %s)", labelNote: "(labelled at %s%s)",
		unchecked: "note: no rule of the rulebook checks concept %s: its labels can only be missed",
		problems:  "%d could not be compared / %d 处无法比较",
	},
}

// Write prints the figures as text: the verdict confusion matrix, the overall line, the
// per-concept table and the disagreements.
func Write(w io.Writer, r *calibrate.Result, rb *rulebook.Rulebook, o WriteOptions) error {
	msg := messages[o.EN]
	var b strings.Builder
	fmt.Fprintf(&b, msg.head+"\n", strings.TrimSpace(rb.Name+" "+rb.Version), r.Calls, r.Unlabelled)
	if len(r.Filter) > 0 {
		fmt.Fprintf(&b, msg.filter+"\n", strings.Join(r.Filter, ", "))
	}
	b.WriteString("\n")
	v := r.Verdict
	b.WriteString(textwidth.Table([][]string{
		{msg.verdict, msg.toolPass, msg.toolFail},
		{msg.labPass, fmt.Sprint(v.LabelledPass.ToolPass), fmt.Sprint(v.LabelledPass.ToolFail)},
		{msg.labFail, fmt.Sprint(v.LabelledFail.ToolPass), fmt.Sprint(v.LabelledFail.ToolFail)},
	}, ""))
	agree := v.LabelledPass.ToolPass + v.LabelledFail.ToolFail
	fmt.Fprintf(&b, msg.agreement+"\n\n", agree, r.Calls, v.Agreement)
	ov := r.Overall
	fmt.Fprintf(&b, msg.overall+"\n\n", ov.TP, ov.FP, ov.FN, ov.Precision, ov.Recall, ov.F1)
	if len(r.PerConcept) > 0 {
		rows := [][]string{{msg.concept, "TP", "FP", "FN", "P", "R"}}
		for _, c := range r.PerConcept {
			rows = append(rows, []string{c.Concept, fmt.Sprint(c.TP), fmt.Sprint(c.FP), fmt.Sprint(c.FN),
				fmt.Sprintf("%.3f", c.Precision), fmt.Sprintf("%.3f", c.Recall)})
		}
		b.WriteString(textwidth.Table(rows, ""))
		b.WriteString("\n")
	}
	if len(r.Disagreements) == 0 {
		b.WriteString(msg.none + "\n")
	} else {
		fmt.Fprintf(&b, msg.disagreements+"\n", len(r.Disagreements))
		for i, d := range r.Disagreements {
			if i == MaxListed && !o.All {
				fmt.Fprintf(&b, msg.more+"\n", len(r.Disagreements)-i)
				break
			}
			b.WriteString(disagreement(d, msg))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// disagreement is one line of the list, and the utterance under it. What comes from the
// transcripts and the labels is shown escaped: an utterance's "\x1b[2J" cleared the
// reader's screen.
func disagreement(d calibrate.Disagreement, msg messageSet) string {
	p := report.Printable
	d.File, d.Concept, d.Rule, d.Message, d.Note, d.Label = p(d.File), p(d.Concept), p(d.Rule), p(d.Message), p(d.Note), p(d.Label)
	where := d.File
	if d.Line > 0 {
		where = fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	verdict := func(v string) string {
		if v == calibrate.Pass {
			return msg.pass
		}
		return msg.fail
	}
	var line string
	switch d.Type {
	case calibrate.VerdictDiffer:
		line = fmt.Sprintf("  %s  %s  "+msg.verdictLine, where, msg.verdictDiffer, msg.labelled, verdict(d.Labelled), msg.tool, verdict(d.Tool))
		if d.Score != nil {
			line += fmt.Sprintf(msg.scoreNote, formatScore(*d.Score))
		}
	case calibrate.FalsePositive:
		rule := d.Concept
		if d.Rule != d.Concept {
			rule += " (" + d.Rule + ")"
		}
		line = fmt.Sprintf("  %s  %s  %s  %s", where, msg.falsePositive, rule, d.Message)
	default:
		note := ""
		if d.Note != "" {
			note = msg.noteSep + d.Note
		}
		line = fmt.Sprintf("  %s  %s  %s  "+msg.labelNote, where, msg.missed, d.Concept, d.Label, note)
	}
	line += "\n"
	if d.Text != "" {
		quote := []string{}
		if d.Missing {
			quote = append(quote, msg.notSaid)
		}
		if who := msg.roles[d.Role]; who != "" {
			quote = append(quote, who)
		}
		text := d.Text
		if d.Match != "" {
			text = strings.Replace(text, d.Match, "【"+d.Match+"】", 1)
		}
		line += "      " + strings.Join(append(quote, p(text)), " ") + "\n"
	}
	return line
}

func formatScore(s float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", s), "0"), ".")
}
