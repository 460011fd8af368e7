package rule

// Forbidden fires once for every occurrence of any of its phrases in its scope.
type Forbidden struct {
	M       Meta
	Scope   Scope
	Phrases Phrases
}

func (r *Forbidden) Meta() *Meta { return &r.M }

func (r *Forbidden) Check(c *Call) []Finding {
	occ := r.Phrases.all(c, r.Scope.indexes(c))
	out := make([]Finding, len(occ))
	for i, o := range occ {
		out[i] = c.finding(&r.M, o)
	}
	return out
}
