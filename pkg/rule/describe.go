package rule

import (
	"strconv"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Words for the kinds' Describe: what a rule checks, as explain prints it.

// RoleWords says a role in Chinese and English.
func RoleWords(r transcript.Role) string {
	switch r {
	case transcript.Agent:
		return msg.Sprintf("rule.agent")
	case transcript.Customer:
		return msg.Sprintf("rule.customer")
	}
	return msg.Sprintf("rule.anyone")
}

func boundWords(v float64) string {
	if v == 0 {
		return "…"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func secondsWords(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " 秒 s"
}

func windowWords(w Window) string {
	switch {
	case w.First > 0:
		return msg.Sprintf("rule.role-first-utterance", w.First)
	case w.Last > 0:
		return msg.Sprintf("rule.role-last-utterance", w.Last)
	case w.FirstSeconds > 0:
		return msg.Sprintf("rule.first", w.FirstSeconds)
	case w.LastSeconds > 0:
		return msg.Sprintf("rule.last", w.LastSeconds)
	case w.Around != nil:
		zh, en, _ := msg.Split(RoleWords(w.Around.Role))
		return msg.Sprintf("rule.window-around", w.Around.Before, zh, w.Around.Nth, w.Around.After, en)
	case w.From != 0 || w.To != 0:
		return msg.Sprintf("rule.window-from-to", w.From, w.To)
	case w.FirstPercent > 0:
		return msg.Sprintf("rule.window-first-percent", w.FirstPercent)
	case w.LastPercent > 0:
		return msg.Sprintf("rule.window-last-percent", w.LastPercent)
	}
	return msg.Sprintf("rule.whole-call")
}

// describeScope adds a phrase rule's role and window.
func describeScope(s Scope, add func(label, value string)) {
	add("角色 role", RoleWords(s.Role))
	add("窗口 window", windowWords(s.Window))
}
