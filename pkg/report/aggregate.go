package report

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// This file is the one place batches are grouped and counted (per rule, per agent, the
// score histogram), for every writer that shows more than the calls one by one. Like
// Tally it is fed one file at a time, so it also serves streamed batches.

// AgentFunc names the agent (坐席) who handled a call; "" when it is not known.
type AgentFunc func(Call) string

// MetadataAgent reads the agent from a metadata key: agent_id by default, or any column
// of a CSV transcript (its header lower-cased).
func MetadataAgent(key string) AgentFunc {
	if key == "" {
		key = "agent_id"
	}
	key = strings.ToLower(key)
	named := key == "agent_id"
	return func(f Call) string {
		id := strings.TrimSpace(f.Metadata[key])
		// A supervisor reads names, not numbers: with agent_name in the metadata the
		// agent is "1024 张敏", still one key per agent.
		if name := strings.TrimSpace(f.Metadata["agent_name"]); named && id != "" && name != "" && name != id {
			return id + " " + name
		}
		return id
	}
}

// PathAgent takes the agent from the file path: the group named "agent" if the pattern
// has one, else its first group, else the whole match. Calls whose path does not match
// fall back to fallback (which may be nil).
func PathAgent(re *regexp.Regexp, fallback AgentFunc) AgentFunc {
	group := 0
	if i := re.SubexpIndex("agent"); i > 0 {
		group = i
	} else if re.NumSubexp() > 0 {
		group = 1
	}
	return func(f Call) string {
		if m := re.FindStringSubmatch(f.Path); m != nil && m[group] != "" {
			return m[group]
		}
		if fallback != nil {
			return fallback(f)
		}
		return ""
	}
}

func agentOf(fn AgentFunc, f Call) string {
	if fn == nil {
		fn = MetadataAgent("")
	}
	return fn(f)
}

// RuleRow is one rule's line in a per-rule table.
type RuleRow struct {
	Rule     string
	Kind     string
	Severity string
	Message  string
	Fatal    bool
	// Findings in all, in Calls distinct calls, costing Deducted points together.
	Findings int
	Calls    int
	Deducted float64
}

// AgentRow is one agent's line in a per-agent table. Agent is "" for calls whose agent
// is not known; that row sorts last.
type AgentRow struct {
	Agent                                 string
	Calls, Scored, Passed, Failed, Errors int
	MeanScore                             float64
	FailRate                              float64 // failed / scored, 0–1
	// TopRules are the agent's three most frequent rules.
	TopRules []RuleCount
}

type agentAcc struct {
	row   AgentRow
	rules ruleCounter
	total float64
	first int // input order of the agent's first call, for ties
}

// Bins is the number of score histogram bins: 0–9, 10–19, …, 90–100.
const Bins = 10

// Aggregate is a batch grouped for tables and charts.
type Aggregate struct {
	// Rules with findings, most findings first.
	Rules []RuleRow
	// Agents, the weakest first: highest fail rate, then lowest mean score.
	Agents []AgentRow
	// Histogram counts scored calls per bin of 10 points; 100 goes in the last bin.
	Histogram [Bins]int
}

// Aggregator builds an Aggregate one file at a time.
type Aggregator struct {
	agentOf AgentFunc
	rules   ruleCounter
	agents  map[string]*agentAcc
	hist    [Bins]int
	n       int
}

// NewAggregator groups calls by the agent agentOf names (nil: the agent_id metadata).
func NewAggregator(agentOf AgentFunc) *Aggregator {
	return &Aggregator{agentOf: agentOf, agents: map[string]*agentAcc{}}
}

// Aggregated groups a whole batch.
func Aggregated(files []Call, agentOf AgentFunc) Aggregate {
	a := NewAggregator(agentOf)
	for _, f := range files {
		a.Add(f)
	}
	return a.Result()
}

