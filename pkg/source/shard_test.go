package source_test

import (
	"fmt"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/source"
)

func TestShards(t *testing.T) {
	var inputs []source.Input
	for i := 0; i < 1000; i++ {
		inputs = append(inputs, source.Input{Path: fmt.Sprintf("calls/%03d/call-%d.txt", i%7, i)})
	}
	seen := map[string]int{}
	for k := 0; k < 4; k++ {
		n := 0
		for _, in := range inputs {
			if (source.Shard{K: k, N: 4}).Has(in) {
				seen[in.Path]++
				n++
			}
		}
		if n < 150 || n > 350 {
			t.Errorf("shard %d/4 has %d of 1000 inputs; the hash spreads them badly", k, n)
		}
	}
	if len(seen) != len(inputs) {
		t.Errorf("shards cover %d of %d inputs", len(seen), len(inputs))
	}
	for p, n := range seen {
		if n != 1 {
			t.Errorf("%s is in %d shards", p, n)
		}
	}
	// The same path written differently lands in the same shard.
	for k := 0; k < 3; k++ {
		s := source.Shard{K: k, N: 3}
		if s.Has(source.Input{Path: "calls/./a.txt"}) != s.Has(source.Input{Path: "calls/a.txt"}) {
			t.Error("a path's shard depends on how it is written")
		}
	}
	if !(source.Shard{K: 0, N: 1}).Has(source.Input{Path: "x.txt"}) {
		t.Error("the one shard of one lacks an input")
	}
}

func TestParseShard(t *testing.T) {
	for _, bad := range []string{"", "1", "4/4", "-1/3", "a/b", "1/0"} {
		if _, err := source.ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, err := source.ParseShard("2/5"); err != nil || s != (source.Shard{K: 2, N: 5}) {
		t.Errorf("ParseShard(2/5) = %v, %v", s, err)
	}
}
