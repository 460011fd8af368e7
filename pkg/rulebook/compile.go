package rulebook

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// compile turns a gathered book into rules.
func (l *loader) compile(b *book) *Rulebook {
	rb := &Rulebook{Name: b.name, Version: b.version, Description: b.description,
		PassScore: b.passScore, KeepPII: b.keepPII, Card: b.card, Roles: transcript.DefaultRoles(),
		routeSpecs: b.routes}
	for _, rl := range b.roles { // in place: a copy per label was quadratic in labels
		rb.Roles.Set(rl.role, rl.label)
	}
	root := l.path
	l.sets = b.sets
	if b.fillers != nil && !l.set.HasFillers() { // several rulebooks: the first's
		l.set.SetFillers(b.fillers)
	}
	c := &compiler{loader: l, book: b, seen: map[string]at{}, seenFolded: map[string]at{}, applied: map[string]bool{}}
	for _, r := range b.rules {
		if rr := c.rule(r, 0); rr != nil {
			rb.Rules = append(rb.Rules, rr)
		}
	}
	for _, id := range sortedKeys(b.override) {
		if o := b.override[id]; !c.applied[id] {
			l.at(o).errorf(o.node, "检查 id 拼写", "rulebook.override-names-no-rule", id)
		}
	}
	for _, id := range sortedKeys(b.disable) {
		if d := b.disable[id]; c.seen[id].node == nil {
			l.at(d).errorf(d.node, "检查 id 拼写", "rulebook.disable-names-no-rule", id)
		}
	}
	for _, name := range sortedKeys(b.setDefs) {
		if d := b.setDefs[name]; !l.used[name] && d.path == root {
			l.at(d).errorf(d.node, "删除它或在规则中用 $"+name+" 引用", "rulebook.set-never-used", name)
		}
	}
	return rb
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// at switches error positions to the file a node came from.
func (l *loader) at(a at) *loader {
	l.path = a.path
	return l
}

type compiler struct {
	*loader
	book *book
	seen map[string]at // rule id → where it was defined
	// seenFolded is seen by the id in lower case: ids that differ only in case.
	seenFolded map[string]at
	applied    map[string]bool
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

var kinds = strings.Join(Kinds, "、")

// maxConditionDepth bounds nested condition groups.
const maxConditionDepth = 4

// ruleSpec is a rule's fields before compiling: those every rule has, parsed, and the
// kind's own keys as written, for its Build to read (decoder).
type ruleSpec struct {
	meta                          rule.Meta
	scope                         rule.Scope
	mode                          match.Mode
	idN, kindN                    *yaml.Node
	window, when, unless, applies *yaml.Node
	bonusN                        *yaml.Node
	keys                          map[string]*yaml.Node
	// tolerant matching (robust.go)
	fuzzy  fuzzySetting
	fuzzyN *yaml.Node
}

// rule parses and compiles one rule; nil when it has errors or is disabled.
func (c *compiler) rule(a at, depth int) rule.Rule {
	l := c.at(a)
	n := a.node
	before := len(l.errs)
	s := &ruleSpec{mode: match.Words, idN: n, kindN: n, keys: map[string]*yaml.Node{}}
	s.meta.Severity = rule.Warning
	l.fields(n, "规则", func(key string, k, v *yaml.Node) { c.field(s, key, k, v, false) })
	id := s.meta.ID
	switch {
	case id == "":
		l.errorf(n, "例如 id: forbidden-phrases", "rulebook.rule-has-no-id")
	case !idPattern.MatchString(id):
		l.errorf(s.idN, "只用字母、数字、-、_、.", "rulebook.invalid-rule-id", id)
	case c.seen[id].node != nil:
		prev := c.seen[id]
		hint := fmt.Sprintf("第一次出现在 %s 第 %d 行；修改继承来的规则请用 override，停用请用 disable", prev.path, prev.node.Line)
		l.errorf(s.idN, hint, "rulebook.duplicate-rule-id", id)
	case c.seenFolded[strings.ToLower(id)].node != nil:
		// Foo and foo would be two rules that reports, --rule and a reviewer's eye take
		// for one.
		prev := c.seenFolded[strings.ToLower(id)]
		hint := fmt.Sprintf("另一条在 %s 第 %d 行；改个名字，让两条规则一眼可分", prev.path, prev.node.Line)
		l.errorf(s.idN, hint, "rulebook.rule-id-differs-in-case", id, prev.node.Value)
	default:
		c.seen[id] = at{s.idN, a.path}
		c.seenFolded[strings.ToLower(id)] = at{s.idN, a.path}
	}
	if _, off := c.book.disable[id]; off && id != "" {
		return nil
	}
	if o, ok := c.book.override[id]; ok && id != "" {
		c.applied[id] = true
		c.at(o).fields(o.node, "override ", func(key string, k, v *yaml.Node) { c.field(s, key, k, v, true) })
		c.at(a)
	}
	if k := rule.KindNamed(s.meta.Kind); s.meta.Message == "" && (k == nil || slices.Contains(k.Required, "message")) {
		l.errorf(n, "写一句质检员看得懂的中文说明", "rulebook.rule-has-no-message", id)
	}
	// A bonus item fires on what was done well: a rule that fires on what is missing
	// would give points for leaving something out.
	if s.bonusN != nil && !slices.Contains([]string{"forbidden", "logic", "count"}, s.meta.Kind) {
		l.errorf(s.bonusN, "加分项用 forbidden（说了即加分）或 logic（式子成立即加分）", "rulebook.bonus-kind", s.meta.Kind)
	}
	s.scope.Window = l.window(s.window)
	if l.around != nil {
		s.scope.Window.Around = c.around(l.around)
		l.around = nil
	}
	s.meta.Role = s.scope.Role
	s.meta.File = a.path
	if s.meta.Concept == "" {
		s.meta.Concept = id // a rule checks its own concept unless it names one
	}

	l.curFuzzy, l.fuzzyAsked = c.ruleFuzzy(s), s.fuzzy.set || c.book.fuzzy.set
	r := c.build(s, n, depth)
	l.curFuzzy, l.fuzzyAsked = c.ruleFuzzy(s), s.fuzzy.set || c.book.fuzzy.set // a condition's rules set their own
	if len(l.errs) > before || r == nil {
		return nil
	}
	if (s.when != nil || s.unless != nil || s.applies != nil) && s.meta.Kind != "condition" {
		// A single rule with when:, unless: or applies: is a condition group of one.
		g := &rule.Condition{M: s.meta, Rules: []rule.Rule{r}}
		r.Meta().Group = &g.M // the same caps again, and the way to any group around it
		if s.when != nil {
			w := c.when(s.when, n)
			g.Role, g.When, g.AloneAt = w.Role, w.Phrases, w.AloneAt
		}
		r = g
	}
	if g, ok := r.(*rule.Condition); ok && s.unless != nil {
		c.unless(g, s.unless)
	}
	if g, ok := r.(*rule.Condition); ok && s.applies != nil {
		g.Applies = l.applies(s.applies)
	}
	if len(l.errs) > before {
		return nil
	}
	return r
}

// applies parses {metadata, from, until}: the calls a rule or group judges, by their
// metadata (routing) and their date (the rule's version in force).
func (l *loader) applies(n *yaml.Node) rule.Applies {
	var a rule.Applies
	l.fields(n, "applies ", func(key string, k, v *yaml.Node) {
		switch key {
		case "metadata":
			a.Metadata = l.metadataValues(v)
		case "from":
			a.From = l.date(v)
		case "until":
			a.Until = l.date(v)
		default:
			l.unknown(k, keyList("applies"))
		}
	})
	if a.From != "" && a.Until != "" && a.From > a.Until {
		l.errorf(n, "", "rulebook.from-after-until", a.From, a.Until)
	}
	return a
}

// metadataValues reads {key: value or [values]}.
func (l *loader) metadataValues(v *yaml.Node) map[string][]string {
	v = resolve(v)
	if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
		l.errorf(v, "例如 metadata: {skill_group: [vip, 贵宾]}", "rulebook.metadata-must-non-empty-mapping")
		return nil
	}
	m := map[string][]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		key, val := l.str(v.Content[i]), resolve(v.Content[i+1])
		if val.Kind == yaml.SequenceNode {
			for _, item := range l.texts(val, "例如 channel: [chat, email]") {
				m[key] = append(m[key], item.Value)
			}
		} else {
			m[key] = append(m[key], l.str(val))
		}
	}
	return m
}

