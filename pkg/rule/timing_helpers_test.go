package rule_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// timedWant is an expected timing finding: the turn it points at (0 for none), the span
// it reports and the value it measured.
type timedWant struct {
	turn     int
	from, to float64 // seconds
	value    float64
}

// checkTimed runs r over c and compares its findings with ws, in order. Every timing
// finding leaves Match empty, gives its span and says what it measured.
func checkTimed(t *testing.T, r rule.Rule, c *rule.Call, ws ...timedWant) {
	t.Helper()
	got := r.Check(c)
	if len(got) != len(ws) {
		t.Fatalf("%s: got %d findings, want %d:\n%s", r.Meta().ID, len(got), len(ws), describeTimed(got))
	}
	for i, f := range got {
		w := ws[i]
		if f.Rule != r.Meta() {
			t.Errorf("finding %d: Rule = %p, want the rule's own Meta %p", i, f.Rule, r.Meta())
		}
		switch {
		case w.turn == 0 && f.Utterance != nil:
			t.Errorf("finding %d: Utterance = turn %d, want nil", i, f.Utterance.Turn)
		case w.turn != 0 && (f.Utterance == nil || f.Utterance.Turn != w.turn):
			t.Errorf("finding %d: points at %s, want turn %d", i, describeTimed(got[i:i+1]), w.turn)
		}
		if f.Match != "" {
			t.Errorf("finding %d: Match = %q, want none for a timing finding", i, f.Match)
		}
		if !f.HasStart || !f.HasEnd || f.Start != sec(w.from) || f.End != sec(w.to) {
			t.Errorf("finding %d: span %v–%v (has %v %v), want %vs–%vs", i, f.Start, f.End, f.HasStart, f.HasEnd, w.from, w.to)
		}
		if f.Value != w.value {
			t.Errorf("finding %d: Value = %v, want %v", i, f.Value, w.value)
		}
		// A report may show one language: the detail splits at its only " / ".
		if f.Unit == "" || !hasHalves(f.Detail) {
			t.Errorf("finding %d: Unit %q, Detail %q: want a unit and a detail \"中文 / English\"", i, f.Unit, f.Detail)
		}
	}
}

func describeTimed(fs []rule.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Utterance != nil {
			fmt.Fprintf(&b, "  turn %d %s：%s", f.Utterance.Turn, f.Utterance.Label, f.Utterance.Text)
		} else {
			b.WriteString("  <no utterance>")
		}
		fmt.Fprintf(&b, " [%v–%v] value %v limit %v %s — %s\n", f.Start, f.End, f.Value, f.Limit, f.Unit, f.Detail)
	}
	return b.String()
}

// sec converts seconds as a test writes them (15.1) to a duration, as the rulebook does.
func sec(s float64) time.Duration { return time.Duration(s*1000+0.5) * time.Millisecond }

// at formats an offset for a transcript line: 75.2 → 00:01:15.200.
func at(s float64) string { return transcript.FormatTime(sec(s)) }

// line writes a timed transcript line.
func line(from, to float64, label, text string) string {
	return fmt.Sprintf("[%s-%s] %s：%s", at(from), at(to), label, text)
}

// startOnly drops the end times of timed lines, as many ASR exports do.
func startOnly(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if j, k := strings.Index(l, "-"), strings.Index(l, "]"); strings.HasPrefix(l, "[") && j > 0 && j < k {
			l = l[:j] + l[k:]
		}
		out[i] = l
	}
	return out
}

// untimed drops the times altogether.
func untimed(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if k := strings.Index(l, "] "); strings.HasPrefix(l, "[") && k > 0 {
			l = l[k+2:]
		}
		out[i] = l
	}
	return out
}

// says returns n characters of plausible agent speech, punctuation left out, so a test
// can time exactly n characters.
func says(n int) string {
	const text = "王先生您好我这边帮您查询了一下您本月的账单除了五十八元的套餐月费以外还有一笔三十二元的流量超出费用" +
		"是十月二十五号到三十一号之间产生的套餐内的流量在二十四号就已经用完了之后的流量按每个五元计费您看还有什么需要了解的吗"
	r := []rune(text)
	if n > len(r) {
		panic("says: too long")
	}
	return string(r[:n])
}

// skips checks that r skips c for why, and finds nothing when run anyway.
func skips(t *testing.T, r interface {
	rule.Rule
	rule.Skipper
}, c *rule.Call, why string) {
	t.Helper()
	if got := r.Skip(c); got != why {
		t.Errorf("Skip = %q, want %q", got, why)
	}
	if fs := r.Check(c); len(fs) != 0 {
		t.Errorf("Check on a call it skips found %d:\n%s", len(fs), describeTimed(fs))
	}
}

// Every timing kind is a Rule and a Skipper.
var _ = []interface {
	rule.Rule
	rule.Skipper
}{&rule.Rate{}, &rule.Silence{}, &rule.Latency{}, &rule.Overlap{}, &rule.Duration{}}

// boundedSubset checks r on a call with start times only: it judges (no skip), and every
// finding it makes there points at an utterance it also finds with full times: a bound
// may miss a silence or a rate, never invent one.
func boundedSubset(t *testing.T, r interface {
	rule.Rule
	rule.Skipper
}, full, startOnly []string) {
	t.Helper()
	so := mustCall(t, startOnly...)
	if why := r.Skip(so); why != "" {
		t.Errorf("start times only: Skip = %q, want none", why)
	}
	want := map[int]bool{}
	for _, f := range r.Check(mustCall(t, full...)) {
		want[f.Utterance.Line] = true
	}
	for _, f := range r.Check(so) {
		if !want[f.Utterance.Line] {
			t.Errorf("start times only: a finding at line %d that full times do not show: %s", f.Utterance.Line, f.Detail)
		}
	}
}

// hasHalves says whether d is in both languages, as msg.Text joins them.
func hasHalves(d string) bool {
	zh, en, ok := msg.Split(d)
	return ok && zh != "" && en != "" && !strings.Contains(en, " / ")
}
