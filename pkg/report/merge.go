package report

import (
	"bufio"
	"container/heap"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"io"
	"sort"
	"strings"
)

// Merge combines the reports of shards of one batch into the report a single run over
// the whole batch gives: the entries in the order a directory walk lists them (path
// component by component; the calls of one file in their own order) and the summary
// computed again over all of them. The reports must come from the same rulebook.
func Merge(reports []*Report) (*Report, error) {
	out := &Report{}
	var b mergeSet
	for i, r := range reports {
		if err := b.add(fmt.Sprintf("#%d", i+1), r.Rulebook); err != nil {
			return nil, err
		}
		out.Files = append(out.Files, r.Files...)
	}
	rb, err := b.whole()
	if err != nil {
		return nil, err
	}
	out.Rulebook = rb
	sort.SliceStable(out.Files, func(i, j int) bool {
		return pathLess(out.Files[i].Path, out.Files[j].Path)
	})
	out.Summary = Summarize(out.Files)
	return out, nil
}

func differentRulebooks(a, b Rulebook) error {
	return msg.Errorf("report.reports-come-from-different-rulebooks",
		a.Name, a.Version, b.Name, b.Version)
}

// mergeSet checks that the reports merged are one batch: one rulebook, matched the same
// way, and, when they are shards, every shard of one division once. A shard left out
// (a worker that never finished) would otherwise drop its calls from a report that
// looks whole.
type mergeSet struct {
	first      Rulebook
	firstName  string
	n          int
	shards     map[int]string // K → report
	wholeNamed string         // a report that is no shard
}

func (b *mergeSet) add(name string, rb Rulebook) error {
	if b.firstName == "" {
		b.first, b.firstName = rb, name
	} else {
		if rb.Name != b.first.Name || rb.Version != b.first.Version {
			return differentRulebooks(b.first, rb)
		}
		if rb.Strict != b.first.Strict {
			strict, other := b.firstName, name
			if rb.Strict {
				strict, other = name, b.firstName
			}
			return msg.Errorf("report.strict-and-not", strict, other)
		}
		// Calls judged by another pass mark or --fail-level are another run's: merged,
		// the report's header would speak for some of its verdicts only.
		if x, y := passScoreText(b.first.PassScore), passScoreText(rb.PassScore); x != y {
			return msg.Errorf("report.pass-scores-differ", b.firstName, x, name, y)
		}
		if rb.FailLevel != b.first.FailLevel {
			return msg.Errorf("report.fail-levels-differ", b.firstName, failLevelText(b.first.FailLevel), name, failLevelText(rb.FailLevel))
		}
	}
	if rb.Shard == "" {
		b.wholeNamed = name
	} else {
		sh, err := source.ParseShard(rb.Shard)
		if err != nil {
			return msg.Errorf("report.bad-shard", name, rb.Shard)
		}
		if b.n == 0 {
			b.n, b.shards = sh.N, map[int]string{}
		} else if sh.N != b.n {
			return msg.Errorf("report.shards-of-two-divisions", name, rb.Shard, b.n)
		}
		if prev, dup := b.shards[sh.K]; dup {
			return msg.Errorf("report.shard-twice", rb.Shard, prev, name)
		}
		b.shards[sh.K] = name
	}
	if b.n > 0 && b.wholeNamed != "" {
		return msg.Errorf("report.shard-and-whole", b.wholeNamed)
	}
	return nil
}

// whole is the merged report's header, once every report was added: an error if a
// shard is missing.
func (b *mergeSet) whole() (Rulebook, error) {
	var missing []string
	for k := 0; k < b.n; k++ {
		if _, ok := b.shards[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, b.n))
		}
	}
	if len(missing) > 0 {
		return Rulebook{}, msg.Errorf("report.shards-missing", strings.Join(missing, ", "), b.n)
	}
	rb := b.first
	rb.Shard = ""
	return rb, nil
}

// pathLess orders paths as a sorted directory walk visits them: component by component.
func pathLess(a, b string) bool {
	for {
		i, j := strings.IndexByte(a, '/'), strings.IndexByte(b, '/')
		x, y := a, b
		if i >= 0 {
			x = a[:i]
		}
		if j >= 0 {
			y = b[:j]
		}
		if x != y {
			return x < y
		}
		if i < 0 || j < 0 {
			return i < 0 && j >= 0 // the one with fewer components first
		}
		a, b = a[i+1:], b[j+1:]
	}
}

