package lint

import (
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

// expressions: an expression (regex:) is matched against the normalised text, so a
// character that normalisation removes (punctuation, spaces, %, -) or changes (a capital
// letter, a full-width or Traditional character) can never be in what it is matched
// against: a branch that needs one never matches. An expression that matches empty text
// would fire everywhere; an empty match never counts, so it is surely a mistake.
// Go's RE2 cannot backtrack, so no expression is slow on any text: there is no
// catastrophic pattern to warn about.
func (c *checker) expressions(uses []catalog.Use) {
	done := map[*match.Pattern]bool{}
	for _, u := range uses {
		p := u.Pattern
		if done[p] {
			continue
		}
		done[p] = true
		tree := p.RegexSyntax()
		if tree == nil {
			continue
		}
		var removed, changed, as []string
		for _, r := range literalRunes(tree) {
			norm := normalize.New(string(r)).Norm
			switch {
			case norm == string(r), slices.Contains(removed, string(r)), slices.Contains(changed, string(r)):
			case norm == "":
				removed = append(removed, string(r))
			default:
				changed, as = append(changed, string(r)), append(as, norm)
			}
		}
		if len(removed) > 0 {
			c.warn(RegexNeverMatches, u.Rule.ID,
				msg.Sprintf("lint.regex-character-removed", u.Rule.ID, p.Source, strings.Join(removed, " ")),
				msg.Sprintf("lint.regex-character-removed-hint"), phrasePlace(u))
		}
		if len(changed) > 0 {
			c.warn(RegexNeverMatches, u.Rule.ID,
				msg.Sprintf("lint.regex-character-changed", u.Rule.ID, p.Source, strings.Join(changed, " "), strings.Join(as, " ")),
				"", phrasePlace(u))
		}
		if p.MatchesEmpty() {
			c.warn(RegexNeverMatches, u.Rule.ID, msg.Sprintf("lint.regex-matches-empty", u.Rule.ID, p.Source),
				msg.Sprintf("lint.regex-matches-empty-hint"), phrasePlace(u))
		}
	}
}

// literalRunes are the characters an expression writes literally (not in a class), case
// folded ones left out: those the text must hold as written.
func literalRunes(re *syntax.Regexp) []rune {
	var out []rune
	var walk func(*syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == 0 {
			out = append(out, re.Rune...)
		}
		for _, s := range re.Sub {
			walk(s)
		}
	}
	walk(re)
	return out
}
