package rulebook

import (
	"fmt"
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
		PassScore: b.passScore, Roles: transcript.DefaultRoles()}
	for _, rl := range b.roles {
		rb.Roles = rb.Roles.With(rl.role, rl.label)
	}
	root := l.path
	l.sets = b.sets
	if b.fillers != nil && !l.set.HasFillers() { // several rulebooks: the first's
		l.set.SetFillers(b.fillers)
	}
	c := &compiler{loader: l, book: b, seen: map[string]at{}, applied: map[string]bool{}}
	for _, r := range b.rules {
		if rr := c.rule(r, 0); rr != nil {
			rb.Rules = append(rb.Rules, rr)
		}
	}
	for _, id := range sortedKeys(b.override) {
		if o := b.override[id]; !c.applied[id] {
			l.at(o).errorf(o.node, "检查 id 拼写", "override 的规则 %q 不存在 / override names no rule %q", id, id)
		}
	}
	for _, id := range sortedKeys(b.disable) {
		if d := b.disable[id]; c.seen[id].node == nil {
			l.at(d).errorf(d.node, "检查 id 拼写", "disable 的规则 %q 不存在 / disable names no rule %q", id, id)
		}
	}
	for _, name := range sortedKeys(b.setDefs) {
		if d := b.setDefs[name]; !l.used[name] && d.path == root {
			l.at(d).errorf(d.node, "删除它或在规则中用 $"+name+" 引用", "短语集 %q 未被任何规则使用 / set %q is never used", name, name)
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
	book    *book
	seen    map[string]at // rule id → where it was defined
	applied map[string]bool
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

var kinds = strings.Join(Kinds, "、")

// maxConditionDepth bounds nested condition groups.
const maxConditionDepth = 4

// ruleSpec is a rule's fields before compiling.
type ruleSpec struct {
	meta                                      rule.Meta
	scope                                     rule.Scope
	mode                                      match.Mode
	idN, kindN                                *yaml.Node
	phrases, steps, trigger, reply            *yaml.Node
	window, when, unless, rules, min, max, rt *yaml.Node
	// timing rules
	per, minChars, maxGap, hold, minOverlap, ignore, firstAgent, typed *yaml.Node
	// tolerant matching (robust.go)
	fuzzy                fuzzySetting
	fuzzyN, split, guard *yaml.Node
}

// rule parses and compiles one rule; nil when it has errors or is disabled.
func (c *compiler) rule(a at, depth int) rule.Rule {
	l := c.at(a)
	n := a.node
	before := len(l.errs)
	s := &ruleSpec{mode: match.Words, idN: n, kindN: n}
	s.meta.Severity = rule.Warning
	l.fields(n, "规则", func(key string, k, v *yaml.Node) { c.field(s, key, k, v, false) })
	id := s.meta.ID
	switch {
	case id == "":
		l.errorf(n, "例如 id: forbidden-phrases", "规则缺少 id / rule has no id")
	case !idPattern.MatchString(id):
		l.errorf(s.idN, "只用字母、数字、-、_、.", "规则 id %q 不合法 / invalid rule id", id)
	case c.seen[id].node != nil:
		prev := c.seen[id]
		hint := fmt.Sprintf("第一次出现在 %s 第 %d 行；修改继承来的规则请用 override，停用请用 disable", prev.path, prev.node.Line)
		l.errorf(s.idN, hint, "规则 id %q 重复 / duplicate rule id %q", id, id)
	default:
		c.seen[id] = at{s.idN, a.path}
	}
	if _, off := c.book.disable[id]; off && id != "" {
		return nil
	}
	if o, ok := c.book.override[id]; ok && id != "" {
		c.applied[id] = true
		c.at(o).fields(o.node, "override ", func(key string, k, v *yaml.Node) { c.field(s, key, k, v, true) })
		c.at(a)
	}
	if s.meta.Message == "" && s.meta.Kind != "condition" {
		l.errorf(n, "写一句质检员看得懂的中文说明", "规则 %s 缺少 message / rule has no message", id)
	}
	s.scope.Window = l.window(s.window)
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
	if (s.when != nil || s.unless != nil) && s.meta.Kind != "condition" {
		// A single rule with when: or unless: is a condition group of one.
		g := &rule.Condition{M: s.meta, Rules: []rule.Rule{r}}
		if s.when != nil {
			g.Role, g.When = c.trigger(s.when, n, false)
		}
		r = g
	}
	if g, ok := r.(*rule.Condition); ok && s.unless != nil {
		c.unless(g, s.unless)
	}
	if len(l.errs) > before {
		return nil
	}
	return r
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
			v = resolve(v)
			if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
				l.errorf(v, "例如 metadata: {job_number: ivr}", "metadata 应为非空映射 / metadata must be a non-empty mapping")
				return
			}
			g.UnlessMeta = map[string][]string{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				key, val := l.str(v.Content[i]), resolve(v.Content[i+1])
				if val.Kind == yaml.SequenceNode {
					for _, item := range l.texts(val, "例如 channel: [chat, email]") {
						g.UnlessMeta[key] = append(g.UnlessMeta[key], item.Value)
					}
				} else {
					g.UnlessMeta[key] = append(g.UnlessMeta[key], l.str(val))
				}
			}
		default:
			l.unknown(k, keyList("unless"))
		}
	})
	if phrases != nil {
		defer c.triggerFuzzy()()
		g.Unless = c.phraseList(phrases, n, mode)
	} else if g.UnlessMeta == nil {
		l.errorf(n, "例如 unless: {role: customer, phrases: [$wrong-number]} 或 unless: {metadata: {job_number: ivr}}",
			"unless 须有 phrases 或 metadata / unless needs phrases or metadata")
	}
}

