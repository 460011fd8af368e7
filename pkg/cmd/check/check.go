// Package check implements `zhijian check`: score transcripts against a rulebook.
package check

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/progress"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Options are the parsed flags and arguments of `zhijian check`.
type Options struct {
	IO        *iostreams.IOStreams
	Paths     []string
	Rules     []string
	Format    string
	Output    []string
	FailUnder float64
	Include   []string
	Lang      string
	Workers   int
	MaxSizeMB int64
	// InputFormat forces the transcript format ("" or auto: detect per file).
	InputFormat string
	// Shard is "K/N": check only the inputs of that stable slice of the batch.
	Shard string
	// MaxTurns and MaxUtterance bound one call, MaxCalls one file.
	MaxTurns, MaxUtterance, MaxCalls int
	// NearMiss shows where missing required phrases almost matched.
	NearMiss bool
	// NoMask keeps personal numbers whole in the reports (--no-mask).
	NoMask bool
	// Strict matches phrases only as written (rule.Strict): for typed scripts, and to
	// measure what tolerant matching costs.
	Strict bool
	// Debug adds stacks to internal errors.
	Debug bool
	// Encoding forces the text encoding ("" or auto: detect per file).
	Encoding string
	// SummaryCSV is where the per-call CSV goes ("-": standard output).
	SummaryCSV string
	// GroupBy adds a per-agent or per-rule table to the text report.
	GroupBy string
	// AgentKey is the metadata key (or CSV transcript column) naming a call's agent.
	AgentKey string
	// AgentPattern takes the agent from the file name instead, where it matches.
	AgentPattern string
	Quiet        bool
	Verbose      bool
	// Version is zhijian's, for the SARIF report.
	Version string
	// Store records the run in a store (a SQLite file or a postgres:// DSN) for review;
	// RunLabel names the run (default: today's date).
	Store, RunLabel string
	// project: .zhijian.yaml, --exclude, --fail-level, --baseline (project.go).
	project

	failUnderSet bool
	formatSet    bool
	outputs      []report.Output
	agentOf      report.AgentFunc
}

