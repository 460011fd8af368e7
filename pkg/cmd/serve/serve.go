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
	"github.com/zhijian-qa/zhijian/pkg/msg"
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
		Short: msg.Sprintf("serve.review-workbench"),
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
				return cmdutil.FlagErrorf("serve.store-required")
			}
			if token == "" {
				token = os.Getenv("ZHIJIAN_TOKEN")
			}
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return cmdutil.FlagErrorf("serve.addr-host-port", err)
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
				return cmdutil.FlagErrorf("serve.listening-needs-token-zhijian-token", addr)
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
			fmt.Fprintln(f.IOStreams.ErrOut, msg.Sprintf("serve.review-workbench-http", ln.Addr()))
			hs := srv.HTTPServer()
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
	fl.StringArray("rules", nil, msg.Sprintf("serve.rulebook-scoring-after-review-default"))
	fl.StringVar(&dsn, "store", "", msg.Sprintf("serve.store-sqlite-file-postgres-dsn"))
	fl.StringVar(&addr, "addr", "127.0.0.1:8377", msg.Sprintf("serve.address-listen"))
	fl.StringVar(&reviewer, "reviewer", "", msg.Sprintf("serve.local-reviewer-name-default-current"))
	fl.StringVar(&token, "token", "", msg.Sprintf("serve.access-token-required-off-loopback"))
	fl.StringVar(&lang, "lang", "", msg.Sprintf("serve.page-language"))
	return cmd
}