// MergeJSON is Merge over the JSON reports named, written to w as WriteJSON writes
// Merge's report, without holding them: each report is read twice through open, a file
// at a time. The first reading checks every report and keeps only the few entries a
// shard lists out of walk order (a problem with the command line comes last); the second
// merges the shards' entries as they come, and those, into one walk order. It returns the
// merged summary.
func MergeJSON(w io.Writer, names []string, open func(name string) (io.ReadCloser, error)) (Summary, error) {
	return MergeStream(names, open, func(rb Rulebook) (Writer, error) { return NewJSONWriter(w, rb), nil })
}

// MergeStream merges the JSON reports named as MergeJSON does and hands the merged
// entries, in order, to the Writer start returns once the rulebook is known (any report
// format: the shards of one batch get every report a single run would), then closes it
// with the merged summary. Files passed over by the walk are the same in every shard
// (each walks the whole batch): the summary counts them once and lists each once.
func MergeStream(names []string, open func(name string) (io.ReadCloser, error), start func(Rulebook) (Writer, error)) (_ Summary, err error) {
	// Each report is open while the shards are merged, with its buffers: ten thousand
	// of them took a descriptor and about 100 KB each, 1 GB together.
	if len(names) > MaxMergeReports {
		return Summary{}, msg.Errorf("report.too-many-reports-to-merge", MaxMergeReports, len(names))
	}
	var b mergeSet
	var asideBytes int64
	var skipped Skipped
	listed := map[string]bool{}
	var aside []shardEntry
	skip := make([][]int, len(names)) // per shard, the positions set aside
	for i, name := range names {
		r, err := readShard(name, open, func(r *shardReader) error {
			var last string
			var files fileListing
			mine := len(aside)
			for pos := 0; ; pos++ {
				f, ok, err := r.next()
				if err != nil {
					return err
				}
				if !ok {
					return files.twice(name, aside[mine:])
				}
				if err := files.add(name, f.Path, pos); err != nil {
					return err
				}
				if pos > 0 && pathLess(f.Path, last) {
					// Held until the merge reaches them: a report listing its entries
					// out of walk order (no shard does, but for the few a problem with
					// the command line puts last) was held whole.
					if asideBytes += r.lastSize; asideBytes > maxAside {
						return msg.Errorf("report.too-much-out-of-order", name, maxAside>>20)
					}
					aside = append(aside, shardEntry{f, i, pos})
					skip[i] = append(skip[i], pos)
					continue
				}
				last = f.Path
			}
		})
		if err != nil {
			return Summary{}, err
		}
		if err := b.add(name, r.rulebook); err != nil {
			return Summary{}, err
		}
		skipped.Count = max(skipped.Count, r.summary.Skipped)
		for _, sf := range r.summary.SkippedFiles {
			if !listed[sf.Path] && len(skipped.Files) < MaxSkippedListed {
				listed[sf.Path] = true
				skipped.Files = append(skipped.Files, sf)
			}
		}
	}
	rb, err := b.whole()
	if err != nil {
		return Summary{}, err
	}
	sort.Slice(aside, func(a, b int) bool { return aside[a].before(aside[b]) })

	// The second reading: one source per shard, one for the entries set aside.
	var sources []*mergeSource
	defer func() {
		for _, s := range sources {
			s.close()
		}
	}()
	for i, name := range names {
		rc, err := open(name)
		if err != nil {
			return Summary{}, msg.Errorf("report.cannot-read-report", err)
		}
		r := newShardReader(name, rc)
		s := &mergeSource{shard: r, index: i, skip: skip[i], close: func() { rc.Close() }}
		sources = append(sources, s)
		if err := r.toFiles(); err != nil {
			return Summary{}, err
		}
	}
	sources = append(sources, &mergeSource{aside: aside, close: func() {}})
	var h mergeHeap
	for _, s := range sources {
		if ok, err := s.advance(); err != nil {
			return Summary{}, err
		} else if ok {
			h = append(h, s)
		}
	}
	heap.Init(&h)
	out, err := start(rb)
	if err != nil {
		return Summary{}, err
	}
	closed := false
	defer func() {
		if d, ok := out.(Discarder); ok && err != nil && !closed {
			_ = d.Discard() // nothing half-merged is left behind
		}
	}()
	var tally Tally
	// Shards divide a batch by path: one path in two reports is a shard given twice, or
	// reports of different runs, and merged its calls would count twice. The merged
	// order is by path, then shard, so the two meet here one after the other.
	prev := shardEntry{shard: -1}
	for len(h) > 0 {
		s := h[0]
		if prev.shard >= 0 && s.head.f.Path == prev.f.Path && s.head.shard != prev.shard {
			return Summary{}, msg.Errorf("report.path-in-two-reports", s.head.f.Path, names[prev.shard], names[s.head.shard])
		}
		// The first reading refuses a file listed twice in one report (fileListing); in
		// merged order its entries would stand apart here.
		if prev.shard >= 0 && s.head.f.Path == prev.f.Path && s.head.pos != prev.pos+1 {
			return Summary{}, msg.Errorf("report.path-listed-twice", names[s.head.shard], s.head.pos+1, s.head.f.Path)
		}
		prev = s.head
		tally.Add(s.head.f)
		if err := out.Add(s.head.f); err != nil {
			return Summary{}, err
		}
		ok, err := s.advance()
		switch {
		case err != nil:
			return Summary{}, err
		case ok:
			heap.Fix(&h, 0)
		default:
			heap.Pop(&h)
		}
	}
	sum := tally.Summary()
	sum.Skipped, sum.SkippedFiles = skipped.Count, skipped.Files
	closed = true
	return sum, out.Close(sum)
}

