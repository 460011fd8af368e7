// Package merge implements `zhijian merge`: combine the reports of shards into one.
package merge

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// formats a merge can write: every report format of zhijian check.
var formats = report.Formats

// NewCmdMerge builds the command.
func NewCmdMerge(f *cmdutil.Factory) *cobra.Command {
	var outputs []string
	var format, lang string
	cmd := &cobra.Command{
		Use:   "merge [flags] REPORT.json...",
		Short: "合并分片的 JSON 报告 / merge the JSON reports of shards into one",
		Long: `把 zhijian check --shard K/N --format json 各分片的报告合并为一份，
与不分片运行一次的报告完全相同（文件顺序、汇总与跳过的文件），并可写成任何报告格式。

Combines the JSON reports of the shards of one batch into the report a single run gives
(order, summary, skipped files), in any report format.`,
		Example: `  zhijian check --shard 0/2 --format json calls/ > part0.json
  zhijian check --shard 1/2 --format json calls/ > part1.json
  zhijian merge part0.json part1.json -o report.json
  zhijian merge part*.json -o html=report.html -o xlsx=report.xlsx -o junit=report.xml`,
		Args: cmdutil.MinimumNArgs(1, "要合并的 JSON 报告", "JSON reports to merge"),
		RunE: func(cmd *cobra.Command, args []string) error {
			outs, err := resolve(outputs, format, cmd.Flags().Changed("format"))
			if err != nil {
				return cmdutil.FlagError("%v", err)
			}
			l := report.Lang(lang)
			open := func(name string) (io.ReadCloser, error) { return os.Open(name) }
			// The shards are merged a file at a time (report.MergeStream): a day's batch
			// of millions of calls is never held. With several reports, the merged JSON
			// is written once to a temporary file and each report streamed from it.
			merged, cleanup, err := mergedJSON(args, open)
			if err != nil {
				return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: err}
			}
			defer cleanup()
			var summary report.Summary
			for _, o := range outs {
				write := func(w io.Writer) error {
					bw := bufio.NewWriterSize(w, 64<<10)
					s, err := report.MergeStream([]string{merged}, open, func(rb report.Rulebook) (report.Writer, error) {
						return report.NewWriter(o.format, bw, rb, l)
					})
					if err != nil {
						return err
					}
					summary = s
					return bw.Flush()
				}
				if o.path == "-" {
					err = write(f.IOStreams.Out)
				} else {
					err = atomicfile.WriteFile(o.path, write)
				}
				if err != nil {
					return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: err}
				}
			}
			switch {
			case summary.Errors > 0:
				return &cmdutil.ExitError{Code: cmdutil.ExitInvalid}
			case summary.Failed > 0:
				return &cmdutil.ExitError{Code: cmdutil.ExitFailed}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVarP(&outputs, "output", "o", nil, "写入文件（原子写入）：FILE 或 FORMAT=FILE，可重复 / write FILE, or FORMAT=FILE (repeatable)")
	cmd.Flags().StringVarP(&format, "format", "f", "json", "标准输出（或无 FORMAT= 的 -o）的格式 / format of standard output or of -o FILE")
	cmd.Flags().StringVar(&lang, "lang", "zh", "报告语言 zh|en / report language")
	return cmd
}

type output struct{ format, path string }

// resolve turns -o and --format into the reports to write; standard output gets the
// --format report when no -o is given.
func resolve(values []string, format string, formatSet bool) ([]output, error) {
	if !slices.Contains(formats, format) {
		return nil, fmt.Errorf("未知的报告格式 %q（可用 %s）/ unknown report format %q", format, strings.Join(formats, "、"), format)
	}
	var outs []output
	for _, v := range values {
		if fm, p, ok := strings.Cut(v, "="); ok && slices.Contains(formats, fm) {
			if p == "" {
				return nil, fmt.Errorf("--output %s 缺少文件名 / --output %s needs a file name", v, v)
			}
			outs = append(outs, output{fm, p})
			continue
		}
		fm := format
		if !formatSet {
			ext := strings.ToLower(filepath.Ext(v))
			known, ok := report.FormatByExtension[ext]
			if !ok && ext != "" {
				return nil, fmt.Errorf("无法从扩展名 %s 判断报告格式：请写 FORMAT=%s / cannot tell the report format from %s: write FORMAT=%s", ext, v, ext, v)
			}
			if ok {
				fm = known
			}
		}
		outs = append(outs, output{fm, v})
	}
	if len(outs) == 0 {
		outs = []output{{format, "-"}}
	}
	seen := map[string]bool{}
	for _, o := range outs {
		if seen[o.path] {
			return nil, errors.New("两个报告写到同一处 / two reports written to the same place")
		}
		seen[o.path] = true
	}
	return outs, nil
}

// mergedJSON merges the shards into one JSON report in a temporary file.
func mergedJSON(names []string, open func(string) (io.ReadCloser, error)) (string, func(), error) {
	tmp, err := os.CreateTemp("", "zhijian-merge-*.json")
	if err != nil {
		return "", func() {}, err
	}
	cleanup := func() { os.Remove(tmp.Name()) }
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if _, err := report.MergeJSON(bw, names, open); err != nil {
		tmp.Close()
		cleanup()
		return "", func() {}, err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		cleanup()
		return "", func() {}, err
	}
	if err := tmp.Close(); err != nil {
		cleanup()
		return "", func() {}, err
	}
	return tmp.Name(), cleanup, nil
}
