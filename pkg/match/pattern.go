// Package match compiles phrase patterns and finds them in normalised utterances, on word
// boundaries decided by the segment stage.
package match

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

// Mode says which boundaries a phrase must respect.
type Mode string

const (
	// Words: the phrase starts and ends on word boundaries (the default).
	Words Mode = "words"
	// Chars: any substring of the normalised text.
	Chars Mode = "chars"
	// Utterance: the phrase is the whole utterance.
	Utterance Mode = "utterance"
	// Clause: the phrase is a whole clause, between punctuation (or the utterance's
	// ends): “好的，我查一下，等一下。” has 等一下 as a clause of its own, a hold; “您等一下
	// 会收到短信” does not.
	Clause Mode = "clause"
)

// ParseMode checks a mode name; "" means Words.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case "", Words:
		return Words, nil
	case Chars, Utterance, Clause:
		return Mode(s), nil
	}
	return "", msg.Errorf("match.unknown-match-mode", s)
}

// Limits keep a pattern from expanding without bound.
const (
	// maxAlternatives is the most literal strings one gap-free piece may expand to.
	maxAlternatives = 1024
	// maxExpandedBytes is the most bytes those strings may come to together: 1,024
	// alternatives of a 300,000-character run ("(a|b)" ten times, then the run: a 900 KB
	// rulebook) took 5 GB and had not compiled after a minute.
	maxExpandedBytes = 1 << 20
	// maxGap is the widest gap a pattern may ask for, in characters.
	maxGap = 64
	// ellipsisGap is the width of "…": a company name or a job number fits.
	ellipsisGap = 8
	// slotMin and slotMax bound a name or number slot (X, ××, **).
	slotMin, slotMax = 1, 4
)

// Pattern is a compiled phrase.
type Pattern struct {
	// Source is the phrase as written in the rulebook.
	Source string
	Mode   Mode
	parts  []part
	// set and id place the pattern in a Set, when it belongs to one.
	set *Set
	id  int
	// emptyAnchor says the anchor may be empty ("[请问]X先生"): the pattern may start
	// anywhere, so the Set's anchor index cannot find where.
	emptyAnchor bool
	// Fuzzy is how far past the exact text the pattern may match, and own its forms for
	// that when it is used outside its set (robust.go).
	Fuzzy Fuzzy
	// memoSize is the size of the memo matchAt needs (text.go), 0 for none.
	memoSize int
	ownOnce  sync.Once
	own      forms
	// spoken is the length of the pattern's shortest reading, fillers left out
	// (Pattern.spansEnough), worked out on first use.
	spokenOnce sync.Once
	spoken     int
	// tries holds, by part, the literal alternatives of a part that has many: matchPart
	// then walks the text once from a position instead of comparing each alternative
	// there. After a gap every position up to its width is tried, and "(您|你){0,8}的时候
	// (不|没)(看|注意|…)" compared its 48 alternatives at each of nine places after every
	// 您 (a sixth of the CPU of a check with the default rulebook). Built on the first
	// search (most patterns never reach one in a short run), nil for a part of few.
	triesOnce sync.Once
	tries     []*altTrie
	// firsts holds, by part, the firstBit mask of the characters its alternatives start
	// with, for a literal part that follows a gap and has no empty alternative (0
	// otherwise): the gap's positions whose character starts none are passed without a
	// try. "(您好|…){0,48}有(什么|…)" tried the rest of the pattern at each of 49 places
	// after every greeting.
	firsts []uint64

	// list is the phrase list the pattern is in, at listIndex (list.go).
	list      *List
	listIndex int

	// regex is set for a pattern compiled from a regular expression (regex.go).
	regex *regexPattern
	// meaning is set for a meaning item, matched by a trained model (meaning.go).
	meaning *meaningPattern

	// With are further parts of one meaning that must all occur in the same text, in any
	// order, for a match of p to count (没听清 … 再说一遍); Unless are words whose presence
	// in the same text cancels it (对不起、请 make the same request polite). See Holds.
	With, Unless []*Pattern
	// SilenceAfter, when set, counts a match only in an utterance followed by at least
	// this long a silence before its speaker speaks again: "好，我查一下" and then twenty
	// seconds of nothing is a hold announced without the word 稍等. Package rule checks it,
	// as it needs the call's times; without times the match does not count.
	SilenceAfter time.Duration
	// Twice, set on a meaning item, also lets an utterance scoring below the item's
	// threshold match when it scores at least Twice and another utterance of the same
	// speaker in the call does too (package rule checks the other one): an angry caller
	// says it more than once, a calm one rarely twice.
	Twice float64
	// UnlessAnswering cancels a match in an utterance that answers (is the first of its
	// speaker after) an utterance of the other side matching one of these: a customer's
	// "行了行了，我不跟你说了" right after the agent lectured them is a reproach of the
	// agent, not a complaint about the service. Package rule checks it, as it needs the
	// call.
	UnlessAnswering []*Pattern
	// unless finds which Unless patterns' anchors occur in a text, in one walk
	// (unlessFilter), built on first use.
	unlessOnce sync.Once
	unless     *unlessFilter
}

