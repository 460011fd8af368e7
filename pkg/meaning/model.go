// Package meaning judges an utterance by what it means rather than by a listed phrase:
// a linear model over the character n-grams of its normalised text, trained on
// hand-labelled calls (testdata/qa/train). Phrase patterns reach the wordings they were
// written for; a 禁语 said in words nobody wrote down is mostly missed by them. A model
// learns which characters and pairs of them carry a meaning (让人等、推给别人、怪客户) from
// every labelled wording at once, so it also scores wordings it never saw.
//
// Features are hashed into a fixed table (feature hashing), so scoring an utterance is
// one loop over its bytes with no allocation and no string keys. Besides the n-grams a
// model may read skip-bigrams and the utterance's edges (Features), as its training chose.
package meaning

import (
	"encoding/binary"
	"fmt"
	"io/fs"
	"math"
	"math/bits"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/rules"
)

// Bits is log2 of the size of the weight table.
const Bits = 18

const mask = 1<<Bits - 1

// MaxGram is the longest character n-gram the model reads.
const MaxGram = 3

// Model is a trained linear classifier.
type Model struct {
	Name string
	// Threshold is the score from which an utterance is taken to mean what the model
	// was trained on, chosen when training (see testdata/qa/train).
	Threshold float64
	// About says what the model was trained on, for explain.
	About string
	// Features are the grams the model reads beyond the character n-grams, chosen for
	// it when training (the held-out-round figures of testdata/qa/train -by-round).
	Features Features
	bias     float32
	weights  []float32 // 1<<Bits
	// sparse holds the same weights, for Score, when the model is read from a file:
	// one in ten buckets has a weight, and the dense table, a megabyte, missed the cache
	// at nearly every gram (a tenth of the CPU of a check with the default rulebook).
	sparse *sparseWeights
}

// sparseWeights are a table of weights, most of them zero, kept small: a bit per
// bucket, and the non-zero weights in bucket order, found by the rank of their bit.
type sparseWeights struct {
	// words[i] holds the bits of buckets 64i to 64i+63 and the count of the bits set
	// in the words before it side by side: one load from the table, not two.
	words []sparseWord
	w     []float32 // the weights, in bucket order, and a 0 after them
}

type sparseWord struct {
	has    uint64 // bit b: bucket 64i+b has a weight
	before int64  // the bits set in the words before it
}

func newSparseWeights(dense []float32) *sparseWeights {
	s := &sparseWeights{words: make([]sparseWord, len(dense)/64)}
	for b, w := range dense {
		if w != 0 {
			s.words[b/64].has |= 1 << (b % 64)
			s.w = append(s.w, w)
		}
	}
	for i := 1; i < len(s.words); i++ {
		s.words[i].before = s.words[i-1].before + int64(bits.OnesCount64(s.words[i-1].has))
	}
	s.w = append(s.w, 0) // where add points a bucket without a weight
	return s
}

// weight is the weight of bucket b, 0 for none: what the dense table holds there.
func (s *sparseWeights) weight(b uint32) float32 {
	word := &s.words[b/64]
	bit := uint64(1) << (b % 64)
	if word.has&bit == 0 {
		return 0
	}
	return s.w[word.before+int64(bits.OnesCount64(word.has&(bit-1)))]
}

// sum adds to z the weight of every gram of norm, in the order Grams gives them, with
// Grams' hashes (gramReader).
//
// The lookups go in passes over up to sumBatch grams: their buckets first, then where
// each one's weight is (a bucket without one points at the zero after the weights), then
// the sum. The tables are larger than what the rest of a check leaves of the cache, and
// a pass of loads that depend on nothing before them waits for many misses at once,
// where one gram's lookup at a time, behind a branch on whether its bucket had a weight,
// waited for each.
func (s *sparseWeights) sum(norm string, z float32) float32 {
	g := gramReader{norm: norm}
	var grams [sumBatch]uint32
	for {
		k := g.fill(grams[:])
		if k == 0 {
			return z
		}
		z = s.add(z, grams[:k])
	}
}