// NewCmdCheck builds the command; runF replaces the run step in tests of flag parsing.
func NewCmdCheck(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Version: f.Version}
	cmd := &cobra.Command{
		Use:   "check [flags] PATH...",
		Short: msg.Sprintf("check.check-transcripts-score-them"),
		Long: `检查通话转写（文件、目录或 - 表示标准输入）并按规则手册打分。
目录会递归查找，默认检查 *.txt、*.csv、*.tsv、*.json、*.jsonl、*.srt、*.vtt 文件；
格式按扩展名和内容自动识别（--input-format 可指定）。

退出码 / exit codes:
  0  全部合格 / every transcript passed
  1  至少一通不合格 / at least one transcript failed
  2  有文件无法读取或解析，或规则手册无效 / an input could not be read or parsed,
     or the rulebook is invalid (the other inputs are still scored and reported)`,
		Example: `  zhijian check testdata/calls
  zhijian check --format json --output report.json calls/
  zhijian check -o html=report.html -o xlsx=report.xlsx calls/
  zhijian check --format jsonl calls/ | jq -c 'select(.passed | not)'
  zhijian check --group-by agent --agent-pattern '_(\d+)\.txt$' calls/
  zhijian check --rules my-rules.yaml --fail-under 90 scripts/
  cat call.txt | zhijian check -`,
		Args: cmdutil.MinimumNArgs(1, "要检查的文件或目录 PATH", "PATH to check"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.failUnderSet = cmd.Flags().Changed("fail-under")
			if opts.Lang == "" {
				opts.Lang = os.Getenv("ZHIJIAN_LANG")
			}
			opts.formatSet = cmd.Flags().Changed("format")
			if err := applyConfig(f, cmd, opts); err != nil {
				return err
			}
			if report.FormatNamed(opts.Format) == nil {
				return cmdutil.FlagErrorf("check.unknown-format", opts.Format, strings.Join(Formats, "、"))
			}
			outs, err := report.ResolveOutputs(report.OutputFlags{Values: opts.Output, Format: opts.Format,
				FormatSet: opts.formatSet, SummaryCSV: opts.SummaryCSV, StdoutIsTTY: opts.IO.IsStdoutTTY()})
			if err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			opts.outputs = outs
			switch opts.GroupBy {
			case "", report.GroupAgent, report.GroupRule:
			default:
				return cmdutil.FlagErrorf("check.unknown-group-by", opts.GroupBy)
			}
			opts.agentOf = report.MetadataAgent(opts.AgentKey)
			if opts.AgentPattern != "" {
				re, err := regexp.Compile(opts.AgentPattern)
				if err != nil {
					return cmdutil.FlagErrorf("check.invalid-agent-pattern", err)
				}
				opts.agentOf = report.PathAgent(re, opts.agentOf)
			}
			if opts.Quiet && opts.Verbose {
				return cmdutil.FlagErrorf("check.quiet-verbose-exclude-each-other")
			}
			switch opts.Lang {
			case "", "zh", "en":
			default:
				return cmdutil.FlagErrorf("check.unknown-lang", opts.Lang)
			}
			if _, err := transcript.ParseFormat(opts.InputFormat); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			if opts.Shard != "" {
				if _, err := source.ParseShard(opts.Shard); err != nil {
					return &cmdutil.FlagError{Err: err}
				}
			}
			if _, err := source.CanonicalEncoding(opts.Encoding); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			// A transcript's offsets are kept in 32 bits (pkg/normalize): 2 GiB at most.
			if opts.MaxSizeMB < 1 || opts.MaxSizeMB > maxSizeMB {
				return cmdutil.FlagErrorf("check.max-size-must-mb", maxSizeMB)
			}
			// NaN compares false with everything: it must be refused by name.
			if opts.failUnderSet && (math.IsNaN(opts.FailUnder) || opts.FailUnder < 0 || opts.FailUnder > 100) {
				return cmdutil.FlagErrorf("check.fail-under-must-100")
			}
			if opts.Workers < 0 || opts.Workers > maxWorkers {
				return cmdutil.FlagErrorf("check.workers-must-one-per-cpu", maxWorkers)
			}
			if opts.MaxCalls < 1 {
				return cmdutil.FlagErrorf("check.max-calls-must-least")
			}
			if opts.MaxTurns < 1 {
				return cmdutil.FlagErrorf("check.max-turns-must-least")
			}
			if opts.MaxUtterance < 1 {
				return cmdutil.FlagErrorf("check.max-utterance-must-least")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Rules, "rules", nil, msg.Sprintf("check.rulebook-file-repeatable-default-embedded"))
	fl.StringVarP(&opts.Format, "format", "f", "text", msg.Sprintf("check.report-format"))
	fl.StringArrayVarP(&opts.Output, "output", "o", nil, msg.Sprintf("check.write-report-file-format-file"))
	fl.StringVar(&opts.SummaryCSV, "summary-csv", "", msg.Sprintf("check.write-one-row-per-call"))
	fl.StringVar(&opts.GroupBy, "group-by", "", msg.Sprintf("check.add-per-agent-per-rule"))
	fl.StringVar(&opts.AgentKey, "agent-key", "agent_id", msg.Sprintf("check.metadata-key-csv-column-naming"))
	fl.StringVar(&opts.AgentPattern, "agent-pattern", "", msg.Sprintf("check.regexp-taking-agent-from-path"))
	fl.BoolVarP(&opts.Quiet, "quiet", "q", false, msg.Sprintf("check.no-progress-bar-notes-stderr"))
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, msg.Sprintf("check.report-each-file-timing-stderr"))
	fl.Float64Var(&opts.FailUnder, "fail-under", 0, msg.Sprintf("check.fail-transcript-scoring-below-score"))
	fl.StringArrayVar(&opts.Include, "include", source.DefaultInclude, msg.Sprintf("check.file-name-glob-files-found"))
	fl.StringVar(&opts.Encoding, "encoding", "auto", msg.Sprintf("check.text-encoding-default-detect"))
	fl.StringVar(&opts.InputFormat, "input-format", "auto", msg.Sprintf("check.transcript-format-default-by-extension"))
	fl.StringVar(&opts.Lang, "lang", "", msg.Sprintf("check.report-language"))
	fl.IntVar(&opts.Workers, "workers", 0, msg.Sprintf("check.files-checked-once-default-number"))
	fl.StringVar(&opts.Shard, "shard", "", msg.Sprintf("check.check-only-shard-stable-by"))
	fl.BoolVar(&opts.Debug, "debug", false, msg.Sprintf("check.add-stack-internal-errors"))
	fl.BoolVar(&opts.Strict, "strict", false, msg.Sprintf("check.match-phrases-only-as-written"))
	fl.StringVar(&opts.Store, "store", "", msg.Sprintf("check.record-run-store-review-sqlite"))
	fl.StringVar(&opts.RunLabel, "run-label", "", msg.Sprintf("check.run-label-default-today-date"))
	fl.BoolVar(&opts.NearMiss, "near-miss", false, msg.Sprintf("check.show-where-missing-required-phrase"))
	fl.BoolVar(&opts.NoMask, "no-mask", false, msg.Sprintf("check.no-mask"))
	fl.IntVar(&opts.MaxTurns, "max-turns", pipeline.DefaultMaxTurns, msg.Sprintf("check.most-utterances-one-call"))
	fl.IntVar(&opts.MaxCalls, "max-calls", pipeline.DefaultMaxCalls, msg.Sprintf("check.most-calls-one-file"))
	fl.IntVar(&opts.MaxUtterance, "max-utterance", pipeline.DefaultMaxUtteranceLength, msg.Sprintf("check.most-characters-one-utterance"))
	fl.Int64Var(&opts.MaxSizeMB, "max-size", source.DefaultMaxSize>>20, msg.Sprintf("check.largest-file-read-mb"))
	addProjectFlags(fl, opts)
	return cmd
}