// date reads a YYYY-MM-DD date.
func (l *loader) date(v *yaml.Node) string {
	s := l.str(v)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		l.errorf(v, "例如 2026-01-01", "rulebook.expected-date", s)
		return ""
	}
	return s
}

// unless parses {role, phrases, match, metadata}: the calls a rule or group does not
// judge, by what was said in them or by their metadata.
func (c *compiler) unless(g *rule.Condition, n *yaml.Node) {
	l := c.loader
	var phrases *yaml.Node
	mode := match.Words
	l.fields(n, "unless ", func(key string, k, v *yaml.Node) {
		switch key {
		case "role":
			g.UnlessRole = l.role(v)
		case "phrases":
			phrases = v
		case "match":
			mode = l.mode(v)
		case "metadata":
			g.UnlessMeta = l.metadataValues(v)
		default:
			l.unknown(k, keyList("unless"))
		}
	})
	if phrases != nil {
		defer c.triggerFuzzy()()
		g.Unless = c.phraseList(phrases, n, mode)
	} else if g.UnlessMeta == nil {
		l.errorf(n, "例如 unless: {role: customer, phrases: [$wrong-number]} 或 unless: {metadata: {job_number: ivr}}",
			"rulebook.unless-needs-phrases-metadata")
	}
}

// field sets one key of a rule; in an override only some keys may change.
func (c *compiler) field(s *ruleSpec, key string, k, v *yaml.Node, override bool) {
	l := c.loader
	if override && !slices.Contains(Keys["override"], key) {
		l.errorf(k, "override 可改："+keyList("override"), "rulebook.override-cannot-change", key)
		return
	}
	if kind := rule.KindNamed(s.meta.Kind); override && kind != nil && !slices.Contains(commonRuleKeys, key) && !kind.Takes(key) {
		// A kind's own key (threshold) overridden on a rule of another kind: said here,
		// at the override, not later at the rule in the file it was inherited from.
		l.errorf(k, s.meta.Kind+" 规则用："+strings.Join(kind.Keys, "、"), "rulebook.rules-take-no", s.meta.Kind, key)
		return
	}
	switch key {
	case "id":
		s.meta.ID, s.idN = l.str(v), v
	case "kind":
		s.meta.Kind, s.kindN = l.str(v), v
	case "role":
		s.scope.Role = l.role(v)
	case "window":
		s.window = v
	case "when":
		s.when = v
	case "unless":
		s.unless = v
	case "applies":
		s.applies = v
	case "match":
		s.mode = l.mode(v)
	case "fuzzy":
		s.fuzzy, s.fuzzyN = l.fuzzy(v), v
		s.keys[key] = v
	case "severity":
		switch sv := rule.Severity(l.str(v)); sv {
		case rule.Info, rule.Warning, rule.Error:
			s.meta.Severity = sv
		default:
			l.errorf(v, "可用：info、warning、error", "rulebook.unknown-severity", sv)
		}
	case "deduct":
		s.meta.Deduct = l.number(v, 0, 100)
	case "max_deduct":
		s.meta.MaxDeduct = l.number(v, 0, 100)
	case "bonus":
		s.meta.Bonus, s.bonusN = l.number(v, 0, 100), v
	case "fatal":
		s.meta.Fatal = l.boolean(v)
	case "message":
		s.meta.Message = l.text(v)
	case "source":
		s.meta.Source = l.text(v)
	case "section":
		s.meta.Section = l.text(v)
		if c.book.card == nil {
			l.errorf(v, "在规则手册顶层写 scorecard: {sections: [{name: 服务规范, points: 40}, …]}", "rulebook.section-without-scorecard", s.meta.Section)
		} else if !hasSection(c.book.card, s.meta.Section) {
			l.errorf(v, "可用："+sectionNames(c.book.card), "rulebook.unknown-section", s.meta.Section)
		}
	case "concept":
		if s.meta.Concept = l.str(v); !idPattern.MatchString(s.meta.Concept) && v.Kind == yaml.ScalarNode {
			l.errorf(v, "如 forbidden-phrase：只用字母、数字、-、_、.，词表见 docs/calibration.md", "rulebook.invalid-concept", s.meta.Concept)
		}
	case "description":
		l.text(v)
	default:
		if !slices.Contains(Keys["rule"], key) {
			l.unknown(k, keyList("rule"))
			return
		}
		s.keys[key] = v // a kind's own key: its Build reads it
	}
}

