package rule

import (
	"math"
	"time"
	"unicode"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Overlap fires when Role starts speaking while the other side is still talking and the
// two talk over each other for at least MinOverlap (000 服务程序 9：用户在问询或讲话时，不得
// 打断客户的话; 003 第 24 条 7：打断或挑战客户). Back-channel is not an interruption: an
// utterance made only of Ignore phrases (嗯、对、是的 — what 000 特殊情况受理技巧 8 asks the
// agent to say while listening) neither interrupts nor is interrupted. With Role "" any
// speaker interrupting another is judged. Needs start and end times.
//
// One finding per interrupting utterance, at it, measured against the utterance it cut
// into longest. An overlap exactly MinOverlap long counts.
type Overlap struct {
	M          Meta
	Role       transcript.Role // who interrupts; "" for any
	MinOverlap time.Duration
	Ignore     Phrases // back-channel; optional
}

func (r *Overlap) Meta() *Meta { return &r.M }

// Skip: an overlap is speech that starts before the other side's end.
func (r *Overlap) Skip(c *Call) string { return missingTimes(c, true) }

func (r *Overlap) Check(c *Call) []Finding {
	if r.Skip(c) != "" {
		return nil
	}
	order := byStart(c)
	back := map[int]bool{}
	isBack := func(i int) bool {
		b, ok := back[i]
		if !ok {
			b = r.backChannel(c, i)
			back[i] = b
		}
		return b
	}
	var out []Finding
	for k, i := range order {
		u := c.Utterances[i]
		if u.Role == "" || (r.Role != "" && u.Role != r.Role) {
			continue
		}
		best, cut := time.Duration(0), -1
		for _, j := range order[:k] {
			p := c.Utterances[j]
			if p.Role == "" || p.Role == u.Role || p.Start >= u.Start || u.Start >= p.End {
				continue
			}
			if d := min(p.End, u.End) - u.Start; d > best && !isBack(j) {
				best, cut = d, j
			}
		}
		if cut < 0 || best < r.MinOverlap || best <= 0 || isBack(i) {
			continue
		}
		p := c.Utterances[cut]
		zh, en := roleName(u.Role)
		pzh, pen := roleName(p.Role)
		out = append(out, c.timed(&r.M, i, u.Start, u.Start+best, secs(best), secs(r.MinOverlap), UnitSeconds, msg.Sprintf("rule.cut-while-was-speaking-line",
			zh, pzh, p.Line, pzh, transcript.FormatTime(p.End), num(secs(best)), num(secs(r.MinOverlap)),
			en, pen)))
	}
	return out
}

// backChannel reports whether utterance i says nothing but Ignore phrases.
func (r *Overlap) backChannel(c *Call, i int) bool {
	if len(r.Ignore) == 0 {
		return false
	}
	norm := c.Texts[i].Norm
	covered := make([]bool, len(norm))
	for _, o := range r.Ignore.all(c, []int{i}) {
		for b := o.span.Start; b < o.span.End; b++ {
			covered[b] = true
		}
	}
	said := false
	for b, ch := range norm {
		if unicode.IsLetter(ch) || unicode.IsDigit(ch) {
			said = true
			if !covered[b] {
				return false
			}
		}
	}
	return said
}

// OverlapKind is the record of overlap rules.
var OverlapKind = &Kind{
	Name:     "overlap",
	Doc:      msg.Sprintf("rule.do-not-talk-over-other"),
	Keys:     []string{"min_overlap", "ignore"},
	Required: []string{"message"},
	Timing:   true,
	Build: func(d Decoder, m Meta, s Scope) Rule {
		r := &Overlap{M: m, Role: s.Role, MinOverlap: defaultMinOverlap}
		if d.Has("min_overlap") {
			r.MinOverlap = time.Duration(math.Round(d.Number("min_overlap", 0, maxOverlapSeconds) * float64(time.Second)))
		}
		if d.Has("ignore") {
			r.Ignore = d.Phrases("ignore")
		}
		return r
	},
	Example: "{id: interrupt, kind: overlap, role: agent, message: 插话}",
}

// defaultMinOverlap: overlaps shorter than this are turn-taking, not interruptions
// (speech recognition moves boundaries by a few hundred milliseconds); maxOverlapSeconds
// is the largest threshold a rule takes.
const (
	defaultMinOverlap = time.Second
	maxOverlapSeconds = 60
)

func (r *Overlap) Uses() []Use {
	return []Use{{"ignore", r.M.Role, WantOther, r.Ignore}}
}

func (r *Overlap) Describe(add func(label, value string)) {
	add("角色 role", RoleWords(r.Role))
	add("重叠 min_overlap", secondsWords(r.MinOverlap))
}
