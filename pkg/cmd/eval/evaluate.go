package eval

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/internal/smallfile"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// The evaluation set (testdata/eval, format in its README.md): labelled items, each one
// utterance or a few turns, with the rules whose phrases it truly contains. Every item is
// checked against every rule named in any label, once with the rulebook as written
// (robust matching) and once switched to strict matching (rule.Strict); precision and
// recall are counted per rule kind over (item, rule) pairs.

// Item is one labelled case.
type Item struct {
	ID string `yaml:"id" json:"id"`
	// Text is one utterance said by Role (agent unless given); Turns are several, each
	// "坐席：…" or "客户：…".
	Text  string   `yaml:"text,omitempty" json:"text,omitempty"`
	Role  string   `yaml:"role,omitempty" json:"role,omitempty"`
	Turns []string `yaml:"turns,omitempty" json:"turns,omitempty"`
	// Contains lists the rules whose phrases the item truly contains (said by the rule's
	// role): for a forbidden rule, a 禁语 that counts; for a required one, the phrase said.
	Contains []string `yaml:"contains,flow" json:"contains"`
	// Variant names the kind of case: clean, homophone, fillers, punctuation, spaces,
	// traditional, split, asr (several noises), negation, quotation, lookalike, customer.
	Variant string `yaml:"variant" json:"variant"`
	// From is the clean item a generated one was made from.
	From string `yaml:"from,omitempty" json:"from,omitempty"`
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Transcript returns the item as a plain-text transcript.
func (it Item) Transcript() string {
	if len(it.Turns) > 0 {
		return strings.Join(it.Turns, "\n")
	}
	label := "坐席"
	if it.Role == "customer" {
		label = "客户"
	}
	return label + "：" + it.Text
}

// Utterances counts the item's utterances.
func (it Item) Utterances() int {
	if len(it.Turns) > 0 {
		return len(it.Turns)
	}
	return 1
}

type itemFile struct {
	Items []yaml.Node `yaml:"items"`
}

// Limits on one item, as check has them (pipeline.DefaultMaxUtteranceLength,
// DefaultMaxTurns): an item of a utterance of five million characters was matched for
// minutes.
const (
	maxUtterance = pipeline.DefaultMaxUtteranceLength
	maxTurns     = pipeline.DefaultMaxTurns
)

// LoadItems reads every *.yaml file of dir, in name order.
func LoadItems(dir string) ([]Item, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, msg.Errorf("eval.no-evaluation-set-yaml", dir)
	}
	sort.Strings(paths)
	var items []Item
	ids := map[string]string{}
	for _, p := range paths {
		// A named pipe or /dev/zero behind a *.yaml name was read for ever.
		data, err := smallfile.Read(p, smallfile.Small)
		if err != nil {
			return nil, err
		}
		var f itemFile
		if err := yaml.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("%s: %v", p, err)
		}
		for i, n := range f.Items {
			var it Item
			if err := n.Decode(&it); err != nil {
				return nil, fmt.Errorf("%s: %v", p, err)
			}
			if it.ID == "" {
				it.ID = fmt.Sprintf("%s#%d", filepath.Base(p), i+1)
			}
			if prev, dup := ids[it.ID]; dup {
				return nil, msg.Errorf("eval.duplicate-id", p, it.ID, prev)
			}
			ids[it.ID] = p
			if it.Text == "" && len(it.Turns) == 0 {
				return nil, msg.Errorf("eval.item-has-no-text-turns", p, it.ID)
			}
			if len(it.Turns) > maxTurns {
				return nil, msg.Errorf("eval.item-too-many-turns", p, n.Line, it.ID, maxTurns)
			}
			for _, u := range append([]string{it.Text}, it.Turns...) {
				if utf8.RuneCountInString(u) > maxUtterance {
					return nil, msg.Errorf("eval.item-too-long", p, n.Line, it.ID, maxUtterance)
				}
			}
			items = append(items, it)
		}
	}
	return items, nil
}

// Modes are the two ways of matching compared.
var Modes = []string{"strict", "robust"}

// Kinds are the rule kinds evaluated.
var Kinds = []string{"forbidden", "required"}

// Figures are one kind's counts and scores in one mode.
type Figures struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
}

