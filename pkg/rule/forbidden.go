package rule

// Forbidden fires once for every occurrence of any of its phrases in its scope. With
// Split, a phrase said across two utterances of one speaker counts too (robust.go); with
// Guard, an occurrence that is negated or quoted (我们绝不会说“我也没办法”) does not count
// (guard.go) and becomes a note. With PerUtterance, an utterance counts once however many
// of the phrases it holds: a rude sentence said in several of the listed ways (没戏，你再打
// 几次也办不成) is one 禁语, as an inspector marks it.
type Forbidden struct {
	M            Meta
	Scope        Scope
	Phrases      Phrases
	Split        bool
	Guard        bool
	PerUtterance bool
}

func (r *Forbidden) Meta() *Meta { return &r.M }

func (r *Forbidden) Check(c *Call) []Finding {
	idx := r.Scope.indexes(c)
	occ := r.Phrases.all(c, idx)
	if r.Split {
		occ = append(occ, r.Phrases.allSplit(c, idx)...)
		sortOccurrences(occ)
	}
	out := make([]Finding, 0, len(occ))
	last := -1 // PerUtterance: the utterance of the last finding
	for _, o := range occ {
		t := o.text
		if t == nil {
			t = c.Texts[o.index]
		}
		if r.Guard && guarded(t, o.span) {
			n := c.finding(&r.M, o)
			n.Fuzzy = Negated
			c.Notes = append(c.Notes, n)
			continue
		}
		if r.PerUtterance && o.index == last {
			continue
		}
		last = o.index
		out = append(out, c.finding(&r.M, o))
	}
	return out
}
