// Package merge implements `zhijian merge`: combine the reports of shards into one.
package merge

import (
	"bufio"
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
		Args: cmdutil.MinimumNArgs(1, "要合并的 JSON 报告", "JSON reports to merge"),
		RunE: func(cmd *cobra.Command, args []string) error {
			// The shards are merged a file at a time (report.MergeJSON): a day's batch
			// of millions of calls is never held.
			var summary report.Summary
			merge := func(w io.Writer) error {
				bw := bufio.NewWriterSize(w, 64<<10)
				s, err := report.MergeJSON(bw, args, func(name string) (io.ReadCloser, error) { return os.Open(name) })
				if err != nil {
					return err
				}
				summary = s
				return bw.Flush()
			}
			var err error
			if output != "" {
				err = atomicfile.WriteFile(output, merge)
			} else {
				err = merge(f.IOStreams.Out)
			}
			if err != nil {
				return &cmdutil.ExitError{Code: cmdutil.ExitInvalid, Err: err}
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
	cmd.Flags().StringVarP(&output, "output", "o", "", "写入文件（原子写入）/ write to FILE, atomically")
	return cmd
}