// field sets one key of a rule; in an override only some keys may change.
func (c *compiler) field(s *ruleSpec, key string, k, v *yaml.Node, override bool) {
	l := c.loader
	if override && !slices.Contains(Keys["override"], key) {
		l.errorf(k, "override 可改："+keyList("override"), "override 不能修改 %q / override cannot change %q", key, key)
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
	case "phrases":
		s.phrases = v
	case "steps":
		s.steps = v
	case "trigger":
		s.trigger = v
	case "reply":
		s.reply = v
	case "when":
		s.when = v
	case "unless":
		s.unless = v
	case "rules":
		s.rules = v
	case "min":
		s.min = v
	case "max":
		s.max = v
	case "max_rate":
		s.rt = v
	case "per":
		s.per = v
	case "min_chars":
		s.minChars = v
	case "max_gap":
		s.maxGap = v
	case "hold":
		s.hold = v
	case "min_overlap":
		s.minOverlap = v
	case "ignore":
		s.ignore = v
	case "first_agent_within":
		s.firstAgent = v
	case "typed":
		s.typed = v
	case "match":
		s.mode = l.mode(v)
	case "fuzzy":
		s.fuzzy, s.fuzzyN = l.fuzzy(v), v
	case "split":
		s.split = v
	case "guard":
		s.guard = v
	case "severity":
		switch sv := rule.Severity(l.str(v)); sv {
		case rule.Info, rule.Warning, rule.Error:
			s.meta.Severity = sv
		default:
			l.errorf(v, "可用：info、warning、error", "未知严重程度 %q / unknown severity", sv)
		}
	case "deduct":
		s.meta.Deduct = l.number(v, 0, 100)
	case "max_deduct":
		s.meta.MaxDeduct = l.number(v, 0, 100)
	case "fatal":
		s.meta.Fatal = l.boolean(v)
	case "message":
		s.meta.Message = l.str(v)
	case "source":
		s.meta.Source = l.str(v)
	case "concept":
		if s.meta.Concept = l.str(v); !idPattern.MatchString(s.meta.Concept) && v.Kind == yaml.ScalarNode {
			l.errorf(v, "如 forbidden-phrase：只用字母、数字、-、_、.，词表见 docs/calibration.md", "概念 %q 不合法 / invalid concept %q", s.meta.Concept, s.meta.Concept)
		}
	case "description":
		l.str(v)
	default:
		l.unknown(k, keyList("rule"))
	}
}

