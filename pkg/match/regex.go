package match

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

// Regular-expression phrases (regex: in a rulebook) and entities (entity: phone). Go's
// RE2 runs in time linear in the text whatever the expression, so no rulebook can make a
// check hang. An expression matches the normalised text, as phrases do: punctuation and
// spaces removed, full-width folded, Latin lower case, Traditional → Simplified, so
// 138-1234-5678 is 13812345678 when it is matched.
//
// Each expression is anchored in its Set on the longest literal every match must
// contain, found from its syntax: on an utterance without that literal the expression
// is never run, and costs what a literal phrase of the same length costs (a bit test
// after the Set's one pass). Only an expression without any required literal
// (\d{11}) is run on every utterance its rule looks at.

// regexPattern is what a Pattern compiled from an expression holds.
type regexPattern struct {
	re *regexp.Regexp
	// whole is the expression anchored at both ends, for match: utterance.
	whole *regexp.Regexp
	// digitEdges rejects a match that a digit continues on either side: an entity's
	// 11 digits inside an 18-digit number are not a phone number.
	digitEdges bool
	// size is how many instructions the expression compiles to.
	size int
	// starts are the ranges (low, high pairs) of the characters every match starts
	// with, nil when not known: the search starts at the first of them, not before.
	starts []rune
	// mini is the expression for the small matcher (minire.go), nil when it is left to
	// re.
	mini *miniRE
}

// MaxRegexSize bounds the instructions one expression compiles to. RE2 runs in time
// linear in the text, but the factor is the expression's size: it steps through every
// instruction that can be alive at each character, and {m,n} copies its part n times.
// Twenty expressions of [^某]{1000} three times over (3,002 instructions each) over 200
// utterances of 3,000 characters ran for more than five minutes. The shipped rulebooks'
// largest expression has 51; RegexSize is what the rulebook adds up.
const MaxRegexSize = 1000

// RegexSize is the instructions p's expression compiles to; 0 for a phrase.
func (p *Pattern) RegexSize() int {
	if p.regex == nil {
		return 0
	}
	return p.regex.size
}

// excerpt is at most 40 characters of s, for a message.
func excerpt(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

// CompileRegex compiles a regular expression (RE2 syntax) into a pattern. mode decides
// where a match may start and end as for phrases; an expression's default is Chars.
func CompileRegex(src string, mode Mode) (*Pattern, error) {
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, msg.Errorf("match.invalid-regex", src, regexError(err))
	}
	whole, err := regexp.Compile(`^(?:` + src + `)$`)
	if err != nil {
		return nil, msg.Errorf("match.invalid-regex", src, regexError(err))
	}
	lit, size := "", 0
	var starts []rune
	var mini *miniRE
	if tree, err := syntax.Parse(src, syntax.Perl); err == nil {
		mini = compileMini(tree)
		simple := tree.Simplify()
		lit = requiredLiteral(simple)
		if prog, err := syntax.Compile(simple); err == nil {
			size = len(prog.Inst)
		}
		if !hasAssertion(tree) {
			starts, _ = startRunes(simple)
		}
	}
	if size > MaxRegexSize {
		return nil, msg.Errorf("match.regex-too-large", excerpt(src), size, MaxRegexSize)
	}
	p := newPattern(src, mode, []part{{alts: []string{lit}}})
	p.regex = &regexPattern{re: re, whole: whole, size: size, starts: starts, mini: mini}
	p.Fuzzy = Exact // sounds and fillers are the phrase language's; an expression says exactly what it means
	return p, nil
}

// regexError is the reason a regexp did not compile, without Go's "error parsing
// regexp: " prefix.
func regexError(err error) string {
	if se, ok := err.(*syntax.Error); ok {
		return string(se.Code) + ": `" + se.Expr + "`"
	}
	return err.Error()
}

// Regex reports whether p was compiled from a regular expression.
func (p *Pattern) Regex() bool { return p.regex != nil }

