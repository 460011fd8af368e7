package transcript

import (
	"strings"
	"unicode/utf8"
)

// HangUpKey is the metadata key that says who ended the call: "customer" (or 客户) when
// the customer hung up before the agent could close it. Exports write it as a header
// (# hangup: customer, a 挂机方 column) or as an event line after the last words
// (系统：客户已挂机); the parser records both under this one key, so rules read one place.
const HangUpKey = "hangup"

// hangUpAliases are other header names exports give the same field.
var hangUpAliases = []string{"hangup_by", "hang_up", "挂机方", "挂断方", "掛機方", "掛斷方"}

// recordHangUp fills Metadata[HangUpKey] from an alias header or from an event line
// after the agent's last utterance. An event earlier in the call (a hang-up and a
// call back) says nothing about how this transcript ends.
func recordHangUp(c *Call) {
	if c.Metadata == nil {
		c.Metadata = map[string]string{}
	}
	if _, ok := c.Metadata[HangUpKey]; ok {
		return
	}
	for _, k := range hangUpAliases {
		if v, ok := c.Metadata[k]; ok {
			c.Metadata[HangUpKey] = v
			return
		}
	}
	for i := len(c.Utterances) - 1; i >= 0; i-- {
		u := &c.Utterances[i]
		if u.Role == Agent {
			return
		}
		if u.Role != Unknown {
			continue
		}
		if who := hangUpEvent(u.Text); who != "" {
			c.Metadata[HangUpKey] = who
			return
		}
	}
}

// hangUpEvent reads a short event line of a speaker outside the call (系统, 提示) that
// says who hung up: 客户已挂机, 用户挂断, 坐席已挂机. Longer text is speech, not an event.
func hangUpEvent(text string) string {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > 16 {
		return ""
	}
	hungUp := false
	for _, w := range []string{"挂机", "挂断", "挂线", "挂了", "掛機", "掛斷", "掛線"} {
		if strings.Contains(text, w) {
			hungUp = true
			break
		}
	}
	if !hungUp {
		return ""
	}
	for _, w := range []string{"客户", "客戶", "用户", "用戶", "对方", "對方", "来电人", "來電人", "主叫"} {
		if strings.Contains(text, w) {
			return "customer"
		}
	}
	for _, w := range []string{"坐席", "座席", "客服", "话务员", "話務員"} {
		if strings.Contains(text, w) {
			return "agent"
		}
	}
	return ""
}