// build makes the rule of s's kind (rule.Kinds), checking that it has nothing the kind
// ignores; the kind's Build checks that it has what it needs.
func (c *compiler) build(s *ruleSpec, n *yaml.Node, depth int) rule.Rule {
	l := c.loader
	k := rule.KindNamed(s.meta.Kind)
	if k == nil {
		if s.meta.Kind == "" {
			l.errorf(n, "可用："+kinds, "rulebook.rule-has-no-kind", s.meta.ID)
		} else {
			l.errorf(s.kindN, "可用："+kinds, "rulebook.unknown-kind", s.meta.Kind)
		}
		return nil
	}
	given := s.keys
	if k.Timing && s.window != nil {
		// Timing rules look at the whole call unless their kind takes a window.
		given = maps.Clone(given)
		given["window"] = s.window
	}
	for _, key := range sortedKeys(given) {
		if !k.Takes(key) {
			l.errorf(given[key], s.meta.Kind+" 规则用："+strings.Join(k.Keys, "、"), "rulebook.rules-take-no", s.meta.Kind, key)
		}
	}
	return k.Build(&decoder{c: c, s: s, n: n, depth: depth}, s.meta, s.scope)
}

// per reads a rule's per: one of choices, the first when it is absent or unknown (an error).
func (l *loader) per(n *yaml.Node, hint string, choices ...string) string {
	if n == nil {
		return choices[0]
	}
	p := l.str(n)
	if !slices.Contains(choices, p) {
		l.errorf(n, hint, "rulebook.unknown-per", p)
		return choices[0]
	}
	return p
}