// gramReader hashes the grams of a text a batch at a time, in the order Grams gives
// them, with Grams' hashes. FNV-1a is a state fed a byte at a time, so the states the
// grams ending at the next character start from are carried from the characters before
// (a trigram's is its salt fed the two characters before), and the six chains fed a
// character are independent: the processor runs them side by side, where hash fed each
// gram from its start, one chain after another.
type gramReader struct {
	norm string
	i, n int // the next character's offset, and how many characters were read
	// At the next character: bi is salt2 fed the one before, tri salt3 fed the two
	// before, tri1 salt3 fed the one before.
	bi, tri, tri1 uint32
}

// fill writes into buf (at least MaxGram long) the buckets of the grams ending at the
// next characters, as many characters as fit whole, and returns how many it wrote: 0
// at the end of the text.
func (g *gramReader) fill(buf []uint32) int {
	salt1, salt2, salt3 := fnvSalt(1), fnvSalt(2), fnvSalt(3)
	norm, i, n := g.norm, g.i, g.n
	bi, tri, tri1 := g.bi, g.tri, g.tri1
	k := 0
	for i < len(norm) && k <= len(buf)-MaxGram {
		size := 1
		if c := norm[i]; c >= utf8.RuneSelf { // normalize.DecodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && i+2 < len(norm) && (norm[i+1]^0x80)|(norm[i+2]^0x80) < 0x40 {
				size = 3
			} else {
				_, size = utf8.DecodeRuneInString(norm[i:])
			}
		}
		h1, h2, h3 := salt1, bi, tri
		nextBi, nextTri, nextTri1 := salt2, tri1, salt3
		if size == 3 { // most of Chinese: the three bytes fed without a loop
			c0, c1, c2 := uint32(norm[i]), uint32(norm[i+1]), uint32(norm[i+2])
			h1 = (((h1^c0)*fnvPrime^c1)*fnvPrime ^ c2) * fnvPrime
			h2 = (((h2^c0)*fnvPrime^c1)*fnvPrime ^ c2) * fnvPrime
			h3 = (((h3^c0)*fnvPrime^c1)*fnvPrime ^ c2) * fnvPrime
			nextBi = (((nextBi^c0)*fnvPrime^c1)*fnvPrime ^ c2) * fnvPrime
			nextTri = (((nextTri^c0)*fnvPrime^c1)*fnvPrime ^ c2) * fnvPrime
			nextTri1 = (((nextTri1^c0)*fnvPrime^c1)*fnvPrime ^ c2) * fnvPrime
		} else {
			for j := i; j < i+size; j++ {
				c := uint32(norm[j])
				h1 = (h1 ^ c) * fnvPrime
				h2 = (h2 ^ c) * fnvPrime
				h3 = (h3 ^ c) * fnvPrime
				nextBi = (nextBi ^ c) * fnvPrime
				nextTri = (nextTri ^ c) * fnvPrime
				nextTri1 = (nextTri1 ^ c) * fnvPrime
			}
		}
		n++
		buf[k] = h1 & mask
		k++
		if n >= 2 {
			buf[k] = h2 & mask
			k++
		}
		if n >= 3 {
			buf[k] = h3 & mask
			k++
		}
		bi, tri, tri1 = nextBi, nextTri, nextTri1
		i += size
	}
	g.i, g.n, g.bi, g.tri, g.tri1 = i, n, bi, tri, tri1
	return k
}

// Features are the kinds of grams a model reads beside the character n-grams.
type Features uint8

const (
	// SkipBigrams are the pairs of characters one apart (你…说 whatever is between):
	// a reworded 禁语 keeps its frame and changes a word inside it.
	SkipBigrams Features = 1 << iota
	// Edges are the first and last one and two characters, marked as such: how an
	// utterance opens (你…) and ends (…吗, …呢) says much of its tone.
	Edges
	allFeatures = SkipBigrams | Edges
)

// Buckets are the hashed grams of one text: the n-grams every model reads, and the
// other kinds as the models that read them ask. Several models score each agent
// utterance of the default rulebook (forbidden-phrase, rude-attitude, the complaint
// steps): a text's grams are worked out once for all of them (ScoreBuckets).
type Buckets struct {
	b []uint32
	// base ends the n-grams in b; kinds[k] is where the grams of kind 1<<k are, once
	// hashed (has).
	base  int
	kinds [2][2]int32
	has   Features
}

// Hashed reports whether g holds a text's grams (the zero Buckets does not).
func (g *Buckets) Hashed() bool { return g.b != nil }