// shardEntry is an entry of a shard's report and where it stood: the merged order is
// by path, then shard, then position, which is Merge's stable sort.
type shardEntry struct {
	f          Call
	shard, pos int
}

func (e shardEntry) before(o shardEntry) bool {
	if e.f.Path != o.f.Path {
		return pathLess(e.f.Path, o.f.Path)
	}
	if e.shard != o.shard {
		return e.shard < o.shard
	}
	return e.pos < o.pos
}

// mergeSource hands out entries in merged order: a shard's, but those set aside, or
// the entries set aside.
type mergeSource struct {
	shard *shardReader
	index int
	pos   int
	skip  []int
	aside []shardEntry
	head  shardEntry
	close func()
}

func (s *mergeSource) advance() (bool, error) {
	if s.shard == nil {
		if len(s.aside) == 0 {
			return false, nil
		}
		s.head, s.aside = s.aside[0], s.aside[1:]
		return true, nil
	}
	for {
		f, ok, err := s.shard.next()
		if err != nil || !ok {
			return ok, err
		}
		pos := s.pos
		s.pos++
		if len(s.skip) > 0 && s.skip[0] == pos {
			s.skip = s.skip[1:]
			continue
		}
		s.head = shardEntry{f, s.index, pos}
		return true, nil
	}
}

type mergeHeap []*mergeSource

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return h[i].head.before(h[j].head) }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.(*mergeSource)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// readShard reads the report name through open from end to end with read, which is
// handed the reader at its first entry; it checks the whole document, as
// json.Unmarshal into a Report would, and returns the reader for its rulebook.
func readShard(name string, open func(string) (io.ReadCloser, error), read func(*shardReader) error) (*shardReader, error) {
	rc, err := open(name)
	if err != nil {
		return nil, msg.Errorf("report.cannot-read-report", err)
	}
	defer rc.Close()
	r := newShardReader(name, rc)
	if err := r.toFiles(); err != nil {
		return nil, err
	}
	if err := read(r); err != nil {
		return nil, err
	}
	if err := r.toEnd(); err != nil {
		return nil, err
	}
	return r, nil
}

// MaxMergeReports is how many reports merge reads at once.
const MaxMergeReports = 1000

// maxMergeEntry is the most JSON one entry of a report, or one member of it, may take
// (a call's findings each quote their utterance, so the entry of a call with a 禁语 in
// each of its 20,000 utterances of 10,000 characters is about 200 MB); maxAside bounds
// the entries a report lists out of walk order, which wait in memory for their turn.
// Variables for the tests.
var (
	maxMergeEntry int64 = 256 << 20
	maxAside      int64 = 64 << 20
)

// boundedReader fails a read past max: the decoder reads a whole value before it decodes
// it, and a report of one entry of 2 GB (or a key, a member of that size) was read into
// memory whole, then decoded.
type boundedReader struct {
	r      io.Reader
	n, max int64
}

