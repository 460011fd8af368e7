package rulebook

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
	"github.com/zhijian-qa/zhijian/rules"
)

// DefaultPassScore is the pass mark when a rulebook sets none.
const DefaultPassScore = 80

// Rulebook is a compiled set of rules.
type Rulebook struct {
	Name, Version, Description string
	PassScore                  float64
	Roles                      transcript.RoleMap
	Rules                      []rule.Rule
}

// Load reads and compiles rulebooks. With no paths it loads the embedded default. Several
// rulebooks are merged in order: the first names the result and sets its pass score, the
// others add rules and role labels. The segmenter learns every literal phrase as a word.
func Load(paths []string, seg *segment.Segmenter) (*Rulebook, error) {
	if len(paths) == 0 {
		return Shipped(rules.Default, seg)
	}
	var out *Rulebook
	var errs Errors
	ids := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, &Error{Path: p, Msg: "无法读取规则手册 / cannot read rulebook: " + errMsg(err)})
			continue
		}
		rb, err := Parse(p, data, seg)
		var es Errors
		if errors.As(err, &es) {
			errs = append(errs, es...)
			continue
		}
		for _, r := range rb.Rules {
			id := r.Meta().ID
			if prev, dup := ids[id]; dup {
				errs = append(errs, &Error{Path: p, Msg: fmt.Sprintf("规则 id %q 与 %s 重复 / duplicate rule id", id, prev)})
			}
			ids[id] = p
		}
		if out == nil {
			out = rb
			continue
		}
		out.Rules = append(out.Rules, rb.Rules...)
		for label, role := range rb.Roles {
			out.Roles[label] = role
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// Shipped loads a rulebook embedded in the binary by name ("default").
func Shipped(name string, seg *segment.Segmenter) (*Rulebook, error) {
	file := name + ".yaml"
	data, err := fs.ReadFile(rules.FS, file)
	if err != nil {
		return nil, Errors{{Path: file, Msg: fmt.Sprintf("没有名为 %q 的内置规则手册 / no shipped rulebook %q", name, name)}}
	}
	return Parse("rules/"+file, data, seg)
}

func errMsg(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// loader holds the state of parsing one file.
type loader struct {
	path string
	errs Errors
	seg  *segment.Segmenter
	sets map[string]*yaml.Node
	// used records which sets some rule refers to.
	used map[string]bool
}

// Parse compiles one rulebook file. path is used in error messages.
func Parse(path string, data []byte, seg *segment.Segmenter) (*Rulebook, error) {
	l := &loader{path: path, seg: seg, sets: map[string]*yaml.Node{}, used: map[string]bool{}}
	rb := l.parse(data)
	if len(l.errs) > 0 {
		// Report in file order, as an editor lists problems.
		sort.SliceStable(l.errs, func(i, j int) bool {
			a, b := l.errs[i], l.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return nil, l.errs
	}
	return rb, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (l *loader) parse(data []byte) *Rulebook {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		e := &Error{Path: l.path, Msg: "YAML 语法错误 / YAML syntax error: " + err.Error()}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Col = 1
			e.Msg = "YAML 语法错误 / YAML syntax error: " + m[2]
		}
		l.errs = append(l.errs, e)
		return nil
	}
	if len(doc.Content) == 0 {
		l.errs = append(l.errs, &Error{Path: l.path, Msg: "规则手册为空 / empty rulebook"})
		return nil
	}
	root := resolve(doc.Content[0])
	rb := &Rulebook{PassScore: DefaultPassScore, Roles: transcript.DefaultRoles()}
	var rulesNode *yaml.Node
	l.fields(root, "规则手册", func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			rb.Name = l.str(v)
		case "version":
			rb.Version = l.str(v)
		case "description":
			rb.Description = l.str(v)
		case "pass_score":
			rb.PassScore = l.number(v, 0, 100)
		case "roles":
			l.roles(v, rb)
		case "sets":
			l.fields(v, "", func(name string, k, v *yaml.Node) {
				l.sets[name] = v
			})
		case "rules":
			rulesNode = v
		default:
			l.unknown(k, "name, version, description, pass_score, roles, sets, rules")
		}
	})
	if rb.Name == "" {
		l.errorf(root, "在文件开头加上 name: 我的规则", "缺少 name / missing name")
	}
	if rulesNode == nil {
		l.errorf(root, "至少写一条规则", "缺少 rules / missing rules")
		return rb
	}
	if rulesNode.Kind != yaml.SequenceNode {
		l.errorf(rulesNode, "rules 下每条规则以“- id: …”开头", "rules 应为列表 / rules must be a list")
		return rb
	}
	seen := map[string]*yaml.Node{}
	for _, rn := range rulesNode.Content {
		r := l.rule(resolve(rn), seen)
		if r != nil {
			rb.Rules = append(rb.Rules, r)
		}
	}
	for name, n := range l.sets {
		if !l.used[name] {
			l.errorf(n, "删除它或在规则中用 $"+name+" 引用", "短语集 %q 未被任何规则使用 / set %q is never used", name, name)
		}
	}
	return rb
}

// resolve follows YAML aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// fields walks a mapping node in order.
func (l *loader) fields(n *yaml.Node, what string, f func(key string, k, v *yaml.Node)) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "", "%s应为“键: 值”映射 / expected a mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if seen[k.Value] {
			l.errorf(k, "", "重复的字段 %q / duplicate key %q", k.Value, k.Value)
			continue
		}
		seen[k.Value] = true
		f(k.Value, k, v)
	}
}