func (f *Figures) score() {
	f.Precision, f.Recall = ratio(f.TP, f.TP+f.FP), ratio(f.TP, f.TP+f.FN)
	if f.Precision+f.Recall > 0 {
		f.F1 = round(2 * f.Precision * f.Recall / (f.Precision + f.Recall))
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return round(float64(a) / float64(b))
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }

// Error is an (item, rule) pair one mode got wrong.
type Error struct {
	Mode, Kind, Rule string
	Item             Item
	// Missed: the item contains the phrase and the mode did not find it; else it found
	// one the item does not contain. Found says what was matched (robust findings or the
	// required phrase's note), when there is something.
	Missed bool
	Found  string
	// Near is the closest a missed required phrase came (near misses).
	Near *rule.NearMiss
}

// Result is an evaluation.
type Result struct {
	Rulebook   string                         `json:"rulebook"`
	Items      int                            `json:"items"`
	Utterances int                            `json:"utterances"`
	Variants   map[string]int                 `json:"variants"`
	Rules      map[string][]string            `json:"rules"` // by kind
	Kinds      map[string]map[string]*Figures `json:"kinds"` // kind → mode → figures
	// Recall per variant, robust matching, over the positive pairs.
	VariantRecall map[string]float64 `json:"variant_recall"`
	Errors        []Error            `json:"-"`
}

// Evaluate checks items against rulebook files (nil: the shipped default), strict and
// robust.
func Evaluate(items []Item, rulebooks []string, seg *segment.Segmenter) (*Result, error) {
	robust, err := rulebook.Load(rulebooks, seg)
	if err != nil {
		return nil, err
	}
	strict, err := rulebook.Load(rulebooks, seg)
	if err != nil {
		return nil, err
	}
	rule.Strict(strict.Rules)
	books := map[string]*rulebook.Rulebook{"strict": strict, "robust": robust}

	res := &Result{Rulebook: robust.Name + " " + robust.Version, Items: len(items),
		Variants: map[string]int{}, Rules: map[string][]string{},
		Kinds: map[string]map[string]*Figures{}, VariantRecall: map[string]float64{}}
	// The rules evaluated: every rule named in a label.
	named := map[string]bool{}
	for _, it := range items {
		res.Utterances += it.Utterances()
		res.Variants[it.Variant]++
		for _, id := range it.Contains {
			named[id] = true
		}
	}
	index := map[string]map[string]rule.Rule{}
	for mode, rb := range books {
		index[mode] = byID(rb.Rules)
		// A response is measured by its answer (a request to hold: 麻烦您稍等片刻，好吗？).
		for id, r := range index[mode] {
			if rs, ok := r.(*rule.Response); ok {
				req := rs.Replies()
				if mode == "strict" {
					req.Strict()
				}
				index[mode][id] = req
			}
		}
	}
	var ids []string
	for id := range named {
		r, ok := index["robust"][id]
		if !ok {
			return nil, msg.Errorf("eval.labelled-rule-not-rulebook", id)
		}
		kind := evalKind(r)
		if kind != "forbidden" && kind != "required" {
			return nil, msg.Errorf("eval.rule-kind", id, kind)
		}
		ids = append(ids, id)
		res.Rules[kind] = append(res.Rules[kind], id)
	}
	sort.Strings(ids)
	for _, k := range Kinds {
		sort.Strings(res.Rules[k])
		res.Kinds[k] = map[string]*Figures{}
		for _, m := range Modes {
			res.Kinds[k][m] = &Figures{}
		}
	}
	variantPos, variantHit := map[string]int{}, map[string]int{}
	for _, it := range items {
		truth := map[string]bool{}
		for _, id := range it.Contains {
			truth[id] = true
		}
		for _, mode := range Modes {
			rb := books[mode]
			call, err := transcript.ParsePlain(it.ID, it.Transcript(), rb.Roles)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", it.ID, err)
			}
			for _, id := range ids {
				r := index[mode][id]
				pc := rule.PrepareFor(call, rb.Matcher)
				found, what := detect(r, pc)
				kind := evalKind(r)
				f := res.Kinds[kind][mode]
				switch {
				case found && truth[id]:
					f.TP++
				case found:
					f.FP++
					res.Errors = append(res.Errors, Error{Mode: mode, Kind: kind, Rule: id, Item: it, Found: what})
				case truth[id]:
					f.FN++
					e := Error{Mode: mode, Kind: kind, Rule: id, Item: it, Missed: true}
					if kind == "required" {
						if nm := rule.NearMisses([]rule.Rule{r}, pc, rule.DefaultNearMiss); len(nm) > 0 {
							e.Near = &nm[0]
						}
					}
					res.Errors = append(res.Errors, e)
				}
				if mode == "robust" && truth[id] {
					variantPos[it.Variant]++
					if found {
						variantHit[it.Variant]++
					}
				}
			}
		}
	}
	for _, k := range Kinds {
		for _, m := range Modes {
			res.Kinds[k][m].score()
		}
	}
	for v, n := range variantPos {
		res.VariantRecall[v] = ratio(variantHit[v], n)
	}
	return res, nil
}

// detect runs one rule over a call: whether it found its phrase (a forbidden rule fired;
// a required rule did not; a logic rule's negated condition was said), and what it
// matched.
func detect(r rule.Rule, c *rule.Call) (bool, string) {
	if l, ok := r.(*rule.Logic); ok {
		f, ok := l.Answer(c)
		if !ok {
			return false, ""
		}
		return true, describe(f)
	}
	fs := r.Check(c)
	switch r.Meta().Kind {
	case "forbidden":
		var what []string
		for _, f := range fs {
			what = append(what, describe(f))
		}
		return len(fs) > 0, strings.Join(what, "; ")
	default:
		what := ""
		if len(c.Notes) > 0 {
			what = describe(c.Notes[len(c.Notes)-1])
		}
		return len(fs) == 0, what
	}
}

// evalKind is the kind a rule is measured as: a logic rule by what it requires said.
func evalKind(r rule.Rule) string {
	if k := r.Meta().Kind; k != "logic" {
		return k
	}
	return "required"
}

func describe(f rule.Finding) string {
	s := "【" + f.Match + "】"
	if f.Fuzzy != "" {
		s += " ~" + f.Fuzzy + " " + f.Phrase
	}
	return s
}

// byID indexes rules by id, those inside conditions included: a nested rule is evaluated
// on its own, its condition aside.
func byID(rules []rule.Rule) map[string]rule.Rule {
	out := map[string]rule.Rule{}
	var walk func([]rule.Rule)
	walk = func(rs []rule.Rule) {
		for _, r := range rs {
			if c, ok := r.(*rule.Condition); ok {
				if len(c.Rules) == 1 && c.Rules[0].Meta().ID == c.M.ID {
					out[c.M.ID] = c.Rules[0] // a rule with when: is a condition of one
					continue
				}
				walk(c.Rules)
				continue
			}
			out[r.Meta().ID] = r
		}
	}
	walk(rules)
	return out
}
