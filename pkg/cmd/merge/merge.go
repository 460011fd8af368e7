// Package merge implements `zhijian merge`: combine the reports of shards into one.
package merge

import (
	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// NewCmdMerge builds the command.
func NewCmdMerge(f *cmdutil.Factory) *cobra.Command {
	var outputs []string
	var format, lang string
	cmd := &cobra.Command{
		Use:   "merge [flags] REPORT.json...",
		Short: msg.Sprintf("merge.merge-json-reports-shards-into"),
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
			outs, err := report.ResolveOutputs(report.OutputFlags{Values: outputs, Format: format,
				FormatSet: cmd.Flags().Changed("format"), StdoutIsTTY: f.IOStreams.IsStdoutTTY()})
			if err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			var files []string
			for _, o := range outs {
				if o.Path != report.Stdout {
					files = append(files, o.Path)
				}
			}
			var reads []cmdutil.Read
			for _, a := range args {
				reads = append(reads, cmdutil.Read{Path: a, What: "cmdutil.a-report-to-merge"})
			}
			if err := cmdutil.OutputIsRead(files, reads); err != nil {
				return err
			}
			if err := report.CheckOutputs(outs); err != nil {
				return err
			}
			sp := newSpool()
			defer sp.close()
			// The shards are merged a file at a time (report.MergeStream) into every
			// report at once: a day's batch of millions of calls is never held.
			summary, err := report.MergeStream(args, sp.open, func(rb report.Rulebook) (report.Writer, error) {
				return report.OpenOutputs(outs, f.IOStreams.Out, report.Options{}, report.Options{Rulebook: rb, Lang: report.Lang(lang)})
			})
			if err != nil {
				return err
			}
			return cmdutil.BatchError(summary.Errors, summary.Failed)
		},
	}
	cmd.Flags().StringArrayVarP(&outputs, "output", "o", nil, msg.Sprintf("merge.write-file-format-file-repeatable"))
	cmd.Flags().StringVarP(&format, "format", "f", "json", msg.Sprintf("merge.format-standard-output-file"))
	cmd.Flags().StringVar(&lang, "lang", "zh", msg.Sprintf("merge.report-language"))
	return cmd
}