// build makes the rule of s's kind, checking that it has what the kind needs and nothing
// it ignores.
func (c *compiler) build(s *ruleSpec, n *yaml.Node, depth int) rule.Rule {
	l := c.loader
	expect := map[string][]string{
		"required":  {"phrases", "fuzzy", "split"},
		"forbidden": {"phrases", "fuzzy", "split", "guard", "per"},
		"sequence":  {"steps", "fuzzy", "split"},
		"response":  {"trigger", "reply", "fuzzy", "per"},
		"count":     {"phrases", "min", "max", "max_rate", "fuzzy"},
		"condition": {"when", "rules", "fuzzy"},
		"rate":      {"min", "max", "min_chars", "per", "window"},
		"silence":   {"max_gap", "hold"},
		"latency":   {"max", "hold", "typed"},
		"overlap":   {"min_overlap", "ignore"},
		"duration":  {"min", "max", "first_agent_within"},
	}
	given := map[string]*yaml.Node{"phrases": s.phrases, "steps": s.steps, "trigger": s.trigger,
		"reply": s.reply, "min": s.min, "max": s.max, "max_rate": s.rt, "rules": s.rules,
		"per": s.per, "min_chars": s.minChars, "max_gap": s.maxGap, "hold": s.hold,
		"min_overlap": s.minOverlap, "ignore": s.ignore, "first_agent_within": s.firstAgent, "typed": s.typed,
		"split": s.split, "guard": s.guard}
	if s.fuzzy.set {
		given["fuzzy"] = s.fuzzyN
	}
	if timingKinds[s.meta.Kind] {
		// Timing rules look at the whole call; only rate narrows it to a window.
		given["window"] = s.window
	}
	if s.meta.Kind == "condition" {
		given["when"] = s.when
	}
	allowed, ok := expect[s.meta.Kind]
	if !ok {
		if s.meta.Kind == "" {
			l.errorf(n, "可用："+kinds, "规则 %s 缺少 kind / rule has no kind", s.meta.ID)
		} else {
			l.errorf(s.kindN, "可用："+kinds, "未知规则类型 %q / unknown kind %q", s.meta.Kind, s.meta.Kind)
		}
		return nil
	}
	for _, key := range sortedKeys(given) {
		if v := given[key]; v != nil && !slices.Contains(allowed, key) {
			l.errorf(v, s.meta.Kind+" 规则用："+strings.Join(allowed, "、"), "%s 规则不用 %s / %s rules take no %s", s.meta.Kind, key, s.meta.Kind, key)
		}
	}
	switch s.meta.Kind {
	case "required":
		return &rule.Required{M: s.meta, Scope: s.scope, Phrases: c.phraseList(s.phrases, n, s.mode), Split: l.flag(s.split, true)}
	case "forbidden":
		r := &rule.Forbidden{M: s.meta, Scope: s.scope, Phrases: c.phraseList(s.phrases, n, s.mode),
			Split: l.flag(s.split, true), Guard: l.flag(s.guard, true)}
		r.PerUtterance = l.per(s.per, "可用：occurrence（每次出现，默认）、utterance（每句最多一条）", "occurrence", "utterance") == "utterance"
		return r
	case "sequence":
		return &rule.Sequence{M: s.meta, Scope: s.scope, Steps: c.steps(s.steps, n, s.mode), Split: l.flag(s.split, true)}
	case "response":
		tRole, trig := c.trigger(s.trigger, n, false)
		rRole, reply, within := c.reply(s.reply, n)
		r := &rule.Response{M: s.meta, TriggerRole: tRole, Trigger: trig, ReplyRole: rRole, Reply: reply, Within: within}
		if p := l.per(s.per, "可用：trigger（每次触发，默认）、episode（连续的触发算一次）、call（只看第一次触发）", "trigger", "episode", "call"); p != "trigger" {
			r.Per = rule.ResponsePer(p)
		}
		return r
	case "count":
		r := &rule.Count{M: s.meta, Scope: s.scope, Phrases: c.phraseList(s.phrases, n, s.mode)}
		if s.min != nil {
			r.Min = l.integer(s.min, 1)
		}
		if s.max != nil {
			r.Max = l.integer(s.max, 0)
			if s.max.Value == "0" {
				l.errorf(s.max, "要禁止出现请用 forbidden 规则", "max 应不小于 1 / max must be at least 1")
			}
		}
		if s.rt != nil {
			r.MaxRate = l.number(s.rt, 0, 100)
		}
		if s.min == nil && s.max == nil && s.rt == nil {
			l.errorf(n, "例如 max: 2", "count 规则须有 min、max 或 max_rate / count rules need min, max or max_rate")
		}
		if r.Min > 0 && r.Max > 0 && r.Min > r.Max {
			l.errorf(s.min, "", "min 大于 max，永远不会满足 / min is above max: the rule can never be met")
		}
		return r
	case "condition":
		role, when := c.trigger(s.when, n, true)
		g := &rule.Condition{M: s.meta, Role: role, When: when}
		if depth >= maxConditionDepth {
			l.errorf(n, "", "条件规则嵌套超过 %d 层 / conditions nested too deep", maxConditionDepth)
			return nil
		}
		if s.rules == nil || s.rules.Kind != yaml.SequenceNode || len(s.rules.Content) == 0 {
			l.errorf(n, "在 rules 下列出只在该条件下检查的规则", "condition 规则须有 rules 列表 / condition rules need a list of rules")
			return g
		}
		path := l.path
		for _, rn := range s.rules.Content {
			if sub := c.rule(at{resolve(rn), path}, depth+1); sub != nil {
				g.Rules = append(g.Rules, sub)
			}
		}
		c.at(at{path: path})
		return g
	case "rate", "silence", "latency", "overlap", "duration":
		return c.timing(s, n)
	}
	return nil
}

