// Package completion implements `zhijian completion`: shell completion scripts.
package completion

import (
	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// NewCmdCompletion builds the command.
func NewCmdCompletion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: msg.Sprintf("completion.generate-shell-completion-script"),
		Long: `生成 shell 自动补全脚本：命令、参数，以及 zhijian explain 的规则 id。

Generates a completion script for your shell: commands, flags, and the rule ids of
zhijian explain.`,
		Example: msg.Sprintf("completion.this-session-source-zhijian-completion"),

		ValidArgs:             []string{"bash", "zsh", "fish", "powershell"},
		Args:                  cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := f.IOStreams.Out
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			}
			return root.GenPowerShellCompletionWithDesc(out)
		},
	}
}