// trigger parses {role, phrases}: a response's trigger.
func (c *compiler) trigger(n, parent *yaml.Node) (transcript.Role, rule.Phrases) {
	defer c.triggerFuzzy()()
	rs := c.said(n, parent, "trigger", "例如 {role: customer, phrases: [$complaint]}")
	return rs.Role, rs.Phrases
}

// when parses a condition's {role, phrases, meaning_alone}.
func (c *compiler) when(n, parent *yaml.Node) rule.ReplySpec {
	defer c.triggerFuzzy()()
	return c.said(n, parent, "when", "例如 {role: customer, phrases: [$complaint]}")
}

// reply parses a response's {role, phrases, within, before}.
func (c *compiler) reply(n, parent *yaml.Node) rule.ReplySpec {
	return c.said(n, parent, "reply", "例如 {role: agent, phrases: [不用谢], within: 1}")
}

// said parses who says which phrases: a mapping of the keys Keys[what] allows (within
// and before only a reply's).
func (c *compiler) said(n, parent *yaml.Node, what, example string) rule.ReplySpec {
	l := c.loader
	rs := rule.ReplySpec{Within: 1}
	if n == nil {
		l.errorf(parent, example, "rulebook.missing", what)
		return rs
	}
	var phrases *yaml.Node
	mode := match.Words
	l.fields(n, what+" ", func(key string, k, v *yaml.Node) {
		switch {
		case key == "role":
			rs.Role = l.role(v)
		case key == "phrases":
			phrases = v
		case key == "match":
			mode = l.mode(v)
		case key == "within" && slices.Contains(Keys[what], key):
			rs.Within = l.integer(v, 1)
		case key == "before" && slices.Contains(Keys[what], key):
			rs.Early, rs.Before = true, l.integer(v, 0)
		case key == "meaning_alone" && slices.Contains(Keys[what], key):
			rs.AloneAt = l.number(v, 0, 1)
		default:
			l.unknown(k, keyList(what))
		}
	})
	rs.Phrases = c.phraseList(phrases, n, mode)
	return rs
}

// mode parses a match mode, reporting a bad one.
func (l *loader) mode(v *yaml.Node) match.Mode {
	m, err := match.ParseMode(l.str(v))
	if err != nil {
		l.problem(v, "", err.Error())
	}
	return m
}