// HashGrams returns the n-grams of norm, appended to dst[:0]; ScoreBuckets adds the
// other kinds when a model reads them.
func HashGrams(dst []uint32, norm string) Buckets {
	g := gramReader{norm: norm}
	var grams [sumBatch]uint32
	b := dst[:0]
	for {
		k := g.fill(grams[:])
		if k == 0 {
			break
		}
		b = append(b, grams[:k]...)
	}
	if b == nil {
		b = []uint32{} // Hashed, even with no grams
	}
	return Buckets{b: b, base: len(b)}
}

// ScoreBuckets is Score of the text norm whose n-grams are g (HashGrams): the same sum
// in the same order. The kinds of grams m reads beyond them are hashed into g the first
// time a model asks.
func (m *Model) ScoreBuckets(g *Buckets, norm string) float64 {
	z := m.sum(m.bias, g.b[:g.base])
	if m.Features != 0 {
		for k, kind := range [...]Features{SkipBigrams, Edges} {
			if m.Features&kind == 0 {
				continue
			}
			if g.has&kind == 0 {
				at := len(g.b)
				g.b = appendExtra(g.b, norm, kind)
				g.kinds[k] = [2]int32{int32(at), int32(len(g.b))}
				g.has |= kind
			}
			z = m.sum(z, g.b[g.kinds[k][0]:g.kinds[k][1]])
		}
	}
	return 1 / (1 + math.Exp(-float64(z)))
}

// sum adds to z the weights of the buckets in b, in order.
func (m *Model) sum(z float32, b []uint32) float32 {
	if s := m.sparse; s != nil {
		var at [sumBatch]uint32
		for len(b) > 0 {
			n := copy(at[:], b) // add overwrites what it is given
			z = s.add(z, at[:n])
			b = b[n:]
		}
		return z
	}
	for _, bucket := range b {
		z += m.weights[bucket]
	}
	return z
}

// extraGrams calls f with the bucket of every gram of norm of the kinds in features,
// skip-bigrams before edges.
func extraGrams(norm string, features Features, f func(bucket uint32)) {
	if features == 0 || norm == "" {
		return
	}
	var buf [64]uint32
	for _, kind := range [...]Features{SkipBigrams, Edges} {
		if features&kind != 0 {
			for _, b := range appendExtra(buf[:0], norm, kind) {
				f(b)
			}
		}
	}
}

// appendExtra appends to dst the bucket of every gram of norm of one kind.
func appendExtra(dst []uint32, norm string, kind Features) []uint32 {
	if norm == "" {
		return dst
	}
	switch kind {
	case SkipBigrams:
		// after2 and after1: the skip salt fed the character two (one) before and "|".
		var after2, after1 uint32
		n := 0
		for i := 0; i < len(norm); {
			size := 1
			if norm[i] >= utf8.RuneSelf {
				_, size = utf8.DecodeRuneInString(norm[i:])
			}
			c := norm[i : i+size]
			if n >= 2 {
				dst = append(dst, feed(after2, c)&mask)
			}
			after2, after1 = after1, feed(feed(fnvSalt(skipSalt), c), "|")
			n++
			i += size
		}
	case Edges:
		_, first := utf8.DecodeRuneInString(norm)
		_, last := utf8.DecodeLastRuneInString(norm)
		dst = append(dst, feed(feed(fnvSalt(edgeSalt), "^"), norm[:first])&mask)
		if first < len(norm) {
			_, second := utf8.DecodeRuneInString(norm[first:])
			_, before := utf8.DecodeLastRuneInString(norm[:len(norm)-last])
			dst = append(dst, feed(feed(fnvSalt(edgeSalt), "^"), norm[:first+second])&mask,
				feed(feed(fnvSalt(edgeSalt), norm[len(norm)-last-before:]), "$")&mask)
		}
		dst = append(dst, feed(feed(fnvSalt(edgeSalt), norm[len(norm)-last:]), "$")&mask)
	}
	return dst
}

// The salts of the skip-bigrams and the edges: apart from the n-grams' (1 to MaxGram).
const (
	skipSalt = 7
	edgeSalt = 9
)

// feed is FNV-1a state h fed the bytes of s.
func feed(h uint32, s string) uint32 {
	if len(s) == 3 { // most of Chinese, without a loop
		return (((h^uint32(s[0]))*fnvPrime^uint32(s[1]))*fnvPrime ^ uint32(s[2])) * fnvPrime
	}
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h
}

