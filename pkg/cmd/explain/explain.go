// Package explain implements `zhijian explain RULE-ID`: a rule in words, with examples
// that fire it and examples that do not.
package explain

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/rulestest"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/textwidth"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// maxPhrases is how many phrases are listed without --all; maxExamples how many
// examples of each side.
const (
	maxPhrases  = 20
	maxExamples = 3
	maxCallRows = 8
)

// NewCmdExplain builds the command.
func NewCmdExplain(f *cmdutil.Factory) *cobra.Command {
	var (
		cfgOpts config.Options
		all     bool
	)
	cmd := &cobra.Command{
		Use:   "explain RULE-ID",
		Short: msg.Sprintf("explain.explain-rule-words-with-examples"),
		Long: `说明当前规则手册（--rules、.zhijian.yaml 或内置规则）中的一条规则：类型、角色、窗口、
短语、扣分、依据，以及命中和不命中的例子。例子取自规则手册的测试用例（内置规则的
rules/tests、.zhijian.yaml 的 tests），没有用例时由短语生成并实际跑过。

Explains one rule of the active rulebook — kind, role, window, phrases, deduction,
source — with examples that fire it and examples that do not, taken from the rulebook
tests (or made from its phrases and checked).`,
		Example: msg.Sprintf("explain.every-phrase"),

		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			cfg, err := config.Discover(cfgOpts)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			_ = cfg.ApplyFlags(cmd.Flags())
			rb, err := rulebook.Load(cfg.RulePaths(), nil)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []string
			for _, e := range catalog.Walk(rb.Rules) {
				m := e.Rule.Meta()
				if strings.HasPrefix(m.ID, toComplete) {
					ids = append(ids, m.ID+"\t"+m.Message)
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := cmdutil.LoadConfig(f, cmd, cfgOpts)
			if err != nil {
				return err
			}
			seg := segment.New()
			rb, err := cmdutil.LoadRulebook(cfg, seg)
			if err != nil {
				return err
			}
			id := args[0]
			// A rule of a rulebook some calls are routed to (chat-response-time) is
			// explained with the calls it judges.
			e, ok := catalog.Find(rb.Rules, id)
			var via string
			for _, r := range rb.Routes() {
				if ok {
					break
				}
				if e, ok = catalog.Find(r.Book.Rules, id); ok {
					via = msg.SprintfEach("explain.routed-rule", func(l msg.Lang) []any {
						return []any{r.Book.Name, catalog.AppliesIn(l, r.Applies)}
					})
					rb = r.Book
				}
			}
			if !ok {
				return msg.Errorf("explain.no-rule", rb.Name, id, suggest(rb, id))
			}
			if via != "" {
				fmt.Fprintln(f.IOStreams.Out, via)
			}
			ex := examples(rb, e, seg, cfg)
			return write(f.IOStreams.Out, e, ex, all)
		},
	}
	fl := cmd.Flags()
	config.AddFlags(fl, &cfgOpts)
	fl.StringArray("rules", nil, msg.Sprintf("explain.rulebook-repeatable"))
	fl.BoolVar(&all, "all", false, msg.Sprintf("explain.list-every-phrase"))
	return cmd
}

// suggest names rules whose ids look like the one asked for.
func suggest(rb *rulebook.Rulebook, id string) string {
	var close []string
	for _, e := range catalog.Walk(rb.Rules) {
		other := e.Rule.Meta().ID
		if strings.Contains(other, id) || strings.Contains(id, other) || cmdutil.EditDistance(id, other) <= 3 {
			close = append(close, other)
		}
	}
	if len(close) == 0 {
		return "（zhijian rules list 列出全部规则）"
	}
	if len(close) > 5 {
		close = close[:5]
	}
	return msg.Sprintf("explain.did-you-mean", strings.Join(close, ", "))
}

// example is one example: a line of a test case, or a whole call.
type example struct {
	fires bool
	where string   // path:line, or path for a whole call
	rows  []string // the line, or the call's lines
	made  bool     // made from the phrases, not from a test
}

func write(w io.Writer, e catalog.Entry, ex []example, all bool) error {
	m := e.Rule.Meta()
	var b strings.Builder
	title := m.ID
	if m.Message != "" {
		title += "：" + m.Message
	}
	fmt.Fprintf(&b, "%s\n\n", title)
	var rows [][]string
	for _, fd := range catalog.Describe(e) {
		rows = append(rows, []string{fd.Label, fd.Value})
		// The concept the rule checks, when it names one (zhijian calibrate pairs by it).
		if len(rows) == 1 && m.Concept != "" && m.Concept != m.ID {
			rows = append(rows, []string{"概念 concept", m.Concept})
		}
	}
	b.WriteString(textwidth.Table(rows, "  "))

	uses := catalog.Uses(e.Rule)
	if len(uses) > 0 {
		var parts []string
		byPart := map[string][]catalog.Use{}
		for _, u := range uses {
			if _, ok := byPart[u.Part]; !ok {
				parts = append(parts, u.Part)
			}
			byPart[u.Part] = append(byPart[u.Part], u)
		}
		for _, part := range parts {
			us := byPart[part]
			fmt.Fprintf(&b, "\n%s（%d）：\n", partWords(part), len(us))
			for i, u := range us {
				if i == maxPhrases && !all {
					fmt.Fprint(&b, msg.Sprintf("explain.more-all-lists-them", len(us)-i))
					break
				}
				line := "  " + u.Pattern.Source
				for _, w := range u.Pattern.With {
					line += " ＋ " + w.Source
				}
				if len(u.Pattern.Unless) > 0 {
					line += "    除非同一句有 unless: " + sources(u.Pattern.Unless)
				}
				if mode := catalog.ModeWords(u.Pattern); mode != "" {
					line += "    " + mode
				}
				if m, threshold := u.Pattern.MeaningModel(); m != nil {
					line += msg.Sprintf("explain.meaning-threshold", strconv.FormatFloat(threshold, 'f', 4, 64))
					if u.Pattern.Twice > 0 {
						line += msg.Sprintf("explain.meaning-twice", strconv.FormatFloat(u.Pattern.Twice, 'f', 4, 64))
					}
				}
				if s := u.Pattern.SilenceAfter; s > 0 {
					line += msg.Sprintf("explain.silence-after", strconv.FormatFloat(s.Seconds(), 'f', -1, 64))
				}
				if len(u.Pattern.UnlessAnswering) > 0 {
					line += msg.Sprintf("explain.unless-answering", sources(u.Pattern.UnlessAnswering))
				}
				b.WriteString(line + "\n")
			}
		}
	}

	b.WriteString("\n例子 examples：\n")
	for _, fires := range []bool{true, false} {
		label := "  命中 fires:"
		if !fires {
			label = "  不命中 does not fire:"
		}
		b.WriteString(label + "\n")
		n := 0
		for _, x := range ex {
			if x.fires != fires {
				continue
			}
			n++
			src := x.where
			if x.made {
				src = msg.Sprintf("explain.made-from-phrases")
			}
			if len(x.rows) == 1 {
				fmt.Fprintf(&b, "    %s    （%s）\n", x.rows[0], src)
				continue
			}
			fmt.Fprintf(&b, "    整通 whole call（%s）：\n", src)
			for _, r := range x.rows {
				fmt.Fprintf(&b, "      %s\n", r)
			}
		}
		if n == 0 {
			b.WriteString(msg.Sprintf("explain.none-add-rules-test-case"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func partWords(part string) string {
	switch {
	case part == "phrases":
		return "短语 phrases"
	case strings.HasPrefix(part, "steps["):
		return "步骤 " + strings.TrimSuffix(strings.TrimPrefix(part, "steps["), "]") + msg.Sprintf("explain.step-phrases")
	case part == "trigger":
		return "触发短语 trigger phrases"
	case part == "reply":
		return "回应短语 reply phrases"
	case part == "when":
		return "条件短语 when phrases"
	case part == "hold":
		return "等待用语 hold phrases"
	case part == "thanks":
		return "感谢等待 thanks phrases"
	case part == "ignore":
		return "附和（不算打断）ignore phrases"
	}
	return part
}

// examples finds the examples of a rule in the rulebook tests: the shipped ones and the
// project's. Without any, it makes some from the phrases and keeps those that behave.
func examples(rb *rulebook.Rulebook, e catalog.Entry, seg *segment.Segmenter, cfg *config.Config) []example {
	id := e.Rule.Meta().ID
	var cases []*rulestest.Case
	if dirs := cfg.TestDirs(); len(dirs) > 0 {
		cs, _ := rulestest.Collect(dirs)
		cases = append(cases, cs...)
	}
	if shipped, err := rulestest.Shipped(); err == nil {
		cases = append(cases, shipped...)
	}
	var out []example
	count := map[bool]int{}
	for _, c := range cases {
		lines := strings.Split(c.Text, "\n")
		for _, x := range c.Expect {
			if x.Rule != id || count[x.Fires] >= maxExamples {
				continue
			}
			count[x.Fires]++
			if x.Line > 0 && x.Line <= len(lines) {
				out = append(out, example{fires: x.Fires, where: fmt.Sprintf("%s:%d", c.Path, x.Line), rows: []string{strings.TrimSpace(lines[x.Line-1])}})
				continue
			}
			var rows []string
			for _, l := range lines {
				l = strings.TrimSpace(l)
				if l == "" || strings.HasPrefix(l, "#") {
					continue
				}
				if len(rows) == maxCallRows {
					rows = append(rows, "……")
					break
				}
				rows = append(rows, l)
			}
			out = append(out, example{fires: x.Fires, where: c.Path, rows: rows})
		}
	}
	if count[true] == 0 || count[false] == 0 {
		for _, x := range made(rb, e, seg) {
			if count[x.fires] == 0 {
				out = append(out, x)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].fires && !out[j].fires })
	return out
}

// made makes one-utterance examples for a phrase rule from its phrases, and keeps each
// one only if the rule really does (or does not) fire on it.
func made(rb *rulebook.Rulebook, e catalog.Entry, seg *segment.Segmenter) []example {
	m := e.Rule.Meta()
	var phrase string
	var role transcript.Role
	for _, u := range catalog.Uses(e.Rule) {
		if ex := u.Pattern.Examples(1, "王"); len(ex) > 0 {
			phrase, role = ex[0], u.Role
			break
		}
	}
	if phrase == "" {
		return nil
	}
	label := func(r transcript.Role) string {
		if r == transcript.Customer {
			return "客户"
		}
		return "坐席"
	}
	other := transcript.Customer
	if role == transcript.Customer {
		other = transcript.Agent
	}
	var tries []example
	switch e.Rule.(type) {
	case *rule.Forbidden, *rule.Count:
		tries = []example{{fires: true, rows: []string{label(role) + "：" + phrase}}}
		if role != "" {
			tries = append(tries, example{fires: false, rows: []string{label(other) + "：" + phrase}})
		}
	case *rule.Required:
		tries = []example{
			{fires: true, rows: []string{label(role) + "：好的。"}},
			{fires: false, rows: []string{label(role) + "：" + phrase}},
		}
	default:
		return nil
	}
	checker := pipeline.ForRulebook(rb)
	var out []example
	for _, t := range tries {
		call, err := transcript.ParsePlain("example.txt", t.rows[0], rb.Roles)
		if err != nil {
			continue
		}
		fired := false
		for _, fd := range checker.CheckCall(call).Findings {
			if fd.Rule == m.ID {
				fired = true
			}
		}
		if fired == t.fires {
			t.made = true
			out = append(out, t)
		}
	}
	return out
}

// sources lists patterns as their authors wrote them.
func sources(ps []*match.Pattern) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Source
	}
	return strings.Join(out, "、")
}
