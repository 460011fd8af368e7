// Package merge implements `zhijian merge`: combine the reports of shards into one.
package merge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// NewCmdMerge builds the command.
func NewCmdMerge(f *cmdutil.Factory) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "merge [flags] REPORT.json...",
		Short: "合并分片的 JSON 报告 / merge the JSON reports of shards into one",
		Long: `把 zhijian check --shard K/N --format json 各分片的报告合并为一份，
与不分片运行一次的报告完全相同（文件顺序与汇总）。

Combines the JSON reports of the shards of one batch into the report a single run gives.`,
		Example: `  zhijian check --shard 0/2 --format json calls/ > part0.json
  zhijian check --shard 1/2 --format json calls/ > part1.json
  zhijian merge part0.json part1.json -o report.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var reports []*report.Report
			for _, path := range args {
				r, err := read(path)
				if err != nil {
					return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: err}
				}
				reports = append(reports, r)
			}
			merged, err := report.Merge(reports)
			if err != nil {
				return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: err}
			}
			write := func(w io.Writer) error { return report.WriteJSON(w, merged) }
			if output != "" {
				if err := atomicfile.WriteFile(output, write); err != nil {
					return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: err}
				}
			} else {
				var buf bytes.Buffer
				if err := write(&buf); err != nil {
					return err
				}
				if _, err := f.IOStreams.Out.Write(buf.Bytes()); err != nil {
					return err
				}
			}
			switch {
			case merged.Summary.Errors > 0:
				return &cmdutil.ExitError{Code: cmdutil.ExitInvalid}
			case merged.Summary.Failed > 0:
				return &cmdutil.ExitError{Code: cmdutil.ExitFailed}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "写入文件（原子写入）/ write to FILE, atomically")
	return cmd
}

func read(path string) (*report.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取报告 / cannot read report: %w", err)
	}
	var r report.Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: 不是 zhijian 的 JSON 报告 / not a zhijian JSON report: %v", path, err)
	}
	return &r, nil
}
