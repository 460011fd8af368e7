// Package rules implements `zhijian rules`: commands about rulebooks.
package rules

import (
	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	lintcmd "github.com/zhijian-qa/zhijian/pkg/cmd/rules/lint"
	testcmd "github.com/zhijian-qa/zhijian/pkg/cmd/rules/test"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
)

// NewCmdRules groups the rulebook commands.
func NewCmdRules(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: msg.Sprintf("rules.rulebook-commands"),
		Example: `  zhijian rules list
  zhijian rules lint my-rules.yaml
  zhijian rules test rules-tests/`,
	}
	cmd.AddCommand(newCmdList(f))
	cmd.AddCommand(lintcmd.NewCmdLint(f))
	cmd.AddCommand(testcmd.NewCmdTest(f))
	return cmd
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	var (
		files   []string
		format  string
		shipped bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: msg.Sprintf("rules.list-rules-active-rulebook"),
		Example: `  zhijian rules list
  zhijian rules list --rules my-rules.yaml --format json
  zhijian rules list --shipped --format markdown > rules/README.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := f.IOStreams.Out
			if shipped {
				if format != "markdown" {
					return cmdutil.FlagErrorf("rules.shipped-needs-format-markdown")
				}
				books, reqs, err := catalog.Shipped()
				if err != nil {
					return err
				}
				return catalog.WriteMarkdown(out, msg.Sprintf("rules.shipped-rulebooks"), catalog.ReadmeCommand, books, reqs)
			}
			rb, err := rulebook.Load(files, nil)
			if err != nil {
				return cmdutil.Invalid(msg.Sprintf("rules.invalid-rulebook"), err)
			}
			entries := catalog.Rows(rb)
			switch format {
			case "table":
				return catalog.WriteTable(out, entries)
			case "json":
				return catalog.WriteJSON(out, entries)
			case "markdown":
				return catalog.WriteMarkdown(out, rb.Name+" "+rb.Version, "", []catalog.Book{{Name: rb.Name, Description: rb.Description, Entries: entries}}, nil)
			}
			return cmdutil.FlagErrorf("rules.unknown-format", format)
		},
	}
	cmd.Flags().StringArrayVar(&files, "rules", nil, msg.Sprintf("rules.rulebook-file-repeatable"))
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table | markdown | json")
	cmd.Flags().BoolVar(&shipped, "shipped", false, msg.Sprintf("rules.catalogue-every-shipped-rulebook"))
	return cmd
}