func (l *loader) window(n *yaml.Node) rule.Window {
	l.around = nil
	var w rule.Window
	if n == nil {
		return w
	}
	set := 0
	l.fields(n, "window ", func(key string, k, v *yaml.Node) {
		set++
		switch key {
		case "first":
			w.First = l.integer(v, 1)
		case "last":
			w.Last = l.integer(v, 1)
		case "first_seconds":
			w.FirstSeconds = l.integer(v, 1)
		case "last_seconds":
			w.LastSeconds = l.integer(v, 1)
		case "from", "to":
			k := l.signed(v)
			if key == "from" {
				w.From = k
			} else {
				w.To = k
			}
		case "around":
			l.around = v // its phrases need the compiler (compiler.around)
		case "first_percent":
			w.FirstPercent = int(l.number(v, 1, 100))
		case "last_percent":
			w.LastPercent = int(l.number(v, 1, 100))
		default:
			set--
			l.unknown(k, keyList("window"))
		}
	})
	if w.First > 0 && w.Last > 0 || w.FirstSeconds > 0 && w.LastSeconds > 0 || w.FirstPercent > 0 && w.LastPercent > 0 {
		l.errorf(n, "first 与 last 只写其一", "rulebook.window-takes-first-last-not")
	}
	if (w.From != 0 || w.To != 0) && (w.First > 0 || w.Last > 0) {
		l.errorf(n, "from/to 已经说了从哪句到哪句", "rulebook.window-from-to-alone")
	}
	if w.From > 0 && w.To > 0 && w.From > w.To || w.From < 0 && w.To < 0 && w.From > w.To {
		l.errorf(n, "例如 {from: 2, to: 5} 或 {from: -3, to: -1}", "rulebook.window-from-after-to", w.From, w.To)
	}
	return w
}

// around parses a context window: {role, phrases, match, nth, before, after}.
func (c *compiler) around(n *yaml.Node) *rule.Around {
	l := c.loader
	a := &rule.Around{Nth: 1}
	var phrases *yaml.Node
	mode := match.Words
	l.fields(n, "around ", func(key string, k, v *yaml.Node) {
		switch key {
		case "role":
			a.Role = l.role(v)
		case "phrases":
			phrases = v
		case "match":
			mode = l.mode(v)
		case "nth":
			a.Nth = l.signed(v)
		case "before":
			a.Before = l.integer(v, 0)
		case "after":
			a.After = l.integer(v, 0)
		default:
			l.unknown(k, keyList("around"))
		}
	})
	if phrases == nil {
		l.errorf(n, "例如 around: {role: customer, phrases: [$complaint], after: 3}", "rulebook.missing", "phrases")
		return a
	}
	defer c.triggerFuzzy()()
	a.Phrases = c.phraseList(phrases, n, mode)
	return a
}

// signed reads a whole number other than 0: a position from the start, or from the end
// when negative (-1 is the last).
func (l *loader) signed(n *yaml.Node) int {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v == 0 {
		l.errorf(n, "第几句：1 为第一句，-1 为最后一句", "rulebook.expected-position", n.Value)
		return 0
	}
	return v
}

func (c *compiler) steps(n, rn *yaml.Node, mode match.Mode) []rule.Phrases {
	l := c.loader
	if n == nil || n.Kind != yaml.SequenceNode || len(n.Content) < 2 {
		at := n
		if at == nil {
			at = rn
		}
		l.errorf(at, "例如 steps: [{phrases: [$greeting]}, {phrases: [$closing]}]", "rulebook.sequence-needs-least-two-steps")
		return nil
	}
	var out []rule.Phrases
	for _, sn := range n.Content {
		stepMode := mode
		var phrasesN *yaml.Node
		l.fields(sn, "步骤", func(key string, k, v *yaml.Node) {
			switch key {
			case "phrases":
				phrasesN = v
			case "match":
				stepMode = l.mode(v)
			default:
				l.unknown(k, keyList("step"))
			}
		})
		out = append(out, c.phraseList(phrasesN, resolve(sn), stepMode))
	}
	return out
}

// phraseList compiles a phrase list: patterns, {pattern, match} mappings and $set
// references.
func (c *compiler) phraseList(n, parent *yaml.Node, mode match.Mode) rule.Phrases {
	l := c.loader
	if n == nil {
		l.errorf(parent, "例如 phrases: [您好, $greeting]", "rulebook.missing-phrases")
		return nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.errorf(n, "例如 phrases: [您好, $greeting]", "rulebook.phrases-must-non-empty-list")
		return nil
	}
	var out rule.Phrases
	path := l.path
	for _, item := range n.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || !strings.HasPrefix(item.Value, "$") {
			if p := l.phrase(item, mode); p != nil {
				out = append(out, p)
			}
			continue
		}
		name := item.Value[1:]
		set, ok := l.sets[name]
		if !ok {
			l.errorf(item, "在 sets: 下定义它，或检查拼写", "rulebook.undefined-set", item.Value)
			continue
		}
		l.used[name] = true
		for _, si := range set {
			c.at(si)
			if strings.HasPrefix(si.node.Value, "$") {
				l.errorf(si.node, "在规则里直接列出两个短语集", "rulebook.set-cannot-refer-another-set")
				continue
			}
			if p := l.phrase(si.node, mode); p != nil {
				out = append(out, p)
			}
		}
		l.path = path
	}
	match.MakeList(out)
	return out
}

