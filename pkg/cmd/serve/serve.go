// Package serve implements `zhijian serve`: the review workbench.
package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/user"
	"time"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	workbench "github.com/zhijian-qa/zhijian/pkg/serve"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// NewCmdServe builds the command.
func NewCmdServe(f *cmdutil.Factory) *cobra.Command {
	var dsn, addr, reviewer, token, lang string
	var cfgOpts config.Options
	cmd := &cobra.Command{
		Use:   "serve --store DSN [flags]",
		Short: "本地复核工作台 / the review workbench",
		Long: `在浏览器里复核：复核队列、逐通复核（确认/驳回每条问题，快捷键 j/k/c/r/m/n，补记漏检，复核后得分）、
看板（各坐席每周合格率与平均分、问题最多的规则、复核员与机器按概念的一致率）。
默认只监听 127.0.0.1；监听其它地址必须设 --token（或 ZHIJIAN_TOKEN），用 /login?token=…&name=… 登录。

The review workbench in a browser: the queue, each call to review (confirm or reject each
finding with keyboard shortcuts, add a missed violation, the score after review) and the
dashboard. Listens on 127.0.0.1 by default; any other address needs --token.`,
		Example: `  zhijian serve --store qa.db
  zhijian serve --store postgres://qa@db/qa --addr 0.0.0.0:8080 --token "$ZHIJIAN_TOKEN"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dsn == "" {
				return cmdutil.FlagErrorf("须用 --store 指定存储 / --store is required")
			}
			if token == "" {
				token = os.Getenv("ZHIJIAN_TOKEN")
			}
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return cmdutil.FlagErrorf("--addr 应为 主机:端口 / --addr is HOST:PORT: %v", err)
			}
			loopback := host == "localhost"
			if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
				loopback = true
			}
			if reviewer == "" {
				if u, err := user.Current(); err == nil {
					reviewer = u.Username
				}
			}
			cfg, err := cmdutil.LoadConfig(f, cmd, cfgOpts)
			if err != nil {
				return err
			}
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
			if !loopback && token == "" && len(users) == 0 {
				return cmdutil.FlagErrorf("监听 %s 须设 --token（或 ZHIJIAN_TOKEN），或先用 zhijian user add 添加用户 / listening on %s needs --token (or ZHIJIAN_TOKEN), or users (zhijian user add)", addr, addr)
			}
			rb, err := pipeline.LoadRulebook(pipeline.Config{Project: cfg}, segment.New())
			if err != nil {
				return err
			}
			srv, err := workbench.New(workbench.Options{Store: st, Rulebook: rb, Reviewer: reviewer, Token: token, EN: lang == "en"})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IOStreams.ErrOut, "复核工作台 / review workbench: http://%s/\n", ln.Addr())
			hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
			ictx, stop := cmdutil.InterruptContext(f.IOStreams.ErrOut)
			defer stop()
			go func() {
				<-ictx.Done()
				sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				hs.Shutdown(sctx)
			}()
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	fl := cmd.Flags()
	config.AddFlags(fl, &cfgOpts)
	fl.StringArray("rules", nil, "规则手册（复核后重新计分用；默认同 zhijian check）/ rulebook for scoring after review (default: as zhijian check)")
	fl.StringVar(&dsn, "store", "", "存储：SQLite 文件或 postgres:// DSN / the store: a SQLite file or a postgres:// DSN")
	fl.StringVar(&addr, "addr", "127.0.0.1:8377", "监听地址 / the address to listen on")
	fl.StringVar(&reviewer, "reviewer", "", "本地复核员的名字（默认当前用户）/ the local reviewer's name (default: the current user)")
	fl.StringVar(&token, "token", "", "访问令牌：监听非本机地址时必须 / the access token: required off loopback")
	fl.StringVar(&lang, "lang", "", "界面语言 zh|en / page language")
	return cmd
}
