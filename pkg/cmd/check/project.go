package check

import (
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/baseline"
	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/source"
)

// project holds what `zhijian check` takes from a project's .zhijian.yaml and the
// adoption flags: excluded paths, per-path overrides, a baseline, --fail-level.
type project struct {
	cfgOpts config.Options
	cfg     *config.Config
	// Exclude, FailLevel and Baseline are flags; the configuration fills them when the
	// flags are not given.
	Exclude       []string
	FailLevel     string
	Baseline      string
	WriteBaseline string

	builder *baseline.Builder
}

func addProjectFlags(fl *pflag.FlagSet, opts *Options) {
	config.AddFlags(fl, &opts.cfgOpts)
	fl.StringArrayVar(&opts.Exclude, "exclude", nil, msg.Sprintf("check.path-glob-leave-out-repeatable"))
	fl.StringVar(&opts.FailLevel, "fail-level", "none", msg.Sprintf("check.fail-call-with-finding-this"))
	fl.StringVar(&opts.Baseline, "baseline", "", msg.Sprintf("check.baseline-its-known-findings-are"))
	fl.StringVar(&opts.WriteBaseline, "write-baseline", "", msg.Sprintf("check.write-this-run-findings-as"))
}

// applyConfig reads the project configuration and fills every option the command line
// left unset: flags win, then the environment, then .zhijian.yaml, then the defaults.
func applyConfig(f *cmdutil.Factory, cmd *cobra.Command, opts *Options) error {
	cfg, err := cmdutil.LoadConfig(f, cmd, opts.cfgOpts)
	if err != nil {
		return err
	}
	opts.cfg = cfg
	fl := cmd.Flags()
	opts.Rules = cfg.RulePaths()
	if !fl.Changed("include") && cfg.Include.Set() {
		opts.Include = cfg.Include.V
	}
	if !fl.Changed("output") && cfg.Output.Set() {
		opts.Output = cfg.Outputs()
	}
	// The configuration's format (or GitHub Actions) applies when the command line
	// chose no report at all.
	if !fl.Changed("format") && !fl.Changed("output") && opts.SummaryCSV == "" {
		switch {
		case cfg.Format.Set():
			opts.Format, opts.formatSet = cfg.Format.V, true
		case os.Getenv("GITHUB_ACTIONS") == "true":
			opts.Format, opts.formatSet = "github", true
		}
	}
	if !opts.failUnderSet && cfg.FailUnder.Set() {
		opts.FailUnder, opts.failUnderSet = cfg.FailUnder.V, true
	}
	if opts.Lang == "" && cfg.Lang.Set() {
		opts.Lang = cfg.Lang.V
	}
	opts.FailLevel = cfg.FailLevel.V
	if b := cfg.Baseline.V; b != "" {
		opts.Baseline = cfg.Resolve(b, cfg.Baseline.From)
	}
	if opts.WriteBaseline != "" {
		opts.builder = &baseline.Builder{}
	}
	return nil
}

// batch walks the command line's paths: the inputs to check, without those an exclude
// glob matches or that belong to another shard, as they are found, and the problems
// with the paths, complete once the inputs are.
func (opts *Options) batch(onSkip func(path, reason string)) (iter.Seq[source.Input], func() []*source.Error) {
	walked, problems := cmdutil.Walk(opts.cfg, opts.Paths, opts.Include, opts.outputFiles(), onSkip)
	shard := source.Shard{K: 0, N: 1}
	if opts.Shard != "" {
		shard, _ = source.ParseShard(opts.Shard) // checked with the flags
	}
	inputs := func(yield func(source.Input) bool) {
		for in := range walked {
			if !shard.Has(in) {
				continue
			}
			if !yield(in) {
				return
			}
		}
	}
	if shard.K != 0 {
		// Problems with the command line belong to one shard, so merged shards report
		// them once, as a single run does.
		return inputs, func() []*source.Error { return nil }
	}
	return inputs, problems
}

// record keeps a report entry for --write-baseline.
func (opts *Options) record(f report.Call) {
	if opts.builder != nil {
		opts.builder.Add(f)
	}
}

// exit writes the baseline, if asked, and maps the batch to an exit code: with
// --write-baseline findings do not fail the run (they are being recorded), unreadable
// inputs still do.
func (opts *Options) exit(s report.Summary) error {
	if opts.builder == nil {
		return cmdutil.BatchError(s.Errors, s.Failed)
	}
	err := atomicfile.WriteFile(opts.WriteBaseline, func(w io.Writer) error { return opts.builder.Write(w) })
	if err != nil {
		return msg.Errorf("check.cannot-write-baseline", err)
	}
	if !opts.Quiet {
		fmt.Fprint(opts.IO.ErrOut, msg.Sprintf("check.wrote-baseline-findings", opts.WriteBaseline, opts.builder.Len()))
	}
	if s.Errors > 0 {
		return cmdutil.ErrReported
	}
	return nil
}