// maxPhrases bounds the phrases a rulebook compiles to, each set counted every time a
// rule refers to it and each YAML alias every time it is used: 188 KB of YAML that
// names a set of 1,000 phrases in 3,000 rules (or aliases it) took 32 s and 3.5 GB to
// compile. A phrase costs about a kilobyte; the shipped rulebooks have a few thousand.
const maxPhrases = 200_000

// maxRegexSize bounds the instructions of a rulebook's regular expressions together
// (match.MaxRegexSize bounds one): each runs over every utterance its rule reads (or
// every one holding its literal), stepping through its instructions at each character.
// The default rulebook's come to 233, the bank example's to 196; at the limit a check
// steps through about 5,000 instructions a character at worst (ten expressions of
// [^某]{900}: 33 s for 600,000 characters of agent's words), where without it twenty of
// 3,002 had not finished 200 utterances of 3,000 characters after five minutes.
const maxRegexSize = 5_000

// regex counts an expression's instructions against maxRegexSize; false (once said at
// n) when the rulebook has more.
func (l *loader) regex(n *yaml.Node, p *match.Pattern) bool {
	if l.regexSize > maxRegexSize {
		return false
	}
	if l.regexSize += p.RegexSize(); l.regexSize > maxRegexSize {
		l.errorf(n, "把相同的表达式放进一个短语集只引用一次，或缩小 {m,n} 的 n", "rulebook.too-much-regex", maxRegexSize)
		return false
	}
	return true
}

// maxPatternSize bounds the bytes the rulebook's phrase patterns expand to together
// (match bounds one pattern to 1,024 strings and 1 MB), each counted every time a rule
// uses it: matching builds tables of every string. 100 KB of YAML, a hundred patterns
// of ten "(a|b)" and 300 characters, expanded to 92 MB and took 3.5 s and 240 MB to load;
// a megabyte of them half a minute. The default rulebook's come to 2.6 MB.
const maxPatternSize = 32 << 20

// expansion counts a pattern's expanded bytes against maxPatternSize; false (once said
// at n) when the rulebook has more.
func (l *loader) expansion(n *yaml.Node, p *match.Pattern) bool {
	if l.patternSize > maxPatternSize {
		return false
	}
	if l.patternSize += p.Size(); l.patternSize > maxPatternSize {
		l.errorf(n, "把相同的短语放进一个短语集只引用一次，或减少括号里的写法", "rulebook.too-much-expansion", maxPatternSize>>20)
		return false
	}
	return true
}

