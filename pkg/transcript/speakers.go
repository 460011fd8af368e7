package transcript

import (
	"fmt"
	"strings"
)

// greetingMarks are what an agent opens a call with; the speaker who says one first is
// taken for the agent when the export does not say who is who.
var greetingMarks = []string{"您好", "你好", "请问有什么", "请问有甚么", "請問有什麼", "为您服务", "為您服務", "工号", "工號", "很高兴", "很高興"}

// ResolveSpeakers gives a role to every utterance whose Label is a channel or speaker id
// (Role Unknown). Ids in opts.Speakers are mapped; otherwise the speaker who first says a
// greeting is the agent and everyone else the customer, and the call carries a warning
// that says so. With no greeting at all, the first speaker is taken for the agent.
func ResolveSpeakers(c *Call, opts Options) {
	unknown, haveAgent := false, false
	for i := range c.Utterances {
		u := &c.Utterances[i]
		if u.Role != Unknown && u.Role != "" {
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
		for i := range c.Utterances {
			u := &c.Utterances[i]
			if u.Role == Unknown || u.Role == "" {
				u.Role = Customer
				if !hasString(ids, u.Label) {
					ids = append(ids, u.Label)
				}
			}
		}
		c.Warnings = append(c.Warnings, fmt.Sprintf("未映射的说话人 %q 视为客户 / unmapped speakers %q taken for the customer", ids, ids))
		return
	}
	agent, how := "", "说出问候语 / said the greeting first"
	for _, u := range c.Utterances {
		if u.Role == Unknown || u.Role == "" {
			for _, m := range greetingMarks {
				if strings.Contains(u.Text, m) {
					agent = u.Label
					break
				}
			}
			if agent != "" {
				break
			}
		}
	}
	if agent == "" {
		for _, u := range c.Utterances {
			if u.Role == Unknown || u.Role == "" {
				agent, how = u.Label, "第一个开口，且无人说问候语 / spoke first; nobody said a greeting"
				break
			}
		}
	}
	for i := range c.Utterances {
		u := &c.Utterances[i]
		if u.Role != Unknown && u.Role != "" {
			continue
		}
		if u.Label == agent {
			u.Role = Agent
		} else {
			u.Role = Customer
		}
	}
	c.Warnings = append(c.Warnings, fmt.Sprintf(
		"说话人 %q 被推断为坐席（%s），其余为客户；可在配置中指定声道/说话人对应的角色 / speaker %q taken for the agent, others for the customer; map speakers to roles in the configuration",
		agent, how, agent))
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
