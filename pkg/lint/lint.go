// Package lint checks rulebooks for `zhijian rules lint`: every error the loader finds,
// with file, line, column and a hint, and the smells of a rulebook that loads but will
// not do what its author meant — a phrase that can never match, a required phrase that
// is part of a forbidden one, two rules with the same phrases, a condition group that can
// take more than 100 points.
package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/catalog"
	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/internal/smallfile"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/rules"
)

// Level grades a problem: an error makes the rulebook unusable, a warning is a smell.
type Level = diag.Level

const (
	Error   = diag.LevelError
	Warning = diag.LevelWarning
)

// Codes name the kinds of warning, for people to look up and tools to filter.
const (
	NeverMatches     = "never-matches"
	SameAfterNorm    = "same-after-normalisation"
	RequiredInForbid = "required-inside-forbidden"
	ForbidInRequired = "forbidden-inside-required"
	SamePhrases      = "same-phrases"
	GroupOver100     = "group-deducts-over-100"
	RegexHabit       = "regex-habit"
	// RegexNeverMatches: an expression (regex:) whose text normalisation removes or
	// changes before matching (a hyphen, a %, a capital), or that matches empty text.
	RegexNeverMatches = "regex-never-matches"
)

// Problem is one error or warning, placed in a rulebook file (diag.Diagnostic; Long is
// how zhijian rules lint prints it).
type Problem = diag.Diagnostic

// Linter lints rulebooks with one segmenter (the dictionary is read once).
type Linter struct {
	Seg *segment.Segmenter
}

// fills stand in a name or number slot (X先生, 我是××号) when a phrase is tried on its own
// examples: a phrase that matches with none of them is not blamed on its slot filling.
var fills = []string{"王", "1024", "某某"}

// examplesPerPhrase bounds the texts tried for one phrase.
const examplesPerPhrase = 24