// sumBatch is how many grams sum looks up in one go.
const sumBatch = 96

// add adds the weights of the buckets in b to z, in order.
func (s *sparseWeights) add(z float32, b []uint32) float32 {
	none := uint32(len(s.w) - 1) // the zero after the weights
	for k, bucket := range b {
		word := &s.words[bucket/64]
		bit := uint64(1) << (bucket % 64)
		at := uint32(word.before) + uint32(bits.OnesCount64(word.has&(bit-1)))
		if word.has&bit == 0 {
			at = none
		}
		b[k] = at
	}
	for _, at := range b {
		z += s.w[at]
	}
	return z
}

// New is an empty model, for training.
func New(name string) *Model { return &Model{Name: name, weights: make([]float32, 1<<Bits)} }

// Grams calls f with the bucket of every gram of norm, a normalised text (punctuation
// already removed), that m reads: the character n-grams (1 to MaxGram characters), then
// the kinds of m.Features.
func (m *Model) Grams(norm string, f func(bucket uint32)) {
	Grams(norm, f)
	extraGrams(norm, m.Features, f)
}

// Grams calls f with the bucket of every character n-gram (1 to MaxGram characters) of
// norm, a normalised text (punctuation already removed).
func Grams(norm string, f func(bucket uint32)) {
	var starts [MaxGram]int // byte offsets of the last MaxGram rune starts, a ring
	n := 0
	for i := 0; i < len(norm); {
		_, size := utf8.DecodeRuneInString(norm[i:])
		starts[n%MaxGram] = i
		n++
		end := i + size
		for k := 1; k <= MaxGram && k <= n; k++ {
			start := starts[(n-k)%MaxGram]
			f(hash(norm[start:end], k))
		}
		i = end
	}
}

// hash is FNV-1a of the n-gram's bytes, salted with its length in characters.
func hash(s string, k int) uint32 {
	h := fnvSalt(k)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h & mask
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// fnvSalt is the state a gram of k characters is hashed from.
func fnvSalt(k int) uint32 { return uint32(fnvOffset) ^ uint32(k)*fnvPrime }

// Score is the probability the model gives norm (a normalised utterance) of meaning
// what it was trained on.
func (m *Model) Score(norm string) float64 {
	z := m.bias
	if s := m.sparse; s != nil {
		// The same sum in the same order: a bucket without a weight adds 0 either way.
		z = s.sum(norm, z)
		extraGrams(norm, m.Features, func(b uint32) { z += s.weight(b) })
	} else {
		m.Grams(norm, func(b uint32) { z += m.weights[b] })
	}
	return 1 / (1 + math.Exp(-float64(z)))
}

// Example is one labelled utterance for training.
type Example struct {
	Norm     string
	Positive bool
}

// TrainOptions are the training settings; the zero value is not useful: take Defaults.
type TrainOptions struct {
	Epochs         int
	Rate, L2       float64
	PositiveWeight float64 // positives are fewer than negatives: weigh each more
}

// Defaults are the settings the shipped models are trained with.
var Defaults = TrainOptions{Epochs: 8, Rate: 0.1, L2: 1e-4, PositiveWeight: 3}

// Train fits m to examples by stochastic gradient descent on the logistic loss, in the
// examples' order (deterministic: the same examples give the same model).
func (m *Model) Train(examples []Example, o TrainOptions) {
	m.sparse = nil // the weights change: Score reads the dense table
	var buckets []uint32
	for e := 0; e < o.Epochs; e++ {
		for _, ex := range examples {
			buckets = buckets[:0]
			m.Grams(ex.Norm, func(b uint32) { buckets = append(buckets, b) })
			p := m.Score(ex.Norm)
			y, wt := 0.0, 1.0
			if ex.Positive {
				y, wt = 1, o.PositiveWeight
			}
			g := (p - y) * wt
			m.bias -= float32(o.Rate * g)
			for _, b := range buckets {
				m.weights[b] -= float32(o.Rate * (g + o.L2*float64(m.weights[b])))
			}
		}
	}
}

// The stored form, little-endian: the magic "ZJM2", the table's bits (uint8), the
// features (uint8), the threshold (float64), the bias (float32), the name and the about
// text (uint16 length, UTF-8), the number of weights (uint32), then each non-zero weight
// as its bucket (uint32) and value (float32), buckets ascending. "ZJM1" is the same
// without the features byte (n-grams only). Binary, not JSON: the default rulebook loads
// the model at every start, and parsing 28,000 JSON weights took 28 ms.
const (
	magic   = "ZJM2"
	magicV1 = "ZJM1"
)

// minWeight drops weights too small to move a score, to keep the file small.
const minWeight = 1e-3

// MarshalBinary stores the model.
func (m *Model) MarshalBinary() ([]byte, error) {
	var b []byte
	b = append(b, magic...)
	b = append(b, Bits, byte(m.Features))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.Threshold))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.bias))
	for _, s := range []string{m.Name, m.About} {
		if len(s) > math.MaxUint16 {
			return nil, fmt.Errorf("model %s: text too long", m.Name)
		}
		b = binary.LittleEndian.AppendUint16(b, uint16(len(s)))
		b = append(b, s...)
	}
	n := 0
	for _, w := range m.weights {
		if math.Abs(float64(w)) >= minWeight {
			n++
		}
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	for i, w := range m.weights {
		if math.Abs(float64(w)) >= minWeight {
			b = binary.LittleEndian.AppendUint32(b, uint32(i))
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(w))
		}
	}
	return b, nil
}

