package transcript

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParsePlain parses the sample calls of testdata/calls: what every plain-text
// call costs before it is checked.
func BenchmarkParsePlain(b *testing.B) {
	paths, _ := filepath.Glob("../../testdata/calls/*.txt")
	var texts []string
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		size += len(data)
	}
	roles := DefaultRoles()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, text := range texts {
			if _, err := parsePlain(paths[i], text, roles, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
