package rule

import "sort"

// Forbidden fires once for every occurrence of any of its phrases in its scope.
type Forbidden struct {
	M       Meta
	Scope   Scope
	Phrases Phrases
}

func (r *Forbidden) Meta() *Meta { return &r.M }

func (r *Forbidden) Check(c *Call) []Finding {
	var out []Finding
	for _, i := range r.Scope.indexes(c) {
		var occ []occurrence
		for _, p := range r.Phrases {
			for _, sp := range p.FindAll(c.Texts[i]) {
				occ = append(occ, occurrence{i, sp})
			}
		}
		// Two phrases may cover the same words (我不懂，我不会 and 我不懂): count the
		// words once, keeping the match that starts first, the longer of two that start
		// together.
		sort.Slice(occ, func(a, b int) bool {
			if occ[a].span.Start != occ[b].span.Start {
				return occ[a].span.Start < occ[b].span.Start
			}
			return occ[a].span.End > occ[b].span.End
		})
		end := -1
		for _, o := range occ {
			if o.span.Start < end {
				continue
			}
			end = o.span.End
			out = append(out, c.finding(&r.M, o))
		}
	}
	return out
}
