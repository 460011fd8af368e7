package config

import (
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/internal/smallfile"
	"github.com/zhijian-qa/zhijian/pkg/internal/yamldoc"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// Keys are the keys a configuration file accepts, in the order `zhijian config` lists
// them.
var Keys = []string{"rules", "include", "exclude", "roles", "columns", "speakers", "format", "output", "fail_under", "fail_level",
	"lang", "baseline", "tests", "overrides"}

// ColumnFields are the transcript fields a CSV column can be mapped to (columns:).
var ColumnFields = []string{"role", "speaker", "text", "start", "end", "call_id"}

// OverrideKeys are the keys of one entry under overrides.
var OverrideKeys = []string{"files", "disable"}

// Formats are the values format may take: the report formats of zhijian check.
var Formats = report.FormatNames()

// Error is one problem in a configuration file; Errors all of them, in file order.
type (
	Error  = diag.Diagnostic
	Errors = diag.List
)

// Load reads a configuration file. Every problem is reported, each with its line and
// column.
func Load(path string) (*Config, error) {
	data, err := smallfile.Read(path, smallfile.Small)
	if err != nil {
		return nil, Errors{{Path: path, Msg: msg.Sprintf("config.cannot-read-configuration-2", unwrapPath(err).Error())}}
	}
	return Parse(path, data)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads configuration data; path names it in errors and anchors relative paths.
func Parse(path string, data []byte) (*Config, error) {
	cfg := Default()
	cfg.Path = path
	cfg.Dir = filepath.Dir(path)
	p := &parser{path: path}
	var doc yaml.Node
	second, err := yamldoc.Decode(data, &doc)
	if err != nil {
		e := &Error{Path: path, Msg: msg.Sprintf("config.yaml-syntax-error", err.Error())}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Col = 1
			e.Msg = msg.Sprintf("config.yaml-syntax-error", m[2])
		}
		return nil, Errors{e}
	}
	if second > 0 {
		return nil, Errors{{Path: path, Line: second, Col: 1, Msg: msg.Sprintf("config.second-yaml-document")}}
	}
	if len(doc.Content) == 0 {
		return cfg, nil // an empty file: every default
	}
	p.fields(doc.Content[0], "配置文件", Keys, func(key string, k, v *yaml.Node) {
		src := p.source(v)
		switch key {
		case "rules":
			cfg.Rules = Value[[]string]{p.strings(v, false), src}
		case "include":
			cfg.Include = Value[[]string]{p.globs(v), src}
		case "exclude":
			cfg.Exclude = Value[[]string]{p.globs(v), src}
		case "roles":
			cfg.Roles = Value[map[string][]string]{p.roles(v), src}
		case "columns":
			cfg.Columns = Value[map[string]string]{p.columns(v), src}
		case "speakers":
			cfg.Speakers = Value[map[string]string]{p.speakers(v), src}
		case "format":
			cfg.Format = Value[string]{p.oneOf(v, Formats), src}
		case "output":
			cfg.Output = Value[[]string]{p.strings(v, false), src}
		case "fail_under":
			cfg.FailUnder = Value[float64]{p.number(v, 0, 100), src}
		case "fail_level":
			cfg.FailLevel = Value[string]{p.oneOf(v, FailLevels), src}
		case "lang":
			cfg.Lang = Value[string]{p.oneOf(v, []string{"zh", "en"}), src}
		case "baseline":
			cfg.Baseline = Value[string]{p.str(v), src}
		case "tests":
			cfg.Tests = Value[[]string]{p.strings(v, false), src}
		case "overrides":
			cfg.Overrides = p.overrides(v)
		}
	})
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return cfg, nil
}

type parser struct {
	path string
	errs Errors
}

func (p *parser) errorf(n *yaml.Node, hint, key string, args ...any) {
	e := &Error{Path: p.path, Msg: msg.Sprintf(key, args...), Hint: hint}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *parser) source(n *yaml.Node) Source {
	return Source{Kind: FromFile, Path: p.path, Line: n.Line, Col: n.Column}
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// fields walks a mapping, reporting unknown and repeated keys.
func (p *parser) fields(n *yaml.Node, what string, keys []string, f func(key string, k, v *yaml.Node)) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "", "config.expected-mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		switch {
		case seen[k.Value]:
			p.errorf(k, "", "config.duplicate-key", k.Value)
		case !slices.Contains(keys, k.Value):
			p.errorf(k, "可用字段："+strings.Join(keys, ", "), "config.unknown-key", k.Value)
		default:
			f(k.Value, k, v)
		}
		seen[k.Value] = true
	}
}