// Parse reads a stored model.
func Parse(data []byte) (*Model, error) {
	bad := func(what string) (*Model, error) { return nil, fmt.Errorf("not a zhijian model: %s", what) }
	if len(data) < len(magic)+2+8+4 || (string(data[:len(magic)]) != magic && string(data[:len(magic)]) != magicV1) {
		return bad("no header")
	}
	p := data[len(magic):]
	if int(p[0]) != Bits {
		return bad(fmt.Sprintf("%d bits, this zhijian reads %d", p[0], Bits))
	}
	m := New("")
	if string(data[:len(magic)]) == magic {
		m.Features = Features(p[1])
		if m.Features&^allFeatures != 0 {
			return bad(fmt.Sprintf("features %#x, this zhijian reads %#x", p[1], allFeatures))
		}
		p = p[1:]
	}
	m.Threshold = math.Float64frombits(binary.LittleEndian.Uint64(p[1:]))
	m.bias = math.Float32frombits(binary.LittleEndian.Uint32(p[9:]))
	p = p[13:]
	var texts [2]string
	for i := range texts {
		if len(p) < 2 || len(p) < 2+int(binary.LittleEndian.Uint16(p)) {
			return bad("cut short")
		}
		n := int(binary.LittleEndian.Uint16(p))
		texts[i], p = string(p[2:2+n]), p[2+n:]
	}
	m.Name, m.About = texts[0], texts[1]
	if len(p) < 4 {
		return bad("cut short")
	}
	n := int(binary.LittleEndian.Uint32(p))
	p = p[4:]
	if len(p) != 8*n {
		return bad("weights cut short")
	}
	for i := 0; i < n; i++ {
		b := binary.LittleEndian.Uint32(p[8*i:])
		if b > mask {
			return bad("bucket out of range")
		}
		m.weights[b] = math.Float32frombits(binary.LittleEndian.Uint32(p[8*i+4:]))
	}
	m.sparse = newSparseWeights(m.weights)
	return m, nil
}

var (
	shippedMu sync.Mutex
	shipped   = map[string]*Model{}
)

// Shipped is the model shipped as rules/models/NAME.bin, loaded once and shared (a
// model is only read after loading).
func Shipped(name string) (*Model, error) {
	shippedMu.Lock()
	defer shippedMu.Unlock()
	if m := shipped[name]; m != nil {
		return m, nil
	}
	data, err := fs.ReadFile(rules.FS, "models/"+name+".bin")
	if err != nil {
		return nil, fmt.Errorf("no shipped model %q (shipped: %v)", name, Names())
	}
	m, err := Parse(data)
	if err != nil {
		return nil, err
	}
	shipped[name] = m
	return m, nil
}

// Names lists the shipped models.
func Names() []string {
	entries, _ := fs.Glob(rules.FS, "models/*.bin")
	var out []string
	for _, e := range entries {
		out = append(out, e[len("models/"):len(e)-len(".bin")])
	}
	sort.Strings(out)
	return out
}
