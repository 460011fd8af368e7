package match

// acAutomaton finds every occurrence of a set of literal strings in one pass over the
// bytes of a text (Aho–Corasick). It works on UTF-8 bytes: literals and texts are valid
// UTF-8, so a match can only start on a character boundary.
//
// The automaton is a dense DFA: every state has a transition for every byte class, fail
// links folded in at build time, so the scan is one table load per byte and a test for
// output. Bytes that occur in no literal share class 0 and lead back towards the root; the
// table is states × classes, and the classes are few (the lead and continuation bytes of
// the literals' characters).
type acAutomaton struct {
	class    [256]byte
	nclasses int32
	// delta[s*nclasses+c] is the state after class c in state s, as the offset of its
	// row (next*nclasses) shifted left one, the low bit set when it has outputs: the
	// scan then needs no multiply and no second load per byte.
	delta []int32
	// State s's outputs (literal ids ending here, its fail chain's included) are
	// outs[outFirst[s]:outFirst[s+1]].
	outFirst []int32
	outs     []int32
	lens     []int32 // byte length of each literal
}

// newAutomaton builds the automaton for literals; literal i is reported as id i.
func newAutomaton(literals []string) *acAutomaton {
	a := &acAutomaton{}
	// Byte classes: one per byte used by some literal, 0 for all others. Literals are
	// UTF-8, which never uses 0xC0, 0xC1 or 0xF5–0xFF: the classes fit in a byte.
	var used [256]bool
	for _, lit := range literals {
		for i := 0; i < len(lit); i++ {
			used[lit[i]] = true
		}
	}
	a.nclasses = 1
	for b := 0; b < 256; b++ {
		if used[b] {
			a.class[b] = byte(a.nclasses)
			a.nclasses++
		}
	}
	nc := int(a.nclasses)

	// The trie, in the dense table directly: -1 for no edge yet. There are at most as
	// many states as literal bytes, plus the root: room for them all is made at once.
	size := 1
	for _, lit := range literals {
		size += len(lit)
	}
	a.delta = make([]int32, nc, size*nc)
	for i := range a.delta {
		a.delta[i] = -1
	}
	ends := make([][]int32, 1, size)
	for id, lit := range literals {
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			c := int(a.class[lit[i]])
			next := a.delta[int(s)*nc+c]
			if next < 0 {
				next = int32(len(ends))
				ends = append(ends, nil)
				a.delta[int(s)*nc+c] = next
				row := len(a.delta)
				a.delta = a.delta[:row+nc]
				for k := row; k < row+nc; k++ {
					a.delta[k] = -1
				}
			}
			s = next
		}
		ends[s] = append(ends[s], int32(id))
		a.lens = append(a.lens, int32(len(lit)))
	}
	n := len(ends)

	// Breadth-first from the root: fail links, missing edges filled from the fail state's
	// (already complete, being nearer the root), outputs merged along the fail links.
	fail := make([]int32, n)
	out := make([][]int32, n)
	out[0] = ends[0]
	queue := make([]int32, 0, n)
	for c := 0; c < nc; c++ {
		if to := a.delta[c]; to > 0 {
			fail[to] = 0
			queue = append(queue, to)
		} else {
			a.delta[c] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out[s] = append(append([]int32(nil), ends[s]...), out[fail[s]]...)
		row := a.delta[int(s)*nc : int(s+1)*nc]
		frow := a.delta[int(fail[s])*nc : int(fail[s]+1)*nc]
		for c := 0; c < nc; c++ {
			if to := row[c]; to >= 0 {
				fail[to] = frow[c]
				queue = append(queue, to)
			} else {
				row[c] = frow[c]
			}
		}
	}
	a.outFirst = make([]int32, n+1)
	for s := 0; s < n; s++ {
		a.outFirst[s] = int32(len(a.outs))
		a.outs = append(a.outs, out[s]...)
	}
	a.outFirst[n] = int32(len(a.outs))
	for i, to := range a.delta {
		v := to * int32(nc) << 1
		if len(out[to]) > 0 {
			v |= 1
		}
		a.delta[i] = v
	}
	return a
}

// scan calls hit(id, start) for every occurrence of every literal in text, in order of
// where they end, the longest first among those ending together.
func (a *acAutomaton) scan(text string, hit func(id int32, start int)) {
	delta, class := a.delta, &a.class
	row := int32(0)
	for i := 0; i < len(text); i++ {
		v := delta[row+int32(class[text[i]])]
		row = v >> 1
		if v&1 != 0 {
			s := row / a.nclasses
			for _, id := range a.outs[a.outFirst[s]:a.outFirst[s+1]] {
				hit(id, i+1-int(a.lens[id]))
			}
		}
	}
}
