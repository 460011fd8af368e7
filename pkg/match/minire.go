package match

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// A small matcher for the expressions rulebooks write: literals, character classes
// repeated a bounded number of times, alternations and optional groups, with no
// assertions, no unbounded repetition and no case folding: the seat-number expressions
// ([0-9…]{1,6}号(客服|…), (客服|…)[0-9]{3,6}). Go's regexp ran its backtracker for each of
// them from scratch at every utterance that held the required literal, a few thousand
// instructions each (its bit state cleared and filled for the whole rest of the text);
// this one tries the places a match may start, each by a backtracking walk whose work is
// bounded by the expression alone (miniMaxPaths).
//
// It finds what regexp finds: the leftmost match, and among the matches there the first
// in the order of a backtracking search that tries a greedy repetition's longest run
// first and the alternatives of an alternation in their order — the "leftmost-first"
// semantics of Go's regexp (Perl's), exactly, for expressions without empty loops.
// Characters are decoded as regexp decodes them (a byte that is not UTF-8 is U+FFFD,
// one byte long).

// miniItem is one step of a sequence.
type miniItem struct {
	kind miniKind
	// lit is a literal's text (miniLit).
	lit string
	// ranges are a class's characters as low, high pairs (miniClass); min and max bound
	// its repetition, greedy says the longer run is tried first.
	ranges   []rune
	min, max int
	greedy   bool
	// alts are an alternation's sequences, or the one sequence of an optional group
	// (miniQuest, greedy: tried before skipping it).
	alts [][]miniItem
}

type miniKind uint8

const (
	miniLit miniKind = iota
	miniClass
	miniAlt
	miniQuest
)

// miniMaxRepeat bounds a class's repetition, miniMaxPaths the ways a sequence may be
// walked from one place (the product of its choices): past them an expression is left
// to regexp.
const (
	miniMaxRepeat = 16
	miniMaxPaths  = 4096
)

// miniRE is a compiled expression: its sequence laid out as a program for a
// backtracking walk, as regexp's backtracker lays out its own (a split tries its first
// branch, then its second; a class with its repetition is one instruction).
type miniRE struct {
	prog []miniInst
}

type miniInst struct {
	op miniOp
	// it is the literal or class of miniStep.
	it *miniItem
	// x and y are where a split goes, first and then; x is where a jump goes.
	x, y int32
}

type miniOp uint8

const (
	miniStep miniOp = iota // it, then the next instruction
	miniSplit
	miniJump
	miniMatch
)

// compileMini compiles re (parsed, not simplified) when the matcher supports it.
func compileMini(re *syntax.Regexp) *miniRE {
	seq, paths, ok := miniSeq(re)
	if !ok || paths > miniMaxPaths {
		return nil
	}
	m := &miniRE{}
	m.emit(seq)
	m.prog = append(m.prog, miniInst{op: miniMatch})
	return m
}

// emit lays out seq at the end of the program.
func (m *miniRE) emit(seq []miniItem) {
	for k := range seq {
		it := &seq[k]
		switch it.kind {
		case miniLit, miniClass:
			m.prog = append(m.prog, miniInst{op: miniStep, it: it})
		case miniAlt:
			// split L1, next; L1: a1; jump end; next: split L2, next'; … an; end:
			var jumps []int
			for j, a := range it.alts {
				if j == len(it.alts)-1 {
					m.emit(a)
					break
				}
				split := len(m.prog)
				m.prog = append(m.prog, miniInst{op: miniSplit, x: int32(split + 1)})
				m.emit(a)
				jumps = append(jumps, len(m.prog))
				m.prog = append(m.prog, miniInst{op: miniJump})
				m.prog[split].y = int32(len(m.prog))
			}
			for _, j := range jumps {
				m.prog[j].x = int32(len(m.prog))
			}
		case miniQuest:
			// greedy: split body, end; body; end:  (lazy: split end, body)
			split := len(m.prog)
			m.prog = append(m.prog, miniInst{op: miniSplit})
			m.emit(it.alts[0])
			body, after := int32(split+1), int32(len(m.prog))
			if it.greedy {
				m.prog[split].x, m.prog[split].y = body, after
			} else {
				m.prog[split].x, m.prog[split].y = after, body
			}
		}
	}
}

