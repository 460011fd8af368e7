package pipeline

import (
	"os"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/baseline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestAdoptionHooks(t *testing.T) {
	seg := segment.New()
	rb, err := rulebook.Shipped("call-center", seg)
	if err != nil {
		t.Fatal(err)
	}
	text := "坐席：您好，请问有什么可以帮到您？\n# zhijian-disable-next-line forbidden-phrases\n坐席：你有完没完\n坐席：你有完没完\n坐席：请问还有什么能帮到您？\n客户：没有了\n坐席：谢谢您的电话，再见！\n"
	call, err := transcript.ParsePlain("s/a.txt", text, rb.Roles)
	if err != nil {
		t.Fatal(err)
	}
	count := func(f report.Call, id string) (kept, aside int) {
		for _, fd := range f.Findings {
			if fd.Rule == id {
				kept++
			}
		}
		for _, fd := range f.Suppressed {
			if fd.Rule == id {
				aside++
			}
		}
		return
	}
	c := &Checker{Rulebook: rb}
	f := c.CheckCall(call)
	if k, a := count(f, "forbidden-phrases"); k != 1 || a != 1 || f.Suppressed[0].SuppressedBy != report.SuppressedInline || f.Suppressed[0].Line != 3 {
		t.Errorf("inline: kept %d, aside %d: %+v", k, a, f.Suppressed)
	}

	// The baseline knows the remaining one: the call scores as if it were not there.
	var bd baseline.Builder
	bd.Add(f)
	b := writeAndLoad(t, &bd)
	c.Baseline = b
	f2 := c.CheckCall(call)
	if k, a := count(f2, "forbidden-phrases"); k != 0 || a != 2 || *f2.Score <= *f.Score {
		t.Errorf("baseline: kept %d, aside %d, score %v (was %v)", k, a, *f2.Score, *f.Score)
	}
	c.Baseline = nil

	// A rule switched off for the path is not run at all.
	c.Disabled = func(path string) map[string]bool { return map[string]bool{"forbidden-phrases": path == "s/a.txt"} }
	if k, a := count(c.CheckCall(call), "forbidden-phrases"); k != 0 || a != 0 {
		t.Errorf("disabled: kept %d, aside %d", k, a)
	}
	c.Disabled = nil

	// --fail-level: a passing call with a warning fails at warning, not at error.
	clean, _ := transcript.ParsePlain("b.txt", "坐席：您好，请问有什么可以帮到您？\n坐席：请问还有什么能帮到您？\n客户：没有了\n坐席：谢谢您的电话，再见！\n", rb.Roles)
	base := c.CheckCall(clean)
	hasWarning := false
	for _, fd := range base.Findings {
		hasWarning = hasWarning || fd.Severity == "warning"
	}
	if !base.Passed || !hasWarning {
		t.Skipf("the sample call should pass with a warning: %+v", base)
	}
	c.FailLevel = rule.Error
	if !c.CheckCall(clean).Passed {
		t.Error("failed at level error with warnings only")
	}
	c.FailLevel = rule.Warning
	if c.CheckCall(clean).Passed {
		t.Error("passed at level warning with a warning")
	}
}

func writeAndLoad(t *testing.T, bd *baseline.Builder) *baseline.Baseline {
	t.Helper()
	path := t.TempDir() + "/b.json"
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := bd.Write(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, err := baseline.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
