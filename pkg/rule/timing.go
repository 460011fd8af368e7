package rule

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Why a timing rule cannot judge a call. The reasons are shared by every timing rule, so a
// report lists each once per call with the rules it stopped.
const (
	// NoTimestamps: some utterance has no time at all.
	NoTimestamps = "无时间戳 / no timestamps"
	// NoEndTimes: every utterance has a start but some have no end, so nothing that
	// needs to know when someone stopped talking (a rate, a silence, an overlap) can be
	// measured. Timing rules never guess an end from the next start.
	NoEndTimes = "无结束时间 / no end times"
)

// Units of Finding.Value and Finding.Limit.
const (
	UnitCharsPerMinute = "chars/min"
	UnitSeconds        = "s"
)

// missingTimes says why c cannot be timed, or "": NoTimestamps when an utterance has no
// start, NoEndTimes when ends are needed and an utterance has none. Every utterance
// counts, whatever the rule's role: a transcript timed in part is not timed.
func missingTimes(c *Call, ends bool) string {
	k := 0
	if ends {
		k = 1
	}
	if !c.timesKnown[k] {
		// Once per call: each timing rule asks twice (Skip, then Check).
		c.times[k], c.timesKnown[k] = missingTimesOf(c, ends), true
	}
	return c.times[k]
}

func missingTimesOf(c *Call, ends bool) string {
	for ui := range c.Utterances {
		u := &c.Utterances[ui] // not a copy of each utterance
		if !u.HasStart {
			return NoTimestamps
		}
	}
	if ends {
		for ui := range c.Utterances {
			u := &c.Utterances[ui] // not a copy of each utterance
			if !u.HasEnd {
				return NoEndTimes
			}
		}
	}
	return ""
}

// byStart returns the utterance indexes in the order they started; utterances that start
// together keep the order they were written in.
func byStart(c *Call) []int {
	if c.order != nil {
		return c.order
	}
	order := make([]int, len(c.Utterances))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(c.Utterances[a].Start, c.Utterances[b].Start)
	})
	c.order = order
	return order
}

// num formats a measured value for people: at most one decimal, none when it is whole.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func secs(d time.Duration) float64 { return d.Seconds() }

// timed builds a timing finding at utterance i (none when i < 0).
func (c *Call) timed(m *Meta, i int, from, to time.Duration, value, limit float64, unit, detail string) Finding {
	f := Finding{Rule: m, Start: from, End: to, HasStart: true, HasEnd: true,
		Value: math.Round(value*10) / 10, Limit: limit, Unit: unit, Detail: detail}
	if i >= 0 {
		f.Utterance = &c.Utterances[i]
	}
	return f
}

// sortFindings puts timing findings in call order: by the utterance they point at, then
// by their start.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		ta, tb := math.MaxInt, math.MaxInt
		if a.Utterance != nil {
			ta = a.Utterance.Turn
		}
		if b.Utterance != nil {
			tb = b.Utterance.Turn
		}
		if ta != tb {
			return cmp.Compare(ta, tb)
		}
		return cmp.Compare(a.Start, b.Start)
	})
}