// Add counts one file.
func (a *Aggregator) Add(f Call) {
	a.n++
	a.rules.add(f)
	name := agentOf(a.agentOf, f)
	ag := a.agents[name]
	if ag == nil {
		ag = &agentAcc{row: AgentRow{Agent: name}, first: a.n}
		a.agents[name] = ag
	}
	ag.row.Calls++
	ag.rules.add(f)
	switch {
	case f.Error != "":
		ag.row.Errors++
	case f.Passed:
		ag.row.Passed++
	default:
		ag.row.Failed++
	}
	if f.Score != nil {
		ag.row.Scored++
		ag.total += *f.Score
		a.hist[Bin(*f.Score)]++
	}
}

// Bin is the histogram bin of a score.
func Bin(score float64) int {
	b := int(score / (100 / Bins))
	return max(0, min(b, Bins-1))
}

// Result returns the aggregate of the files added so far.
func (a *Aggregator) Result() Aggregate {
	out := Aggregate{Rules: a.rules.sorted(), Histogram: a.hist}
	accs := make([]*agentAcc, 0, len(a.agents))
	for _, ag := range a.agents {
		accs = append(accs, ag)
	}
	sort.Slice(accs, func(i, j int) bool { return accs[i].first < accs[j].first })
	for _, ag := range accs {
		row := ag.row
		if row.Scored > 0 {
			row.MeanScore = round2(ag.total / float64(row.Scored))
			row.FailRate = float64(row.Failed) / float64(row.Scored)
		}
		for i, r := range ag.rules.sorted() {
			if i == 3 {
				break
			}
			row.TopRules = append(row.TopRules, RuleCount{Rule: r.Rule, Message: r.Message, Findings: r.Findings, Calls: r.Calls})
		}
		out.Agents = append(out.Agents, row)
	}
	sort.SliceStable(out.Agents, func(i, j int) bool {
		x, y := out.Agents[i], out.Agents[j]
		if (x.Agent == "") != (y.Agent == "") {
			return y.Agent == ""
		}
		if x.FailRate != y.FailRate {
			return x.FailRate > y.FailRate
		}
		return x.MeanScore < y.MeanScore
	})
	return out
}

// ruleCounter counts findings per rule, remembering the order rules were first seen so
// ties sort the same way every run.
type ruleCounter struct {
	rows  map[string]*RuleRow
	order []string
}

func (c *ruleCounter) add(f Call) {
	var seen map[string]bool
	for _, fd := range f.Findings {
		if c.rows == nil {
			c.rows = map[string]*RuleRow{}
		}
		r := c.rows[fd.Rule]
		if r == nil {
			r = &RuleRow{Rule: fd.Rule, Kind: fd.Kind, Severity: fd.Severity, Message: fd.Message, Fatal: fd.Fatal}
			c.rows[fd.Rule] = r
			c.order = append(c.order, fd.Rule)
		}
		r.Findings++
		r.Deducted += fd.Deduct
		if seen == nil {
			seen = map[string]bool{}
		}
		if !seen[fd.Rule] {
			seen[fd.Rule] = true
			r.Calls++
		}
	}
}

// sorted returns the rules, most findings first, then most calls, then first seen.
func (c *ruleCounter) sorted() []RuleRow {
	out := make([]RuleRow, 0, len(c.order))
	for _, id := range c.order {
		r := *c.rows[id]
		r.Deducted = round2(r.Deducted)
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Findings != out[j].Findings {
			return out[i].Findings > out[j].Findings
		}
		return out[i].Calls > out[j].Calls
	})
	return out
}

// callTotals is what a call's row shows of its findings: the points deducted, and its
// rules, most findings first, as "rule×n" separated by spaces.
func callTotals(f Call) (deducted float64, rules string) {
	for _, fd := range f.Findings {
		deducted += fd.Deduct
	}
	var rc ruleCounter
	rc.add(f)
	var names []string
	for _, r := range rc.sorted() {
		names = append(names, r.Rule+"×"+strconv.Itoa(r.Findings))
	}
	return deducted, strings.Join(names, " ")
}
