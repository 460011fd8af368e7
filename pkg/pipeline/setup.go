package pipeline

import (
	"github.com/zhijian-qa/zhijian/pkg/baseline"
	"github.com/zhijian-qa/zhijian/pkg/config"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Config is what a run's Checker is built from, in one place for every command that
// checks calls (check, calibrate, explain's examples, rules test): the rulebooks, the
// project configuration (.zhijian.yaml) and the flags that change judgement. How the
// inputs are read (workers, limits, encoding, the context) are the Checker's own fields,
// set by the caller before a run.
type Config struct {
	// Rules are the rulebooks (files or shipped names); nil: the project's, else the
	// shipped default.
	Rules []string
	// Project is the configuration: speaker labels, CSV columns, ASR speakers, rules
	// switched off per path, the fail level. nil: none.
	Project *config.Config
	// Strict matches phrases only as written (rule.Strict).
	Strict bool
	// PassScore, when set, replaces the rulebook's pass mark (--fail-under).
	PassScore *float64
	// Baseline is a baseline file whose findings are set aside; "" for none.
	Baseline string
	// Seg is the segmenter to share; nil makes one.
	Seg *segment.Segmenter
}

// RulebookError is a rulebook that cannot be loaded: Details lists every problem with
// file, line and column.
type RulebookError struct{ Errs error }

func (e *RulebookError) Error() string  { return msg.Sprintf("pipeline.invalid-rulebook") }
func (e *RulebookError) Details() error { return e.Errs }
func (e *RulebookError) Unwrap() error  { return e.Errs }

// New loads cfg's rulebook and builds its Checker.
func New(cfg Config) (*Checker, error) {
	seg := cfg.Seg
	if seg == nil {
		seg = segment.New()
	}
	rb, err := LoadRulebook(cfg, seg)
	if err != nil {
		return nil, err
	}
	c := &Checker{Rulebook: rb}
	if p := cfg.Project; p != nil {
		c.configure(p)
	}
	if cfg.Baseline != "" {
		b, err := baseline.Load(cfg.Baseline)
		if err != nil {
			return nil, err
		}
		c.Baseline = b
	}
	return c, nil
}

// LoadRulebook loads cfg's rulebooks with the project's speaker labels, strict and with
// its pass mark when cfg says so.
func LoadRulebook(cfg Config, seg *segment.Segmenter) (*rulebook.Rulebook, error) {
	paths := cfg.Rules
	if paths == nil && cfg.Project != nil {
		paths = cfg.Project.RulePaths()
	}
	rb, err := rulebook.Load(paths, seg)
	if err != nil {
		return nil, &RulebookError{Errs: err}
	}
	AddRoles(rb, cfg.Project)
	if cfg.PassScore != nil {
		// Every rulebook a call may be routed to (the chat rulebook, applies:): a chat
		// call was judged by its own pass mark whatever --fail-under said.
		for _, b := range rb.Books() {
			b.PassScore = *cfg.PassScore
		}
	}
	if cfg.Strict {
		rule.Strict(rb.Rules)
	}
	return rb, nil
}

// AddRoles adds the project's speaker labels to a rulebook's; p may be nil.
func AddRoles(rb *rulebook.Rulebook, p *config.Config) {
	if p == nil {
		return
	}
	for _, role := range []transcript.Role{transcript.Agent, transcript.Customer} {
		if labels := p.Roles.V[string(role)]; len(labels) > 0 {
			rb.Roles = rb.Roles.With(role, labels...)
		}
	}
}

// ForRulebook is a Checker of a rulebook already loaded, with default settings: for
// checking examples and test cases in memory.
func ForRulebook(rb *rulebook.Rulebook) *Checker {
	return &Checker{Rulebook: rb}
}

// configure sets what the project configuration asks besides the rulebook.
func (c *Checker) configure(p *config.Config) {
	if len(p.Columns.V) > 0 {
		c.Columns = p.Columns.V
	}
	if len(p.Speakers.V) > 0 {
		c.Speakers = map[string]transcript.Role{}
		for id, role := range p.Speakers.V {
			c.Speakers[id] = transcript.Role(role)
		}
	}
	if len(p.Overrides) > 0 {
		c.Disabled = p.Disabled
	}
	if lvl := p.FailLevel.V; lvl != "" && lvl != "none" {
		c.FailLevel = rule.Severity(lvl)
	}
}