// Holds reports whether a match of p found in t counts: every With part occurs in t (as
// tolerantly as p itself may match) and no Unless pattern does (as written: a polite word
// is not guessed from its sound, or 听清 would read as 请).
func (p *Pattern) Holds(t *Text) bool {
	for _, w := range p.With {
		if _, ok := w.FindRobust(t); !ok {
			return false
		}
	}
	present := ^uint64(0)
	if f := p.unlessFilter(); f != nil {
		present = f.present(t.Norm)
	}
	for k, u := range p.Unless {
		if k < 64 && present&(1<<k) == 0 {
			continue // its anchor is nowhere in t: no match to search for
		}
		for _, sp := range u.FindAll(t) {
			if !tailOfWord(t, sp.Start) {
				return false
			}
		}
	}
	return true
}

// tailOfWord reports whether Norm offset pos is the last character of a word that ends
// in an exception word's first character: an exception word counts wherever it stands
// (给您 in 发给您), but 为您 is "for you" only where 为 is a word of its own, not in 因为您,
// and the polite 请 is no 请 in 申请 or 邀请 (听我说完。得先……才能提减免申请 is an order
// still). (The segmenter's boundaries are no help: it allows both 因为|您 and 因|为您.)
func tailOfWord(t *Text, pos int) bool {
	for _, w := range wordTails {
		if !strings.HasPrefix(t.Norm[pos:], w.last) {
			continue
		}
		before := t.Norm[:pos]
		for _, h := range w.heads {
			if strings.HasSuffix(before, h) {
				return true
			}
		}
	}
	return false
}

// wordTails are characters that begin exception words and end common words, with what
// comes before them in those words.
var wordTails = []struct {
	last  string
	heads []string
}{
	{"为", []string{"因", "认", "作", "以", "成", "行", "称", "视", "较", "更", "极", "最", "甚", "颇", "分", "难", "无所"}},
	{"请", []string{"申", "邀", "聘", "宴", "提", "报", "呈", "延"}},
}

// Composite reports whether a match of p needs more than the match to count: With or
// Unless parts, a silence after it, a second utterance scoring Twice, or an answered
// utterance that does not cancel it.
func (p *Pattern) Composite() bool {
	return len(p.With) > 0 || len(p.Unless) > 0 || p.SilenceAfter > 0 || p.Twice > 0 || len(p.UnlessAnswering) > 0
}

func newPattern(src string, mode Mode, parts []part) *Pattern {
	p := &Pattern{Source: src, Mode: mode, parts: parts, memoSize: memoSizeFor(parts)}
	p.emptyAnchor = hasEmpty(parts[p.anchor()].alts)
	return p
}

// anchor is the index of the first literal part: a match is found from there, a leading
// gap or slot grown backwards.
func (p *Pattern) anchor() int {
	if p.parts[0].isGap() {
		return 1
	}
	return 0
}

// part is either a set of literal alternatives or a gap of min..max characters.
type part struct {
	alts     []string // normalised; empty for a gap
	min, max int
}

// buildTries gives each part of many alternatives its trie.
func (p *Pattern) buildTries() {
	p.tries = make([]*altTrie, len(p.parts))
	p.firsts = make([]uint64, len(p.parts))
	for i, pt := range p.parts {
		p.tries[i] = newAltTrie(pt.alts)
		if i == 0 || !p.parts[i-1].isGap() || pt.isGap() || hasEmpty(pt.alts) {
			continue
		}
		for _, a := range pt.alts {
			r, _ := utf8.DecodeRuneInString(a)
			p.firsts[i] |= firstBit(r)
		}
	}
}

func (p part) isGap() bool { return p.alts == nil }