func (p *parser) str(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "", "config.expected-string")
		return ""
	}
	return n.Value
}

// strings reads a list of strings; a single string is a list of one.
func (p *parser) strings(n *yaml.Node, allowEmpty bool) []string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "例如 [a, b]", "config.expected-list")
		return nil
	}
	if len(n.Content) == 0 && !allowEmpty {
		p.errorf(n, "删除这一项即用默认值", "config.empty-list")
	}
	var out []string
	for _, item := range n.Content {
		if s := p.str(resolve(item)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// globs reads file patterns, checking each one's syntax.
func (p *parser) globs(n *yaml.Node) []string {
	list := p.strings(n, true)
	for i, g := range list {
		if !validGlob(g) {
			at := n
			if n.Kind == yaml.SequenceNode {
				at = n.Content[i]
			}
			p.errorf(at, "用 *、?、[abc] 和 **", "config.invalid-glob", g)
		}
	}
	return list
}

// validGlob says whether every part of the path pattern g is a valid pattern.
func validGlob(g string) bool {
	for _, seg := range strings.Split(filepath.ToSlash(g), "/") {
		if _, err := filepath.Match(seg, ""); err != nil {
			return false
		}
	}
	return true
}

func (p *parser) oneOf(n *yaml.Node, allowed []string) string {
	s := p.str(n)
	if s != "" && !slices.Contains(allowed, s) {
		p.errorf(n, "可用："+strings.Join(allowed, "、"), "config.unknown-value", s)
	}
	return s
}

func (p *parser) number(n *yaml.Node, lo, hi float64) float64 {
	v, err := strconv.ParseFloat(n.Value, 64)
	if n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(v) {
		p.errorf(n, "", "config.expected-number", n.Value)
		return 0
	}
	if v < lo || v > hi {
		p.errorf(n, "", "config.out-range", v, lo, hi)
	}
	return v
}

func (p *parser) roles(n *yaml.Node) map[string][]string {
	out := map[string][]string{}
	p.fields(n, "roles ", []string{"agent", "customer"}, func(key string, k, v *yaml.Node) {
		out[key] = p.strings(v, false)
	})
	return out
}

// columns reads `columns: {text: 内容, role: 说话人}`: the CSV header of each field.
func (p *parser) columns(n *yaml.Node) map[string]string {
	out := map[string]string{}
	p.fields(n, "columns ", ColumnFields, func(key string, k, v *yaml.Node) {
		out[key] = p.str(v)
	})
	return out
}

// speakers reads `speakers: {"0": agent, spk_1: customer}`: the role of each ASR channel
// or speaker id.
func (p *parser) speakers(n *yaml.Node) map[string]string {
	out := map[string]string{}
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, `例如 speakers: {"0": agent, "1": customer}`, "config.speakers-must-mapping")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		out[k.Value] = p.oneOf(v, []string{"agent", "customer"})
	}
	return out
}

func (p *parser) overrides(n *yaml.Node) []Override {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "例如 overrides: [{files: [\"新员工/**\"], disable: [filler-words]}]", "config.overrides-must-list")
		return nil
	}
	var out []Override
	for _, item := range n.Content {
		item = resolve(item)
		o := Override{From: p.source(item)}
		p.fields(item, "overrides 的每项", OverrideKeys, func(key string, k, v *yaml.Node) {
			switch key {
			case "files":
				o.Files = p.globs(v)
			case "disable":
				o.Disable = p.strings(v, false)
			}
		})
		if item.Kind == yaml.MappingNode && (len(o.Files) == 0 || len(o.Disable) == 0) {
			p.errorf(item, "每项须有 files（哪些文件）和 disable（停用哪些规则）", "config.each-override-needs-files-disable")
		}
		out = append(out, o)
	}
	return out
}
