// Package check implements `zhijian check`: score transcripts against a rulebook.
package check

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// DefaultInclude are the transcript files picked up in directories: every format zhijian
// reads.
var DefaultInclude = []string{"*.txt", "*.csv", "*.tsv", "*.json", "*.jsonl", "*.ndjson", "*.srt", "*.vtt"}

// Options are the parsed flags and arguments of `zhijian check`.
type Options struct {
	IO        *iostreams.IOStreams
	Paths     []string
	Rules     []string
	Format    string
	Output    string
	FailUnder float64
	Include   []string
	Lang      string
	Workers   int
	MaxSizeMB int64
	// InputFormat forces the transcript format ("" or auto: detect per file).
	InputFormat string
	// Encoding forces the text encoding ("" or auto: detect per file).
	Encoding string

	failUnderSet bool
}

// NewCmdCheck builds the command; runF replaces the run step in tests of flag parsing.
func NewCmdCheck(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "check [flags] PATH...",
		Short: "检查通话转写并打分 / check transcripts and score them",
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
  zhijian check --rules my-rules.yaml --fail-under 90 scripts/
  cat call.txt | zhijian check -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.failUnderSet = cmd.Flags().Changed("fail-under")
			if opts.Lang == "" {
				opts.Lang = os.Getenv("ZHIJIAN_LANG")
			}
			switch opts.Format {
			case "text", "json":
			default:
				return cmdutil.FlagError("未知的输出格式 %q（可用 text、json）/ unknown --format %q", opts.Format, opts.Format)
			}
			switch opts.Lang {
			case "", "zh", "en":
			default:
				return cmdutil.FlagError("未知的语言 %q（可用 zh、en）/ unknown --lang %q", opts.Lang, opts.Lang)
			}
			if _, err := transcript.ParseFormat(opts.InputFormat); err != nil {
				return cmdutil.FlagError("%v", err)
			}
			if _, err := source.CanonicalEncoding(opts.Encoding); err != nil {
				return cmdutil.FlagError("%v", err)
			}
			if opts.failUnderSet && (opts.FailUnder < 0 || opts.FailUnder > 100) {
				return cmdutil.FlagError("--fail-under 应在 0–100 之间 / --fail-under must be 0–100")
			}
			if runF != nil {
				return runF(opts)
			}
			return run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Rules, "rules", nil, "规则手册文件，可重复；默认用内置规则 / rulebook file (repeatable; default: the embedded rulebook)")
	fl.StringVarP(&opts.Format, "format", "f", "text", "输出格式 text|json / output format")
	fl.StringVarP(&opts.Output, "output", "o", "", "写入文件（原子写入）而不是标准输出 / write the report to FILE, atomically")
	fl.Float64Var(&opts.FailUnder, "fail-under", 0, "低于此分即不合格，替代规则手册的 pass_score / fail a transcript scoring below SCORE (overrides pass_score)")
	fl.StringArrayVar(&opts.Include, "include", DefaultInclude, "目录中要检查的文件名模式 / file name glob for files found in directories")
	fl.StringVar(&opts.Encoding, "encoding", "auto", "文本编码 auto|utf-8|utf-16le|utf-16be|gbk|gb18030|big5（默认自动识别）/ text encoding (default: detect)")
	fl.StringVar(&opts.InputFormat, "input-format", "auto", "输入格式 auto|text|csv|tsv|json|jsonl|srt|vtt / transcript format (default: by extension and content)")
	fl.StringVar(&opts.Lang, "lang", "", "报告与提示语言 zh|en（默认 zh，或环境变量 ZHIJIAN_LANG）/ report language")
	fl.IntVar(&opts.Workers, "workers", 0, "同时检查的文件数，默认为 CPU 数 / files checked at once (default: number of CPUs)")
	fl.Int64Var(&opts.MaxSizeMB, "max-size", source.DefaultMaxSize>>20, "单个文件大小上限（MB）/ largest file read, in MB")
	return cmd
}

func run(opts *Options) error {
	ios := opts.IO
	seg := segment.New()
	rb, err := rulebook.Load(opts.Rules, seg)
	if err != nil {
		fmt.Fprintln(ios.ErrOut, err)
		return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: fmt.Errorf("规则手册无效 / invalid rulebook")}
	}
	if opts.failUnderSet {
		rb.PassScore = opts.FailUnder
	}
	inputs, problems := source.Expand(opts.Paths, source.Options{Include: opts.Include})
	format, _ := transcript.ParseFormat(opts.InputFormat)
	checker := &pipeline.Checker{
		Format:   format,
		Encoding: opts.Encoding,
		Rulebook: rb,
		Seg:      seg,
		MaxSize:  opts.MaxSizeMB << 20,
		Workers:  opts.Workers,
		Stdin:    ios.In,
	}
	rep := checker.Run(inputs, problems)
	// Per-file errors go to stderr too, so a CI log shows them, unless the text report
	// is already printing them to the terminal.
	if opts.Format != "text" || opts.Output != "" || !ios.IsStdoutTTY() {
		for _, f := range rep.Files {
			if f.Error != "" {
				fmt.Fprintln(ios.ErrOut, f.Error)
			}
		}
	}
	if err := write(opts, rep); err != nil {
		return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: err}
	}
	return exitFor(rep)
}

// write renders the report to standard output or, atomically, to --output.
func write(opts *Options, rep *report.Report) error {
	render := func(w io.Writer, colors *iostreams.ColorScheme) error {
		if opts.Format == "json" {
			return report.WriteJSON(w, rep)
		}
		return report.WriteText(w, rep, report.TextOptions{Colors: colors, Lang: report.Lang(opts.Lang)})
	}
	if opts.Output == "" {
		// Render fully before writing so a failure cannot leave half a report.
		var buf bytes.Buffer
		if err := render(&buf, opts.IO.ColorScheme()); err != nil {
			return err
		}
		_, err := opts.IO.Out.Write(buf.Bytes())
		return err
	}
	if err := atomicfile.WriteFile(opts.Output, func(w io.Writer) error { return render(w, nil) }); err != nil {
		return fmt.Errorf("无法写入报告 / cannot write report %s: %w", opts.Output, err)
	}
	return nil
}

// exitFor maps a batch result to the exit code contract.
func exitFor(rep *report.Report) error {
	switch {
	case rep.Summary.Errors > 0:
		return &cmdutil.ExitError{Code: cmdutil.ExitInvalid}
	case rep.Summary.Failed > 0:
		return &cmdutil.ExitError{Code: cmdutil.ExitFailed}
	}
	return nil
}
