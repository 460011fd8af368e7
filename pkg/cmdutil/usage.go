package cmdutil

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// MinimumNArgs is cobra.MinimumNArgs with the error QA staff read, in Chinese first.
func MinimumNArgs(n int, zh, en string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= n {
			return nil
		}
		return FlagErrorf("cmdutil.missing-arguments-least-see-help",
			zh, n, cmd.CommandPath(), en)
	}
}

// ExactArgs is MinimumNArgs that also refuses more arguments than n: an argument past
// them was dropped without a word.
func ExactArgs(n int, zh, en string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return FlagErrorf("cmdutil.too-many-arguments", n, cmd.CommandPath(), strings.Join(args[n:], " "))
		}
		return MinimumNArgs(n, zh, en)(cmd, args)
	}
}

// FlagErrors makes cobra's flag errors bilingual and, for a misspelt flag, suggests the
// nearest one (--fromat → --format). Apply it to the root: subcommands inherit it.
func FlagErrors(cmd *cobra.Command) {
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
			if near := nearestFlag(c, name); near != "" {
				return FlagErrorf("cmdutil.unknown-flag-did-you-mean", name, near)
			}
			return FlagErrorf("cmdutil.unknown-flag-see-help", name, c.CommandPath())
		}
		return FlagErrorf("cmdutil.invalid-flag", msg)
	})
}

// nearestFlag is the flag of c closest to name by edit distance, if close enough to be
// a typo.
func nearestFlag(c *cobra.Command, name string) string {
	best, bestD := "", 3
	visit := func(f *pflag.Flag) {
		if d := EditDistance(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	}
	c.Flags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	return best
}

// EditDistance is the Levenshtein distance of a and b, by bytes (flag names and rule ids
// are ASCII), for did-you-mean suggestions.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
