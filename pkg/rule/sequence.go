package rule

// Sequence fires when a step is said before the step that should precede it: for each
// step after the first, if the previous step occurs in the call but not before the
// step's first occurrence. A step never said at all is for a Required rule to report.
type Sequence struct {
	M     Meta
	Scope Scope
	Steps []Phrases
}

func (r *Sequence) Meta() *Meta { return &r.M }

func (r *Sequence) Check(c *Call) []Finding {
	idx := r.Scope.indexes(c)
	for k := 1; k < len(r.Steps); k++ {
		cur, ok := r.Steps[k].first(c, idx)
		if !ok {
			continue
		}
		prev, ok := r.Steps[k-1].first(c, idx)
		if ok && !prev.before(cur) {
			return []Finding{c.finding(&r.M, cur)}
		}
	}
	return nil
}
