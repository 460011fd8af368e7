package rulebook

import (
	"errors"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// A Route hands the calls it admits (by metadata and date, like a rule's applies:) to
// another rulebook: an online chat to the chat rulebook, a skill group to its own, the
// calls before a rule change to last year's version.
type Route struct {
	Applies rule.Applies
	Book    *Rulebook
}

// routeSpec is a route as read, before its rulebook is loaded.
type routeSpec struct {
	applies rule.Applies
	target  string     // the rulebook: a shipped name or a path relative to file
	at      *yaml.Node // where target was written
	file    string
}

// routes reads routes: [{metadata, from, until, rulebook}, ...].
func (l *loader) routes(v *yaml.Node) []routeSpec {
	if v.Kind != yaml.SequenceNode {
		l.errorf(v, "例如 routes: [{metadata: {channel: chat}, rulebook: chat}]", "rulebook.routes-must-list")
		return nil
	}
	var out []routeSpec
	for _, item := range v.Content {
		item = resolve(item)
		spec, before := routeSpec{file: l.path}, len(l.errs)
		var gate []*yaml.Node // the applies: keys, read as one mapping
		l.fields(item, "routes ", func(key string, k, v *yaml.Node) {
			switch key {
			case "rulebook":
				spec.target, spec.at = l.str(v), v
			case "metadata", "from", "until":
				gate = append(gate, k, v)
			default:
				l.unknown(k, keyList("route"))
			}
		})
		switch {
		case spec.at == nil:
			l.errorf(item, "例如 rulebook: chat 或 rulebook: vip.yaml", "rulebook.route-without-rulebook")
			continue
		case len(gate) == 0 && len(l.errs) == before:
			// A route for every call would make the rest of the rulebook dead.
			l.errorf(item, "写 metadata、from 或 until", "rulebook.route-admits-every-call")
			continue
		case len(gate) == 0:
			continue
		}
		spec.applies = l.applies(&yaml.Node{Kind: yaml.MappingNode, Content: gate, Line: item.Line, Column: item.Column})
		out = append(out, spec)
	}
	return out
}

// LoadRoutes loads the rulebooks rb routes calls to, each file once (Load does; Parse
// and Shipped leave a rulebook's routes unloaded, as a routed rulebook's are). They are compiled
// now, not on the first such call: compiling teaches the segmenter words, and the
// segmenter is shared by the workers of a batch. A routed rulebook judges its calls
// itself; its own routes are not followed.
func (rb *Rulebook) LoadRoutes(seg *segment.Segmenter) error {
	var errs Errors
	loaded := map[string]*Rulebook{}
	for _, spec := range rb.routeSpecs {
		path, data, err := locate(spec.target, spec.file)
		if err == nil && loaded[path] == nil {
			loaded[path], err = parseWith(path, data, seg, rb.patterns)
		}
		if err != nil {
			var es Errors
			if errors.As(err, &es) {
				errs = append(errs, es...)
			} else {
				errs = append(errs, &Error{Path: spec.file, Line: spec.at.Line, Col: spec.at.Column,
					Msg: msg.Sprintf("rulebook.route-cannot-load", spec.target, errMsg(err))})
			}
			continue
		}
		rb.routes = append(rb.routes, Route{Applies: spec.applies, Book: loaded[path]})
	}
	rb.routeSpecs, rb.patterns = nil, nil
	for _, b := range loaded {
		b.patterns = nil
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// For returns the rulebook that judges a call with the given metadata: the first route
// that admits it, else rb itself.
func (rb *Rulebook) For(metadata map[string]string) *Rulebook {
	if len(rb.routes) == 0 {
		return rb
	}
	call := &transcript.Call{Metadata: metadata}
	for i := range rb.routes {
		if rb.routes[i].Applies.Admits(call) {
			return rb.routes[i].Book
		}
	}
	return rb
}

// Books returns rb and the rulebooks it routes calls to, rb first, each once: what a
// caller must know to name every rule a batch may report (calibrate's concepts).
func (rb *Rulebook) Books() []*Rulebook {
	out := []*Rulebook{rb}
	for _, r := range rb.routes {
		if !slices.Contains(out, r.Book) {
			out = append(out, r.Book)
		}
	}
	return out
}

// Routes are rb's routes, in the order they are tried.
func (rb *Rulebook) Routes() []Route { return rb.routes }
