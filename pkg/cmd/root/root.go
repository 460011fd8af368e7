// Package root assembles the zhijian command tree.
package root

import (
	"github.com/spf13/cobra"

	calibratecmd "github.com/zhijian-qa/zhijian/pkg/cmd/calibrate"
	"github.com/zhijian-qa/zhijian/pkg/cmd/check"
	"github.com/zhijian-qa/zhijian/pkg/cmd/completion"
	configcmd "github.com/zhijian-qa/zhijian/pkg/cmd/config"
	"github.com/zhijian-qa/zhijian/pkg/cmd/eval"
	"github.com/zhijian-qa/zhijian/pkg/cmd/explain"
	"github.com/zhijian-qa/zhijian/pkg/cmd/initcmd"
	"github.com/zhijian-qa/zhijian/pkg/cmd/merge"
	reviewcmd "github.com/zhijian-qa/zhijian/pkg/cmd/review"
	rulescmd "github.com/zhijian-qa/zhijian/pkg/cmd/rules"
	"github.com/zhijian-qa/zhijian/pkg/cmd/sample"
	segmentcmd "github.com/zhijian-qa/zhijian/pkg/cmd/segment"
	servecmd "github.com/zhijian-qa/zhijian/pkg/cmd/serve"
	usercmd "github.com/zhijian-qa/zhijian/pkg/cmd/user"
	"github.com/zhijian-qa/zhijian/pkg/cmd/version"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
)

// NewCmdRoot returns the top-level command.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "zhijian",
		Short: "质检：按规则手册检查呼叫中心通话转写与话术脚本并打分",
		Long: `zhijian（质检）按 YAML 规则手册检查中文呼叫中心通话转写和话术脚本：
服务禁语、标准用语、服务程序的顺序，每通电话一个分数，每条问题附原话。

zhijian checks Chinese call-center transcripts and training scripts against YAML
rulebooks and scores them.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       f.Version,
	}
	addProfileFlag(cmd)
	cmdutil.FlagErrors(cmd)
	cmd.SetOut(f.IOStreams.Out)
	cmd.SetErr(f.IOStreams.ErrOut)
	cmd.SetIn(f.IOStreams.In)
	cmd.AddCommand(check.NewCmdCheck(f, nil))
	cmd.AddCommand(merge.NewCmdMerge(f))
	cmd.AddCommand(rulescmd.NewCmdRules(f))
	cmd.AddCommand(version.NewCmdVersion(f))
	cmd.AddCommand(configcmd.NewCmdConfig(f))
	cmd.AddCommand(explain.NewCmdExplain(f))
	cmd.AddCommand(segmentcmd.NewCmdSegment(f))
	cmd.AddCommand(completion.NewCmdCompletion(f))
	cmd.AddCommand(initcmd.NewCmdInit(f))
	cmd.AddCommand(eval.NewCmdEval(f))
	cmd.AddCommand(calibratecmd.NewCmdCalibrate(f))
	cmd.AddCommand(sample.NewCmdSample(f, nil))
	cmd.AddCommand(reviewcmd.NewCmdReview(f))
	cmd.AddCommand(servecmd.NewCmdServe(f))
	cmd.AddCommand(usercmd.NewCmdUser(f))
	return cmd
}
