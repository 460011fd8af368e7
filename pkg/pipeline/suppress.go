package pipeline

import (
	"sort"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// The adoption hooks of CheckCall (.zhijian.yaml per-path overrides, zhijian-disable
// comments, a baseline, --fail-level), kept apart from the batch driver. All are off on
// a zero Checker.

// disabled returns the rules switched off for the call's file, or nil.
func (c *Checker) disabled(call *transcript.Call) map[string]bool {
	if c.Disabled == nil {
		return nil
	}
	return c.Disabled(call.Path)
}

// setAside takes out of findings, before scoring, those a zhijian-disable comment in the
// call covers and those the baseline knows; they come back as report findings with
// SuppressedBy set, to be listed rather than silently dropped. Findings of rules switched
// off for the file are dropped: the configuration says so, and `zhijian config` shows it.
func (c *Checker) setAside(call *transcript.Call, findings []rule.Finding, off map[string]bool) ([]rule.Finding, []report.Finding) {
	if len(call.Suppressions) == 0 && c.Baseline == nil && off == nil {
		return findings, nil
	}
	var rest []rule.Finding
	var aside []report.Finding
	for _, fd := range findings {
		if off[fd.Rule.ID] {
			continue
		}
		line := 0
		if fd.Utterance != nil {
			line = fd.Utterance.Line
		}
		if _, ok := call.Suppressed(fd.Rule.ID, line); ok {
			rf := toReport(fd, 0)
			rf.SuppressedBy = report.SuppressedInline
			aside = append(aside, rf)
			continue
		}
		rest = append(rest, fd)
	}
	if c.Baseline == nil || len(rest) == 0 {
		return rest, aside
	}
	reps := make([]report.Finding, len(rest))
	for i, fd := range rest {
		reps[i] = toReport(fd, 0)
	}
	known := c.Baseline.Known(call.Path, call.Metadata["call_id"], reps)
	var kept []rule.Finding
	for i, fd := range rest {
		if known[i] {
			reps[i].SuppressedBy = report.SuppressedBaseline
			aside = append(aside, reps[i])
			continue
		}
		kept = append(kept, fd)
	}
	return kept, aside
}

// severityRank orders severities for --fail-level.
var severityRank = map[rule.Severity]int{rule.Info: 1, rule.Warning: 2, rule.Error: 3}

// failsLevel reports whether a finding is at least as severe as FailLevel.
func (c *Checker) failsLevel(findings []rule.Finding) bool {
	level := severityRank[c.FailLevel]
	if level == 0 {
		return false
	}
	for _, fd := range findings {
		if fd.Rule.Bonus == 0 && severityRank[fd.Rule.Severity] >= level {
			return true
		}
	}
	return false
}

// unknownSuppressions warns about zhijian-disable comments naming no rule of the
// rulebook: a typo there would suppress nothing, silently.
func (c *Checker) unknownSuppressions(call *transcript.Call) []string {
	if len(call.Suppressions) == 0 {
		return nil
	}
	c.idsOnce.Do(func() {
		c.ids = map[string]bool{}
		var walk func([]rule.Rule)
		walk = func(rs []rule.Rule) {
			for _, r := range rs {
				c.ids[r.Meta().ID] = true
				if g, ok := r.(*rule.Condition); ok {
					walk(g.Rules)
				}
			}
		}
		walk(c.Rulebook.Rules)
	})
	unknown := map[string]int{}
	for _, s := range call.Suppressions {
		for _, id := range s.Rules {
			if !c.ids[id] {
				if _, seen := unknown[id]; !seen {
					unknown[id] = s.Line
				}
			}
		}
	}
	// In line order (sorted as text, line 100000 came before line 10000), and a few: a
	// transcript naming a hundred thousand unknown rules made a report of 65 MB.
	ids := make([]string, 0, len(unknown))
	for id := range unknown {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool {
		if la, lb := unknown[ids[a]], unknown[ids[b]]; la != lb {
			return la < lb
		}
		return ids[a] < ids[b]
	})
	var out []string
	for i, id := range ids {
		if i == maxUnknownListed {
			out = append(out, msg.Sprintf("pipeline.more-unknown-suppressions", len(ids)-i))
			break
		}
		out = append(out, msg.Sprintf("pipeline.line-zhijian-disable-names-no", unknown[id], id))
	}
	return out
}

// maxUnknownListed is the most unknown rule ids of zhijian-disable comments a call's
// warnings list one by one.
const maxUnknownListed = 20
