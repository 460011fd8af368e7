package rule

import "github.com/zhijian-qa/zhijian/pkg/transcript"

// Response fires when a trigger is not answered: every utterance of the trigger role that
// contains a trigger phrase must be followed, within Within utterances of the reply role,
// by one containing a reply phrase (customer thanks → 不用谢; agent asks to hold →
// 让您久等了). One finding per unanswered trigger, at the trigger.
type Response struct {
	M           Meta
	TriggerRole transcript.Role // "" for any
	Trigger     Phrases
	ReplyRole   transcript.Role
	Reply       Phrases
	// Within counts utterances of the reply role after the trigger; at least 1.
	Within int
}

func (r *Response) Meta() *Meta { return &r.M }

func (r *Response) Check(c *Call) []Finding {
	var out []Finding
	for i, u := range c.Utterances {
		if r.TriggerRole != "" && u.Role != r.TriggerRole {
			continue
		}
		trig, ok := r.Trigger.first(c, []int{i})
		if !ok || r.answered(c, i) {
			continue
		}
		out = append(out, c.finding(&r.M, trig))
	}
	return out
}

// answered looks at the next Within utterances of the reply role after utterance i.
func (r *Response) answered(c *Call, i int) bool {
	seen := 0
	for j := i + 1; j < len(c.Utterances) && seen < r.Within; j++ {
		if r.ReplyRole != "" && c.Utterances[j].Role != r.ReplyRole {
			continue
		}
		seen++
		if _, ok := r.Reply.first(c, []int{j}); ok {
			return true
		}
	}
	return false
}
