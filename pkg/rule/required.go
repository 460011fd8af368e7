package rule

// Required fires once when none of its phrases occurs in its scope.
type Required struct {
	M       Meta
	Scope   Scope
	Phrases Phrases
}

func (r *Required) Meta() *Meta { return &r.M }

func (r *Required) Check(c *Call) []Finding {
	if !r.Scope.applies(c) {
		return nil
	}
	idx := r.Scope.indexes(c)
	if _, ok := r.Phrases.first(c, idx); ok {
		return nil
	}
	f := Finding{Rule: &r.M}
	if len(idx) > 0 {
		// Point at the window where the phrase was expected: its first utterance for a
		// "first N" window, its last for a "last N" one.
		at := idx[0]
		if r.Scope.Window.Last > 0 {
			at = idx[len(idx)-1]
		}
		f.Utterance = &c.Utterances[at]
	}
	return []Finding{f}
}
