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
