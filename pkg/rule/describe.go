package rule

import (
	"fmt"
	"strconv"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Words for the kinds' Describe: what a rule checks, as explain prints it.

// RoleWords says a role in Chinese and English.
func RoleWords(r transcript.Role) string {
	switch r {
	case transcript.Agent:
		return "坐席 / agent"
	case transcript.Customer:
		return "客户 / customer"
	}
	return "任何一方 / anyone"
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
		return fmt.Sprintf("该角色的前 %d 句 / the role's first %d utterance(s)", w.First, w.First)
	case w.Last > 0:
		return fmt.Sprintf("该角色的最后 %d 句 / the role's last %d utterance(s)", w.Last, w.Last)
	case w.FirstSeconds > 0:
		return fmt.Sprintf("通话开始 %d 秒内 / the first %d s", w.FirstSeconds, w.FirstSeconds)
	case w.LastSeconds > 0:
		return fmt.Sprintf("通话最后 %d 秒内 / the last %d s", w.LastSeconds, w.LastSeconds)
	}
	return "整通电话 / the whole call"
}

// describeScope adds a phrase rule's role and window.
func describeScope(s Scope, add func(label, value string)) {
	add("角色 role", RoleWords(s.Role))
	add("窗口 window", windowWords(s.Window))
}
