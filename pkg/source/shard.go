package source

import (
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"hash/fnv"
	"path/filepath"
	"strconv"
	"strings"
)

// Shard is one of N stable slices of a batch: K in [0, N).
type Shard struct{ K, N int }

// ParseShard reads "K/N".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 0 || ki >= ni {
		return Shard{}, msg.Errorf("source.shard-takes-with-got", s)
	}
	return Shard{ki, ni}, nil
}

// Has reports whether in belongs to shard s: the one its cleaned, slash separated path
// hashes to, so every machine given the same paths picks the same files whatever order
// it lists them in, and the N shards together are the whole batch once.
func (s Shard) Has(in Input) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(filepath.ToSlash(filepath.Clean(in.Path))))
	return int(h.Sum64()%uint64(s.N)) == s.K
}