// maxWorkers is the most --workers: each holds a file and its results, and more than a
// few per core only add memory (a million took 2.8 GB for one file).
const maxWorkers = 1024

// maxSizeMB is the largest --max-size: a file of 2 GiB or more is no transcript.
const maxSizeMB = 2047

// gcPercent is the garbage collector's target for a batch unless GOGC says otherwise. A
// call's texts and matches die as soon as it is scored, so the live heap stays small (a
// few MB) however large the batch; collecting half as often costs some 10 MB of peak
// memory and saves about a tenth of the time (testdata/bench/throughput.sh).
const gcPercent = 200

// memoryLimit is the soft limit of the Go heap for a batch of n workers unless GOGC or
// GOMEMLIMIT is set. The models and the dictionary stay live (some 40 MB), so at gcPercent
// the heap would grow to three times that between collections; under the limit the
// collector runs a little earlier instead. A batch of two workers then peaks under
// 150 MB RSS at about 2% more CPU (docs/scale.md); a worker more is room for one more call.
func memoryLimit(n int) int64 { return (112 + 8*int64(n)) << 20 }

// bytesPerInputByte is about what checking a call takes for each byte of it (a 56 MB
// transcript of 19,000 long turns peaked at 1.8 GB with the collector at gcPercent).
const bytesPerInputByte = 24

// liveHeap is what the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// softLimit keeps the soft limit of a batch of n workers where it lets the collector
// breathe: memoryLimit(n) for a batch of ordinary calls and the default rulebook, raised
// (never lowered) to hold a large call about to be checked, and to twice the live heap
// when what is loaded holds more than half the limit. Below what one large call holds
// live, the collector ran without pause: a 44 MB stream of one call took 88 s instead of
// 9 (the hostile-input audit of 2026-12-07); so did a rulebook of 100,000 phrases,
// loaded and checked three times slower than with no limit (that of the fourteenth
// session). The limit is set once the rulebooks are loaded, from what they hold live,
// and looked at again before each input, as some of a rulebook's tables are built when
// the first call needs them. At twice the live heap the collector runs no more often
// than Go's default (GOGC=100) would; a batch with the default rulebook holds some
// 40 MB live and never raises it.
type softLimit struct {
	base  int64
	limit atomic.Int64
}

func newSoftLimit(n int) *softLimit {
	l := &softLimit{base: memoryLimit(n)}
	l.raise(0) // from 0: sets it
	return l
}

// raise is the Sizing of the Checker: told the size of each input (or streamed call)
// it is about to check.
func (l *softLimit) raise(size int64) {
	want := max(l.base+bytesPerInputByte*size, 2*liveHeap())
	for {
		cur := l.limit.Load()
		if want <= cur {
			return
		}
		if l.limit.CompareAndSwap(cur, want) {
			debug.SetMemoryLimit(want)
			return
		}
	}
}

