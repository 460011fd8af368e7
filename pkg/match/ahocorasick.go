package match

import "sort"

// acAutomaton finds every occurrence of a set of literal strings in one pass over the
// bytes of a text (Aho–Corasick). It works on UTF-8 bytes: literals and texts are valid
// UTF-8, so a match can only start on a character boundary.
type acAutomaton struct {
	// Node n's edges are edges[first[n]:first[n+1]], sorted by byte.
	first []int32
	edges []acEdge
	fail  []int32
	// Node n's outputs (literal ids ending here, its fail chain's included) are
	// outs[outFirst[n]:outFirst[n+1]].
	outFirst []int32
	outs     []int32
	lens     []int32 // byte length of each literal
	root     [256]int32
}

type acEdge struct {
	b  byte
	to int32
}

// newAutomaton builds the automaton for literals; literal i is reported as id i.
func newAutomaton(literals []string) *acAutomaton {
	// Build a trie with map edges, then flatten.
	children := []map[byte]int32{{}}
	ends := [][]int32{nil}
	for id, lit := range literals {
		n := int32(0)
		for i := 0; i < len(lit); i++ {
			next, ok := children[n][lit[i]]
			if !ok {
				next = int32(len(children))
				children = append(children, map[byte]int32{})
				ends = append(ends, nil)
				children[n][lit[i]] = next
			}
			n = next
		}
		ends[n] = append(ends[n], int32(id))
	}
	a := &acAutomaton{first: make([]int32, len(children)+1), fail: make([]int32, len(children))}
	for n, ch := range children {
		a.first[n] = int32(len(a.edges))
		for b, to := range ch {
			a.edges = append(a.edges, acEdge{b, to})
		}
		es := a.edges[a.first[n]:]
		sort.Slice(es, func(i, j int) bool { return es[i].b < es[j].b })
	}
	a.first[len(children)] = int32(len(a.edges))
	for id, lit := range literals {
		_ = id
		a.lens = append(a.lens, int32(len(lit)))
	}
	// Breadth-first: fail links, and outputs merged along them.
	out := make([][]int32, len(children))
	queue := []int32{}
	for _, e := range a.edges[a.first[0]:a.first[1]] {
		a.fail[e.to] = 0
		queue = append(queue, e.to)
	}
	out[0] = ends[0]
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		out[n] = append(append([]int32(nil), ends[n]...), out[a.fail[n]]...)
		for _, e := range a.edges[a.first[n]:a.first[n+1]] {
			f := a.fail[n]
			for {
				if to, ok := a.step(f, e.b); ok {
					a.fail[e.to] = to
					break
				}
				if f == 0 {
					a.fail[e.to] = 0
					break
				}
				f = a.fail[f]
			}
			queue = append(queue, e.to)
		}
	}
	a.outFirst = make([]int32, len(children)+1)
	for n := range children {
		a.outFirst[n] = int32(len(a.outs))
		a.outs = append(a.outs, out[n]...)
	}
	a.outFirst[len(children)] = int32(len(a.outs))
	for b := 0; b < 256; b++ {
		a.root[b], _ = a.step(0, byte(b))
	}
	return a
}

// step follows the edge of node n labelled b, if there is one.
func (a *acAutomaton) step(n int32, b byte) (int32, bool) {
	es := a.edges[a.first[n]:a.first[n+1]]
	for lo, hi := 0, len(es); lo < hi; {
		m := (lo + hi) / 2
		switch {
		case es[m].b == b:
			return es[m].to, true
		case es[m].b < b:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// scan calls hit(id, start) for every occurrence of every literal in text.
func (a *acAutomaton) scan(text string, hit func(id int32, start int)) {
	n := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		for {
			if n == 0 {
				n = a.root[b]
				break
			}
			if to, ok := a.step(n, b); ok {
				n = to
				break
			}
			n = a.fail[n]
		}
		for _, id := range a.outs[a.outFirst[n]:a.outFirst[n+1]] {
			hit(id, i+1-int(a.lens[id]))
		}
	}
}