func (l *loader) unknown(k *yaml.Node, allowed string) {
	l.errorf(k, "可用字段："+allowed, "未知字段 %q / unknown key %q", k.Value, k.Value)
}

func (l *loader) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "", "应为文字 / expected a string")
		return ""
	}
	return n.Value
}

func (l *loader) number(n *yaml.Node, lo, hi float64) float64 {
	v, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || err != nil {
		l.errorf(n, "", "应为数字，而不是 %q / expected a number", n.Value)
		return 0
	}
	if v < lo || v > hi {
		l.errorf(n, "", "%v 超出范围 %v–%v / out of range", v, lo, hi)
	}
	return v
}

func (l *loader) integer(n *yaml.Node, lo int) int {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		l.errorf(n, "", "应为整数，而不是 %q / expected a whole number", n.Value)
		return 0
	}
	if v < lo {
		l.errorf(n, "", "应不小于 %d / must be at least %d", lo, lo)
	}
	return v
}

func (l *loader) boolean(n *yaml.Node) bool {
	switch n.Value {
	case "true":
		return true
	case "false":
		return false
	}
	l.errorf(n, "", "应为 true 或 false / expected true or false")
	return false
}

func (l *loader) role(n *yaml.Node) transcript.Role {
	switch v := l.str(n); v {
	case "agent":
		return transcript.Agent
	case "customer":
		return transcript.Customer
	case "any", "":
		return ""
	default:
		l.errorf(n, "可用：agent、customer、any", "未知角色 %q / unknown role %q", v, v)
		return ""
	}
}