// per reads a rule's per: one of choices, the first when it is absent or unknown (an error).
func (l *loader) per(n *yaml.Node, hint string, choices ...string) string {
	if n == nil {
		return choices[0]
	}
	p := l.str(n)
	if !slices.Contains(choices, p) {
		l.errorf(n, hint, "未知的 per %q / unknown per %q", p, p)
		return choices[0]
	}
	return p
}

// trigger parses {role, phrases}: a response's trigger or a condition's when.
func (c *compiler) trigger(n, parent *yaml.Node, _ bool) (transcript.Role, rule.Phrases) {
	defer c.triggerFuzzy()()
	role, phrases, _ := c.said(n, parent, "trigger", "例如 {role: customer, phrases: [$complaint]}")
	return role, phrases
}

// reply parses a response's {role, phrases, within}.
func (c *compiler) reply(n, parent *yaml.Node) (transcript.Role, rule.Phrases, int) {
	return c.said(n, parent, "reply", "例如 {role: agent, phrases: [不用谢], within: 1}")
}

// said parses who says which phrases: a mapping of the keys Keys[what] allows.
func (c *compiler) said(n, parent *yaml.Node, what, example string) (transcript.Role, rule.Phrases, int) {
	l := c.loader
	if n == nil {
		l.errorf(parent, example, "缺少 %s / missing %s", what, what)
		return "", nil, 1
	}
	var role transcript.Role
	var phrases *yaml.Node
	within := 1
	mode := match.Words
	l.fields(n, what+" ", func(key string, k, v *yaml.Node) {
		switch {
		case key == "role":
			role = l.role(v)
		case key == "phrases":
			phrases = v
		case key == "match":
			mode = l.mode(v)
		case key == "within" && slices.Contains(Keys[what], key):
			within = l.integer(v, 1)
		default:
			l.unknown(k, keyList(what))
		}
	})
	return role, c.phraseList(phrases, n, mode), within
}

// mode parses a match mode, reporting a bad one.
func (l *loader) mode(v *yaml.Node) match.Mode {
	m, err := match.ParseMode(l.str(v))
	if err != nil {
		l.errorf(v, "", "%v", err)
	}
	return m
}

func (l *loader) window(n *yaml.Node) rule.Window {
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
		default:
			set--
			l.unknown(k, keyList("window"))
		}
	})
	if w.First > 0 && w.Last > 0 || w.FirstSeconds > 0 && w.LastSeconds > 0 {
		l.errorf(n, "first 与 last 只写其一", "window 不能同时有 first 和 last / window takes first or last, not both")
	}
	return w
}