// Literals returns every literal string the pattern can match as a whole, when it has no
// gap; the segmenter uses them as words.
func (p *Pattern) Literals() []string {
	if len(p.parts) != 1 || p.parts[0].isGap() || p.regex != nil || p.meaning != nil {
		return nil
	}
	return p.parts[0].alts
}

func (p *Pattern) String() string { return p.Source }

// Size is the bytes of the literal strings the pattern expands to: what matching it
// builds tables of (0 for an expression, an entity or a meaning item).
func (p *Pattern) Size() int {
	n := 0
	for _, pt := range p.parts {
		for _, a := range pt.alts {
			n += len(a)
		}
	}
	return n
}

// IsRegex reports whether the pattern is a regex or entity item, not a phrase pattern.
func (p *Pattern) IsRegex() bool { return p.regex != nil }

// Compile parses a phrase pattern (syntax in docs/rulebook.md).
func Compile(src string, mode Mode) (*Pattern, error) {
	p, err := parse(src)
	if err != nil {
		return nil, err
	}
	return newPattern(src, mode, p), nil
}

// Compiler compiles phrase patterns, parsing each source text once. A rulebook compiles
// a list once for every item that aliases it (complaint.yaml's *not-complaining some
// sixty times), and the parse, which expands every alternative, was most of that. The
// parts are shared, read-only; each Pattern keeps its own state (set, list, lazy forms).
// The zero value is ready to use; it is not safe for concurrent use.
type Compiler struct {
	parsed map[string][]part
}

// Compile is Compile, from the parse of an earlier call with the same src if there was
// one. A nil Compiler parses every time.
func (c *Compiler) Compile(src string, mode Mode) (*Pattern, error) {
	if c == nil {
		return Compile(src, mode)
	}
	parts, ok := c.parsed[src]
	if !ok {
		var err error
		if parts, err = parse(src); err != nil {
			return nil, err
		}
		if c.parsed == nil {
			c.parsed = map[string][]part{}
		}
		c.parsed[src] = parts
	}
	return newPattern(src, mode, parts), nil
}

// parse parses and checks a phrase pattern into its parts.
func parse(src string) ([]part, error) {
	c := compiler{src: src}
	seq, err := c.sequence(0)
	if err != nil {
		return nil, err
	}
	if c.pos < len(c.src) {
		return nil, c.errorf("match.unexpected", c.src[c.pos])
	}
	parts := seq.parts()
	if len(parts) == 0 {
		return nil, msg.Errorf("match.empty-phrase")
	}
	allGaps := true
	for _, p := range parts {
		if !p.isGap() {
			allGaps = false
		}
		if !withinLimits(p.alts) {
			return nil, msg.Errorf("match.pattern-expands-more-than-alternatives", src, maxAlternatives)
		}
	}
	if allGaps {
		return nil, msg.Errorf("match.pattern-has-no-literal-text", src)
	}
	if nullable(parts) {
		return nil, msg.Errorf("match.every-part-pattern-optional-so", src)
	}
	return parts, nil
}

// nullable reports whether parts can match the empty string: every gap may be empty and
// every literal set has the empty alternative ("[您好]", "[请问]{0,3}"). Such a pattern
// would match at every position.
func nullable(parts []part) bool {
	for _, p := range parts {
		if p.isGap() && p.min > 0 || !p.isGap() && !hasEmpty(p.alts) {
			return false
		}
	}
	return true
}

func hasEmpty(alts []string) bool {
	for _, a := range alts {
		if a == "" {
			return true
		}
	}
	return false
}

// node is a parsed piece of a pattern: a sequence of items, each a set of literal
// alternatives (already expanded) or a gap.
type node []part

// parts merges adjacent gaps and drops empty literals.
func (n node) parts() []part {
	var out []part
	for _, p := range n {
		if !p.isGap() && len(p.alts) == 1 && p.alts[0] == "" {
			continue
		}
		if k := len(out); k > 0 && p.isGap() && out[k-1].isGap() {
			out[k-1].min += p.min
			out[k-1].max += p.max
			continue
		}
		out = append(out, p)
	}
	return out
}

type compiler struct {
	src string
	pos int
}

// errorf is an error at the compiler's position with the catalogued message key.
func (c *compiler) errorf(key string, args ...any) error {
	return c.problem(msg.Sprintf(key, args...))
}

// tooLarge says the pattern expands past maxAlternatives or maxExpandedBytes.
func (c *compiler) tooLarge() error {
	return msg.Errorf("match.pattern-expands-more-than-alternatives", c.src, maxAlternatives)
}