// RegexSyntax is p's expression parsed, for lint; nil for a phrase.
func (p *Pattern) RegexSyntax() *syntax.Regexp {
	if p.regex == nil {
		return nil
	}
	tree, err := syntax.Parse(p.regex.re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	return tree
}

// RequiredLiteral is the literal every match of p contains and its Set anchors it on;
// "" when there is none (or p is a phrase).
func (p *Pattern) RequiredLiteral() string {
	if p.regex == nil {
		return ""
	}
	return p.parts[0].alts[0]
}

// findRegex finds the leftmost match at or after from that mode and the digit edges
// allow; an empty match never counts.
func (p *Pattern) findRegex(t *Text, from int) (Span, bool) {
	norm := t.Norm
	if p.Mode == Utterance {
		if from == 0 && len(norm) > 0 && p.regex.whole.MatchString(norm) {
			return Span{0, len(norm)}, true
		}
		return Span{}, false
	}
	if !p.MayOccur(t) {
		return Span{}, false
	}
	for from < len(norm) {
		if from = p.regex.nextStart(norm, from); from == len(norm) {
			return Span{}, false
		}
		s, e, ok := p.regex.find(norm, from)
		if !ok {
			return Span{}, false
		}
		if e > s && p.edgesAllow(t, s, e) {
			return Span{s, e}, true
		}
		// The next search starts where a match may: not inside a word (match: words),
		// a clause, or a run of digits (an entity). It started at the next character,
		// and a match rejected there was found again from each character after it:
		// [a-z]{400} with match: words over a 9,000-letter utterance (one word) ran for
		// more than two minutes.
		for from = s + runeLen(norm, s); from < len(norm) && !p.mayStart(t, from); {
			from += runeLen(norm, from)
		}
	}
	return Span{}, false
}

// find is re.FindStringIndex(norm[from:]) as places in norm: the leftmost match at or
// after from. An expression the small matcher takes is tried at each place a match may
// start, in order; it holds no assertion, so what matches from a place does not depend
// on the text before it.
func (r *regexPattern) find(norm string, from int) (int, int, bool) {
	if r.mini == nil {
		loc := r.re.FindStringIndex(norm[from:])
		if loc == nil {
			return 0, 0, false
		}
		return from + loc[0], from + loc[1], true
	}
	for s := from; s <= len(norm); s += runeLen(norm, s) {
		if r.starts != nil {
			if s = r.nextStart(norm, s); s == len(norm) {
				return 0, 0, false
			}
		}
		if e := r.mini.matchAt(norm, s); e >= 0 {
			return s, e, true
		}
	}
	return 0, 0, false
}

// mayStart says whether a match may start at pos, as edgesAllow checks its start.
func (p *Pattern) mayStart(t *Text, pos int) bool {
	switch p.Mode {
	case Words:
		if !t.isBoundary(pos) {
			return false
		}
	case Clause:
		if !t.clauseEdge(pos) {
			return false
		}
	}
	if p.regex.digitEdges && pos > 0 {
		before, _ := utf8.DecodeLastRuneInString(t.Norm[:pos])
		return !isDigitRune(before)
	}
	return true
}

// edgesAllow checks a match's ends against the pattern's mode and digit edges.
func (p *Pattern) edgesAllow(t *Text, s, e int) bool {
	switch p.Mode {
	case Words:
		if !t.isBoundary(s) || !t.isBoundary(e) {
			return false
		}
	case Clause:
		if !t.clauseEdge(s) || !t.clauseEdge(e) {
			return false
		}
	}
	if p.regex.digitEdges {
		before, _ := utf8.DecodeLastRuneInString(t.Norm[:s])
		after, _ := utf8.DecodeRuneInString(t.Norm[e:])
		if s > 0 && isDigitRune(before) || e < len(t.Norm) && isDigitRune(after) {
			return false
		}
	}
	return true
}

// Where a search may start. Go's regexp tries an expression that starts with a class or
// an alternation ([0-9…]{1,6}号(客服|…), (客服|话务员|…)[0-9]{3,6}) at every position of
// the text, a few thousand instructions for a greeting; the seat-number expressions of
// the default rulebook were 4% of a check. No match starts before a character it can
// start with, and an expression without assertions (^, $, \b) matches the text from a
// position as it matches it from any position before: starting the search there finds
// the same leftmost match.

// nextStart returns the first position at or after from where a match may start:
// len(norm) when there is none, from when that is not known.
func (r *regexPattern) nextStart(norm string, from int) int {
	if r.starts == nil {
		return from
	}
	for i := from; i < len(norm); {
		c, size := rune(norm[i]), 1
		if b := norm[i]; b >= utf8.RuneSelf { // decodeRune, in line: the call cost more than the work
			if b-0xE1 < 0x0F && b != 0xED && i+2 < len(norm) && (norm[i+1]^0x80)|(norm[i+2]^0x80) < 0x40 {
				c, size = rune(b&0x0F)<<12|rune(norm[i+1]&0x3F)<<6|rune(norm[i+2]&0x3F), 3
			} else {
				c, size = utf8.DecodeRuneInString(norm[i:])
			}
		}
		for k := 0; k < len(r.starts); k += 2 {
			if r.starts[k] <= c && c <= r.starts[k+1] {
				return i
			}
		}
		i += size
	}
	return len(norm)
}

// startRunes returns the ranges of the characters every match of re starts with (low,
// high pairs), false when re may match empty text or start with any character.
func startRunes(re *syntax.Regexp) ([]rune, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil, false
		}
		return []rune{re.Rune[0], re.Rune[0]}, true
	case syntax.OpCharClass:
		return re.Rune, len(re.Rune) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return startRunes(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return startRunes(re.Sub[0])
		}
	case syntax.OpConcat:
		if len(re.Sub) > 0 {
			return startRunes(re.Sub[0]) // an expression that may match empty says false
		}
	case syntax.OpAlternate:
		var out []rune
		for _, sub := range re.Sub {
			rs, ok := startRunes(sub)
			if !ok {
				return nil, false
			}
			out = append(out, rs...)
		}
		return out, true
	}
	return nil, false
}