func (l *loader) roles(n *yaml.Node, rb *Rulebook) {
	l.fields(n, "roles ", func(key string, k, v *yaml.Node) {
		role := l.role(k)
		if role == "" {
			l.errorf(k, "可用：agent、customer", "roles 下只能写 agent 或 customer / roles maps labels to agent or customer")
			return
		}
		if v.Kind != yaml.SequenceNode {
			l.errorf(v, "例如 agent: [值班员, 接线员]", "应为标签列表 / expected a list of labels")
			return
		}
		for _, lb := range v.Content {
			rb.Roles = rb.Roles.With(role, l.str(resolve(lb)))
		}
	})
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

const ruleKeys = "id, kind, role, window, phrases, steps, match, severity, deduct, max_deduct, fatal, message, source, description"

// rule parses and compiles one rule; nil when it has errors.
func (l *loader) rule(n *yaml.Node, seen map[string]*yaml.Node) rule.Rule {
	before := len(l.errs)
	var (
		meta     rule.Meta
		scope    rule.Scope
		mode     = match.Words
		phrasesN *yaml.Node
		stepsN   *yaml.Node
		windowN  *yaml.Node
		idN      = n
		kindN    = n
	)
	meta.Severity = rule.Warning
	l.fields(n, "规则", func(key string, k, v *yaml.Node) {
		switch key {
		case "id":
			meta.ID, idN = l.str(v), v
		case "kind":
			meta.Kind, kindN = l.str(v), v
		case "role":
			scope.Role = l.role(v)
		case "window":
			windowN = v
		case "phrases":
			phrasesN = v
		case "steps":
			stepsN = v
		case "match":
			m, err := match.ParseMode(l.str(v))
			if err != nil {
				l.errorf(v, "", "%v", err)
			}
			mode = m
		case "severity":
			switch s := rule.Severity(l.str(v)); s {
			case rule.Info, rule.Warning, rule.Error:
				meta.Severity = s
			default:
				l.errorf(v, "可用：info、warning、error", "未知严重程度 %q / unknown severity", s)
			}
		case "deduct":
			meta.Deduct = l.number(v, 0, 100)
		case "max_deduct":
			meta.MaxDeduct = l.number(v, 0, 100)
		case "fatal":
			meta.Fatal = l.boolean(v)
		case "message":
			meta.Message = l.str(v)
		case "source":
			meta.Source = l.str(v)
		case "description":
			l.str(v)
		default:
			l.unknown(k, ruleKeys)
		}
	})
	switch {
	case meta.ID == "":
		l.errorf(n, "例如 id: forbidden-phrases", "规则缺少 id / rule has no id")
	case !idPattern.MatchString(meta.ID):
		l.errorf(idN, "只用字母、数字、-、_、.", "规则 id %q 不合法 / invalid rule id", meta.ID)
	case seen[meta.ID] != nil:
		l.errorf(idN, fmt.Sprintf("第一次出现在第 %d 行", seen[meta.ID].Line), "规则 id %q 重复 / duplicate rule id %q", meta.ID, meta.ID)
	default:
		seen[meta.ID] = idN
	}
	if meta.Message == "" {
		l.errorf(n, "写一句质检员看得懂的中文说明", "规则 %s 缺少 message / rule has no message", meta.ID)
	}
	scope.Window = l.window(windowN)
	meta.Role = scope.Role

	var r rule.Rule
	switch meta.Kind {
	case "required", "forbidden":
		if stepsN != nil {
			l.errorf(stepsN, "steps 只用于 sequence", "%s 规则不用 steps / %s rules take phrases, not steps", meta.Kind, meta.Kind)
		}
		ps := l.phraseList(phrasesN, n, mode)
		if meta.Kind == "required" {
			r = &rule.Required{M: meta, Scope: scope, Phrases: ps}
		} else {
			r = &rule.Forbidden{M: meta, Scope: scope, Phrases: ps}
		}
	case "sequence":
		if phrasesN != nil {
			l.errorf(phrasesN, "把短语写在 steps 的每一步里", "sequence 规则用 steps 而不是 phrases / sequence rules take steps")
		}
		r = &rule.Sequence{M: meta, Scope: scope, Steps: l.steps(stepsN, n, mode)}
	case "":
		l.errorf(n, "可用：required、forbidden、sequence", "规则 %s 缺少 kind / rule has no kind", meta.ID)
	default:
		l.errorf(kindN, "可用：required、forbidden、sequence", "未知规则类型 %q / unknown kind %q", meta.Kind, meta.Kind)
	}
	if len(l.errs) > before {
		return nil
	}
	return r
}

func (l *loader) window(n *yaml.Node) rule.Window {
	var w rule.Window
	if n == nil {
		return w
	}
	l.fields(n, "window ", func(key string, k, v *yaml.Node) {
		switch key {
		case "first":
			w.First = l.integer(v, 1)
		case "last":
			w.Last = l.integer(v, 1)
		default:
			l.unknown(k, "first, last")
		}
	})
	if w.First > 0 && w.Last > 0 {
		l.errorf(n, "只写 first 或 last 之一", "window 不能同时有 first 和 last / window takes first or last, not both")
	}
	return w
}

func (l *loader) steps(n, rn *yaml.Node, mode match.Mode) []rule.Phrases {
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
		var ps rule.Phrases
		stepMode := mode
		var phrasesN *yaml.Node
		l.fields(sn, "步骤", func(key string, k, v *yaml.Node) {
			switch key {
			case "phrases":
				phrasesN = v
			case "match":
				m, err := match.ParseMode(l.str(v))
				if err != nil {
					l.errorf(v, "", "%v", err)
				}
				stepMode = m
			default:
				l.unknown(k, "phrases, match")
			}
		})
		ps = l.phraseList(phrasesN, resolve(sn), stepMode)
		out = append(out, ps)
	}
	return out
}

