// Package user implements `zhijian user`: the review workbench's users.
package user

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// maxLine is the longest first line of standard input read for a password: a little
// over what bcrypt takes, so a longer password is named as such.
const maxLine = 1024

// NewCmdUser builds `zhijian user` and its subcommands.
func NewCmdUser(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user <command>",
		Short: msg.Sprintf("user.review-workbench-users"),
		Long: `复核工作台（zhijian serve）的用户：agent 坐席（可申诉）、reviewer 复核员、supervisor 主管（另可处理申诉）、
lead 质检负责人（全部）。存储中有用户时，工作台要求用户名与密码登录，按角色授权。

The workbench's users and their roles; once a store has users, zhijian serve asks them to
log in and lets each do what their role allows.`,
		Example: `  echo "$PASSWORD" | zhijian user add --store qa.db --role reviewer 王敏
  zhijian user list --store qa.db`,
	}
	var dsn, role string
	add := &cobra.Command{
		Use:   "add --store DSN --role ROLE NAME",
		Short: msg.Sprintf("user.add-user-change-one-role"),
		Example: `  echo "$PASSWORD" | zhijian user add --store qa.db --role supervisor 李主管
  ZHIJIAN_PASSWORD=... zhijian user add --store qa.db --role agent 1024`,
		Args: cmdutil.ExactArgs(1, "用户名", "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dsn == "" {
				return cmdutil.FlagErrorf("user.store-required")
			}
			password := os.Getenv("ZHIJIAN_PASSWORD")
			if password == "" {
				// The first line, read no further than a password can be: cat /dev/zero
				// was read into memory until it ran out.
				line, _ := bufio.NewReader(io.LimitReader(f.IOStreams.In, maxLine+1)).ReadString('\n')
				if len(line) > maxLine {
					return cmdutil.FlagErrorf("user.password-line-too-long", maxLine)
				}
				password = strings.TrimRight(line, "\r\n")
			}
			ctx := cmdutil.Context(cmd)
			st, err := store.Open(ctx, dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.AddUser(ctx, args[0], role, password); err != nil {
				return err
			}
			fmt.Fprint(f.IOStreams.Out, msg.Sprintf("user.user", args[0], role))
			return nil
		},
	}
	add.Flags().StringVar(&dsn, "store", "", msg.Sprintf("user.store"))
	add.Flags().StringVar(&role, "role", "reviewer", msg.Sprintf("user.role"))
	list := &cobra.Command{
		Use:     "list --store DSN",
		Short:   msg.Sprintf("user.list-users"),
		Example: `  zhijian user list --store qa.db`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmdutil.Context(cmd)
			st, err := store.Open(ctx, dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			users, err := st.Users(ctx)
			if err != nil {
				return err
			}
			for _, u := range users {
				fmt.Fprintf(f.IOStreams.Out, "%s\t%s\n", report.Printable(u.Name), u.Role) // a name added before names were checked
			}
			return nil
		},
	}
	list.Flags().StringVar(&dsn, "store", "", msg.Sprintf("user.store"))
	cmd.AddCommand(add, list)
	return cmd
}
