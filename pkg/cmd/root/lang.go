package root

import (
	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// SetLanguage picks the language of messages from ZHIJIAN_LANG: both, "中文 / English",
// unless the user named one. main calls it before the commands are built, so their
// help follows it too.
func SetLanguage(getenv func(string) string) {
	if l, ok := msg.ParseLang(getenv("ZHIJIAN_LANG")); ok {
		msg.SetLang(l)
	}
}

// langFromFlag lets a command's --lang, when given, choose the language of its
// messages as well as of its report.
func langFromFlag(cmd *cobra.Command) {
	if f := cmd.Flags().Lookup("lang"); f != nil && f.Changed {
		if l, ok := msg.ParseLang(f.Value.String()); ok {
			msg.SetLang(l)
		}
	}
}
