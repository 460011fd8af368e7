package config

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// naiveMatch is Match as it was: every way of stretching each ** tried again.
func naiveMatch(g, p []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if naiveMatch(g[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 {
			return false
		}
		if ok, err := filepath.Match(g[0], p[0]); err != nil || !ok {
			return false
		}
		g, p = g[1:], p[1:]
	}
	return true
}

// Match remembering where the rest cannot match says what trying every way said.
func TestMatchAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	globSegs := []string{"**", "a", "b", "*", "a*", "?"}
	pathSegs := []string{"a", "b", "ab", "c"}
	for range 20000 {
		g := make([]string, 1+r.IntN(6))
		for i := range g {
			g[i] = globSegs[r.IntN(len(globSegs))]
		}
		p := make([]string, 1+r.IntN(7))
		for i := range p {
			p[i] = pathSegs[r.IntN(len(pathSegs))]
		}
		glob, path := strings.Join(g, "/"), strings.Join(p, "/")
		want := naiveMatch(strings.Split(glob, "/"), p)
		if len(g) == 1 { // no slash: the base name anywhere
			want = naiveMatch([]string{"**", glob}, p)
		}
		if got := Match(glob, path); got != want {
			t.Fatalf("Match(%q, %q) = %v, want %v", glob, path, got, want)
		}
	}
}

// TestMatchManyDoubleStars is the regression test for an --exclude of 25 "**/a/" over a
// path 60 deep: every way of stretching each ** was tried, for minutes (it ends in
// milliseconds; only go test's deadline watches it).
func TestMatchManyDoubleStars(t *testing.T) {
	path := strings.Repeat("a/", 60) + "x.txt"
	if Match(strings.Repeat("**/a/", 25)+"b", path) {
		t.Error("matched without a b")
	}
	if !Match(strings.Repeat("**/a/", 25)+"x.txt", path) {
		t.Error("did not match")
	}
}