// File lints one rulebook: a file, or a shipped rulebook by name (default, call-center).
// Problems come in file order. Warnings are given only for what the linted file itself
// says (a shipped rulebook: every shipped file it uses); an extended rulebook's own smells
// are its author's.
func (l *Linter) File(path string) []Problem {
	var rb *rulebook.Rulebook
	var err error
	shipped := false
	if data, rerr := smallfile.Read(path, smallfile.Small); rerr == nil {
		rb, err = rulebook.Parse(path, data, l.Seg)
	} else if !strings.ContainsAny(path, `/\.`) && slices.Contains(rulebook.Names(), path) {
		shipped = true
		rb, err = rulebook.Shipped(path, l.Seg)
	} else {
		var pe *fs.PathError
		reason := rerr.Error()
		if errors.As(rerr, &pe) {
			reason = pe.Err.Error()
		}
		return []Problem{{Path: path, Level: Error, Msg: msg.Sprintf("lint.cannot-read-rulebook", reason)}}
	}
	if err == nil {
		err = rb.LoadRoutes(l.Seg) // a route to a rulebook that cannot be loaded is an error
	}
	if err != nil {
		var es rulebook.Errors
		if !errors.As(err, &es) {
			return []Problem{{Path: path, Level: Error, Msg: err.Error()}}
		}
		out := make([]Problem, 0, len(es))
		for _, e := range es {
			out = append(out, Problem{Path: e.Path, Line: e.Line, Col: e.Col, Level: Error, Msg: e.Msg, Hint: e.Hint})
		}
		return out
	}
	own := func(file string) bool {
		return file == path || shipped && strings.HasPrefix(file, "rules/")
	}
	c := &checker{seg: l.Seg, loc: newLocator(), own: own, texts: map[string]*match.Text{}}
	c.run(rb)
	sortProblems(c.out)
	return c.out
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

type checker struct {
	seg   *segment.Segmenter
	loc   *locator
	own   func(file string) bool
	out   []Problem
	texts map[string]*match.Text
	seen  map[string]bool
}

// warn records a warning at the first place among at that the linted file owns; none
// owned, no warning.
func (c *checker) warn(code, ruleID, msg, hint string, at ...place) {
	c.warnOnce(code+"\x00"+msg, code, ruleID, msg, hint, at...)
}

// warnOnce is warn with the key that makes two warnings at one place the same: a phrase
// inside several phrases of one forbidden rule is one warning.
func (c *checker) warnOnce(same, code, ruleID, msg, hint string, at ...place) {
	for _, p := range at {
		if !c.own(p.file) {
			continue
		}
		line, col := c.loc.find(p)
		key := fmt.Sprintf("%s:%d:%d:%s", p.file, line, col, same)
		if c.seen == nil {
			c.seen = map[string]bool{}
		}
		if c.seen[key] {
			return
		}
		c.seen[key] = true
		c.out = append(c.out, Problem{Path: p.file, Line: line, Col: col, Level: Warning, Code: code, Rule: ruleID, Msg: msg, Hint: hint})
		return
	}
}

// text prepares an example for matching, once.
func (c *checker) text(s string) *match.Text {
	t, ok := c.texts[s]
	if !ok {
		t = match.NewText(s, c.seg)
		c.texts[s] = t
	}
	return t
}

// examples are the texts a phrase is written to match, with each slot filling.
func examples(p *match.Pattern) []string {
	var out []string
	if !p.Gaps() {
		out = p.Examples(examplesPerPhrase, "")
	} else {
		for _, f := range fills {
			out = append(out, p.Examples(examplesPerPhrase/len(fills), f)...)
		}
	}
	// A phrase of several parts is said with all of them: each example of the first part
	// is followed by an example of every other part.
	for _, w := range p.With {
		if we := examples(w); len(we) > 0 {
			for i := range out {
				out[i] += "，" + we[i%len(we)]
			}
		}
	}
	return out
}

// matchesAny reports the first text p matches, its other parts and exceptions included.
func (c *checker) matchesAny(p *match.Pattern, texts []string) (string, bool) {
	for _, s := range texts {
		t := c.text(s)
		if _, ok := p.Find(t); ok && (!p.Composite() || p.Holds(t)) {
			return s, true
		}
	}
	return "", false
}

func (c *checker) run(rb *rulebook.Rulebook) {
	all := catalog.AllUses(rb.Rules)
	// Expressions (regex:, entity:) are checked on their syntax; the phrase checks try
	// a phrase on the texts it is written to match, which an expression or a meaning
	// item (a model) does not list.
	var uses, exprs []catalog.Use
	for _, u := range all {
		if u.Pattern.Regex() || u.Pattern.Meaning() {
			exprs = append(exprs, u)
		} else {
			uses = append(uses, u)
		}
	}
	c.expressions(exprs)
	c.regexHabits(uses)
	c.neverMatches(uses)
	c.sameAfterNormalisation(uses)
	c.requiredForbidden(uses)
	c.samePhrases(rb.Rules)
	c.groups(rb.Rules)
}

// phrasePlace is where a phrase is written: in its rule's file if it is there, else
// wherever it first is (a set in an extended file).
func phrasePlace(u catalog.Use) place {
	return place{file: u.Rule.File, rule: u.Rule.ID, phrase: u.Pattern.Source}
}

func rulePlace(m *rule.Meta) place { return place{file: m.File, rule: m.ID} }

// neverMatches: a phrase that does not match itself, said exactly as written, can never
// match a transcript that says it: normalisation changed the phrase in a way it does not
// change the transcript (a Traditional character inside brackets is converted on its
// own: 乾(坤) becomes 干坤, which 乾坤 never is), or its match mode leaves nothing to find.
// Each alternative as written is tried; a phrase with gaps or slots is tried on its
// normalised examples instead.
func (c *checker) neverMatches(uses []catalog.Use) {
	done := map[*match.Pattern]bool{}
	for _, u := range uses {
		if done[u.Pattern] {
			continue
		}
		done[u.Pattern] = true
		if raws, ok := asWritten(u.Pattern.Source); ok {
			for _, raw := range raws {
				if _, found := u.Pattern.Find(c.text(raw)); found {
					continue
				}
				what := msg.Sprintf("lint.phrase-can-never-match-as", u.Rule.ID, u.Pattern.Source, raw)
				if len(raws) == 1 {
					what = msg.Sprintf("lint.phrase-can-never-match-not", u.Rule.ID, u.Pattern.Source)
				}
				c.warn(NeverMatches, u.Rule.ID, what,
					fmt.Sprintf("规范化后为 %s；括号里的繁体字会单独转成简体，写成简体或把整个词放进括号；zhijian segment 可显示规范化结果",
						strings.Join(u.Pattern.Examples(4, ""), "、")), phrasePlace(u))
			}
			continue
		}
		ex := examples(u.Pattern)
		if _, ok := c.matchesAny(u.Pattern, ex); ok {
			continue
		}
		c.warn(NeverMatches, u.Rule.ID, msg.Sprintf("lint.phrase-can-never-match-not", u.Rule.ID, u.Pattern.Source), "检查标点、占位符（X、×、*）与 match 方式；zhijian segment 可显示规范化与分词", phrasePlace(u))
	}
}

// asWritten expands a phrase without gaps or slots into the texts it stands for, as the
// author wrote them (not normalised): 请(您|你)稍等[一下] is 请您稍等一下, 请您稍等, …
// ok is false for a phrase with gaps, slots or "/", or too many texts.
func asWritten(src string) ([]string, bool) {
	if strings.ContainsAny(src, "…{X×*＊/") {
		return nil, false
	}
	rs := []rune(src)
	i := 0
	var seq func(depth int) ([]string, bool)
	seq = func(depth int) ([]string, bool) {
		out := []string{""}
		cat := func(alts []string) bool {
			var next []string
			for _, a := range out {
				for _, b := range alts {
					next = append(next, a+b)
				}
			}
			out = next
			return len(out) <= examplesPerPhrase
		}
		for i < len(rs) {
			r := rs[i]
			switch r {
			case '\\':
				if i+1 >= len(rs) {
					return nil, false
				}
				cat([]string{string(rs[i+1])})
				i += 2
			case '(', '（', '[', '【':
				i++
				var alts []string
				for {
					a, ok := seq(depth + 1)
					if !ok || i >= len(rs) {
						return nil, false
					}
					alts = append(alts, a...)
					closing := rs[i]
					i++
					if closing == '|' {
						continue
					}
					break
				}
				if r == '[' || r == '【' {
					alts = append(alts, "")
				}
				if !cat(alts) {
					return nil, false
				}
			case ')', '）', ']', '】', '|':
				if depth == 0 {
					return nil, false
				}
				return out, true
			default:
				cat([]string{string(r)})
				i++
			}
		}
		return out, depth == 0
	}
	out, ok := seq(0)
	if !ok {
		return nil, false
	}
	var keep []string
	seen := map[string]bool{}
	for _, s := range out {
		if strings.TrimSpace(s) != "" && !seen[s] {
			seen[s] = true
			keep = append(keep, s)
		}
	}
	return keep, len(keep) > 0
}

// sameAfterNormalisation: two phrases of one rule that normalise to the same thing
// (好的？ and 好的。) are one phrase written twice; the author may have meant punctuation
// to matter, which it does not.
func (c *checker) sameAfterNormalisation(uses []catalog.Use) {
	type key struct {
		rule, part string
		mode       match.Mode
		norm       string
	}
	first := map[key]string{}
	for _, u := range uses {
		k := key{u.Rule.ID, u.Part, u.Pattern.Mode, strings.Join(u.Pattern.Examples(1024, "\x00"), "\x01")}
		prev, ok := first[k]
		if !ok {
			first[k] = u.Pattern.Source
			continue
		}
		if prev == u.Pattern.Source {
			continue
		}
		c.warn(SameAfterNorm, u.Rule.ID, msg.Sprintf("lint.phrases-are-same-after-normalisation", u.Rule.ID, u.Pattern.Source, prev), "标点、空格、全半角、大小写、繁简在匹配前都会去掉或统一；删掉其中一个", phrasePlace(u))
	}
}

func rolesOverlap(a, b string) bool { return a == "" || b == "" || a == b }

// requiredForbidden: a phrase one rule requires and another forbids, in part. If a
// required phrase is part of a forbidden one, saying the forbidden phrase also meets the
// requirement; if a forbidden phrase is part of a required one, following the standard
// is penalised.
func (c *checker) requiredForbidden(uses []catalog.Use) {
	var req, forb []catalog.Use
	for _, u := range uses {
		switch u.Want {
		case catalog.Required:
			req = append(req, u)
		case catalog.Forbidden:
			forb = append(forb, u)
		}
	}
	exOf := map[*match.Pattern][]string{}
	ex := func(p *match.Pattern) []string {
		if e, ok := exOf[p]; ok {
			return e
		}
		e := examples(p)
		exOf[p] = e
		return e
	}
	for _, r := range req {
		for _, f := range forb {
			if r.Rule.ID == f.Rule.ID || !rolesOverlap(string(r.Role), string(f.Role)) {
				continue
			}
			if s, ok := c.matchesAny(r.Pattern, ex(f.Pattern)); ok {
				c.warnOnce(RequiredInForbid+r.Pattern.Source+"\x00"+f.Rule.ID, RequiredInForbid, r.Rule.ID, msg.Sprintf("lint.required-phrase-part-forbidden-phrase",
					r.Rule.ID, r.Pattern.Source, f.Rule.ID, f.Pattern.Source, s), "把要求的短语写完整，或确认禁语里的这部分确实可以算数", phrasePlace(r), phrasePlace(f))
			}
			if s, ok := c.matchesAny(f.Pattern, ex(r.Pattern)); ok {
				c.warnOnce(ForbidInRequired+f.Pattern.Source+"\x00"+r.Rule.ID, ForbidInRequired, f.Rule.ID, msg.Sprintf("lint.forbidden-phrase-occurs-inside-phrase",
					f.Rule.ID, f.Pattern.Source, r.Rule.ID, r.Pattern.Source, s), "收窄禁语（写得更长，或用 match: utterance），或改写标准用语", phrasePlace(f), phrasePlace(r))
			}
		}
	}
}

// samePhrases: two rules of one kind listening for exactly the same phrases are one rule
// written twice, or a copy whose phrases were never changed.
func (c *checker) samePhrases(rs []rule.Rule) {
	first := map[string]*rule.Meta{}
	for _, e := range catalog.Walk(rs) {
		if k := rule.KindNamed(e.Rule.Meta().Kind); k == nil || k.Timing || k == rule.ConditionKind {
			continue // a group, or a timing rule whose phrases only mark a wait
		}
		uses := catalog.Uses(e.Rule)
		if len(uses) == 0 {
			continue
		}
		var parts []string
		for _, u := range uses {
			parts = append(parts, u.Part+"\x00"+catalog.RoleName(u.Role)+"\x00"+string(u.Pattern.Mode)+"\x00"+u.Pattern.Source)
		}
		sort.Strings(parts)
		m := e.Rule.Meta()
		key := m.Kind + "\x02" + strings.Join(parts, "\x01")
		prev, ok := first[key]
		if !ok {
			first[key] = m
			continue
		}
		c.warn(SamePhrases, m.ID, msg.Sprintf("lint.rules-are-one-kind-with", m.ID, prev.ID), "合并为一条规则，或改用 override 调整继承来的规则", rulePlace(m), rulePlace(prev))
	}
}

// groups: a condition group whose rules can together take more than 100 points from one
// call scores every call it applies to 0 at worst, whatever else happened.
func (c *checker) groups(rs []rule.Rule) {
	for _, e := range catalog.Walk(rs) {
		g, ok := e.Rule.(*rule.Condition)
		if !ok || g.M.Kind != "condition" {
			continue
		}
		total := 0.0
		var parts []string
		for _, sub := range catalog.Walk(g.Rules) {
			if _, nested := sub.Rule.(*rule.Condition); nested {
				continue
			}
			m := sub.Rule.Meta()
			d := m.Deduct
			if m.MaxDeduct > 0 {
				d = m.MaxDeduct
			}
			total += d
			parts = append(parts, fmt.Sprintf("%s %v", m.ID, d))
		}
		if g.M.MaxDeduct > 0 {
			total = min(total, g.M.MaxDeduct) // the group's own cap
		}
		if total > 100 {
			c.warn(GroupOver100, g.M.ID, msg.Sprintf("lint.rules-condition-group-can-take", g.M.ID, total), "降低扣分或用 max_deduct 封顶："+strings.Join(parts, "、"), rulePlace(&g.M))
		}
	}
}

// readRulebookFile reads a file a rule came from: a shipped one from the binary.
func readRulebookFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		return data, nil
	}
	if name, ok := strings.CutPrefix(path, "rules/"); ok {
		return fs.ReadFile(rules.FS, name)
	}
	return nil, err
}
