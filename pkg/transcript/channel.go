package transcript

import (
	"strings"
	"unicode/utf8"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// inferChannel marks a call whose metadata names no channel as an online chat when its
// text shows two of a chat's marks, so the default rulebook's route judges it by the chat
// rulebook instead of charging it for a job number, holds and silences it never had:
//
//   - the agent calls the customer 亲 at least twice (亲，您好 / 好的亲);
//   - the customer's first message is 在吗 / 在不在 / 有人吗;
//   - the text carries what only typing leaves: a tilde (好的呢~), or a placeholder a chat
//     export writes for a picture, sticker, link or product card ([图片], [表情]).
//
// Over the 4,515 phone calls of the evaluation set no call showed two of them; 138 of its
// 217 chats did (each written with channel: chat, which is what the rest need). A channel
// given in the metadata, whatever it says, is kept: # channel: phone turns this off.
func inferChannel(c *Call) {
	if _, given := c.Metadata["channel"]; given {
		return
	}
	qin, opener, typed := 0, false, false
	customers := 0
	for _, u := range c.Utterances {
		switch u.Role {
		case Agent:
			qin += countQin(u.Text)
		case Customer:
			if customers == 0 && opensChat(u.Text) {
				opener = true
			}
			customers++
		}
	}
	if qin >= 2 || opener {
		// A phone call shows neither: the typing marks are looked for only when one
		// more mark would decide.
		for _, u := range c.Utterances {
			if typed = hasTypingMark(u.Text); typed {
				break
			}
		}
	}
	var marks []string
	for _, m := range [...]struct {
		shown bool
		key   string
	}{{qin >= 2, "transcript.chat-mark-qin"}, {opener, "transcript.chat-mark-opener"}, {typed, "transcript.chat-mark-typed"}} {
		if m.shown {
			marks = append(marks, m.key)
		}
	}
	if len(marks) < 2 {
		return
	}
	if c.Metadata == nil {
		c.Metadata = map[string]string{}
	}
	c.Metadata["channel"] = "chat"
	c.Warnings = append(c.Warnings, msg.SprintfEach("transcript.channel-inferred-chat", func(l msg.Lang) []any {
		why := make([]string, len(marks))
		for i, k := range marks {
			why[i] = l.Sprintf(k)
		}
		return []any{strings.Join(why, l.Sprintf("transcript.chat-mark-sep"))}
	}))
}

// notQin are the words 亲 is part of without addressing anyone (亲自, 父亲, 相亲).
var notQin = []string{"亲自", "亲戚", "亲人", "亲属", "亲友", "亲子", "亲身", "亲手", "亲眼", "亲口",
	"亲情", "亲近", "亲切", "亲热", "亲生", "亲朋", "亲家", "亲笔", "亲历", "亲密", "亲爹", "亲妈", "亲娘",
	"父亲", "母亲", "双亲", "相亲", "探亲", "乡亲", "省亲", "成亲", "定亲", "娘亲", "求亲", "表亲", "近亲", "血亲"}

// countQin counts 亲 used as a form of address in s.
func countQin(s string) int {
	n := 0
	for i := strings.Index(s, "亲"); i >= 0; {
		part := false
		for _, w := range notQin {
			// The word around this 亲: it starts at most one character before it.
			for _, at := range [2]int{i, i - lastRuneLen(s[:i])} {
				if at >= 0 && strings.HasPrefix(s[at:], w) && at+len(w) > i {
					part = true
				}
			}
		}
		if !part {
			n++
		}
		next := strings.Index(s[i+len("亲"):], "亲")
		if next < 0 {
			break
		}
		i += len("亲") + next
	}
	return n
}

func lastRuneLen(s string) int {
	if s == "" {
		return 0
	}
	_, n := utf8.DecodeLastRuneInString(s)
	return n
}

// opensChat reports whether a customer's message is a chat's opening knock (在吗？ / 你好，
// 在不在 / 有人吗): the words within its first ten characters.
func opensChat(s string) bool {
	head, n := s, 0
	for i := range s {
		if n == 10 {
			head = s[:i]
			break
		}
		n++
	}
	for _, w := range [...]string{"在吗", "在么", "在嘛", "在不在", "有人吗", "有人在吗", "有人么"} {
		if strings.Contains(head, w) {
			return true
		}
	}
	return false
}

// hasTypingMark reports whether s holds what only a typed message has: a tilde, or a chat
// export's placeholder for something that is not text.
func hasTypingMark(s string) bool {
	if strings.IndexByte(s, '~') >= 0 || strings.Contains(s, "～") {
		return true
	}
	for _, open := range [...]string{"[", "［", "【"} {
		for rest := s; ; {
			i := strings.Index(rest, open)
			if i < 0 {
				break
			}
			if placedHolder(rest[i:]) {
				return true
			}
			rest = rest[i+len(open):]
		}
	}
	return false
}

// placedHolder reports whether s starts with a chat export's placeholder.
func placedHolder(s string) bool {
	for _, p := range placeholders {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// placeholders are what chat exports write for a message that is not text.
var placeholders = [...]string{"[图片]", "[表情]", "[动画表情]", "[链接]", "[商品链接]", "[商品]", "[订单]",
	"[语音]", "[视频]", "[文件]", "[emoji]", "［图片］", "［表情］", "【图片】", "【表情】"}