func (c *compiler) steps(n, rn *yaml.Node, mode match.Mode) []rule.Phrases {
	l := c.loader
	if n == nil || n.Kind != yaml.SequenceNode || len(n.Content) < 2 {
		at := n
		if at == nil {
			at = rn
		}
		l.errorf(at, "例如 steps: [{phrases: [$greeting]}, {phrases: [$closing]}]", "sequence 规则至少要有两步 / a sequence needs at least two steps")
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
		l.errorf(parent, "例如 phrases: [您好, $greeting]", "缺少 phrases / missing phrases")
		return nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.errorf(n, "例如 phrases: [您好, $greeting]", "phrases 应为非空列表 / phrases must be a non-empty list")
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
			l.errorf(item, "在 sets: 下定义它，或检查拼写", "未定义的短语集 %q / undefined set %q", item.Value, item.Value)
			continue
		}
		l.used[name] = true
		for _, si := range set {
			c.at(si)
			if strings.HasPrefix(si.node.Value, "$") {
				l.errorf(si.node, "在规则里直接列出两个短语集", "短语集不能引用短语集 / a set cannot refer to another set")
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

func (l *loader) phrase(n *yaml.Node, mode match.Mode) *match.Pattern {
	src, pos := "", n
	fuzzy := l.curFuzzy
	var with, unless []*yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		src = n.Value
	case yaml.MappingNode:
		l.fields(n, "短语", func(key string, k, v *yaml.Node) {
			switch key {
			case "pattern":
				src, pos = l.str(v), v
			case "all":
				parts := l.texts(v, "例如 all: [没听清, 再说一遍]")
				if len(parts) < 2 {
					l.errorf(v, "只有一部分时写 pattern", "all 至少要有两部分 / all needs at least two parts")
					return
				}
				src, pos, with = parts[0].Value, parts[0], parts[1:]
			case "unless":
				unless = l.texts(v, "例如 unless: [对不起, 请]")
			case "match":
				mode = l.mode(v)
			case "fuzzy":
				fuzzy = l.fuzzy(v).fuzzy
			default:
				l.unknown(k, keyList("phrase"))
			}
		})
		if src == "" && pos == n {
			l.errorf(n, "例如 {pattern: 我也没办法, unless: [帮您]}", "短语缺少 pattern 或 all / a phrase needs pattern or all")
			return nil
		}
	default:
		l.errorf(n, "以 [ 或 { 开头的短语要加引号", "短语应为文字 / a phrase must be text")
		return nil
	}
	compile := func(src string, pos *yaml.Node, mode match.Mode, fuzzy match.Fuzzy) *match.Pattern {
		p, err := match.Compile(src, mode)
		if err != nil {
			l.errorf(pos, "语法见 docs/rulebook.md", "%v", err)
			return nil
		}
		p.Fuzzy = fuzzy
		return p
	}
	p := compile(src, pos, mode, fuzzy)
	if p == nil {
		return nil
	}
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
	// An unless word counts wherever it stands and only as written (see Pattern.Holds).
	for _, u := range unless {
		if q := compile(u.Value, u, match.Chars, match.Exact); q != nil {
			p.Unless = append(p.Unless, q)
		}
	}
	return p
}

// texts reads a non-empty list of text items.
func (l *loader) texts(v *yaml.Node, hint string) []*yaml.Node {
	v = resolve(v)
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		l.errorf(v, hint, "应为非空的文字列表 / must be a non-empty list of text")
		return nil
	}
	var out []*yaml.Node
	for _, item := range v.Content {
		item = resolve(item)
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			l.errorf(item, hint, "应为文字 / must be text")
			continue
		}
		out = append(out, item)
	}
	return out
}

// timingKinds are the kinds that judge times rather than words.
var timingKinds = map[string]bool{"rate": true, "silence": true, "latency": true, "overlap": true, "duration": true}

// The largest values timing rules take: seconds within one call, characters a minute.
const (
	maxSeconds        = 24 * 60 * 60
	maxCharsPerMinute = 1000
	maxOverlapSeconds = 60
	// defaultMinChars: a rate ignores utterances shorter than this (好的, 嗯嗯).
	defaultMinChars = 6
	// defaultMinOverlap: overlaps shorter than this are turn-taking, not interruptions
	// (ASR boundaries move by a few hundred milliseconds).
	defaultMinOverlap = time.Second
)

