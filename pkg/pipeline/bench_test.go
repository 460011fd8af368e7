package pipeline_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// BenchmarkCheckCall evaluates the default rulebook over the sample calls, already read
// and parsed: normalise, segment, match, evaluate and score.
func BenchmarkCheckCall(b *testing.B) {
	seg := segment.New()
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		b.Fatal(err)
	}
	c := &pipeline.Checker{Rulebook: rb}
	paths, _ := filepath.Glob("../../testdata/calls/*.txt")
	var calls []*transcript.Call
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		call, err := transcript.ParsePlain(p, string(data), rb.Roles)
		if err != nil {
			b.Fatal(err)
		}
		calls = append(calls, call)
		size += len(data)
	}
	c.CheckCall(calls[0]) // load the dictionary outside the timing
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, call := range calls {
			c.CheckCall(call)
		}
	}
}

// BenchmarkCorpus checks the files of the corpus in $ZHIJIAN_CORPUS (written by
// testdata/bench/gencorpus) end to end: read, decode, parse, check, score.
func BenchmarkCorpus(b *testing.B) {
	dir := os.Getenv("ZHIJIAN_CORPUS")
	if dir == "" {
		b.Skip("set ZHIJIAN_CORPUS to a corpus from testdata/bench/gencorpus")
	}
	seg := segment.New()
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		b.Fatal(err)
	}
	inputs, problems := source.Expand([]string{dir}, source.Options{})
	c := &pipeline.Checker{Rulebook: rb}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Stream(inputs, problems, func(report.Call) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