// phraseList compiles a phrase list: patterns, {pattern, match} mappings and $set
// references.
func (l *loader) phraseList(n, parent *yaml.Node, mode match.Mode) rule.Phrases {
	if n == nil {
		l.errorf(parent, "例如 phrases: [您好, $greeting]", "缺少 phrases / missing phrases")
		return nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.errorf(n, "例如 phrases: [您好, $greeting]", "phrases 应为非空列表 / phrases must be a non-empty list")
		return nil
	}
	var out rule.Phrases
	for _, item := range n.Content {
		item = resolve(item)
		if item.Kind == yaml.ScalarNode && strings.HasPrefix(item.Value, "$") {
			name := item.Value[1:]
			set, ok := l.sets[name]
			if !ok {
				l.errorf(item, "在 sets: 下定义它，或检查拼写", "未定义的短语集 %q / undefined set %q", item.Value, item.Value)
				continue
			}
			l.used[name] = true
			if set.Kind != yaml.SequenceNode || len(set.Content) == 0 {
				l.errorf(set, "", "短语集 %q 应为非空列表 / set must be a non-empty list", name)
				continue
			}
			for _, si := range set.Content {
				si = resolve(si)
				if si.Kind == yaml.ScalarNode && strings.HasPrefix(si.Value, "$") {
					l.errorf(si, "在规则里直接列出两个短语集", "短语集不能引用短语集 / a set cannot refer to another set")
					continue
				}
				if p := l.phrase(si, mode); p != nil {
					out = append(out, p)
				}
			}
			continue
		}
		if p := l.phrase(item, mode); p != nil {
			out = append(out, p)
		}
	}
	return out
}

func (l *loader) phrase(n *yaml.Node, mode match.Mode) *match.Pattern {
	src, at := "", n
	switch n.Kind {
	case yaml.ScalarNode:
		src = n.Value
	case yaml.MappingNode:
		l.fields(n, "短语", func(key string, k, v *yaml.Node) {
			switch key {
			case "pattern":
				src, at = l.str(v), v
			case "match":
				m, err := match.ParseMode(l.str(v))
				if err != nil {
					l.errorf(v, "", "%v", err)
				}
				mode = m
			default:
				l.unknown(k, "pattern, match")
			}
		})
	default:
		l.errorf(n, "以 [ 或 { 开头的短语要加引号", "短语应为文字 / a phrase must be text")
		return nil
	}
	p, err := match.Compile(src, mode)
	if err != nil {
		l.errorf(at, "语法见 docs/rulebook.md", "%v", err)
		return nil
	}
	if l.seg != nil {
		l.seg.AddWords(p.Literals()...)
	}
	return p
}