// spokenChars counts what was said in normalised text, for a speech rate: each Chinese
// character and each digit is one (号码 13800001234 is read digit by digit), a run of
// Latin letters is one (an English word or an abbreviation like wifi takes about as long
// as a character or two). Punctuation and spaces are not speech.
func spokenChars(norm string) int {
	n := 0
	latin := false
	for i := 0; i < len(norm); {
		r, size := rune(norm[i]), 1
		if c := norm[i]; c >= utf8.RuneSelf { // normalize.DecodeRune, in line: the call cost more than the work
			if c-0xE1 < 0x0F && c != 0xED && i+2 < len(norm) && (norm[i+1]^0x80)|(norm[i+2]^0x80) < 0x40 {
				r, size = rune(c&0x0F)<<12|rune(norm[i+1]&0x3F)<<6|rune(norm[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(norm[i:])
			}
		}
		i += size
		switch {
		case r >= 0x4E00 && r <= 0x9FFF: // the CJK Unified Ideographs, all Han: no table search
			n++
			latin = false
		case r < utf8.RuneSelf:
			switch {
			case '0' <= r && r <= '9':
				n++
				latin = false
			case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z':
				if !latin {
					n++
				}
				latin = true
			default:
				latin = false
			}
		case unicode.Is(unicode.Han, r), unicode.IsDigit(r):
			n++
			latin = false
		case unicode.IsLetter(r):
			if !latin {
				n++
			}
			latin = true
		default:
			latin = false
		}
	}
	return n
}

// roleName names a role for a finding's detail, Chinese and English.
func roleName(r transcript.Role) (zh, en string) {
	switch r {
	case transcript.Agent:
		return "坐席", "agent"
	case transcript.Customer:
		return "客户", "customer"
	}
	return "说话人", "speaker"
}

// otherName names the side a role talks to.
func otherName(r transcript.Role) (zh, en string) {
	switch r {
	case transcript.Agent:
		return "客户", "the caller"
	case transcript.Customer:
		return "坐席", "the agent"
	}
	return "对方", "the other side"
}

// A hold is a wait one side announced ("麻烦您稍等片刻，好吗？"): it runs from the
// announcement through that side's check-ins ("对不起，请再稍等一下") to the first of its
// utterances that says no hold phrase, the return ("让您久等了"). The other side may speak
// meanwhile ("好的") without ending it.
type hold struct {
	role transcript.Role
	// own are the announcer's utterances during the wait, in time order: the
	// announcement first, then the check-ins.
	own []int
	// ret is the announcer's utterance that ends the wait; -1 when the call ends first.
	ret int
}

// holds finds the waits announced with ps by either side, in time order. An utterance
// during a wait that says one of restart as well as a hold phrase ends the wait and
// announces the next.
func holds(c *Call, order []int, ps, restart Phrases) []hold {
	var out []hold
	open := map[transcript.Role]int{} // role → index in out of its open hold
	next := ps.next(c, order, 0)      // the next utterance that may announce one
	for at, i := range order {
		u := c.Utterances[i]
		if u.Role == "" {
			if at == next {
				next = ps.next(c, order, at+1)
			}
			continue
		}
		says := false
		if at == next {
			_, says = ps.first(c, order[at:at+1])
			next = ps.next(c, order, at+1)
		}
		k, waiting := open[u.Role]
		switch {
		case waiting && says && len(restart) > 0 && saysAny(c, restart, i):
			out[k].ret = i
			open[u.Role] = len(out)
			out = append(out, hold{role: u.Role, own: []int{i}, ret: -1})
		case waiting && says:
			out[k].own = append(out[k].own, i)
		case waiting:
			out[k].ret = i
			delete(open, u.Role)
		case says:
			open[u.Role] = len(out)
			out = append(out, hold{role: u.Role, own: []int{i}, ret: -1})
		}
	}
	return out
}

func saysAny(c *Call, ps Phrases, i int) bool {
	_, ok := ps.first(c, []int{i})
	return ok
}

// from is when the wait began: the end of the announcement.
func (h hold) from(c *Call) time.Duration { return c.Utterances[h.own[0]].End }

// covers reports whether the silence from–to falls within the wait.
func (h hold) covers(c *Call, from, to time.Duration) bool {
	if from < h.from(c) {
		return false
	}
	return h.ret < 0 || to <= c.Utterances[h.ret].Start
}

// gap is a silence: nobody speaking from the end of the last words before it to the start
// of utterance next, which broke it.
type gap struct {
	from, to time.Duration
	next     int
}

// silences lists the silences of a call, in time order. Overlapping speech leaves none.
func silences(c *Call, order []int) []gap {
	var out []gap
	var end time.Duration
	for k, i := range order {
		u := c.Utterances[i]
		if k > 0 && u.Start > end {
			out = append(out, gap{end, u.Start, i})
		}
		end = max(end, u.End)
	}
	return out
}

// Start times bound the truth. An utterance ended no later than the next one began, and no
// later than its words take at SlowestSpeech (pauses within it included), plus
// speechSlack. Timing an utterance to that latest end makes a silence, a wait or a time to
// answer no longer, and a rate no faster, than it really was: what is out of bounds so
// measured is out of bounds, and the rest is not judged.
const (
	SlowestSpeech = 1.5 // characters a second
	speechSlack   = time.Second
)

// bounded returns c as a timing rule measures it, and whether any end was bounded: c
// itself when every utterance has its end, else a copy in which each missing end is the
// latest it can be (typed: its start, a chat message being sent whole). It needs every
// start (missingTimes).
func bounded(c *Call, typed bool) (*Call, bool) {
	if missingTimes(c, true) == "" {
		return c, false
	}
	slot := 0
	if typed {
		slot = 1
	}
	if b := c.bounds[slot]; b != nil {
		return b, true // made once per call for all the timing rules
	}
	order := byStart(c)
	c.counted()   // shared with the copy
	tc := *c.Call // the transcript is shared: bound a copy of its utterances
	tc.Utterances = append([]transcript.Utterance(nil), c.Utterances...)
	b := *c
	b.Call, b.roles, b.bounds, b.timesKnown = &tc, nil, [2]*Call{}, [2]bool{}
	for k, i := range order {
		u := &b.Utterances[i]
		if u.HasEnd {
			continue
		}
		u.HasEnd = true
		if typed {
			u.End = u.Start
			continue
		}
		n := c.spoken(i)
		u.End = u.Start + time.Duration(float64(n)/SlowestSpeech*float64(time.Second)) + speechSlack
		for _, j := range order[k+1:] {
			if next := c.Utterances[j].Start; next > u.Start {
				u.End = min(u.End, next)
				break
			}
		}
	}
	c.bounds[slot] = &b
	return &b, true
}

// Notes (message keys) on a finding measured from start times only.
const (
	boundLonger = "rule.start-times-only-no-shorter"
	boundFaster = "rule.start-times-only-no-slower"
)

// noteBound marks findings measured on a bounded call with the note message.
func noteBound(fs []Finding, est bool, note string) []Finding {
	if est {
		for i := range fs {
			fs[i].Detail = msg.Append(fs[i].Detail, note)
		}
	}
	return fs
}

// counts reports whether a match of the composite phrase p in t, the text of utterance i
// (or of i joined to the one before it), counts: its other parts and exceptions hold in
// t, the silence p asks for follows utterance i, and a meaning item below its own
// threshold has its second utterance.
func (c *Call) counts(p *match.Pattern, i int, t *match.Text) bool {
	if !p.Holds(t) {
		return false
	}
	if p.Twice > 0 && !p.Alone(t) && !c.secondUtterance(p, i) {
		return false
	}
	if len(p.UnlessAnswering) > 0 && c.answersOneOf(i, p.UnlessAnswering) {
		return false
	}
	return p.SilenceAfter == 0 || c.silenceAfter(i) >= p.SilenceAfter
}

// answersOneOf reports whether utterance i answers an utterance matching one of ps: the
// other side's last utterance before i, where i is the first of its speaker after it.
func (c *Call) answersOneOf(i int, ps []*match.Pattern) bool {
	role := c.Utterances[i].Role
	for j := i - 1; j >= 0; j-- {
		if c.Utterances[j].Role == role {
			return false // i follows its own speaker: it answers nothing new
		}
		if c.Utterances[j].Role == transcript.Unknown {
			continue // a system prompt or an unattributed line between them
		}
		for _, p := range ps {
			if _, ok := p.Find(c.Texts[j]); ok {
				return true
			}
		}
		return false
	}
	return false
}

// secondUtterance reports whether another utterance of utterance i's speaker scores at
// least p's Twice, its exceptions not cancelling it.
func (c *Call) secondUtterance(p *match.Pattern, i int) bool {
	for _, j := range c.byRole(c.Utterances[i].Role) {
		if j != i && p.ReachesTwice(c.Texts[j]) && p.Holds(c.Texts[j]) {
			return true
		}
	}
	return false
}

// silenceAfter is the longest silence between the end of utterance i and the next time
// its speaker speaks (or the end of the call): how long the other side was left waiting
// after it. The other side may speak meanwhile ("好的"). With start times only, ends are
// bounded (bounded), so the silence is never longer than it was; without every start
// time it is 0.
func (c *Call) silenceAfter(i int) time.Duration {
	if missingTimes(c, false) != "" {
		return 0
	}
	b, _ := bounded(c, false)
	u := b.Utterances[i]
	end, longest := u.End, time.Duration(0)
	for _, j := range byStart(c) {
		v := b.Utterances[j]
		if j == i || v.Start < u.Start || v.Start == u.Start && j < i {
			continue
		}
		if v.Start > end {
			longest = max(longest, v.Start-end)
		}
		if v.Role == u.Role {
			break
		}
		end = max(end, v.End)
	}
	return longest
}
