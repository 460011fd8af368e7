// Package review implements `zhijian review`: the reviewers' side of the QA loop.
package review

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/review"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// NewCmdReview builds `zhijian review` and its subcommands.
func NewCmdReview(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review <command>",
		Short: msg.Sprintf("review.human-review-machine-findings"),
		Example: `  zhijian sample --store qa.db --batch 2026-w49 -o review-w49.xlsx
  zhijian review import --store qa.db --reviewer 王敏 review-w49.xlsx`,
	}
	cmd.AddCommand(newCmdImport(f))
	return cmd
}

func newCmdImport(f *cmdutil.Factory) *cobra.Command {
	var dsn, reviewer string
	cmd := &cobra.Command{
		Use:   "import --store DSN --reviewer NAME WORKBOOK.xlsx",
		Short: msg.Sprintf("review.read-filled-review-workbook-back"),
		Long: `读回 zhijian sample -o 写出、复核员填好的工作簿：每条问题的“确认/驳回”与备注，以及漏检工作表中
补记的问题（通话、行号、概念），记入存储与审计日志。同一复核员再导入一次只记改动的部分。

Reads a review workbook written by zhijian sample -o and filled in by a reviewer: each
finding confirmed or rejected, and the violations added on the missed sheet; records them
in the store and its audit log. Importing it again records only what changed.`,
		Example: `  zhijian review import --store qa.db --reviewer 王敏 review-w49.xlsx`,
		Args:    cmdutil.MinimumNArgs(1, "复核工作簿", "the review workbook"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dsn == "" {
				return cmdutil.FlagErrorf("review.store-required")
			}
			if reviewer == "" {
				return cmdutil.FlagErrorf("review.reviewer-required")
			}
			ctx := cmdutil.Context(cmd)
			st, err := store.Open(ctx, dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, path := range args {
				reviews, err := readWorkbook(path, reviewer)
				if err != nil {
					return cmdutil.Invalid(msg.Sprintf("review.invalid-review-workbook"), err)
				}
				n, err := st.SaveReviews(ctx, reviews)
				if err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				fmt.Fprintln(f.IOStreams.Out, msg.Sprintf("review.reviews-changed", path, len(reviews), n))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dsn, "store", "", msg.Sprintf("review.store-sqlite-file-postgres-dsn"))
	cmd.Flags().StringVar(&reviewer, "reviewer", "", msg.Sprintf("review.reviewer-recorded-audit-log"))
	return cmd
}

// readWorkbook reads the reviews of the workbook at path. A file that cannot be opened
// (a symbolic link loop, no permission) or a named pipe with nothing in it is named as
// every unreadable input is, in both languages.
func readWorkbook(path, reviewer string) ([]store.Review, error) {
	file, err := openWorkbook(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, diag.List{{Path: path, Msg: msg.Sprintf("source.cannot-read-file", err.Error())}}
	}
	defer file.Close()
	r := &countingReader{r: file}
	reviews, err := review.ReadWorkbook(r, path, reviewer)
	if err != nil && r.n == 0 {
		if info, serr := file.Stat(); serr == nil && info.Mode()&os.ModeNamedPipe != 0 {
			return nil, diag.List{{Path: path, Msg: msg.Sprintf("source.nothing-read-from-named-pipe")}}
		}
	}
	return reviews, err
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