// timing builds the rules that judge a call's times: rate, silence, latency, overlap and
// duration.
func (c *compiler) timing(s *ruleSpec, n *yaml.Node) rule.Rule {
	l := c.loader
	switch s.meta.Kind {
	case "rate":
		r := &rule.Rate{M: s.meta, Scope: s.scope, MinChars: defaultMinChars}
		if s.min != nil {
			r.Min = l.positive(s.min, maxCharsPerMinute)
		}
		if s.max != nil {
			r.Max = l.positive(s.max, maxCharsPerMinute)
		}
		switch {
		case s.min == nil && s.max == nil:
			l.errorf(n, "例如 min: 90, max: 150", "rate 规则须有 min 或 max（每分钟字数） / rate rules need min or max (characters a minute)")
		case r.Min > 0 && r.Max > 0 && r.Min >= r.Max:
			l.errorf(s.min, "", "min 应小于 max / min must be below max")
		}
		if s.minChars != nil {
			r.MinChars = l.integer(s.minChars, 1)
		}
		r.PerCall = l.per(s.per, "可用：utterance（每句，默认）、call（全程）", "utterance", "call") == "call"
		return r
	case "silence":
		r := &rule.Silence{M: s.meta, Role: s.scope.Role}
		if s.maxGap != nil {
			r.MaxGap = l.seconds(s.maxGap, maxSeconds)
		}
		if s.hold != nil {
			r.Hold = c.hold(s.hold, s.mode, true)
		}
		if s.maxGap == nil && (r.Hold == nil || r.Hold.CheckIn == 0 && r.Hold.Max == 0 && r.Hold.Thanks == nil) {
			l.errorf(n, "例如 max_gap: 15，或 hold: {phrases: [$hold], check_in: 15}",
				"silence 规则须有 max_gap，或 hold 的 check_in、max、thanks / silence rules need max_gap, or check_in, max or thanks under hold")
		}
		return r
	case "latency":
		r := &rule.Latency{M: s.meta, Role: s.scope.Role}
		if s.max == nil {
			l.errorf(n, "例如 max: 5", "latency 规则须有 max（秒） / latency rules need max (seconds)")
		} else {
			r.Max = l.seconds(s.max, maxSeconds)
		}
		if s.hold != nil {
			if h := c.hold(s.hold, s.mode, false); h != nil {
				r.Hold = h.Phrases
			}
		}
		r.Typed = l.flag(s.typed, false)
		return r
	case "overlap":
		r := &rule.Overlap{M: s.meta, Role: s.scope.Role, MinOverlap: defaultMinOverlap}
		if s.minOverlap != nil {
			r.MinOverlap = secondsOf(l.number(s.minOverlap, 0, maxOverlapSeconds))
		}
		if s.ignore != nil {
			r.Ignore = c.phraseList(s.ignore, n, s.mode)
		}
		return r
	case "duration":
		r := &rule.Duration{M: s.meta}
		if s.min != nil {
			r.Min = l.seconds(s.min, maxSeconds)
		}
		if s.max != nil {
			r.Max = l.seconds(s.max, maxSeconds)
		}
		if s.firstAgent != nil {
			r.FirstAgentWithin = l.seconds(s.firstAgent, maxSeconds)
		}
		switch {
		case s.min == nil && s.max == nil && s.firstAgent == nil:
			l.errorf(n, "例如 max: 1800 或 first_agent_within: 10", "duration 规则须有 min、max 或 first_agent_within（秒） / duration rules need min, max or first_agent_within (seconds)")
		case r.Min > 0 && r.Max > 0 && r.Min >= r.Max:
			l.errorf(s.min, "", "min 应小于 max / min must be below max")
		}
		return r
	}
	return nil
}

// hold parses a silence or latency rule's hold: {phrases, match} and, for a silence rule
// (bounds), check_in, max and thanks.
func (c *compiler) hold(n *yaml.Node, mode match.Mode, bounds bool) *rule.Hold {
	l := c.loader
	if n = resolve(n); n.Kind != yaml.MappingNode {
		l.errorf(n, "例如 hold: {phrases: [$hold], check_in: 15}", "hold 应为“键: 值”映射 / hold must be a mapping")
		return nil
	}
	h := &rule.Hold{}
	var phrases, thanks *yaml.Node
	l.fields(n, "hold ", func(key string, k, v *yaml.Node) {
		switch key {
		case "phrases":
			phrases = v
		case "match":
			mode = l.mode(v)
		case "check_in", "max", "thanks":
			if !bounds {
				l.errorf(k, "latency 规则的 hold 只用 phrases、match：它只认出等待，等待本身由 silence 规则查",
					"latency 规则的 hold 不用 %s / a latency rule's hold takes no %s", key, key)
				return
			}
			switch key {
			case "check_in":
				h.CheckIn = l.seconds(v, maxSeconds)
			case "max":
				h.Max = l.seconds(v, maxSeconds)
			case "thanks":
				thanks = v
			}
		default:
			l.unknown(k, keyList("hold"))
		}
	})
	h.Phrases = c.phraseList(phrases, n, mode)
	if thanks != nil {
		h.Thanks = c.phraseList(thanks, n, mode)
	}
	return h
}

// positive parses a number above 0 and at most hi.
func (l *loader) positive(n *yaml.Node, hi float64) float64 {
	v, err := strconv.ParseFloat(n.Value, 64)
	switch {
	case n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(v):
		l.errorf(n, "", "应为数字，而不是 %q / expected a number", n.Value)
		return 0
	case v <= 0:
		l.errorf(n, "", "应大于 0 / must be above 0")
		return 0
	case v > hi:
		l.errorf(n, "", "%v 超过上限 %v / above the limit of %v", v, hi, hi)
	}
	return v
}

// seconds parses a positive number of seconds, fractions allowed (1.5).
func (l *loader) seconds(n *yaml.Node, hi float64) time.Duration {
	return secondsOf(l.positive(n, hi))
}

func secondsOf(s float64) time.Duration {
	return time.Duration(math.Round(s * float64(time.Second)))
}