func (l *loader) phrase(n *yaml.Node, mode match.Mode) *match.Pattern {
	if l.phrases >= maxPhrases {
		if l.phrases == maxPhrases {
			l.errorf(n, "短语集每被一条规则引用、YAML 别名每被使用一次，其中的短语就展开一次", "rulebook.too-many-phrases", maxPhrases)
			l.phrases++
		}
		return nil
	}
	l.phrases++
	src, pos := "", n
	fuzzy := l.curFuzzy
	var with, unless, notRegex []*yaml.Node
	var silenceAfter time.Duration
	var unlessAnswering *yaml.Node
	// kind is what src is: a phrase, a regular expression or an entity's name.
	kind, modeSet := "pattern", false
	threshold, thresholdAt := -1.0, (*yaml.Node)(nil)
	twice, twiceAt := 0.0, (*yaml.Node)(nil)
	switch n.Kind {
	case yaml.ScalarNode:
		src = n.Value
	case yaml.MappingNode:
		l.fields(n, "短语", func(key string, k, v *yaml.Node) {
			switch key {
			case "pattern":
				src, pos = l.str(v), v
			case "regex", "entity", "meaning":
				if kind != "pattern" || src != "" {
					l.errorf(k, "pattern、regex、entity、meaning 只写其一", "rulebook.phrase-one-of-pattern-regex-entity")
					return
				}
				src, pos, kind = l.str(v), v, key
			case "threshold":
				threshold, thresholdAt = l.number(v, 0, 1), k
			case "twice":
				twice, twiceAt = l.number(v, 0, 1), k
			case "not_regex":
				notRegex = l.texts(v, "例如 not_regex: [尾号\\d{4}]")
			case "all":
				parts := l.texts(v, "例如 all: [没听清, 再说一遍]")
				if len(parts) < 2 {
					l.errorf(v, "只有一部分时写 pattern", "rulebook.all-needs-least-two-parts")
					return
				}
				src, pos, with = parts[0].Value, parts[0], parts[1:]
			case "unless":
				unless = l.texts(v, "例如 unless: [对不起, 请]")
			case "match":
				mode, modeSet = l.mode(v), true
			case "fuzzy":
				fuzzy = l.fuzzy(v).fuzzy
			case "silence_after":
				silenceAfter = l.seconds(v, 3600)
			case "unless_answering":
				unlessAnswering = v
			default:
				l.unknown(k, keyList("phrase"))
			}
		})
		if src == "" && pos == n {
			l.errorf(n, "例如 {pattern: 我也没办法, unless: [帮您]}", "rulebook.phrase-needs-pattern-all")
			return nil
		}
	default:
		l.errorf(n, "以 [ 或 { 开头的短语要加引号", "rulebook.phrase-must-text")
		return nil
	}
	compile := func(src string, pos *yaml.Node, mode match.Mode, fuzzy match.Fuzzy) *match.Pattern {
		if l.patternSize > maxPatternSize {
			return nil // said once; the rest are not expanded
		}
		p, err := l.patterns.Compile(src, mode)
		if err != nil {
			l.problem(pos, "语法见 docs/rulebook.md", err.Error())
			return nil
		}
		if !l.expansion(pos, p) {
			return nil
		}
		p.Fuzzy = fuzzy
		return p
	}
	if thresholdAt != nil && kind != "meaning" {
		l.errorf(thresholdAt, "例如 {meaning: complaint, threshold: 0.9}", "rulebook.threshold-needs-meaning")
		return nil
	}
	if twiceAt != nil && kind != "meaning" {
		l.errorf(twiceAt, "例如 {meaning: complaint, twice: 0.7}", "rulebook.twice-needs-meaning")
		return nil
	}
	var p *match.Pattern
	switch kind {
	case "meaning":
		var err error
		if p, err = match.CompileMeaning(src, threshold); err != nil {
			l.problem(pos, "", err.Error())
			return nil
		}
		if twiceAt != nil {
			if _, own := p.MeaningModel(); twice >= own {
				l.errorf(twiceAt, "例如 {meaning: complaint, twice: 0.7}", "rulebook.twice-below-threshold", strconv.FormatFloat(twice, 'f', -1, 64), strconv.FormatFloat(own, 'f', 4, 64))
				return nil
			}
			p.Twice = twice
		}
	case "regex":
		if !modeSet {
			mode = match.Chars // an expression says where it starts and ends itself
		}
		var err error
		if p, err = match.CompileRegex(src, mode); err != nil {
			l.problem(pos, "RE2 语法（Go regexp），如 1[3-9]\\d{9}；见 docs/rulebook.md", err.Error())
			return nil
		}
		if !l.regex(pos, p) {
			return nil
		}
	case "entity":
		var err error
		if p, err = match.CompileEntity(src); err != nil {
			l.problem(pos, "", err.Error())
			return nil
		}
	default:
		p = compile(src, pos, mode, fuzzy)
	}
	if p == nil {
		return nil
	}
	p.SilenceAfter = silenceAfter
	l.set.Add(p)
	// The other parts and the exceptions are looked for only where p matched: they stay
	// out of the set, whose one pass over every utterance finds where phrases may start
	// (an exception such as 对不起 would be a candidate in every polite utterance). Their
	// words still teach the segmenter.
	for _, w := range with {
		if q := compile(w.Value, w, mode, fuzzy); q != nil {
			p.With = append(p.With, q)
			if seg := l.set.Segmenter(); seg != nil {
				seg.AddWords(q.Literals()...)
			}
		}
	}
	// An expression that cancels a match wherever it occurs in the same text.
	for _, u := range notRegex {
		q, err := match.CompileRegex(u.Value, match.Chars)
		if err != nil {
			l.problem(u, "", err.Error())
			continue
		}
		if !l.regex(u, q) {
			continue
		}
		p.Unless = append(p.Unless, q)
	}
	// An unless word counts wherever it stands and only as written (see Pattern.Holds).
	for _, u := range unless {
		if q := compile(u.Value, u, match.Chars, match.Exact); q != nil {
			p.Unless = append(p.Unless, q)
		}
	}
	if unlessAnswering != nil {
		p.UnlessAnswering = l.answered(unlessAnswering)
	}
	return p
}