func (c *compiler) groupError(err error) error {
	if err == errTooManyAlternatives {
		return c.tooLarge()
	}
	return c.problem(err.Error())
}

func (c *compiler) problem(text string) error {
	col := utf8.RuneCountInString(c.src[:min(c.pos, len(c.src))]) + 1
	return fmt.Errorf("短语 %q 第 %d 个字：%s", c.src, col, text)
}

// sequence parses until end of input or a closing bracket / '|' that belongs to the
// caller (depth > 0).
func (c *compiler) sequence(depth int) (node, error) {
	var seq node
	var lit strings.Builder
	// failed is set when a literal took a piece past the limits (appendLiteral).
	var failed error
	add := func(alts []string) {
		if failed != nil {
			return
		}
		next, err := appendLiteral(seq, alts)
		if err != nil {
			failed = c.tooLarge()
			return
		}
		seq = next
	}
	flush := func() {
		if lit.Len() > 0 {
			add([]string{normalize.String(lit.String())})
			lit.Reset()
		}
	}
	for c.pos < len(c.src) && failed == nil {
		r, size := utf8.DecodeRuneInString(c.src[c.pos:])
		switch {
		case r == '\\':
			c.pos += size
			if c.pos >= len(c.src) {
				return nil, c.errorf("match.dangling-backslash")
			}
			r2, s2 := utf8.DecodeRuneInString(c.src[c.pos:])
			lit.WriteRune(r2)
			c.pos += s2
		case r == '(' || r == '（':
			flush()
			c.pos += size
			alts, err := c.group(depth, ')', '）')
			if err != nil {
				return nil, err
			}
			if seq, err = appendGroup(seq, alts); err != nil {
				return nil, c.groupError(err)
			}
		case r == '[' || r == '【':
			flush()
			c.pos += size
			alts, err := c.group(depth, ']', '】')
			if err != nil {
				return nil, err
			}
			if seq, err = appendGroup(seq, append(alts, nil)); err != nil {
				return nil, c.groupError(err)
			}
		case r == ')' || r == '）' || r == ']' || r == '】' || r == '|':
			if depth == 0 && r == '|' {
				// 你好|您好: a regular expression's top-level alternatives.
				return nil, c.errorf("match.bar-only-inside-brackets")
			}
			if depth == 0 {
				return nil, c.errorf("match.unbalanced", r)
			}
			flush()
			if failed != nil {
				return nil, failed
			}
			return seq, nil
		case r == '/':
			// 先生/小姐: the Han run before the slash or the one after it.
			before := lit.String()
			c.pos += size
			after := c.hanRun()
			if before == "" || after == "" {
				return nil, c.errorf("match.needs-text-both-sides")
			}
			left, right := splitLastHanRun(before)
			lit.Reset()
			lit.WriteString(left)
			flush()
			add([]string{normalize.String(right), normalize.String(after)})
		case r == '…':
			flush()
			for c.pos < len(c.src) && strings.HasPrefix(c.src[c.pos:], "…") {
				c.pos += len("…")
			}
			seq = append(seq, part{min: 0, max: ellipsisGap})
		case r == '{':
			flush()
			lo, hi, err := c.gap()
			if err != nil {
				return nil, err
			}
			seq = append(seq, part{min: lo, max: hi})
		case r == 'X' || r == '×' || r == '*' || r == '＊':
			flush()
			for c.pos < len(c.src) {
				r2, s2 := utf8.DecodeRuneInString(c.src[c.pos:])
				if r2 != r && !(r == 'X' && r2 == 'X') {
					break
				}
				c.pos += s2
			}
			seq = append(seq, part{min: slotMin, max: slotMax})
		default:
			lit.WriteRune(r)
			c.pos += size
		}
	}
	if failed != nil {
		return nil, failed
	}
	if depth > 0 {
		return nil, c.errorf("match.unclosed-bracket")
	}
	if flush(); failed != nil {
		return nil, failed
	}
	return seq, nil
}

// group parses alternatives up to the closing bracket. Each alternative must be free of
// gaps: an alternative is a set of literal strings.
func (c *compiler) group(depth int, close1, close2 rune) ([]node, error) {
	var alts []node
	for {
		seq, err := c.sequence(depth + 1)
		if err != nil {
			return nil, err
		}
		alts = append(alts, seq)
		r, size := utf8.DecodeRuneInString(c.src[c.pos:])
		c.pos += size
		switch r {
		case '|':
			continue
		case close1, close2:
			return alts, nil
		default:
			c.pos -= size
			return nil, c.errorf("match.expected", close1)
		}
	}
}

