package rulebook

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/internal/yamldoc"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/score"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// The gather stage reads a rulebook and everything it extends into one flat book of YAML
// nodes, each remembering its file; compiling comes after, once, so a set defined in a
// parent can be used, added to or replaced by a child.

// maxExtendsDepth bounds a chain of extends.
const maxExtendsDepth = 16

type at struct {
	node *yaml.Node
	path string
}

type book struct {
	name, version, description string
	passScore                  float64
	keepPII                    bool
	card                       *score.Card
	cardAt                     *yaml.Node
	roles                      []roleLabel
	sets                       map[string][]at // set name → phrase items
	setDefs                    map[string]at   // where each set was last defined
	rules                      []at
	override                   map[string]at
	disable                    map[string]at
	// Tolerant matching (robust.go): the default fuzzy of every phrase rule, and the
	// fillers skipped (nil: the defaults).
	fuzzy   fuzzySetting
	fillers []string
	// routes are this file's own: a rulebook that extends another does not inherit
	// them, since its overrides would not reach the rulebooks routed to.
	routes []routeSpec
}

type roleLabel struct {
	role  transcript.Role
	label string
}

// loader holds the state of loading one rulebook.
type loader struct {
	path string // the file being read, for error positions
	// around is a window's around: mapping, read by window and compiled by the compiler.
	around *yaml.Node
	errs   Errors
	set    *match.Set
	// used records which sets some rule refers to.
	used map[string]bool
	sets map[string][]at
	// curFuzzy is the fuzzy of the phrases being compiled: their rule's (robust.go).
	curFuzzy   match.Fuzzy
	fuzzyAsked bool // the rule or the rulebook gave fuzzy
	// phrases counts the phrases compiled, against maxPhrases; regexSize the
	// instructions of the expressions, against maxRegexSize; patternSize the bytes the
	// phrase patterns expand to, against maxPatternSize.
	phrases, regexSize, patternSize int
	// extendedBy is, for each file extended so far, the file that extended it: a file
	// is read once however many rulebooks of the tree extend it.
	extendedBy map[string]string
	// patterns parses each phrase text once, however many aliases use it.
	patterns *match.Compiler
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// gather reads one file and, first, what it extends. chain holds the files being read,
// to catch a cycle.
func (l *loader) gather(path string, data []byte, chain []string) *book {
	prevPath := l.path
	l.path = path
	defer func() { l.path = prevPath }()

	var doc yaml.Node
	second, err := yamldoc.Decode(data, &doc)
	if err != nil {
		e := &Error{Path: path, Msg: msg.Sprintf("rulebook.yaml-syntax-error", err.Error())}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Col = 1
			e.Msg = msg.Sprintf("rulebook.yaml-syntax-error", m[2])
		}
		l.errs = append(l.errs, e)
		return nil
	}
	if len(doc.Content) == 0 {
		l.errs = append(l.errs, &Error{Path: path, Msg: msg.Sprintf("rulebook.empty-rulebook")})
		return nil
	}
	if second > 0 {
		l.errs = append(l.errs, &Error{Path: path, Line: second, Col: 1, Msg: msg.Sprintf("rulebook.second-yaml-document")})
		return nil
	}
	root := resolve(doc.Content[0])
	b := &book{passScore: DefaultPassScore, sets: map[string][]at{}, setDefs: map[string]at{},
		override: map[string]at{}, disable: map[string]at{}}
	// extends comes first whatever its place in the file: the child's keys apply on top.
	var rest [][2]*yaml.Node
	hasRules, hasExtends := false, false
	l.fields(root, "规则手册", func(key string, k, v *yaml.Node) {
		if key == "extends" {
			hasExtends = true
			l.extends(b, v, path, append(chain, path))
			return
		}
		rest = append(rest, [2]*yaml.Node{k, v})
	})
	for _, kv := range rest {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "name":
			b.name = l.text(v)
		case "version":
			b.version = l.text(v)
		case "description":
			b.description = l.text(v)
		case "pass_score":
			b.passScore = l.number(v, 0, 100)
		case "mask_pii":
			b.keepPII = !l.boolean(v)
		case "scorecard":
			b.card, b.cardAt = l.scorecard(v), v
		case "fuzzy":
			b.fuzzy = l.fuzzy(v)
		case "fillers":
			b.fillers = l.fillerList(v)
		case "roles":
			l.roles(v, b)
		case "routes":
			b.routes = l.routes(v)
		case "sets", "add_sets":
			add := k.Value == "add_sets"
			l.fields(v, k.Value+" ", func(name string, k, v *yaml.Node) {
				if add {
					if _, ok := b.sets[name]; !ok {
						l.errorf(k, "add_sets 只能追加继承来的短语集；新短语集写在 sets 下", "rulebook.no-inherited-set-add", name)
						return
					}
				} else {
					b.sets[name] = nil
					b.setDefs[name] = at{k, path}
				}
				if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
					l.errorf(v, "", "rulebook.set-must-non-empty-list", name)
					return
				}
				for _, item := range v.Content {
					b.sets[name] = append(b.sets[name], at{resolve(item), path})
				}
			})
		case "rules":
			hasRules = true
			if v.Kind != yaml.SequenceNode {
				l.errorf(v, "rules 下每条规则以“- id: …”开头", "rulebook.rules-must-list")
				continue
			}
			for _, rn := range v.Content {
				b.rules = append(b.rules, at{resolve(rn), path})
			}
		case "override":
			l.fields(v, "override ", func(id string, k, v *yaml.Node) {
				b.override[id] = at{v, path}
			})
		case "disable":
			if v.Kind != yaml.SequenceNode {
				l.errorf(v, "例如 disable: [address-as-nin]", "rulebook.disable-takes-list-rule-ids")
				continue
			}
			for _, item := range v.Content {
				b.disable[l.str(resolve(item))] = at{resolve(item), path}
			}
		default:
			l.unknown(k, keyList("rulebook"))
		}
	}
	if b.name == "" {
		l.errorf(root, "在文件开头加上 name: 我的规则", "rulebook.missing-name")
	}
	if !hasRules && !hasExtends {
		l.errorf(root, "至少写一条规则，或用 extends 继承", "rulebook.missing-rules")
	}
	return b
}