func run(opts *Options) (err error) {
	ios := opts.IO
	start := time.Now()
	// Ctrl-C, SIGTERM or SIGHUP: stop reading and checking, write nothing as if
	// complete, leave no temporary file, exit 130.
	ctx, stopWatch := cmdutil.InterruptContext(ios.ErrOut)
	defer stopWatch()
	defer func() {
		// What failed after the signal failed because of it: the store, opened or
		// written with the cancelled context, said "cannot reach the store …: context
		// canceled" or "cannot record a finding …", exit 2, not 130.
		var silent *cmdutil.SilentError
		var cancel *cmdutil.CancelError
		if err != nil && ctx.Err() != nil && !errors.As(err, &silent) && !errors.As(err, &cancel) {
			err = &cmdutil.CancelError{Err: pipeline.ErrInterrupted}
		}
	}()
	// The collector's settings are ours unless GOGC or GOMEMLIMIT chooses them.
	ourGC := os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""
	n := opts.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if ourGC {
		// The soft limit is set once the rulebooks are loaded, from what they hold live.
		defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	}
	checker, err := opts.checker(ctx)
	if err != nil {
		return err
	}
	if ourGC {
		checker.Sizing = newSoftLimit(n).raise
	}
	if err := opts.outputsClash(); err != nil {
		return err
	}
	if err := opts.outputIsInput(checker.Rulebook); err != nil {
		return cmdutil.Invalid(msg.Sprintf("check.output-input"), err)
	}
	// The reports are written once the batch is checked: a directory in the way, or a
	// missing one, is found now, not then.
	if err := report.CheckOutputs(opts.outputs); err != nil {
		return err
	}
	if opts.WriteBaseline != "" {
		// Written once the batch is checked: a missing directory is found now, not then.
		if err := atomicfile.Check(opts.WriteBaseline); err != nil {
			return msg.Errorf("check.cannot-write-baseline", err)
		}
	}
	b := opts.listBatch()
	fb := opts.feedback(b.total)
	// A text report on the terminal under a progress bar waits for the bar to finish,
	// as QA staff read it there.
	holdStdout := fb.bar != nil && ios.IsStdoutTTY() && slices.Contains(opts.outputs, report.Output{Format: "text", Path: report.Stdout})
	// A shard's report says which shard and how it matched, for merge to check the set.
	id := checker.Verdicts()
	if sh, err := source.ParseShard(opts.Shard); opts.Shard != "" && err == nil {
		id.Shard = fmt.Sprintf("%d/%d", sh.K, sh.N)
	}
	id.Strict = opts.Strict
	fileOpts := report.Options{Rulebook: id, Lang: report.Lang(opts.Lang), GroupBy: opts.GroupBy,
		AgentOf: opts.agentOf, Rules: ruleInfos(checker.Rulebook), Version: opts.Version}
	w, err := report.OpenOutputs(opts.outputs, ios.Out, report.Options{Colors: ios.ColorScheme(), Hold: holdStdout}, fileOpts)
	if err != nil {
		return err
	}
	rec, err := opts.startRecording(ctx, checker.RulebookID())
	if err != nil {
		w.Abort(err)
		return err
	}
	if opts.Verbose {
		rb := checker.Rulebook
		fb.say(fmt.Sprintf(fb.msg.started, strings.TrimSpace(rb.Name+" "+rb.Version), b.total))
	}
	// Per-file errors go to stderr too, so a CI log shows them, unless the text report
	// is already printing them to the terminal.
	fb.printErrors = !opts.Quiet && !(w.StdoutFormat() == "text" && ios.IsStdoutTTY())
	emit := func(f report.Call) error {
		fb.entry(f)
		opts.record(f)
		if err := rec.add(f); err != nil {
			return err
		}
		return w.Add(f)
	}
	var summary report.Summary
	if b.readsStdin && streamsStdin(b.listed, b.problems(), checker.Format, opts.Encoding) {
		summary, err = checker.StreamJSONL(ios.In, source.Stdin, emit)
	} else {
		summary, err = checker.StreamInputs(b.inputs, b.problems, emit)
	}
	fb.bar.Finish()
	if err != nil {
		w.Abort(err)
		rec.finish(summary, true)
		if errors.Is(err, pipeline.ErrInterrupted) {
			return &cmdutil.CancelError{Err: err}
		}
		return err
	}
	// Paths passed over (not matching --include, pipes and devices, the run's own
	// outputs...) are counted and listed with their reasons, never lost.
	summary.Skipped, summary.SkippedFiles = b.skipped.Count, b.skipped.Files
	if opts.Verbose {
		for _, s := range b.skipped.Files {
			fmt.Fprintf(ios.ErrOut, fb.msg.skippedFile+"\n", report.Printable(s.Path), s.Reason)
		}
	}
	if err := w.Close(summary); err != nil {
		rec.finish(summary, true)
		return err
	}
	runID, err := rec.finish(summary, false)
	if err != nil {
		return err
	}
	if runID != "" && !opts.Quiet {
		fmt.Fprintf(ios.ErrOut, fb.msg.stored+"\n", opts.Store, runID)
	}
	if !opts.Quiet && (opts.Verbose || ios.IsStderrTTY()) {
		for _, o := range opts.outputs {
			if o.Path != report.Stdout {
				fmt.Fprintf(ios.ErrOut, fb.msg.wrote+"\n", o.Path, o.Format)
			}
		}
	}
	if opts.Verbose {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(ios.ErrOut, fb.msg.finished+"\n", summary.Files, secs, float64(summary.Files)/max(secs, 1e-9))
	}
	return opts.exit(summary)
}

