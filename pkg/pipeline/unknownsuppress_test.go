package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestUnknownSuppressionsFewAndInOrder: comments naming rules the rulebook lacks are
// warned of in line order (not as text: line 100000 before line 10000), and at most
// maxUnknownListed of them one by one; a transcript naming a hundred thousand made a
// report of 65 MB.
func TestUnknownSuppressionsFewAndInOrder(t *testing.T) {
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "# zhijian-disable-next-line no-such-rule-%d\n坐席：您好，请问有什么可以帮您？\n", 29-i)
	}
	file, _ := checkWithDefault(t, b.String())
	var named []string
	more := false
	for _, w := range file.Warnings {
		if strings.Contains(w, "no-such-rule") {
			named = append(named, w)
		}
		more = more || strings.Contains(w, "and 10 more rules")
	}
	if len(named) != 20 || !more {
		t.Fatalf("%d warnings naming a rule (want 20), one saying 10 more: %v\n%s", len(named), more, strings.Join(file.Warnings, "\n"))
	}
	if !strings.Contains(named[0], `"no-such-rule-29"`) || !strings.Contains(named[19], `"no-such-rule-10"`) {
		t.Errorf("not in line order:\n%s", strings.Join(named, "\n"))
	}
}
