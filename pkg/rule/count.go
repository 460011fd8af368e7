package rule

import "unicode"

// Count bounds how often its phrases occur in its scope: at least Min, at most Max, and
// at most MaxRate per 100 characters of the scope's speech (fillers, 你 for 您, the
// caller's title used too often). Zero means no bound. One finding per call.
type Count struct {
	M        Meta
	Scope    Scope
	Phrases  Phrases
	Min, Max int
	MaxRate  float64
}

func (r *Count) Meta() *Meta { return &r.M }

func (r *Count) Check(c *Call) []Finding {
	if !r.Scope.applies(c) {
		return nil
	}
	idx := r.Scope.indexes(c)
	occ := r.Phrases.all(c, idx)
	chars := 0
	if r.MaxRate > 0 && len(occ) > 0 { // a rate needs the length of what was said
		for _, i := range idx {
			chars += countChars(c.Texts[i].Norm)
		}
	}
	switch {
	case r.Max > 0 && len(occ) > r.Max:
		return []Finding{c.finding(&r.M, occ[r.Max])}
	case chars > 0 && float64(len(occ))*100/float64(chars) > r.MaxRate:
		// Point at the occurrence that took the rate over the limit.
		k := int(r.MaxRate * float64(chars) / 100)
		return []Finding{c.finding(&r.M, occ[min(k, len(occ)-1)])}
	case r.Min > 0 && len(occ) < r.Min:
		f := Finding{Rule: &r.M}
		if len(idx) > 0 {
			f.Utterance = &c.Utterances[idx[0]]
		}
		return []Finding{f}
	}
	return nil
}

// countChars counts the letters and digits of normalised text: what was said, not
// punctuation or bytes.
func countChars(norm string) int {
	n := 0
	for _, r := range norm {
		// The CJK Unified Ideographs, most of what is said, without a table search.
		if r >= 0x4E00 && r <= 0x9FFF || unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