var errEntryTooLarge = errors.New("entry too large")

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.n >= b.max {
		return 0, errEntryTooLarge
	}
	if int64(len(p)) > b.max-b.n {
		p = p[:b.max-b.n]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

// shardReader reads a JSON report one entry of "files" at a time.
type shardReader struct {
	name     string
	in       *boundedReader
	lastSize int64 // the bytes of JSON of the entry next returned last
	dec      *json.Decoder
	rulebook Rulebook
	summary  Summary
	inFiles  bool // between the "files" brackets
	done     bool // past them, or the report has none
	// sawRulebook and sawFiles: the members every report check writes were there.
	sawRulebook, sawFiles bool
	entry                 int // entries of "files" read
	verdicts              verdicts
}

func newShardReader(name string, r io.Reader) *shardReader {
	in := &boundedReader{r: r}
	sr := &shardReader{name: name, in: in, dec: json.NewDecoder(bufio.NewReaderSize(in, 64<<10))}
	sr.bound()
	return sr
}

// bound lets the decoder read one more entry or member of maxMergeEntry from where it is
// (and what the buffers read ahead).
func (r *shardReader) bound() { r.in.max = r.dec.InputOffset() + maxMergeEntry + 1<<20 }

func (r *shardReader) errorf(err error) error {
	if errors.Is(err, errEntryTooLarge) {
		return msg.Errorf("report.merge-entry-too-large", r.name, r.entry+1, maxMergeEntry>>20)
	}
	return msg.Errorf("report.not-zhijian-json-report", r.name, err)
}

// toFiles reads up to the first entry of "files", and the members before it.
func (r *shardReader) toFiles() error {
	if err := r.delim('{'); err != nil {
		return err
	}
	return r.members()
}

// members reads the report's members up to "files", or to the end of the report.
func (r *shardReader) members() error {
	for r.bound(); r.dec.More(); r.bound() {
		t, err := r.dec.Token()
		if err != nil {
			return r.errorf(err)
		}
		switch key, _ := t.(string); key {
		case "files":
			if t, err := r.dec.Token(); err != nil {
				return r.errorf(err)
			} else if t == nil {
				r.sawFiles = true
				continue // "files": null, as Unmarshal takes it
			} else if t != json.Delim('[') {
				return r.errorf(fmt.Errorf("files is %v, not a list", t))
			}
			r.inFiles, r.sawFiles = true, true
			return nil
		case "rulebook":
			if err := r.dec.Decode(&r.rulebook); err != nil {
				return r.errorf(err)
			}
			r.sawRulebook = true
		case "summary":
			if err := r.dec.Decode(&r.summary); err != nil {
				return r.errorf(err)
			}
		default:
			var v json.RawMessage // summary, or a member zhijian does not write
			if err := r.dec.Decode(&v); err != nil {
				return r.errorf(err)
			}
		}
	}
	r.done = true
	return r.delim('}')
}

// next returns the next entry of "files"; ok is false past the last.
func (r *shardReader) next() (f Call, ok bool, err error) {
	if !r.inFiles {
		return Call{}, false, nil
	}
	r.bound()
	if !r.dec.More() {
		r.inFiles = false
		if err := r.delim(']'); err != nil {
			return Call{}, false, err
		}
		return Call{}, false, r.members()
	}
	from := r.dec.InputOffset()
	if err := r.dec.Decode(&f); err != nil {
		return Call{}, false, r.errorf(err)
	}
	r.entry++
	r.lastSize = r.dec.InputOffset() - from
	// What no run writes: an entry with no path (null), a score outside 0–100 (1e308
	// made the merged mean +Inf, and every report failed to be written).
	switch {
	case f.Path == "":
		return Call{}, false, r.errorf(fmt.Errorf("entry %d of files has no path", r.entry))
	case f.Score != nil && !(*f.Score >= 0 && *f.Score <= 100):
		return Call{}, false, r.errorf(fmt.Errorf("entry %d of files has score %v, not 0–100", r.entry, *f.Score))
	}
	if err := r.plausible(&f); err != nil {
		return Call{}, false, err
	}
	return f, true, nil
}

// toEnd reads the rest of the report, which must be all of the input. (Between
// entries the reader is always in "files" or done: members leaves it in one or the
// other.)
func (r *shardReader) toEnd() error {
	for !r.done {
		if _, _, err := r.next(); err != nil {
			return err
		}
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		return r.errorf(errors.New("text after the report"))
	}
	// {} and other JSON objects are not reports: merged they made a report of nothing
	// with no rulebook, and exit 0.
	if !r.sawRulebook {
		return r.errorf(errors.New(`no "rulebook"`))
	}
	if !r.sawFiles {
		return r.errorf(errors.New(`no "files"`))
	}
	return r.verdicts.check(r.name, r.rulebook)
}

func (r *shardReader) delim(d json.Delim) error {
	t, err := r.dec.Token()
	if err == nil && t != d {
		err = fmt.Errorf("%v where %v belongs", t, d)
	}
	if err != nil {
		return r.errorf(err)
	}
	return nil
}
