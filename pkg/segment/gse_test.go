package segment_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-ego/gse"

	"github.com/zhijian-qa/zhijian/pkg/normalize"
)

// TestSameAsGse segments every clause of the repository's transcripts and rulebook cases,
// and of the service standards when they are beside the repository, both with the
// compiled dictionary and with gse itself: the word boundaries must be identical.
func TestSameAsGse(t *testing.T) {
	if testing.Short() {
		t.Skip("loads gse's dictionary (a few seconds)")
	}
	var ref gse.Segmenter
	ref.SkipLog = true
	if err := ref.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, pattern := range []string{
		"../../testdata/*/*.txt", "../../testdata/rulecases/*.yaml", "../../rules/*.yaml",
		"../../../shared/seeds/*.txt",
	} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	clauses := 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			nt := normalize.New(sc.Text())
			c := nt.Chunks()
			for k := 0; k+1 < len(c); k++ {
				clause := nt.Norm[c[k]:c[k+1]]
				got, err := seg.Tokens(nil, clause)
				if err != nil {
					t.Fatal(err)
				}
				var want []int
				for _, s := range ref.Segment([]byte(clause)) {
					want = append(want, s.End())
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: %q: boundaries %v, gse %v", path, clause, got, want)
				}
				clauses++
			}
		}
		f.Close()
	}
	if clauses < 1000 {
		t.Errorf("only %d clauses compared", clauses)
	}
	t.Logf("%d clauses from %d files segmented as gse does", clauses, len(files))
}
