package rule

import (
	"slices"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Response fires when a trigger is not answered: every utterance of the trigger role that
// contains a trigger phrase must be followed, within Within utterances of the reply role,
// by one containing a reply phrase (customer thanks → 不用谢; agent asks to hold →
// 让您久等了). One finding per unanswered trigger, at the trigger — or per episode or per
// call, as Per says.
type Response struct {
	M           Meta
	TriggerRole transcript.Role // "" for any
	Trigger     Phrases
	ReplyRole   transcript.Role
	Reply       Phrases
	// Within counts utterances of the reply role after the trigger; at least 1.
	Within int
	// Early lets the reply come first: in the trigger utterance itself or the Before
	// utterances of the reply role just before it. A request to hold is asked with it
	// (请您稍等一下，好吗？) or just before (我帮您查一下，可以吗？…好的，请稍等).
	Early  bool
	Before int
	Per    ResponsePer
	// Continues are what the reply role may say inside an episode without ending it: a
	// progress report during a hold (还在跟地服确认; 正在查名额，很快) is still the hold, and
	// the 请您再稍等一下 after it is no new one. They never start an episode.
	Continues Phrases
}

// ReplySpec is a response's reply as a rulebook gives it; Early says before was given.
type ReplySpec struct {
	Role           transcript.Role
	Phrases        Phrases
	Within, Before int
	Early          bool
	// AloneAt (a condition's when, meaning_alone): an utterance only a meaning item
	// matched, scored below AloneAt, needs another utterance of the role that matched
	// too; 0 for none.
	AloneAt float64
}

// ResponsePer says what one answer settles.
type ResponsePer string

const (
	// PerTrigger: every trigger needs its own answer (the default).
	PerTrigger ResponsePer = ""
	// PerEpisode: triggers that follow one another with nothing else said by the reply
	// role in between are one episode, answered by a reply within Within after its last
	// trigger: a hold with check-ins (请稍等 … 请再稍等一下 … 让您久等了) is one hold.
	PerEpisode ResponsePer = "episode"
	// PerCall: the first trigger is the one judged: a complaint must be apologised for
	// when it is first made, and a complaint mentioned again later needs no second
	// apology. At most one finding, at the first trigger. A reply in the reply role's
	// last utterance before it (answering the other side) settles it too.
	PerCall ResponsePer = "call"
)

func (r *Response) Meta() *Meta { return &r.M }

func (r *Response) Check(c *Call) []Finding {
	type trigger struct {
		at       int
		occ      occurrence
		answered bool
	}
	var trigs []trigger
	idx := c.byRole(r.TriggerRole)
	for k := 0; k < len(idx); k++ {
		// Most utterances hold no candidate of the trigger: passed in one walk.
		if k = r.Trigger.next(c, idx, k); k == len(idx) {
			break
		}
		i := idx[k]
		occ, ok := r.Trigger.first(c, []int{i})
		// A trigger after which the reply role never speaks again could not be answered:
		// the call (or the transcript) ended there, as when a customer thanks the agent
		// in the goodbye after the agent's closing.
		// With Early the trigger itself could have held the answer: it is judged even so.
		if !ok || !r.Early && !r.canAnswer(c, i) {
			continue
		}
		trigs = append(trigs, trigger{i, occ, r.answered(c, i) || r.answeredAfterIn(c, occ)})
		if r.Per == PerCall {
			break // only the first trigger is judged
		}
	}
	var out []Finding
	switch r.Per {
	case PerCall:
		if len(trigs) > 0 && !trigs[0].answered && !r.answeredBefore(c, trigs[0].at) {
			out = append(out, c.finding(&r.M, trigs[0].occ))
		}
	case PerEpisode:
		for k := 0; k < len(trigs); {
			e, answered := k+1, trigs[k].answered
			for e < len(trigs) && r.continues(c, trigs[e-1].at, trigs[e].at) {
				answered = answered || trigs[e].answered
				e++
			}
			if !answered {
				out = append(out, c.finding(&r.M, trigs[k].occ))
			}
			k = e
		}
	default:
		for _, t := range trigs {
			if !t.answered {
				out = append(out, c.finding(&r.M, t.occ))
			}
		}
	}
	return out
}

// answered looks at the next Within utterances of the reply role after utterance i, and
// with Before at i itself and the Before utterances of the reply role before it.
//
// The reply role's utterances there are a run of its indexes (byRole), asked in one walk
// (next) for the few that may hold a reply; the answer is whether any does, whatever the
// order they are asked in.
func (r *Response) answered(c *Call, i int) bool {
	idx := c.byRole(r.ReplyRole)
	after, _ := slices.BinarySearch(idx, i+1) // the first of the role after i
	if r.Early {
		// i itself and the Before utterances of the role before it: idx[lo:upto].
		upto := after
		lo := max(upto-r.Before-1, 0)
		if r.replies(c, idx[lo:upto]) {
			return true
		}
	}
	return r.replies(c, idx[after:min(after+max(r.Within, 0), len(idx))])
}

// replies reports whether one of the utterances idx holds a reply.
func (r *Response) replies(c *Call, idx []int) bool {
	for k := 0; k < len(idx); k++ {
		if k = r.Reply.next(c, idx, k); k == len(idx) {
			break
		}
		if _, ok := r.Reply.first(c, idx[k:k+1]); ok {
			return true
		}
	}
	return false
}

// answeredAfterIn reports whether, the trigger and the reply being the same role's, the
// reply follows the trigger in its own utterance. Speech recognition keeps one speaker's
// words as one utterance until the other side speaks: an agent who puts a silent customer
// on hold and comes back (请您稍等一下……您好，感谢耐心等待，……) is one utterance.
func (r *Response) answeredAfterIn(c *Call, trig occurrence) bool {
	if r.Early || r.TriggerRole == "" || r.TriggerRole != r.ReplyRole {
		return false
	}
	for _, o := range r.Reply.all(c, []int{trig.index}) {
		if o.span.Start >= trig.span.End {
			return true
		}
	}
	return false
}

// answeredBefore reports whether the reply role's last utterance before trigger i, said
// in answer to the other side, has a reply. A complaint often begins in words no trigger
// knows (教练迟到了五次，我要退钱); the agent apologises, and the customer's next words
// (凭什么？) are the first the trigger finds: the apology came first, as it should.
func (r *Response) answeredBefore(c *Call, i int) bool {
	for j := i - 1; j > 0; j-- {
		u := c.Utterances[j]
		if r.ReplyRole != "" && u.Role != r.ReplyRole {
			continue
		}
		if prev := c.Utterances[j-1]; r.ReplyRole != "" && prev.Role == r.ReplyRole {
			return false // not an answer to the other side
		}
		_, ok := r.Reply.first(c, []int{j})
		return ok
	}
	return false
}

// canAnswer reports whether the reply role speaks after utterance i.
func (r *Response) canAnswer(c *Call, i int) bool {
	for j := i + 1; j < len(c.Utterances); j++ {
		if r.ReplyRole == "" || c.Utterances[j].Role == r.ReplyRole {
			return true
		}
	}
	return false
}

// continues reports whether trigger next goes on the episode of trigger prev, the one
// before it: the reply role says nothing between them (what it says there is no trigger,
// prev and next being consecutive ones).
func (r *Response) continues(c *Call, prev, next int) bool {
	for j := prev + 1; j < next; j++ {
		if r.ReplyRole == "" || c.Utterances[j].Role == r.ReplyRole {
			if _, goesOn := r.Continues.first(c, []int{j}); len(r.Continues) == 0 || !goesOn {
				return false
			}
		}
	}
	return true
}

// Replies is the response's answer as a required rule over the reply role: what `zhijian
// eval` measures of a response, whether its answer is recognised where it is said.
func (r *Response) Replies() *Required {
	m := r.M
	m.Kind = "required"
	return &Required{M: m, Scope: Scope{Role: r.ReplyRole}, Phrases: r.Reply, Split: true}
}

// ResponseKind is the record of response rules.
var ResponseKind = &Kind{
	Name:     "response",
	Doc:      msg.Sprintf("rule.trigger-must-answered-within-few"),
	Keys:     []string{"trigger", "reply", "fuzzy", "per", "continues"},
	Required: []string{"trigger", "reply", "message"},
	Fuzzy:    match.Fillers,
	Build: func(d Decoder, m Meta, _ Scope) Rule {
		tRole, trig := d.Trigger("trigger")
		rs := d.Reply("reply")
		r := &Response{M: m, TriggerRole: tRole, Trigger: trig, ReplyRole: rs.Role, Reply: rs.Phrases, Within: rs.Within, Early: rs.Early, Before: rs.Before}
		if p := d.Choice("per", "可用：trigger（每次触发，默认）、episode（连续的触发算一次）、call（只看第一次触发）", "trigger", "episode", "call"); p != "trigger" {
			r.Per = ResponsePer(p)
		}
		if d.Has("continues") {
			if r.Per != PerEpisode {
				d.Errorf("continues", "例如 per: episode, continues: [还在查]", "rule.continues-needs-episode")
			}
			r.Continues = d.Phrases("continues")
		}
		return r
	},
	Schema:  `{"properties": {"per": {"enum": ["trigger", "episode", "call"]}, "continues": {"$ref": "#/$defs/phrases"}}}`,
	Example: "{id: thanks, kind: response, trigger: {role: customer, phrases: [谢谢]}, reply: {role: agent, phrases: [不客气]}, message: 未回应感谢}",
}

func (r *Response) Uses() []Use {
	uses := []Use{{"trigger", r.TriggerRole, WantOther, r.Trigger}, {"reply", r.ReplyRole, WantSaid, r.Reply}}
	if len(r.Continues) > 0 {
		uses = append(uses, Use{"continues", r.ReplyRole, WantOther, r.Continues})
	}
	return uses
}

func (r *Response) Describe(add func(label, value string)) {
	add("触发 trigger", RoleWords(r.TriggerRole)+msg.Sprintf("rule.says"))
	add("回应 reply", msg.Sprintf("rule.answers-within-utterance", RoleWords(r.ReplyRole), r.Within))
	if r.Early {
		add("或在之前 before", msg.Sprintf("rule.reply-may-come-before", r.Before))
	}
	switch r.Per {
	case PerEpisode:
		add("计次 per", msg.Sprintf("rule.triggers-row-are-one"))
		if len(r.Continues) > 0 {
			add("段内 continues", msg.Sprintf("rule.episode-continues", RoleWords(r.ReplyRole)))
		}
	case PerCall:
		add("计次 per", msg.Sprintf("rule.only-first-trigger-judged"))
	}
}
