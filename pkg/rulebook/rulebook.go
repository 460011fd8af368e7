package rulebook

import (
	"errors"
	"io/fs"
	"sort"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/internal/smallfile"
	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/score"
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
	// KeepPII (mask_pii: false) leaves phone, ID-card and bank-card numbers whole in
	// the reports; by default they are masked (report.MaskPII).
	KeepPII bool
	// Card is the scorecard (sections and grades), nil for none.
	Card  *score.Card
	Roles transcript.RoleMap
	Rules []rule.Rule
	// Matcher holds every phrase of every rule, to prepare calls for matching in one
	// pass per utterance.
	Matcher *match.Set
	// routes hand some calls to other rulebooks (For); routeSpecs are the routes as
	// read, until Load loads their rulebooks.
	routes     []Route
	routeSpecs []routeSpec
	// patterns parsed this rulebook's phrases; LoadRoutes compiles the routed rulebooks
	// with it, as they mostly extend the same files, and then lets it go.
	patterns *match.Compiler
}

// Load reads and compiles rulebooks. With no paths it loads the embedded default; a path
// that is no file but a shipped rulebook's name (call-center) loads that one. Several
// rulebooks are merged in order: the first names the result and sets its pass score, the
// others add rules and role labels; the first's routes hand calls to other rulebooks. The segmenter learns every literal phrase as a word.
func Load(paths []string, seg *segment.Segmenter) (*Rulebook, error) {
	if len(paths) == 0 {
		rb, err := Shipped(rules.Default, seg)
		if err != nil {
			return nil, err
		}
		return rb, rb.LoadRoutes(seg)
	}
	var out *Rulebook
	var errs Errors
	ids := map[string]string{}
	set := match.NewSet(seg)
	patterns := &match.Compiler{}
	for _, p := range paths {
		data, err := readFile(p)
		if err != nil && !strings.ContainsAny(p, `/\.`) {
			// Not a file: a shipped rulebook's name (call-center, default).
			if sp, sd, serr := shippedFile(p); serr == nil {
				p, data, err = sp, sd, nil
			}
		}
		if err != nil {
			errs = append(errs, &Error{Path: p, Msg: msg.Sprintf("rulebook.cannot-read-rulebook", errMsg(err))})
			continue
		}
		rb, err := parse(p, data, set, patterns)
		var es Errors
		if errors.As(err, &es) {
			errs = append(errs, es...)
			continue
		}
		for _, r := range rb.Rules {
			id := r.Meta().ID
			if prev, dup := ids[id]; dup {
				errs = append(errs, &Error{Path: p, Msg: msg.Sprintf("rulebook.duplicate-rule-id-2", id, prev)})
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
	set.Build()
	return out, out.LoadRoutes(seg)
}

// Shipped loads a rulebook embedded in the binary by name ("default").
func Shipped(name string, seg *segment.Segmenter) (*Rulebook, error) {
	path, data, err := shippedFile(name)
	if err != nil {
		return nil, Errors{{Path: name, Msg: err.Error()}}
	}
	return Parse(path, data, seg)
}

// Names lists the shipped rulebooks.
func Names() []string {
	entries, _ := fs.Glob(rules.FS, "*.yaml")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e[:len(e)-len(".yaml")])
	}
	return names
}

func shippedFile(name string) (string, []byte, error) {
	file := name + ".yaml"
	data, err := fs.ReadFile(rules.FS, file)
	if err != nil {
		return "", nil, msg.Errorf("rulebook.no-shipped-rulebook", name, Names())
	}
	return "rules/" + file, data, nil
}

func errMsg(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse compiles one rulebook file, with everything it extends. path is used in error
// messages and to find relative extends.
func Parse(path string, data []byte, seg *segment.Segmenter) (*Rulebook, error) {
	return parseWith(path, data, seg, &match.Compiler{})
}

// parseWith is Parse with the phrases parsed by patterns.
func parseWith(path string, data []byte, seg *segment.Segmenter, patterns *match.Compiler) (*Rulebook, error) {
	set := match.NewSet(seg)
	rb, err := parse(path, data, set, patterns)
	if err != nil {
		return nil, err
	}
	set.Build()
	return rb, nil
}

// parse compiles one file's rules into set, which the caller builds.
func parse(path string, data []byte, set *match.Set, patterns *match.Compiler) (*Rulebook, error) {
	l := &loader{path: path, set: set, used: map[string]bool{}, patterns: patterns}
	book := l.gather(path, data, nil)
	var rb *Rulebook
	if book != nil {
		rb = l.compile(book)
		rb.Matcher = set
		rb.patterns = patterns
	}
	if len(l.errs) > 0 {
		// Report in file order, as an editor lists problems.
		sort.SliceStable(l.errs, func(i, j int) bool {
			a, b := l.errs[i], l.errs[j]
			if a.Path != b.Path {
				return a.Path == path // the file asked for first, then what it extends
			}
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return nil, l.errs
	}
	return rb, nil
}

// readFile reads a rulebook, refusing what is not a regular file of sensible size (a
// device, a huge export given by mistake).
func readFile(path string) ([]byte, error) { return smallfile.Read(path, smallfile.Small) }
