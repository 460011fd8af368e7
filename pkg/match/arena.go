package match

// textArena hands out the small slices that the texts of one call keep — the bits and
// candidates of their scans, the bits of the lists they concern — from a few shared
// blocks instead of an allocation each: they are made together and dropped together,
// and these were a fifth of the allocations of a check.
type textArena struct {
	words []uint64
	cands []candidate
}

// arenaWords and arenaCands are how many elements a block holds (a call's texts use a
// few thousand words and a few hundred candidates); a request of more than a quarter of
// a block gets its own.
const (
	arenaWords = 1024
	arenaCands = 256
)

// uint64s returns n zero words.
func (a *textArena) uint64s(n int) []uint64 {
	if a == nil || n > arenaWords/4 {
		return make([]uint64, n)
	}
	if cap(a.words)-len(a.words) < n {
		a.words = make([]uint64, 0, arenaWords)
	}
	k := len(a.words)
	a.words = a.words[:k+n]
	return a.words[k : k+n : k+n]
}

// clone returns a copy of ws.
func (a *textArena) clone(ws []uint64) []uint64 {
	out := a.uint64s(len(ws))
	copy(out, ws)
	return out
}

// candidates returns a copy of cs.
func (a *textArena) candidates(cs []candidate) []candidate {
	if a == nil || len(cs) > arenaCands/4 {
		return append([]candidate(nil), cs...)
	}
	if cap(a.cands)-len(a.cands) < len(cs) {
		a.cands = make([]candidate, 0, arenaCands)
	}
	k := len(a.cands)
	a.cands = append(a.cands, cs...)
	return a.cands[k : k+len(cs) : k+len(cs)]
}
