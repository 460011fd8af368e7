package rule

// Sequence fires when a step is said before a step that should precede it. Steps never
// said are skipped (reporting them is a Required rule's job, so a missing step costs its
// points once); the steps that were said must appear in order. One finding per call, at
// the earliest out-of-order step. With Split, a step said across two utterances of one
// speaker counts too (robust.go).
type Sequence struct {
	M     Meta
	Scope Scope
	Steps []Phrases
	Split bool
}

func (r *Sequence) Meta() *Meta { return &r.M }

func (r *Sequence) Check(c *Call) []Finding {
	idx := r.Scope.indexes(c)
	var prev, worst occurrence
	havePrev, bad := false, false
	for _, step := range r.Steps {
		cur, ok := step.first(c, idx)
		if !ok && r.Split {
			cur, ok = step.firstSplit(c, idx)
		}
		if !ok {
			continue
		}
		if havePrev && !prev.before(cur) && (!bad || cur.before(worst)) {
			worst, bad = cur, true
		}
		// Later steps must follow the latest step said so far.
		if !havePrev || prev.before(cur) {
			prev, havePrev = cur, true
		}
	}
	if !bad {
		return nil
	}
	return []Finding{c.finding(&r.M, worst)}
}
