package transcript

import (
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// agentOpenings are what only an agent opens a call with, and greetingMarks what either
// side may (a customer answering an outbound call says 喂，你好 first). When the export
// does not say who is who, the first speaker to say an opening is taken for the agent,
// else the first to greet.
var (
	agentOpenings = []string{"请问有什么", "请问有甚么", "請問有什麼", "为您服务", "為您服務", "工号", "工號", "很高兴", "很高興"}
	greetingMarks = []string{"您好", "你好"}
)

// ResolveSpeakers gives a role to every utterance whose Label is a channel or speaker id
// (Role Unknown). Ids in opts.Speakers are mapped; otherwise the speaker who first says a
// greeting is the agent and everyone else the customer, and the call carries a warning
// that says so. With no greeting at all, the first speaker is taken for the agent.
func ResolveSpeakers(c *Call, opts Options) {
	unknown, haveAgent := false, false
	for i := range c.Utterances {
		u := &c.Utterances[i]
		if u.Role != Unknown && u.Role != "" {
			haveAgent = haveAgent || u.Role == Agent
			continue
		}
		if r, ok := opts.Speakers[u.Label]; ok {
			u.Role = r
			haveAgent = haveAgent || r == Agent
			continue
		}
		unknown = true
	}
	if !unknown {
		return
	}
	if haveAgent {
		// The agent is known: whoever else speaks is on the customer's side.
		var ids []string
		seen := map[string]bool{}
		for i := range c.Utterances {
			u := &c.Utterances[i]
			if u.Role == Unknown || u.Role == "" {
				u.Role = Customer
				if !seen[u.Label] {
					seen[u.Label] = true
					ids = append(ids, u.Label)
				}
			}
		}
		// As a message may quote them: a few, each an excerpt.
		shown := listed(ids)
		quoted := make([]string, 0, shown+1)
		for _, id := range ids[:shown] {
			quoted = append(quoted, excerpt(id))
		}
		if shown < len(ids) {
			quoted = append(quoted, "…")
		}
		c.Warnings = append(c.Warnings, msg.Sprintf("transcript.unmapped-speakers-taken-customer", quoted))
		return
	}
	agent, how := "", msg.Sprintf("transcript.said-greeting-first")
	for _, marks := range [][]string{agentOpenings, greetingMarks} {
		if agent = firstToSay(c, marks); agent != "" {
			break
		}
	}
	if agent == "" {
		for ui := range c.Utterances {
			u := &c.Utterances[ui] // not a copy of each utterance
			if u.Role == Unknown || u.Role == "" {
				agent, how = u.Label, msg.Sprintf("transcript.spoke-first-nobody-said-greeting")
				break
			}
		}
	}
	for i := range c.Utterances {
		u := &c.Utterances[i]
		if u.Role != Unknown && u.Role != "" {
			continue
		}
		if u.Label == agent || sameShop(u.Label, agent) {
			u.Role = Agent
		} else {
			u.Role = Customer
		}
	}
	c.Warnings = append(c.Warnings, msg.Sprintf(
		"transcript.speaker-taken-agent-others-customer",
		excerpt(agent), how))
}

// firstToSay returns the label of the first unresolved speaker who says one of marks.
func firstToSay(c *Call, marks []string) string {
	for ui := range c.Utterances {
		u := &c.Utterances[ui] // not a copy of each utterance
		if u.Role != Unknown && u.Role != "" {
			continue
		}
		for _, m := range marks {
			if strings.Contains(u.Text, m) {
				return u.Label
			}
		}
	}
	return ""
}

// sameShop reports whether two labels name agents of one shop (优选旗舰店:小王 and
// 优选旗舰店:小李, as shop chat exports write them): a chat handed to a colleague stays
// the agent's side.
func sameShop(label, agent string) bool {
	i, _ := indexColon(agent)
	j, _ := indexColon(label)
	return i > 0 && j == i && label[:j] == agent[:i]
}
