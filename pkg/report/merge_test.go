package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestMergeJSONIsMerge splits generated batches into shards, as --shard does, and checks
// that merging their JSON reports a file at a time writes the bytes of the report Merge
// makes of them all at once: with the calls of one file kept together, problems with the
// command line listed last in shard 0 (out of walk order), and paths whose components
// sort differently from the whole paths (a/b-c against a/b/c).
func TestMergeJSONIsMerge(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 8))
	dirs := []string{"a", "a/b", "a/b-c", "a/b/c", "b", "z"}
	for trial := 0; trial < 20; trial++ {
		shards := 1 + rnd.IntN(4)
		var walk []string
		for _, d := range dirs {
			for k := 0; k < rnd.IntN(6); k++ {
				walk = append(walk, fmt.Sprintf("%s/%02d.txt", d, k))
			}
		}
		slices.SortFunc(walk, func(x, y string) int {
			switch {
			case pathLess(x, y):
				return -1
			case pathLess(y, x):
				return 1
			}
			return 0
		})
		parts := make([]*Report, shards)
		for i := range parts {
			parts[i] = &Report{Rulebook: rulebook}
		}
		for _, p := range walk {
			k := rnd.IntN(shards)
			calls := 1 + rnd.IntN(3) // a CSV file may hold several calls
			for c := 0; c < calls; c++ {
				f := [](func() Call){passingFile, failingFile, fatalFile, erroredFile}[rnd.IntN(4)]()
				f.Path = p
				f.Metadata = map[string]string{"call_id": fmt.Sprint(c)}
				parts[k].Files = append(parts[k].Files, f)
			}
		}
		if trial%2 == 0 { // problems with the command line: last, in shard 0
			for _, p := range []string{"0-missing.txt", "a/00-missing.txt"} {
				f := erroredFile()
				f.Path = p
				parts[0].Files = append(parts[0].Files, f)
			}
		}
		reports := map[string][]byte{}
		var names []string
		for i, r := range parts {
			r.Summary = Summarize(r.Files)
			var buf bytes.Buffer
			if err := WriteJSON(&buf, r); err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("part-%d.json", i)
			names = append(names, name)
			reports[name] = buf.Bytes()
		}

		want, err := Merge(parts)
		if err != nil {
			t.Fatal(err)
		}
		var wantJSON, got bytes.Buffer
		if err := WriteJSON(&wantJSON, want); err != nil {
			t.Fatal(err)
		}
		sum, err := MergeJSON(&got, names, opener(reports))
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != wantJSON.String() {
			t.Fatalf("trial %d, %d shards: MergeJSON differs from Merge:\n%s\n---\n%s", trial, shards, got.String(), wantJSON.String())
		}
		if sum.Files != want.Summary.Files || sum.Failed != want.Summary.Failed || sum.Errors != want.Summary.Errors {
			t.Errorf("trial %d: summary %+v, want %+v", trial, sum, want.Summary)
		}
	}
}

func opener(files map[string][]byte) func(string) (io.ReadCloser, error) {
	return func(name string) (io.ReadCloser, error) {
		data, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("open %s: no such file", name)
		}
		return io.NopCloser(bytes.NewReader(data)), nil
	}
}

// TestMergeJSONRejects checks that a report that is not one, or not of the same
// rulebook, stops the merge before anything is written, naming the file.
func TestMergeJSONRejects(t *testing.T) {
	var good bytes.Buffer
	if err := WriteJSON(&good, batch(passingFile(), failingFile())); err != nil {
		t.Fatal(err)
	}
	other := strings.Replace(good.String(), rulebook.Version, "9.9", 1)
	tests := []struct {
		name, report, want string
	}{
		{"truncated", good.String()[:good.Len()/2], "not a zhijian JSON report"},
		{"text after it", good.String() + "{}", "text after the report"},
		{"a list", "[1, 2]", "not a zhijian JSON report"},
		{"files not a list", `{"files": 3}`, "not a list"},
		{"a bad entry", `{"files": [{"path": 3}]}`, "not a zhijian JSON report"},
		{"another rulebook", other, "different rulebooks"},
		{"missing", "", "cannot read report"},
	}
	for _, tt := range tests {
		files := map[string][]byte{"good.json": good.Bytes(), "bad.json": []byte(tt.report)}
		if tt.name == "missing" {
			delete(files, "bad.json")
		}
		var out bytes.Buffer
		_, err := MergeJSON(&out, []string{"good.json", "bad.json"}, opener(files))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.want)
			continue
		}
		if tt.name != "another rulebook" && tt.name != "missing" && !strings.Contains(err.Error(), "bad.json") {
			t.Errorf("%s: error %q does not name the file", tt.name, err)
		}
		if out.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", tt.name, out.Len())
		}
	}
}

