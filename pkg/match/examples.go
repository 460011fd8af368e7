package match

import "strings"

// Examples returns up to n normalised texts the pattern is written to match: its
// literal alternatives in turn, each gap at its narrowest and each name or number slot
// (X, ××) filled with fill repeated to the slot's least width. Rulebook tools use them
// to say what a phrase means (zhijian explain) and to find phrases that cannot match or
// that overlap another rule's (zhijian rules lint).
func (p *Pattern) Examples(n int, fill string) []string {
	if n <= 0 || p.regex != nil || p.meaning != nil {
		return nil // an expression's texts are not listed; lint reads its syntax instead
	}
	out := []string{""}
	for _, pt := range p.parts {
		if pt.isGap() {
			w := strings.Repeat(fill, pt.min)
			for i := range out {
				out[i] += w
			}
			continue
		}
		next := make([]string, 0, min(n, len(out)*len(pt.alts)))
		// Take the alternatives round-robin so a few examples show each part's choices.
		for j := 0; len(next) < n && j < len(out)*len(pt.alts); j++ {
			prefix, alt := out[j%len(out)], pt.alts[(j/len(out)+j%len(out))%len(pt.alts)]
			next = append(next, prefix+alt)
		}
		out = dedupe(next)
	}
	return out
}

// Gaps reports whether the pattern has gaps or slots: its examples then stand for many
// texts.
func (p *Pattern) Gaps() bool {
	for _, pt := range p.parts {
		if pt.isGap() {
			return true
		}
	}
	return false
}
