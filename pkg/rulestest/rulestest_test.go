package rulestest

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/segment"
)

func TestParse(t *testing.T) {
	c, err := Parse("tests/a.txt", "# rulebook: ../my.yaml\n# expect-score: 85\n# expect: closing\n# ok: greeting\n"+
		"坐席：你有完没完  # expect: forbidden-phrases, no-commands\n坐席：请按#号键  # ok: forbidden-phrases\n# call_id: X\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Rulebook != "my.yaml" || c.Score == nil || *c.Score != 85 {
		t.Errorf("headers: %+v", c)
	}
	want := []Expectation{{"closing", 0, true, 3}, {"greeting", 0, false, 4},
		{"forbidden-phrases", 5, true, 5}, {"no-commands", 5, true, 5}, {"forbidden-phrases", 6, false, 6}}
	if len(c.Expect) != len(want) {
		t.Fatalf("expectations %+v", c.Expect)
	}
	for i, w := range want {
		if c.Expect[i] != w {
			t.Errorf("expectation %d = %+v, want %+v", i, c.Expect[i], w)
		}
	}
	lines := strings.Split(c.Text, "\n")
	if lines[0] != "" || lines[4] != "坐席：你有完没完" || lines[5] != "坐席：请按#号键" || lines[6] != "# call_id: X" {
		t.Errorf("annotations not taken out, line numbers not kept:\n%q", lines)
	}
	if _, err := Parse("b.txt", "# expect-score: lots\n"); err == nil {
		t.Error("a bad score was accepted")
	}
}

func TestRun(t *testing.T) {
	r := &Runner{Seg: segment.New()}
	c, err := Parse("a.txt", "# rulebook: call-center\n坐席：你有完没完\n  真的。  # expect: forbidden-phrases\n坐席：您请讲。  # ok: forbidden-phrases\n坐席：你听明白了吗\n")
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Run(c)
	if err != nil {
		t.Fatal(err)
	}
	// The annotation on a continuation line is about its utterance; line 5 fires unannotated.
	if len(res.Failures) != 1 || !strings.HasPrefix(res.Failures[0], "a.txt:5: forbidden-phrases 意外命中") {
		t.Errorf("failures: %q", res.Failures)
	}
	// An expectation about a rule the rulebook lacks is a broken test, an error at its line.
	c, _ = Parse("b.txt", "# rulebook: call-center\n# expect: no-such-rule\n坐席：好的\n")
	if _, err := r.Run(c); err == nil || !strings.Contains(err.Error(), "b.txt:2") || !strings.Contains(err.Error(), "no-such-rule") {
		t.Errorf("unknown rule: %v, want an error at b.txt:2", err)
	}
}

// An expect-score that is no score is refused at its line: NaN passed whatever the call
// scored (it differs from every score by no more than any tolerance).
func TestExpectScoreThatIsNoScore(t *testing.T) {
	for _, v := range []string{"nan", "NaN", "-nan", "inf", "-Inf", "101", "-1", "1e309", "八十五", ""} {
		if _, err := Parse("b.txt", "# expect-score: "+v+"\n坐席：您好\n"); err == nil || !strings.Contains(err.Error(), "b.txt:1") {
			t.Errorf("expect-score %q: %v, want an error at b.txt:1", v, err)
		}
	}
	for _, v := range []string{"0", "85", "85.5", "100"} {
		if c, err := Parse("b.txt", "# expect-score: "+v+"\n坐席：您好\n"); err != nil || c.Score == nil {
			t.Errorf("expect-score %q: %v", v, err)
		}
	}
}