// TestMergeJSONReadsAnyMemberOrder: a report whose members come in another order (the
// rulebook last, say, after a tool rewrote it) merges as Unmarshal would read it.
func TestMergeJSONReadsAnyMemberOrder(t *testing.T) {
	r := batch(passingFile(), failingFile())
	var std bytes.Buffer
	if err := WriteJSON(&std, r); err != nil {
		t.Fatal(err)
	}
	reordered := []byte(`{"summary": {}, "files": [` + jsonOf(t, r.Files[0]) + `,` + jsonOf(t, r.Files[1]) +
		`], "extra": [1], "rulebook": ` + jsonOf(t, r.Rulebook) + `}`)
	for name, data := range map[string][]byte{"reordered": reordered, "files null": []byte(`{"rulebook": ` + jsonOf(t, r.Rulebook) + `, "files": null}`)} {
		var got, want bytes.Buffer
		if _, err := MergeJSON(&got, []string{"x.json"}, opener(map[string][]byte{"x.json": data})); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		src := r
		if name == "files null" {
			src = &Report{Rulebook: r.Rulebook}
		}
		m, _ := Merge([]*Report{src})
		if err := WriteJSON(&want, m); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: merged\n%s\nwant\n%s", name, got.String(), want.String())
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(buf.String())
}

func TestPathLess(t *testing.T) {
	split := func(a, b string) bool { // the definition: component by component
		as, bs := strings.Split(a, "/"), strings.Split(b, "/")
		for k := 0; k < len(as) && k < len(bs); k++ {
			if as[k] != bs[k] {
				return as[k] < bs[k]
			}
		}
		return len(as) < len(bs)
	}
	paths := []string{"", "a", "a/", "/a", "a/b", "a/b/c", "a/b-c", "a-b", "a/b/", "ab", "b", "a//b", "/"}
	for _, a := range paths {
		for _, b := range paths {
			if got, want := pathLess(a, b), split(a, b); got != want {
				t.Errorf("pathLess(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// endless is a report whose first entry, key or member never ends: head, then filler
// for ever. It counts the bytes read from it.
type endless struct {
	head   string
	filler byte
	n      int64
}

func (e *endless) Read(p []byte) (int, error) {
	k := 0
	for ; k < len(p) && e.n < int64(len(e.head)); k++ {
		p[k] = e.head[e.n]
		e.n++
	}
	for ; k < len(p); k++ {
		p[k] = e.filler
		e.n++
	}
	return k, nil
}

// TestMergeBoundsWhatItHolds: a report whose entry (or key, or member) never ends was
// read for ever, all of it kept to be decoded; now a report is refused past maxMergeEntry
// of one entry, counted in the bytes read. A report listing its entries out of walk order
// held them all; past maxAside it is refused. More than MaxMergeReports reports are
// refused before any is opened.
func TestMergeBoundsWhatItHolds(t *testing.T) {
	defer func(e, a int64) { maxMergeEntry, maxAside = e, a }(maxMergeEntry, maxAside)
	maxMergeEntry, maxAside = 1<<20, 1<<20
	const rb = `{"rulebook": {"name": "default", "version": "1"}, `
	for _, tc := range []struct {
		name string
		src  *endless
	}{
		{"entry", &endless{head: rb + `"files": [{"path": "a.txt", "error": "`, filler: 'x'}},
		{"list", &endless{head: rb + `"files": [{"path": "a.txt", "findings": [`, filler: ' '}},
		{"key", &endless{head: rb + `"`, filler: 'k'}},
		{"member", &endless{head: `{"x": [`, filler: ' '}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			open := func(string) (io.ReadCloser, error) { return io.NopCloser(tc.src), nil }
			_, err := MergeStream([]string{"big.json"}, open, func(r Rulebook) (Writer, error) { return NewJSONWriter(io.Discard, r), nil })
			if err == nil || !strings.Contains(err.Error(), "MB") {
				t.Errorf("err = %v", err)
			}
			if tc.src.n > 3<<20 {
				t.Errorf("%d bytes read", tc.src.n)
			}
		})
	}

	// Entries listed backwards: every one but the first out of walk order.
	var b strings.Builder
	b.WriteString(rb + `"files": [`)
	for i := 5000; i > 0; i-- {
		if i < 5000 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"path": "c%05d.txt", "error": "%s"}`, i, strings.Repeat("e", 300))
	}
	b.WriteString("]}")
	open := func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(b.String())), nil }
	start := func(r Rulebook) (Writer, error) { return NewJSONWriter(io.Discard, r), nil }
	if _, err := MergeStream([]string{"backwards.json"}, open, start); err == nil || !strings.Contains(err.Error(), "out of walk order") {
		t.Errorf("backwards: err = %v", err)
	}
	names := make([]string, MaxMergeReports+1)
	opened := 0
	count := func(string) (io.ReadCloser, error) { opened++; return nil, io.EOF }
	if _, err := MergeStream(names, count, start); err == nil || opened > 0 {
		t.Errorf("%d reports: err = %v, %d opened", len(names), err, opened)
	}
}