// ruleInfos describes the rulebook's rules for the SARIF and JUnit reports.
func ruleInfos(rb *rulebook.Rulebook) []report.RuleInfo {
	var out []report.RuleInfo
	for _, e := range catalog.Rows(rb) {
		out = append(out, report.RuleInfo{ID: e.ID, Kind: e.Kind, Severity: e.Severity, Message: e.Message,
			Source: e.Source, File: e.File, Deduct: e.Deduct, MaxDeduct: e.MaxDeduct, Fatal: e.Fatal,
			Help: kindDoc(e.Kind)})
	}
	return out
}

// outputFiles are the files this run writes: its reports and the baseline it records.
func (opts *Options) outputFiles() []string {
	var files []string
	for _, o := range opts.outputs {
		if o.Path != report.Stdout {
			files = append(files, o.Path)
		}
	}
	if opts.WriteBaseline != "" {
		files = append(files, opts.WriteBaseline)
	}
	return files
}

// outputsClash refuses a run that would write two of its outputs to one file, reports
// or the baseline: named alike (r.json and ./r.json, or one through a link), the later
// would replace the earlier (-o r.json --write-baseline r.json left a baseline where the
// report was meant, exit 0). A device or a pipe may take several.
func (opts *Options) outputsClash() error {
	type seen struct {
		path string
		fi   os.FileInfo
	}
	var done []seen
	for _, out := range opts.outputFiles() {
		// The file written, links followed: a link to a report not yet written is that
		// report (-o r.json --summary-csv link-to-r.json left the summary in r.json).
		abs, err := atomicfile.Target(out)
		if err != nil {
			abs = filepath.Clean(out)
		}
		fi, err := os.Stat(out)
		if err != nil {
			fi = nil
		} else if !fi.Mode().IsRegular() {
			continue // written through: /dev/null, a pipe
		}
		for _, d := range done {
			if d.path == abs || fi != nil && d.fi != nil && os.SameFile(fi, d.fi) {
				if out == opts.WriteBaseline {
					return msg.Errorf("check.report-and-baseline-one-file", out)
				}
				return msg.Errorf("report.two-reports-written", out)
			}
		}
		done = append(done, seen{abs, fi})
	}
	return nil
}

// outputIsInput refuses a run that would write over one of its own inputs
// (`-o call.txt call.txt`, --write-baseline onto a transcript): the transcript would be
// lost. An output inside a directory being checked is passed over by the walk when it is
// a report of an earlier run; a transcript there (`-o calls/a.txt calls`) is refused as
// well, or it was passed over and then written over. The other files the run reads are
// refused as outputs too: the rulebook (and those it extends), the configuration, the
// baseline (--write-baseline may refresh it in place) and the store.
func (opts *Options) outputIsInput(rb *rulebook.Rulebook) error {
	outputs := opts.outputFiles()
	for _, out := range outputs {
		ofi, err := os.Stat(out)
		if err != nil || !ofi.Mode().IsRegular() {
			continue // not there yet, or a device or pipe written through
		}
		for _, in := range opts.Paths {
			if in == source.Stdin {
				continue
			}
			ifi, err := os.Stat(in)
			if err != nil {
				continue
			}
			if os.SameFile(ofi, ifi) {
				return msg.Errorf("check.output-also-input-writing-it", out)
			}
			if ifi.IsDir() && within(out, in) && source.Included(filepath.Base(out), opts.Include) &&
				!report.LooksLikeReport(out) {
				return msg.Errorf("check.output-also-input-writing-it", out)
			}
		}
	}
	var reads []cmdutil.Read
	for _, p := range opts.Rules {
		reads = append(reads, cmdutil.Read{Path: p, What: "cmdutil.the-rulebook"})
	}
	if rb != nil && len(opts.Rules) > 0 { // the embedded rulebook reads no file
		for _, e := range catalog.Rows(rb) {
			if e.File != "" {
				reads = append(reads, cmdutil.Read{Path: e.File, What: "cmdutil.the-rulebook"})
			}
		}
	}
	if opts.cfg != nil {
		reads = append(reads, cmdutil.Read{Path: opts.cfg.Path, What: "cmdutil.the-configuration"})
	}
	reads = append(reads, cmdutil.Read{Path: cmdutil.StoreFile(opts.Store), What: "cmdutil.the-store"})
	if err := cmdutil.OutputIsRead(outputs, reads); err != nil {
		return err
	}
	// The baseline read may be the one --write-baseline refreshes, but no report.
	var reports []string
	for _, out := range outputs {
		if out != opts.WriteBaseline {
			reports = append(reports, out)
		}
	}
	return cmdutil.OutputIsRead(reports, []cmdutil.Read{{Path: opts.Baseline, What: "cmdutil.the-baseline"}})
}

// kindDoc says what a rule of the kind checks.
func kindDoc(kind string) string {
	if k := rule.KindNamed(kind); k != nil {
		return k.Doc
	}
	return ""
}

// within says whether the file path lies under the directory dir (links followed).
func within(path, dir string) bool {
	abs := func(p string) string {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		a, _ := filepath.Abs(p)
		return a
	}
	rel, err := filepath.Rel(abs(dir), abs(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
