// Package rule evaluates compiled rules over a prepared call. Each rule kind is a small
// type in its own file behind the Rule interface; the rulebook stage builds them once and
// they run over every call.
package rule

import (
	"time"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/meaning"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Severity grades a finding.
type Severity string

const (
	Info    Severity = "info"
	Warning Severity = "warning"
	Error   Severity = "error"
)

// Meta is what every rule has, whatever its kind.
type Meta struct {
	ID   string
	Kind string
	// Concept is what the rule checks, in a vocabulary shared across rulebooks
	// (docs/calibration.md): several rules may check one concept. The rulebook's
	// concept: key; the rule's id when absent.
	Concept  string
	Role     transcript.Role // "" means any role
	Severity Severity
	Message  string
	// Source cites the service standard the rule comes from; File is the rulebook that
	// defines it.
	Source string
	File   string
	// Deduct is the points lost per finding; MaxDeduct, when positive, caps the total a
	// rule can lose in one call.
	Deduct    float64
	MaxDeduct float64
	// Group is the condition group the rule sits in (nil outside one). A group's
	// MaxDeduct caps what all its rules together take from one call.
	Group *Meta
	// Fatal findings fail the call whatever its score (红线).
	Fatal bool
	// Section is the scorecard section the rule's deductions come out of ("" for none).
	Section string
	// Bonus makes the rule a bonus item (加分项): when it fires — something done well
	// was said — the call gains Bonus points, once, instead of losing any.
	Bonus float64
	// Fallback findings only add what the other rules did not find: one on an utterance
	// another rule also has a finding on is dropped (a meaning rule's).
	Fallback bool
}

// Rule is a compiled rule.
type Rule interface {
	Meta() *Meta
	// Check returns the rule's findings in call order.
	Check(c *Call) []Finding
}

// Skipper is implemented by rules that cannot judge every call: a timing rule on a call
// without the times it needs. Skip returns why the rule does not apply to c, or "".
// Reasons are short and shared between rules ("无结束时间 / no end times") so a report
// can say each once per call.
type Skipper interface {
	Skip(c *Call) string
}

// Finding is one violation. Utterance is nil when there is nothing to point at (a
// required phrase in a window the call never reached).
type Finding struct {
	Rule      *Meta
	Utterance *transcript.Utterance
	// Match is the original text of the matched span; empty for something missing.
	Match string
	// Line is the file line of the match when it is not the utterance's first (a
	// continuation line of plain text); 0 otherwise.
	Line int
	// Phrase is the phrase as the rulebook writes it that was found (phrase rules). Fuzzy
	// says how it was found when not as written (robust.go): "fillers" (fillers or a
	// stutter skipped), "pinyin" (a homophone: Match is what was heard), "split" (across
	// two utterances of one speaker, "split+pinyin" …), or, in Call.Notes, "negated".
	Phrase string
	Fuzzy  string

	// Timing rules (rate, silence, latency, overlap, duration) leave Match empty and say
	// what they measured: the span Start–End concerned (a silence runs from the end of the
	// last words before it to the start of the utterance that broke it, so Start may differ
	// from the utterance's own start), the Value measured against the Limit it broke, in
	// Unit (UnitCharsPerMinute or UnitSeconds), and Detail in words: Chinese, the only
	// " / ", then English ("语速 182 字/分钟，上限 150 / 182 chars/min, limit 150"). A
	// finding with no limit to break (a wait not thanked for) has Limit 0. A finding with a
	// Unit is a measurement, not something missing. All zero for phrase rules.
	Start, End       time.Duration
	HasStart, HasEnd bool
	Value, Limit     float64
	Unit             string
	Detail           string

	// Due marks a missing step pinned to the utterance where it was due (the end of its
	// window): it says nothing about what that utterance said.
	Due bool

	// Margin is how far a model's score cleared its threshold, in log-odds (meaning
	// rules): two models that both claim an utterance (a 禁语, a rude remark) are told
	// apart by it. Zero for every other rule; never reported.
	Margin float64
}

// Call is a transcript prepared for matching: every utterance normalised, segmented on
// demand.
type Call struct {
	*transcript.Call
	Texts []*match.Text
	// roles caches the utterance indexes of each role ("" for all), shared read-only
	// by every rule that scopes by role.
	roles map[transcript.Role][]int
	// Notes are what rules judged leniently, for a reviewer to glance at: a required
	// phrase found only by tolerant matching or across two utterances, a forbidden phrase
	// not counted because it was negated or quoted (Fuzzy says which). They cost nothing.
	Notes []Finding
	// joined caches utterance i joined with i+1, around its ends (robust.go).
	joined map[int]*match.Text
	around map[int]around
	// bounds caches the call with bounded ends (timing.go), spoken and typed.
	bounds [2]*Call
	// order caches byStart: the utterance indexes by start time, for the timing rules.
	order []int
	// grams caches the meaning models' grams of each utterance (gramsOf).
	grams []meaning.Buckets
	// times caches missingTimes, without and with ends (timesKnown says which).
	times      [2]string
	timesKnown [2]bool
	// chars caches the character counts of the utterances (spoken, said), shared with
	// the call's bounded copies.
	chars *charCounts
}

// charCounts are spokenChars and countChars of each utterance, plus one; 0 for not
// counted yet.
type charCounts struct{ spoken, said []int32 }

func (c *Call) counted() *charCounts {
	if c.chars == nil {
		c.chars = &charCounts{spoken: make([]int32, len(c.Texts)), said: make([]int32, len(c.Texts))}
	}
	return c.chars
}

// spoken is spokenChars of utterance i, counted once a call.
func (c *Call) spoken(i int) int {
	cc := c.counted()
	if cc.spoken[i] == 0 {
		cc.spoken[i] = int32(spokenChars(c.Texts[i].Norm)) + 1
	}
	return int(cc.spoken[i]) - 1
}

// said is countChars of utterance i, counted once a call.
func (c *Call) said(i int) int {
	cc := c.counted()
	if cc.said[i] == 0 {
		cc.said[i] = int32(countChars(c.Texts[i].Norm)) + 1
	}
	return int(cc.said[i]) - 1
}

// gramsOf returns the grams the meaning models read in utterance i, worked out once for
// every model that scores it.
func (c *Call) gramsOf(i int) *meaning.Buckets {
	if c.grams == nil {
		c.grams = make([]meaning.Buckets, len(c.Texts))
	}
	if !c.grams[i].Hashed() {
		c.grams[i] = meaning.HashGrams(nil, c.Texts[i].Norm)
	}
	return &c.grams[i]
}

// byRole returns the indexes of the utterances of role ("" for every utterance). The
// slice is shared: callers may reslice it but not change it.
func (c *Call) byRole(role transcript.Role) []int {
	if idx, ok := c.roles[role]; ok {
		return idx
	}
	if c.roles == nil {
		c.roles = map[transcript.Role][]int{}
	}
	idx := make([]int, 0, len(c.Utterances))
	for i := range c.Utterances {
		u := &c.Utterances[i] // not a copy of each utterance
		if role == "" || u.Role == role {
			idx = append(idx, i)
		}
	}
	idx = idx[:len(idx):len(idx)] // an append by a caller must copy
	c.roles[role] = idx
	return idx
}

// Prepare normalises every utterance of c once, for all rules.
func Prepare(c *transcript.Call, seg *segment.Segmenter) *Call {
	return &Call{Call: c, Texts: match.NewTexts(utteranceTexts(c), seg)}
}

// PrepareFor is Prepare for the patterns of set: each utterance is searched for all of
// them in one pass, on first use.
func PrepareFor(c *transcript.Call, set *match.Set) *Call {
	return &Call{Call: c, Texts: set.NewTexts(utteranceTexts(c))}
}

// utteranceTexts lists the text of each utterance of c.
func utteranceTexts(c *transcript.Call) []string {
	texts := make([]string, len(c.Utterances))
	for i := range c.Utterances {
		u := &c.Utterances[i] // not a copy of each utterance
		texts[i] = u.Text
	}
	return texts
}
