package ruleinfo

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Field is one line of a rule's description: a label and its value in words.
type Field struct {
	Label, Value string
}

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

// KindWords says what a rule of each kind checks.
var KindWords = map[string]string{
	"required":  "须说出其中一个短语，没说记一条 / one of the phrases must be said; a finding when none is",
	"forbidden": "每说一次其中的短语记一条 / a finding for every time one of the phrases is said",
	"sequence":  "说了的步骤须按顺序出现 / the steps said must come in order",
	"response":  "对方说了触发的话，须在几句内回应 / a trigger must be answered within a few utterances",
	"count":     "短语出现的次数或频率须在限度内 / how often the phrases occur must stay within bounds",
	"condition": "条件组：只在条件出现的通话里查其中的规则 / a group: its rules apply only when the condition occurs",
	"rate":      "语速（每分钟字数）须在范围内 / speech rate (characters a minute) within bounds",
	"silence":   "沉默与等待不能过长 / silences and waits within bounds",
	"latency":   "对方说完后须及时开口 / answer within a time after the other side stops",
	"overlap":   "不能打断对方 / do not talk over the other side",
	"duration":  "通话时长与开口时间 / the call's length and the first words",
}

// Describe lists what a rule checks, in words, in the order a reader needs it.
func Describe(e Entry) []Field {
	r := e.Rule
	m := r.Meta()
	var out []Field
	add := func(label, value string) {
		if value != "" {
			out = append(out, Field{label, value})
		}
	}
	add("类型 kind", m.Kind+" — "+KindWords[m.Kind])
	switch x := r.(type) {
	case *rule.Required:
		add("角色 role", RoleWords(x.Scope.Role))
		add("窗口 window", windowWords(x.Scope.Window))
	case *rule.Forbidden:
		add("角色 role", RoleWords(x.Scope.Role))
		add("窗口 window", windowWords(x.Scope.Window))
		if x.PerUtterance {
			add("计次 per", "每句最多一条 / at most one finding per utterance")
		}
	case *rule.Sequence:
		add("角色 role", RoleWords(x.Scope.Role))
		add("窗口 window", windowWords(x.Scope.Window))
		add("步骤 steps", strconv.Itoa(len(x.Steps)))
	case *rule.Count:
		add("角色 role", RoleWords(x.Scope.Role))
		add("窗口 window", windowWords(x.Scope.Window))
		var lim []string
		if x.Min > 0 {
			lim = append(lim, fmt.Sprintf("至少 %d 次 / at least %d", x.Min, x.Min))
		}
		if x.Max > 0 {
			lim = append(lim, fmt.Sprintf("最多 %d 次 / at most %d", x.Max, x.Max))
		}
		if x.MaxRate > 0 {
			lim = append(lim, fmt.Sprintf("每 100 字最多 %v 次 / at most %v per 100 characters", x.MaxRate, x.MaxRate))
		}
		add("限度 limit", strings.Join(lim, "；"))
	case *rule.Response:
		add("触发 trigger", RoleWords(x.TriggerRole)+" 说 / says")
		add("回应 reply", fmt.Sprintf("%s 在其后 %d 句内回应 / answers within %d utterance(s)", RoleWords(x.ReplyRole), x.Within, x.Within))
		switch x.Per {
		case rule.PerEpisode:
			add("计次 per", "连续的触发算一次 / triggers in a row are one")
		case rule.PerCall:
			add("计次 per", "只看第一次触发 / only the first trigger is judged")
		}
	case *rule.Condition:
		add("条件 when", RoleWords(x.Role)+" 说了其中一个短语 / says one of the phrases")
		var ids []string
		for _, sub := range x.Rules {
			ids = append(ids, sub.Meta().ID)
		}
		add("规则 rules", strings.Join(ids, ", "))
	case *rule.Rate:
		add("角色 role", RoleWords(x.Scope.Role))
		per := "每句 / per utterance"
		if x.PerCall {
			per = "全程合计 / over the call"
		}
		add("语速 rate", fmt.Sprintf("%s–%s 字/分钟 chars/min，%s，少于 %d 字的句子不计 / shorter utterances left out",
			bound(x.Min), bound(x.Max), per, x.MinChars))
	case *rule.Silence:
		add("角色 role", RoleWords(x.Role))
		if x.MaxGap > 0 {
			add("冷场 max_gap", secs(x.MaxGap))
		}
		if x.Hold != nil {
			var parts []string
			if x.Hold.CheckIn > 0 {
				parts = append(parts, "每 "+secs(x.Hold.CheckIn)+" 内回应 / check in")
			}
			if x.Hold.Max > 0 {
				parts = append(parts, "整段不超过 "+secs(x.Hold.Max)+" / at most")
			}
			if len(x.Hold.Thanks) > 0 {
				parts = append(parts, "返回时感谢等待 / thank on return")
			}
			add("等待 hold", strings.Join(parts, "；"))
		}
	case *rule.Latency:
		add("角色 role", RoleWords(x.Role))
		add("回应 max", secs(x.Max))
		if x.Typed {
			add("文字 typed", "每条消息一次发出（在线聊天）/ each message is sent whole (chat)")
		}
	case *rule.Overlap:
		add("角色 role", RoleWords(x.Role))
		add("重叠 min_overlap", secs(x.MinOverlap))
	case *rule.Duration:
		if x.Min > 0 {
			add("至少 min", secs(x.Min))
		}
		if x.Max > 0 {
			add("最多 max", secs(x.Max))
		}
		if x.FirstAgentWithin > 0 {
			add("开口 first_agent_within", secs(x.FirstAgentWithin))
		}
	}
	if m.Kind != "condition" {
		d := fmt.Sprintf("每条 %v 分 / %v per finding", m.Deduct, m.Deduct)
		if m.MaxDeduct > 0 {
			d += fmt.Sprintf("，单通最多 %v 分 / at most %v a call", m.MaxDeduct, m.MaxDeduct)
		}
		if m.Fatal {
			d += "；红线：命中即不合格 / fatal: the call fails"
		}
		add("扣分 deduct", d)
		add("严重程度 severity", string(m.Severity))
	}
	if g := e.Group; g != nil {
		add("所属条件组 group", g.M.ID+"（只在条件出现的通话里查 / only in calls where its condition occurs）")
	}
	for _, c := range []*rule.Condition{e.Group, e.Own} {
		if c == nil {
			continue
		}
		if w := unlessWords(c); w != "" {
			add("不适用 unless", w)
		}
	}
	add("依据 source", m.Source)
	add("规则手册 file", m.File)
	return out
}

func bound(v float64) string {
	if v == 0 {
		return "…"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func secs(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " 秒 s"
}

func windowWords(w rule.Window) string {
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

// ModeWords says a phrase's match mode when it is not the default.
func ModeWords(p *match.Pattern) string {
	switch p.Mode {
	case match.Chars:
		return "match: chars（任意位置）"
	case match.Utterance:
		return "match: utterance（须是整句）"
	}
	return ""
}

// unlessWords says which calls a group leaves alone.
func unlessWords(g *rule.Condition) string {
	var parts []string
	if g.Unless != nil {
		parts = append(parts, RoleWords(g.UnlessRole)+" 说了其中一个短语的通话 / calls where this role says one of the phrases")
	}
	for _, k := range slices.Sorted(maps.Keys(g.UnlessMeta)) {
		parts = append(parts, fmt.Sprintf("元数据 %s 为 %s 的通话 / calls whose %s is %s", k, strings.Join(g.UnlessMeta[k], "、"), k, strings.Join(g.UnlessMeta[k], ", ")))
	}
	return strings.Join(parts, "；")
}
