// Package completion implements `zhijian completion`: shell completion scripts.
package completion

import (
	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
)

// NewCmdCompletion builds the command.
func NewCmdCompletion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "生成 shell 自动补全脚本 / generate a shell completion script",
		Long: `生成 shell 自动补全脚本：命令、参数，以及 zhijian explain 的规则 id。

Generates a completion script for your shell: commands, flags, and the rule ids of
zhijian explain.`,
		Example: `  # bash（当前会话 / this session）
  source <(zhijian completion bash)
  # bash（永久 / for good）
  zhijian completion bash > /etc/bash_completion.d/zhijian
  # zsh
  zhijian completion zsh > "${fpath[1]}/_zhijian"
  # fish
  zhijian completion fish > ~/.config/fish/completions/zhijian.fish
  # PowerShell
  zhijian completion powershell | Out-String | Invoke-Expression`,
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
