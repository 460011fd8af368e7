package rule

import (
	"slices"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Logic fires when a logical expression over named conditions holds for the call, as
// Aliyun's rule editors write 1&&2||!3: each condition is a role saying one of its
// phrases somewhere in the rule's window, and the expression joins them with &&, ||, !
// and brackets. "The customer asked about the fee and the agent never quoted an amount"
// is `asked && !quoted`. One finding per call, at the first utterance of a condition the
// expression needs true, or none when it holds by what was not said.
type Logic struct {
	M          Meta
	Scope      Scope
	Conditions map[string]LogicCondition
	Expr       *LogicExpr
}

// LogicCondition is one named condition: Role says one of Phrases.
type LogicCondition struct {
	Role    transcript.Role
	Phrases Phrases
}

func (r *Logic) Meta() *Meta { return &r.M }

func (r *Logic) Check(c *Call) []Finding {
	if !r.Scope.applies(c) {
		return nil
	}
	window := r.Scope.indexes(c)
	found := map[string]occurrence{}
	holds := map[string]bool{}
	for name, cond := range r.Conditions {
		idx := Scope{Role: cond.Role}.indexes(c)
		if r.Scope.Window.set() {
			idx = intersect(idx, window)
		}
		if o, ok := cond.Phrases.first(c, idx); ok {
			found[name], holds[name] = o, true
		}
	}
	if !r.Expr.eval(holds) {
		return nil
	}
	// Point at the earliest utterance of a condition the expression holds by.
	var at *occurrence
	for _, name := range r.Expr.positive() {
		if o, ok := found[name]; ok && (at == nil || o.index < at.index) {
			at = &o
		}
	}
	if at == nil {
		return []Finding{{Rule: &r.M}}
	}
	// When the expression holds only because something was not said (asked && !quoted),
	// the finding is of that missing thing: it points at the utterance that called for
	// it, as a required step under a condition points at its trigger, but quotes no match.
	if r.holdsByAbsence() {
		return []Finding{{Rule: &r.M, Utterance: &c.Utterances[at.index]}}
	}
	return []Finding{c.finding(&r.M, *at)}
}

// holdsByAbsence reports whether the expression, which holds, would not were every
// condition said: then something not said is what it holds by.
func (r *Logic) holdsByAbsence() bool {
	all := make(map[string]bool, len(r.Conditions))
	for name := range r.Conditions {
		all[name] = true
	}
	return !r.Expr.eval(all)
}

// Answer returns what the call says of a condition whose saying alone keeps the rule
// quiet, whatever else is said (quoted in asked && !quoted), as a required rule's
// phrases do. Evaluations of phrase matching measure a logic rule by them.
func (r *Logic) Answer(c *Call) (Finding, bool) {
	for _, name := range r.Expr.settling() {
		cond := r.Conditions[name]
		if o, ok := cond.Phrases.first(c, Scope{Role: cond.Role}.indexes(c)); ok {
			return c.finding(&r.M, o), true
		}
	}
	return Finding{}, false
}

// intersect is the indexes in both sorted lists.
func intersect(a, b []int) []int {
	var out []int
	for _, i := range a {
		if _, ok := slices.BinarySearch(b, i); ok {
			out = append(out, i)
		}
	}
	return out
}

// LogicExpr is a parsed expression: a name, or an operator over sub-expressions.
type LogicExpr struct {
	Op   byte // 'n' name, '!' not, '&' and, '|' or
	Name string
	Sub  []*LogicExpr
}

func (e *LogicExpr) eval(holds map[string]bool) bool {
	switch e.Op {
	case 'n':
		return holds[e.Name]
	case '!':
		return !e.Sub[0].eval(holds)
	case '&':
		return e.Sub[0].eval(holds) && e.Sub[1].eval(holds)
	}
	return e.Sub[0].eval(holds) || e.Sub[1].eval(holds)
}

// positive lists the names the expression uses without a ! over them.
func (e *LogicExpr) positive() []string {
	switch e.Op {
	case 'n':
		return []string{e.Name}
	case '!':
		return nil
	}
	return append(e.Sub[0].positive(), e.Sub[1].positive()...)
}

// settling lists the names whose holding makes the expression false whatever the others
// are (by trying every assignment: expressions name a handful of conditions).
func (e *LogicExpr) settling() []string {
	names := slices.Compact(slices.Sorted(slices.Values(e.Names())))
	if len(names) > 12 {
		return nil
	}
	var out []string
	for k, name := range names {
		settles := true
		for bits := 0; bits < 1<<len(names) && settles; bits++ {
			if bits&(1<<k) == 0 {
				continue
			}
			holds := map[string]bool{}
			for j, n := range names {
				holds[n] = bits&(1<<j) != 0
			}
			settles = !e.eval(holds)
		}
		if settles {
			out = append(out, name)
		}
	}
	return out
}

// negated lists the names the expression uses under a !.
func (e *LogicExpr) negated() []string {
	switch e.Op {
	case 'n':
		return nil
	case '!':
		return e.Sub[0].Names()
	}
	return append(e.Sub[0].negated(), e.Sub[1].negated()...)
}

// Names lists every name the expression uses.
func (e *LogicExpr) Names() []string {
	if e.Op == 'n' {
		return []string{e.Name}
	}
	var out []string
	for _, s := range e.Sub {
		out = append(out, s.Names()...)
	}
	return out
}

// ParseLogic parses "a && !(b || c)": names of letters, digits, - and _; && binds
// tighter than ||; ! and brackets as usual. ok is false, with the position of the
// problem, for anything else.
func ParseLogic(src string) (e *LogicExpr, pos int, ok bool) {
	p := &logicParser{s: src}
	e = p.or()
	p.space()
	if e == nil || p.i < len(p.s) {
		return nil, p.i, false
	}
	return e, 0, true
}

type logicParser struct {
	s     string
	i     int
	depth int
}

// maxLogicDepth bounds brackets and !s nested in an expression: no rule needs more, and
// a hostile rulebook of a million brackets must get an error, not exhaust the stack.
const maxLogicDepth = 64

func (p *logicParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *logicParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *logicParser) or() *LogicExpr {
	e := p.and()
	for e != nil && p.eat("||") {
		r := p.and()
		if r == nil {
			return nil
		}
		e = &LogicExpr{Op: '|', Sub: []*LogicExpr{e, r}}
	}
	return e
}

func (p *logicParser) and() *LogicExpr {
	e := p.unary()
	for e != nil && p.eat("&&") {
		r := p.unary()
		if r == nil {
			return nil
		}
		e = &LogicExpr{Op: '&', Sub: []*LogicExpr{e, r}}
	}
	return e
}

func (p *logicParser) unary() *LogicExpr {
	if p.depth++; p.depth > maxLogicDepth {
		return nil
	}
	defer func() { p.depth-- }()
	switch {
	case p.eat("!"):
		if e := p.unary(); e != nil {
			return &LogicExpr{Op: '!', Sub: []*LogicExpr{e}}
		}
		return nil
	case p.eat("("):
		e := p.or()
		if e == nil || !p.eat(")") {
			return nil
		}
		return e
	}
	p.space()
	start := p.i
	for p.i < len(p.s) {
		ch := p.s[p.i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_' {
			p.i++
			continue
		}
		break
	}
	if p.i == start {
		return nil
	}
	return &LogicExpr{Op: 'n', Name: p.s[start:p.i]}
}

// LogicKind is the record of logic rules.
var LogicKind = &Kind{
	Name:     "logic",
	Doc:      msg.Sprintf("rule.logic-doc"),
	Keys:     []string{"conditions", "expr"},
	Required: []string{"conditions", "expr", "message"},
	// What the expression needs unsaid (quoted in asked && !quoted) is what the rule
	// requires, and like a required rule's phrases counts when heard as a homophone;
	// what it needs said is matched like a trigger.
	Fuzzy: match.Pinyin,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Logic{M: m, Scope: s, Conditions: map[string]LogicCondition{}}
		e, pos, ok := ParseLogic(d.Text("expr"))
		var negated []string
		if ok {
			negated = e.negated()
		}
		for name, t := range d.Conditions("conditions", func(name string) bool { return slices.Contains(negated, name) }) {
			r.Conditions[name] = LogicCondition{Role: t.Role, Phrases: t.Phrases}
		}
		if !ok {
			d.Errorf("expr", "例如 asked && !quoted，或 1&&2||!3", "rule.logic-bad-expr", d.Text("expr"), pos+1)
			return r
		}
		r.Expr = e
		for _, n := range e.Names() {
			if _, ok := r.Conditions[n]; !ok {
				d.Errorf("expr", "在 conditions 下定义它", "rule.logic-unknown-condition", n)
			}
		}
		return r
	},
	Schema: `{"properties": {"conditions": {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/$defs/trigger"}},
		"expr": {"type": "string", "minLength": 1}}}`,
	Example: "{id: fee-not-quoted, kind: logic, conditions: {asked: {role: customer, phrases: [多少钱]}, quoted: {role: agent, phrases: [元]}}, expr: asked && !quoted, message: 客户问资费，坐席没报金额}",
}

func (r *Logic) Uses() []Use {
	var out []Use
	names := make([]string, 0, len(r.Conditions))
	for n := range r.Conditions {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		out = append(out, Use{"conditions." + n, r.Conditions[n].Role, WantOther, r.Conditions[n].Phrases})
	}
	return r.Scope.uses(out...)
}

func (r *Logic) Describe(add func(label, value string)) {
	describeScope(r.Scope, add)
	if r.Expr != nil {
		add("条件 expr", r.Expr.String())
	}
}

// String writes the expression back, bracketed where it nests.
func (e *LogicExpr) String() string {
	switch e.Op {
	case 'n':
		return e.Name
	case '!':
		return "!" + e.Sub[0].group()
	case '&':
		return e.Sub[0].group() + " && " + e.Sub[1].group()
	}
	return e.Sub[0].String() + " || " + e.Sub[1].String()
}

func (e *LogicExpr) group() string {
	if e.Op == 'n' || e.Op == '!' {
		return e.String()
	}
	return "(" + e.String() + ")"
}