// miniSeq compiles re into a sequence and counts the paths of a walk through it.
func miniSeq(re *syntax.Regexp) ([]miniItem, int, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return nil, 1, true
	case syntax.OpConcat:
		var seq []miniItem
		paths := 1
		for _, sub := range re.Sub {
			s, n, ok := miniSeq(sub)
			if !ok {
				return nil, 0, false
			}
			seq, paths = append(seq, s...), paths*n
			if paths > miniMaxPaths {
				return nil, 0, false
			}
		}
		return seq, paths, true
	case syntax.OpCapture:
		return miniSeq(re.Sub[0])
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, 0, false
		}
		for _, r := range re.Rune {
			if r == utf8.RuneError || !utf8.ValidRune(r) {
				return nil, 0, false // a byte that is not UTF-8 is U+FFFD to regexp
			}
		}
		return []miniItem{{kind: miniLit, lit: string(re.Rune)}}, 1, true
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		it, ok := miniClassOf(re)
		if !ok {
			return nil, 0, false
		}
		it.min, it.max, it.greedy = 1, 1, true
		return []miniItem{it}, 1, true
	case syntax.OpRepeat, syntax.OpQuest:
		lo, hi := re.Min, re.Max
		if re.Op == syntax.OpQuest {
			lo, hi = 0, 1
		}
		if hi < 0 || hi > miniMaxRepeat || lo > hi {
			return nil, 0, false
		}
		greedy := re.Flags&syntax.NonGreedy == 0
		if it, ok := miniClassOf(re.Sub[0]); ok {
			it.min, it.max, it.greedy = lo, hi, greedy
			return []miniItem{it}, hi - lo + 1, true
		}
		// A repeated group: its copies one after another, the optional ones nested as
		// regexp's simplification nests them (x{1,3} is x(x(x)?)?).
		sub, n, ok := miniSeq(re.Sub[0])
		if !ok {
			return nil, 0, false
		}
		var seq []miniItem
		paths := 1
		for range lo {
			seq, paths = append(seq, sub...), paths*n
			if paths > miniMaxPaths {
				return nil, 0, false
			}
		}
		var opt []miniItem
		for range hi - lo {
			inner := append(append([]miniItem(nil), sub...), opt...)
			opt = []miniItem{{kind: miniQuest, greedy: greedy, alts: [][]miniItem{inner}}}
			paths *= n + 1
			if paths > miniMaxPaths {
				return nil, 0, false
			}
		}
		return append(seq, opt...), paths, true
	case syntax.OpAlternate:
		it := miniItem{kind: miniAlt}
		paths := 0
		for _, sub := range re.Sub {
			s, n, ok := miniSeq(sub)
			if !ok {
				return nil, 0, false
			}
			it.alts, paths = append(it.alts, s), paths+n
		}
		return []miniItem{it}, paths, true
	}
	return nil, 0, false // assertions, unbounded repetition, anything else
}

// miniClassOf is re as a class of one character, when it is one.
func miniClassOf(re *syntax.Regexp) (miniItem, bool) {
	switch re.Op {
	case syntax.OpCharClass:
		return miniItem{kind: miniClass, ranges: re.Rune}, len(re.Rune) > 0
	case syntax.OpAnyCharNotNL:
		return miniItem{kind: miniClass, ranges: []rune{0, '\n' - 1, '\n' + 1, utf8.MaxRune}}, true
	case syntax.OpAnyChar:
		return miniItem{kind: miniClass, ranges: []rune{0, utf8.MaxRune}}, true
	case syntax.OpLiteral:
		if len(re.Rune) == 1 && re.Flags&syntax.FoldCase == 0 && re.Rune[0] != utf8.RuneError && utf8.ValidRune(re.Rune[0]) {
			return miniItem{kind: miniClass, ranges: []rune{re.Rune[0], re.Rune[0]}}, true
		}
	}
	return miniItem{}, false
}

// matchAt returns the end of the first match of m that starts at pos, -1 for none.
func (m *miniRE) matchAt(s string, pos int) int {
	return m.run(s, 0, pos)
}

// run matches the program from instruction pc at pos: the end of the first way it
// matches, -1 for none.
func (m *miniRE) run(s string, pc int32, pos int) int {
	for {
		in := &m.prog[pc]
		switch in.op {
		case miniMatch:
			return pos
		case miniJump:
			pc = in.x
			continue
		case miniSplit:
			if e := m.run(s, in.x, pos); e >= 0 {
				return e
			}
			pc = in.y
			continue
		}
		it := in.it
		if it.kind == miniLit {
			if !strings.HasPrefix(s[pos:], it.lit) {
				return -1
			}
			pos += len(it.lit)
			pc++
			continue
		}
		var ends [miniMaxRepeat + 1]int
		ends[0] = pos
		n := 0
		for p := pos; n < it.max && p < len(s); n++ {
			r, size := decodeRune(s, p)
			if !inRanges(it.ranges, r) {
				break
			}
			p += size
			ends[n+1] = p
		}
		if n < it.min {
			return -1
		}
		if it.min == it.max {
			pos = ends[n]
			pc++
			continue
		}
		if it.greedy {
			for j := n; j >= it.min; j-- {
				if e := m.run(s, pc+1, ends[j]); e >= 0 {
					return e
				}
			}
		} else {
			for j := it.min; j <= n; j++ {
				if e := m.run(s, pc+1, ends[j]); e >= 0 {
					return e
				}
			}
		}
		return -1
	}
}

// inRanges reports whether r is in one of the low, high pairs.
func inRanges(ranges []rune, r rune) bool {
	for k := 0; k+1 < len(ranges); k += 2 {
		if ranges[k] <= r && r <= ranges[k+1] {
			return true
		}
	}
	return false
}