func (c *compiler) gap() (int, int, error) {
	end := strings.IndexByte(c.src[c.pos:], '}')
	if end < 0 {
		return 0, 0, c.errorf("match.unclosed")
	}
	body := c.src[c.pos+1 : c.pos+end]
	c.pos += end + 1
	var lo, hi int
	if _, err := fmt.Sscanf(body, "%d,%d", &lo, &hi); err != nil {
		if _, err := fmt.Sscanf(body, "%d", &hi); err != nil || strings.Contains(body, ",") {
			return 0, 0, c.errorf("match.gap-must-got", body)
		}
		lo = hi
	}
	if lo < 0 || hi < lo || hi > maxGap {
		return 0, 0, c.errorf("match.invalid-gap", body, maxGap)
	}
	return lo, hi, nil
}

// hanRun consumes the run of Han characters at the current position.
func (c *compiler) hanRun() string {
	start := c.pos
	for c.pos < len(c.src) {
		r, size := utf8.DecodeRuneInString(c.src[c.pos:])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		c.pos += size
	}
	return c.src[start:c.pos]
}

func splitLastHanRun(s string) (string, string) {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		i -= size
	}
	return s[:i], s[i:]
}

// appendLiteral appends a set of literal alternatives, merging with a preceding literal
// set by concatenation so a gap-free stretch stays one part.
// It fails as soon as the set is more than maxAlternatives strings or maxExpandedBytes:
// "[好]" 40,000 times kept the set at 1,025 strings ever longer, and the pattern, 120 KB,
// was still expanding after a minute.
func appendLiteral(seq node, alts []string) (node, error) {
	if k := len(seq); k > 0 && !seq[k-1].isGap() {
		out, ok := product(seq[k-1].alts, alts)
		if !ok {
			return nil, errTooManyAlternatives
		}
		seq[k-1].alts = out
		return seq, nil
	}
	if !withinLimits(alts) {
		return nil, errTooManyAlternatives
	}
	return append(seq, part{alts: alts}), nil
}

// errTooManyAlternatives says a gap-free piece expands past the limits; parse names the
// pattern.
var errTooManyAlternatives = fmt.Errorf("too many alternatives")

func withinLimits(alts []string) bool {
	if len(alts) > maxAlternatives {
		return false
	}
	n := 0
	for _, a := range alts {
		if n += len(a); n > maxExpandedBytes {
			return false
		}
	}
	return true
}

// appendGroup appends the alternatives of a bracket group as one literal set; an empty
// alternative makes the group optional. Gaps and slots stay outside brackets, so every
// gap-free stretch of a pattern is a finite set of strings.
func appendGroup(seq node, alts []node) (node, error) {
	var strs []string
	for _, a := range alts {
		ps := a.parts()
		switch {
		case len(ps) == 0:
			strs = append(strs, "")
		case len(ps) == 1 && !ps[0].isGap():
			strs = append(strs, ps[0].alts...)
		default:
			return nil, msg.Errorf("match.no-gap-slot-inside-brackets")
		}
	}
	return appendLiteral(seq, dedupe(strs))
}

// product is every string of a followed by one of b, once each; false when they are
// more than the limits allow.
func product(a, b []string) ([]string, bool) {
	out := make([]string, 0, min(len(a)*len(b), maxAlternatives+1))
	n := 0
	for _, x := range a {
		for _, y := range b {
			n += len(x) + len(y)
			out = append(out, x+y)
			if len(out) > maxAlternatives || n > maxExpandedBytes {
				// Duplicates may bring it back under the limits: "[好][好]" is three.
				if out = dedupe(out); !withinLimits(out) {
					return nil, false
				}
				n = 0
				for _, s := range out {
					n += len(s)
				}
			}
		}
	}
	return dedupe(out), true
}

func dedupe(s []string) []string {
	if len(s) <= dedupeScanMax {
		// A few: comparing each with those kept costs less than a map.
		out := make([]string, 0, len(s))
	next:
		for _, x := range s {
			for _, y := range out {
				if x == y {
					continue next
				}
			}
			out = append(out, x)
		}
		return out
	}
	seen := make(map[string]bool, len(s))
	out := make([]string, 0, len(s))
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// dedupeScanMax is the most strings dedupe compares pairwise.
const dedupeScanMax = 16