// hasAssertion reports whether re holds an empty-width assertion (^, $, \b, \B, \A,
// \z): what it matches from a position may then depend on the text before it.
func hasAssertion(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if hasAssertion(sub) {
			return true
		}
	}
	return false
}

// requiredLiteral is the longest literal text that every match of re contains: the
// literal itself, or the longest of a concatenation's required pieces (adjacent
// literals joined), or that of a group repeated at least once. Case folding and
// alternation give none.
func requiredLiteral(re *syntax.Regexp) string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return ""
		}
		return string(re.Rune)
	case syntax.OpCapture:
		return requiredLiteral(re.Sub[0])
	case syntax.OpPlus:
		return requiredLiteral(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiteral(re.Sub[0])
		}
	case syntax.OpConcat:
		best, run := "", ""
		for _, sub := range re.Sub {
			if sub.Op == syntax.OpLiteral && sub.Flags&syntax.FoldCase == 0 {
				run += string(sub.Rune)
				continue
			}
			if len(run) > len(best) {
				best = run
			}
			run = ""
			if l := requiredLiteral(sub); len(l) > len(best) {
				best = l
			}
		}
		if len(run) > len(best) {
			best = run
		}
		return best
	}
	return ""
}

// Entities are the named expressions a rulebook may use (entity: phone): numbers as a
// transcript writes them, with ASCII or Chinese digits (ASR often spells a number out,
// 幺 for 1), each match standing alone, not inside a longer number.
var Entities = map[string]string{
	// A mainland mobile number: 1, then 3–9, then nine digits; or masked as exports
	// print it, the middle four as * (139****2234).
	"phone": `[1一幺][3-9三四五六七八九]` + digit + `(?:` + digit + `{8}|\*{4}` + digit + `{4})`,
	// A resident ID card: 17 digits and a check digit or X.
	"id-card": digit + `{17}(?:` + digit + `|x)`,
	// A bank card: 16 to 19 digits.
	"bank-card": digit + `{16,19}`,
	// An amount of money: digits (or Chinese numerals) before 元, 块 or 万.
	"amount": `(?:\d+|[零〇一二两三四五六七八九十百千万亿]+)(?:万|千)?(?:元|块)`,
	// A percentage as said: 百分之五, 百分之五点五 (the % sign is punctuation and gone
	// before matching).
	"percent": `百分之[零〇一二两三四五六七八九十百点\d]+`,
}

// digit is a digit as a transcript writes one, ASCII or Chinese.
const digit = `[0-9零〇一二三四五六七八九幺两]`

func isDigitRune(r rune) bool { return normalize.IsDigit(r) }

// EntityNames lists the entities, sorted.
func EntityNames() []string {
	names := make([]string, 0, len(Entities))
	for n := range Entities {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// CompileEntity compiles a named entity: its expression, matched anywhere (Chars) with
// no digit continuing it on either side.
func CompileEntity(name string) (*Pattern, error) {
	src, ok := Entities[name]
	if !ok {
		return nil, msg.Errorf("match.unknown-entity", name, strings.Join(EntityNames(), "、"), strings.Join(EntityNames(), ", "))
	}
	p, err := CompileRegex(src, Chars)
	if err != nil {
		return nil, err
	}
	p.regex.digitEdges = true
	p.Source = "entity:" + name
	return p, nil
}

// MatchesEmpty says whether p, an expression, matches empty text (which never counts as
// a match): for lint.
func (p *Pattern) MatchesEmpty() bool {
	return p.regex != nil && p.regex.re.MatchString("")
}