// answered reads unless_answering: words (as written, like unless) or meaning items
// ({meaning: rude-attitude}) that the other side's utterance just before may match.
func (l *loader) answered(v *yaml.Node) []*match.Pattern {
	const hint = "例如 unless_answering: [{meaning: rude-attitude}, 你听明白了吗]"
	var out []*match.Pattern
	l.items(resolve(v), hint, func(item *yaml.Node) {
		switch {
		case item.Kind == yaml.ScalarNode && item.Value != "":
			q, err := match.Compile(item.Value, match.Chars)
			if err != nil {
				l.problem(item, "语法见 docs/rulebook.md", err.Error())
				return
			}
			out = append(out, q)
		case item.Kind == yaml.MappingNode:
			name, threshold, at := "", -1.0, item
			l.fields(item, "短语", func(key string, k, v *yaml.Node) {
				switch key {
				case "meaning":
					name, at = l.str(v), v
				case "threshold":
					threshold = l.number(v, 0, 1)
				default:
					l.unknown(k, "meaning、threshold")
				}
			})
			if name == "" {
				l.errorf(item, hint, "rulebook.must-text")
				return
			}
			q, err := match.CompileMeaning(name, threshold)
			if err != nil {
				l.problem(at, "", err.Error())
				return
			}
			out = append(out, q)
		default:
			l.errorf(item, hint, "rulebook.must-text")
		}
	})
	return out
}

// texts reads a non-empty list of text items.
func (l *loader) texts(v *yaml.Node, hint string) []*yaml.Node {
	v = resolve(v)
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		l.errorf(v, hint, "rulebook.must-non-empty-list-text")
		return nil
	}
	var out []*yaml.Node
	for _, item := range v.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			l.errorf(item, hint, "rulebook.must-text")
			continue
		}
		out = append(out, item)
	}
	return out
}

// maxHoldSeconds bounds a hold's times: one call's day.
const maxHoldSeconds = 24 * 60 * 60

// hold parses a silence or latency rule's hold: {phrases, match} and, for a silence rule
// (bounds), check_in, max and thanks.
func (c *compiler) hold(n *yaml.Node, mode match.Mode, bounds bool) *rule.Hold {
	l := c.loader
	if n = resolve(n); n.Kind != yaml.MappingNode {
		l.errorf(n, "例如 hold: {phrases: [$hold], check_in: 15}", "rulebook.hold-must-mapping")
		return nil
	}
	h := &rule.Hold{}
	var phrases, thanks, restart *yaml.Node
	l.fields(n, "hold ", func(key string, k, v *yaml.Node) {
		switch key {
		case "phrases":
			phrases = v
		case "match":
			mode = l.mode(v)
		case "check_in", "max", "thanks", "restart":
			if !bounds {
				l.errorf(k, "latency 规则的 hold 只用 phrases、match：它只认出等待，等待本身由 silence 规则查",
					"rulebook.latency-rule-hold-takes-no", key)
				return
			}
			switch key {
			case "check_in":
				h.CheckIn = l.seconds(v, maxHoldSeconds)
			case "max":
				h.Max = l.seconds(v, maxHoldSeconds)
			case "thanks":
				thanks = v
			case "restart":
				restart = v
			}
		default:
			l.unknown(k, keyList("hold"))
		}
	})
	h.Phrases = c.phraseList(phrases, n, mode)
	if thanks != nil {
		h.Thanks = c.phraseList(thanks, n, mode)
	}
	if restart != nil {
		h.Restart = c.phraseList(restart, n, mode)
	}
	return h
}

// positive parses a number above 0 and at most hi.
func (l *loader) positive(n *yaml.Node, hi float64) float64 {
	v, err := strconv.ParseFloat(n.Value, 64)
	switch {
	case n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(v):
		l.errorf(n, "", "rulebook.expected-number", n.Value)
		return 0
	case v <= 0:
		l.errorf(n, "", "rulebook.must-above")
		return 0
	case v > hi:
		l.errorf(n, "", "rulebook.above-limit", v, hi)
	}
	return v
}

// seconds parses a positive number of seconds, fractions allowed (1.5).
func (l *loader) seconds(n *yaml.Node, hi float64) time.Duration {
	return time.Duration(math.Round(l.positive(n, hi) * float64(time.Second)))
}
