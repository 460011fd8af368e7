package eval_test

import (
	"os"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
)

func TestCostTmp(t *testing.T) {
	if os.Getenv("ZHIJIAN_COST") == "" {
		t.Skip()
	}
	b := &testing.B{}
	seg := segment.New()
	mk := func(f func([]rule.Rule)) *pipeline.Checker {
		rb, _ := rulebook.Load(nil, seg)
		f(rb.Rules)
		return &pipeline.Checker{Rulebook: rb, Seg: seg}
	}
	variants := []*pipeline.Checker{mk(rule.Strict), mk(func([]rule.Rule) {})}
	for _, name := range []string{"samples", "asr"} {
		calls := sampleCalls(b, variants[0].Rulebook)
		if name == "asr" {
			calls = asrCalls(b, variants[0].Rulebook)
		}
		tot := make([]time.Duration, len(variants))
		for _, call := range calls {
			ms := []time.Duration{time.Hour, time.Hour}
			for round := 0; round < 25; round++ {
				for i, v := range variants {
					st := time.Now()
					v.CheckCall(call)
					ms[i] = min(ms[i], time.Since(st))
				}
			}
			tot[0] += ms[0]
			tot[1] += ms[1]
		}
		t.Logf("%-8s strict %v robust %v ×%.3f", name, tot[0], tot[1], float64(tot[1])/float64(tot[0]))
	}
}