// extends gathers each parent and merges it into b, in order.
func (l *loader) extends(b *book, v *yaml.Node, path string, chain []string) {
	var names []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		names = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, n := range v.Content {
			names = append(names, resolve(n))
		}
	default:
		l.errorf(v, "例如 extends: default", "rulebook.extends-takes-rulebook-name-path")
		return
	}
	for _, n := range names {
		ppath, data, err := l.parentFile(l.str(n), path)
		if err != nil {
			l.problem(n, "", err.Error())
			continue
		}
		for _, c := range chain {
			if c == ppath {
				l.errorf(n, "", "rulebook.extends-cycle", strings.Join(append(chain, ppath), " → "), ppath)
				return
			}
		}
		if len(chain) >= maxExtendsDepth {
			l.errorf(n, "", "rulebook.extends-nested-more-than-deep", maxExtendsDepth)
			return
		}
		// A file two rulebooks of the tree extend (a diamond) would bring its rules in
		// twice, and was read again for each way to it: forty-five files of a few lines
		// extending three of the next each were read 3^14 times, a run that never ended.
		if by, ok := l.extendedBy[ppath]; ok {
			l.errorf(n, "只在一处继承它", "rulebook.extended-twice", ppath, by, path)
			continue
		}
		if l.extendedBy == nil {
			l.extendedBy = map[string]string{}
		}
		l.extendedBy[ppath] = path
		parent := l.gather(ppath, data, chain)
		if parent == nil {
			continue
		}
		// Two parents defining one set name would silently replace each other.
		for _, name := range sortedKeys(parent.setDefs) {
			if prev, ok := b.setDefs[name]; ok {
				l.errorf(n, "给其中一个改名", "rulebook.both-extended-rulebooks-define-set", prev.path, parent.setDefs[name].path, name)
			}
		}
		b.merge(parent)
	}
}

// parentFile finds an extended rulebook: a path (relative to the child) when it looks
// like one, else a shipped rulebook by name.
func (l *loader) parentFile(name, child string) (string, []byte, error) {
	p, data, err := locate(name, child)
	if err != nil && isPath(name) {
		return "", nil, msg.Errorf("rulebook.cannot-read-extended-rulebook", p, errMsg(err))
	}
	return p, data, err
}

// isPath says whether a rulebook named in another is a file, not a shipped name.
func isPath(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || strings.ContainsAny(name, `/\`)
}

// locate reads a rulebook named in another (child): a path relative to child, or a
// shipped rulebook by name. The path is returned with a read error.
func locate(name, child string) (string, []byte, error) {
	if !isPath(name) {
		return shippedFile(name)
	}
	p := name
	if !filepath.IsAbs(p) && !strings.HasPrefix(child, "rules/") {
		p = filepath.Join(filepath.Dir(child), name)
	}
	data, err := readFile(p)
	return p, data, err
}

// merge takes a parent's content under b, which the child's own keys then change.
func (b *book) merge(p *book) {
	b.passScore = p.passScore
	b.keepPII = p.keepPII
	if p.card != nil { // a parent without a scorecard keeps an earlier parent's
		b.card, b.cardAt = p.card, p.cardAt
	}
	b.roles = append(b.roles, p.roles...)
	for name, items := range p.sets {
		b.sets[name] = append([]at(nil), items...)
		b.setDefs[name] = p.setDefs[name]
	}
	b.rules = append(b.rules, p.rules...)
	for id, o := range p.override {
		b.override[id] = o
	}
	for id, d := range p.disable {
		b.disable[id] = d
	}
	if b.description == "" {
		b.description = p.description
	}
	if p.fuzzy.set {
		b.fuzzy = p.fuzzy
	}
	if p.fillers != nil {
		b.fillers = p.fillers
	}
}

func (l *loader) roles(n *yaml.Node, b *book) {
	l.fields(n, "roles ", func(key string, k, v *yaml.Node) {
		role := l.role(k)
		if role == "" {
			l.errorf(k, "可用：agent、customer", "rulebook.roles-maps-labels-agent-customer")
			return
		}
		if v.Kind != yaml.SequenceNode {
			l.errorf(v, "例如 agent: [值班员, 接线员]", "rulebook.expected-list-labels")
			return
		}
		for _, lb := range v.Content {
			b.roles = append(b.roles, roleLabel{role, l.str(resolve(lb))})
		}
	})
}