// checker builds the run's Checker (pipeline.New) with the flags on reading inputs.
func (opts *Options) checker(ctx context.Context) (*pipeline.Checker, error) {
	setup := pipeline.Config{Rules: opts.Rules, Project: opts.cfg, Strict: opts.Strict, Baseline: opts.Baseline}
	if opts.failUnderSet {
		setup.PassScore = &opts.FailUnder
	}
	c, err := pipeline.New(setup)
	if err != nil {
		return nil, err
	}
	c.Format, _ = transcript.ParseFormat(opts.InputFormat) // checked with the flags
	c.Encoding = opts.Encoding
	c.MaxSize = opts.MaxSizeMB << 20
	c.MaxTurns, c.MaxUtteranceLength, c.MaxCalls = opts.MaxTurns, opts.MaxUtterance, opts.MaxCalls
	c.NearMiss, c.Debug, c.KeepPII = opts.NearMiss, opts.Debug, opts.NoMask
	c.Workers, c.Stdin, c.Context = opts.Workers, opts.IO.In, ctx
	// The HTML drill-down and the store show whole transcripts: the workers attach them.
	c.KeepTranscripts = opts.wants("html") || opts.Store != ""
	// Encoded by the workers, a line is held until written (a report written at the end
	// does not keep it).
	c.EncodeLines, c.EncodeEntries = opts.wants("jsonl"), opts.wants("json")
	return c, nil
}

// batch is a run's inputs as they are walked, and what it knows of them beforehand.
type batch struct {
	inputs   iter.Seq[source.Input]
	problems func() []*source.Error
	skipped  *report.Skipped
	// readsStdin: standard input is among the inputs, listed whole first (listed).
	readsStdin bool
	listed     []source.Input
	// total is the number of inputs when a progress bar or --verbose needs it, else 0.
	total int
}

// listBatch prepares the walk. The batch is checked as the directories are walked, so
// a nightly run over millions of files starts at once and never holds their list; a
// batch that reads standard input is listed whole first. A progress bar and --verbose
// need the count first: the directories are read once more to count the files, which
// costs far less than holding their list.
func (opts *Options) listBatch() *batch {
	b := &batch{skipped: &report.Skipped{}}
	b.inputs, b.problems = opts.batch(b.skipped.Add)
	if b.readsStdin = slices.Contains(opts.Paths, source.Stdin); b.readsStdin {
		b.listed = slices.Collect(b.inputs)
		found := b.problems()
		b.inputs, b.problems = slices.Values(b.listed), func() []*source.Error { return found }
		b.total = len(b.listed) + len(found)
		return b
	}
	if (!opts.Quiet && opts.IO.IsStderrTTY()) || opts.Verbose {
		all, found := opts.batch(nil)
		for range all {
			b.total++
		}
		b.total += len(found())
	}
	return b
}

// feedback is what a run says on stderr while it works: a progress bar on a terminal,
// a line per file with --verbose, the errors of files for a CI log.
type feedback struct {
	ios         *iostreams.IOStreams
	msg         messageSet
	bar         *progress.Bar // nil: none
	verbose     bool
	printErrors bool
	lastPath    string
	done        int
}

func (opts *Options) feedback(total int) *feedback {
	fb := &feedback{ios: opts.IO, msg: messages[lang(opts)], verbose: opts.Verbose}
	if !opts.Quiet && opts.IO.IsStderrTTY() && total > 1 {
		fb.bar = progress.New(opts.IO.ErrOut, total, fb.msg.bar)
	}
	return fb
}

// say prints a line on stderr, above the progress bar if there is one.
func (fb *feedback) say(a ...any) {
	if fb.bar != nil {
		fb.bar.Println(a...)
	} else {
		fmt.Fprintln(fb.ios.ErrOut, a...)
	}
}

// entry notes one report entry. The entries of one input (a CSV file may hold many
// calls) come one after another.
func (fb *feedback) entry(f report.Call) {
	if fb.done == 0 || f.Path != fb.lastPath {
		fb.lastPath = f.Path
		fb.done++
		fb.bar.Add(1)
	}
	switch {
	case fb.verbose:
		fb.say(report.Printable(verboseLine(f, fb.msg)))
	case fb.printErrors && f.Error != "":
		fb.say(report.Printable(f.Error))
	}
}

// streamsStdin says the batch is a JSON Lines stream on standard input, as a Hadoop
// Streaming or Spark pipe stage gives it: it is checked as it comes, a call at a time
// (pipeline.StreamJSONL), not read whole first.
func streamsStdin(inputs []source.Input, problems []*source.Error, format transcript.Format, encoding string) bool {
	enc, _ := source.CanonicalEncoding(encoding)
	return len(inputs) == 1 && inputs[0].Path == source.Stdin && len(problems) == 0 &&
		format == transcript.JSONL && (enc == "" || enc == source.UTF8)
}

func lang(opts *Options) report.Lang {
	if opts.Lang == "en" {
		return report.LangEN
	}
	return report.LangZH
}

// messages are the command's own words on stderr.
type messageSet struct {
	bar                       progress.Options
	started, finished, wrote  string
	score, pass, fail, errorW string
	skippedFile, stored       string
}

var messages = map[report.Lang]messageSet{
	report.LangZH: {
		bar:      progress.Options{Label: "检查", Unit: "个文件", Rate: "%s 个/秒", ETA: "剩余 %s"},
		started:  "规则库 %s，%d 个文件",
		finished: "完成：%d 通，用时 %.2f 秒（%.1f 通/秒）",
		wrote:    "已写入 %s（%s）",
		score:    "得分", pass: "合格", fail: "不合格", errorW: "错误",
		skippedFile: "跳过 %s：%s",
		stored:      "已记录到 %s（运行 %s）",
	},
	report.LangEN: {
		bar:      progress.Options{Label: "checking", Unit: "files", Rate: "%s/s", ETA: "ETA %s"},
		started:  "rulebook %s, %d files",
		finished: "done: %d calls in %.2f s (%.1f calls/s)",
		wrote:    "wrote %s (%s)",
		score:    "score", pass: "PASS", fail: "FAIL", errorW: "ERROR",
		skippedFile: "skipped %s: %s",
		stored:      "recorded in %s (run %s)",
	},
}

func verboseLine(f report.Call, msg messageSet) string {
	switch {
	case f.Error != "":
		return f.Path + "  " + msg.errorW + ": " + f.Error
	case f.Passed:
		return fmt.Sprintf("%s  %s %s  %s", f.Path, msg.score, formatScore(f.Score), msg.pass)
	}
	return fmt.Sprintf("%s  %s %s  %s", f.Path, msg.score, formatScore(f.Score), msg.fail)
}

func formatScore(s *float64) string {
	if s == nil {
		return "-"
	}
	return strconv.FormatFloat(*s, 'f', -1, 64)
}
