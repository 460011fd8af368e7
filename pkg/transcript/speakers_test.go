package transcript_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestResolveSpeakers(t *testing.T) {
	utt := func(label, text string) transcript.Utterance {
		return transcript.Utterance{Label: label, Role: transcript.Unknown, Text: text}
	}
	tests := []struct {
		name     string
		utts     []transcript.Utterance
		speakers map[string]transcript.Role
		want     string // roles, one letter each
		warning  string // fragment of the warning; "" for none
	}{
		{"mapped channels", []transcript.Utterance{utt("0", "喂"), utt("1", "您好")},
			map[string]transcript.Role{"0": transcript.Customer, "1": transcript.Agent}, "ca", ""},
		{"greeting decides", []transcript.Utterance{utt("1", "喂？"), utt("0", "您好，请问有什么可以帮到您？"), utt("1", "查话费")},
			nil, "cac", `说话人 "0" 被推断为坐席`},
		{"traditional greeting", []transcript.Utterance{utt("spk2", "喂"), utt("spk1", "您好，請問有什麼可以幫您")},
			nil, "ca", `"spk1"`},
		{"no greeting: first speaker", []transcript.Utterance{utt("A1", "喂"), utt("B1", "喂")},
			nil, "ac", "nobody said a greeting"},
		{"partly mapped", []transcript.Utterance{utt("0", "您好"), utt("1", "嗯"), utt("2", "我是他家人")},
			map[string]transcript.Role{"0": transcript.Agent}, "acc", "taken for the customer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &transcript.Call{Utterances: tt.utts}
			transcript.ResolveSpeakers(c, transcript.Options{Speakers: tt.speakers})
			var got strings.Builder
			for _, u := range c.Utterances {
				got.WriteByte(string(u.Role)[0])
			}
			if got.String() != tt.want {
				t.Errorf("roles = %s, want %s", got.String(), tt.want)
			}
			warned := strings.Join(c.Warnings, "\n")
			if (tt.warning == "") != (warned == "") || !strings.Contains(warned, tt.warning) {
				t.Errorf("warnings = %q, want one containing %q", warned, tt.warning)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		path, text string
		want       transcript.Format
	}{
		{"a.csv", "", transcript.CSV},
		{"a.TSV", "", transcript.TSV},
		{"a.json", "", transcript.JSON},
		{"a.jsonl", "", transcript.JSONL},
		{"a.srt", "", transcript.SRT},
		{"a.vtt", "", transcript.VTT},
		{"a.txt", "坐席：您好", transcript.Text},
		{"-", "WEBVTT\n\n00:01.000 --> 00:02.000\n您好", transcript.VTT},
		{"-", "1\n00:00:01,000 --> 00:00:02,000\n您好", transcript.SRT},
		{"-", "{\"turns\": []}", transcript.JSON},
		{"-", "{\"call_id\": 1}\n{\"call_id\": 2}\n", transcript.JSONL},
		{"-", "[{\"text\": \"x\"}]", transcript.JSON},
		{"-", "\uFEFF坐席：您好", transcript.Text},
		// A plain-text transcript may open with a bracketed time or label: not JSON.
		{"a.txt", "[00:00:01] 坐席：您好\n[00:00:05] 客户：你好\n", transcript.Text},
		{"-", "[00:01-00:04] 坐席：您好\n", transcript.Text},
		{"-", "[12:7x] 坐席：坏的时间戳\n", transcript.Text},
		{"-", "[坐席] 您好\n[客户] 你好\n", transcript.Text},
		{"-", "[Agent] hello\n", transcript.Text},
		{"-", "[\n  {\"turns\": []}\n]\n", transcript.JSON},
		{"-", "[ [1, 2] ]", transcript.JSON},
		{"-", "[\"x\"]", transcript.JSON},
		{"-", "[-1.5e3]", transcript.JSON},
		{"-", "[]", transcript.JSON},
		{"-", "[true]", transcript.JSON},
		{"-", "[null]", transcript.JSON},
	}
	for _, tt := range tests {
		if got := transcript.Detect(tt.path, tt.text); got != tt.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", tt.path, tt.text, got, tt.want)
		}
	}
}

// Labels the role map does not know stand for a side of the call no known label names:
// they are resolved as speaker ids are (the first to greet is the agent), with one warning;
// beside known labels of both sides an unknown one stays unknown, with a note naming it.
func TestPlainUnknownLabels(t *testing.T) {
	text := "值班员：您好\n乘客：我的行李丢了：红色的箱子\n值班员：请问在哪一站\n乘客：西站\n请记录：下午三点\n"
	c, err := transcript.ParsePlain("t.txt", text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Utterances) != 4 {
		t.Fatalf("%d utterances, want 4 (a recurring label starts a turn; 请记录： once does not)", len(c.Utterances))
	}
	for _, u := range c.Utterances {
		want := map[string]transcript.Role{"值班员": transcript.Agent, "乘客": transcript.Customer}[u.Label]
		if u.Role != want {
			t.Errorf("%s: role %s, want %s", u.Label, u.Role, want)
		}
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "值班员") {
		t.Errorf("warnings = %q, want one naming the label taken for the agent", c.Warnings)
	}
	roles := transcript.DefaultRoles().With(transcript.Agent, "值班员").With(transcript.Customer, "乘客")
	c, err = transcript.ParsePlain("t.txt", text, roles)
	if err != nil || len(c.Warnings) != 0 || c.Utterances[1].Role != transcript.Customer {
		t.Errorf("mapped labels: err %v, warnings %q", err, c.Warnings)
	}

	// Both sides known: a third label is someone else, left unknown.
	c, err = transcript.ParsePlain("t.txt", "坐席：您好\n客户：你好\n[00:05] 系统播报：请对本次服务评价\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Utterances[2].Role; r != transcript.Unknown {
		t.Errorf("third label: role %s, want unknown", r)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "系统播报") {
		t.Errorf("warnings = %q, want one naming 系统播报", c.Warnings)
	}
}

// Exports that name speakers by number (讯飞听见, meeting minutes, ASR consoles) write them
// as a header line, a colon prefix or a tab column; every form gives the agent to the
// speaker who opens with the greeting, even when the customer speaks first.
func TestPlainNumberedSpeakers(t *testing.T) {
	// A chat handed to a colleague of the same shop stays on the agent's side.
	c, err := transcript.ParsePlain("t.txt", "店:小王 2026-11-20 20:13:05\n亲，您好\n买家 2026-11-20 20:13:40\n在吗\n店:小李 2026-11-20 20:14:02\n在的亲\n", nil)
	if err != nil || len(c.Utterances) != 3 || c.Utterances[2].Role != transcript.Agent || c.Utterances[1].Role != transcript.Customer {
		t.Errorf("shop colleagues: err %v, %+v", err, c.Utterances)
	}

	tests := []struct{ name, text, agent string }{
		{"header lines", "说话人1 00:00\n您好，很高兴为您服务。\n\n说话人2 00:05\n我想查话费。\n\n说话人1 00:08\n好的。\n", "说话人1"},
		{"header lines with hours", "发言人2  00:00:01\n喂？\n发言人1  00:00:02\n您好，这里是快通客服，请问有什么可以帮您？\n发言人2  00:00:06\n查话费。\n", "发言人1"},
		{"colon prefixes", "[00:00:01] spk1: 喂，你好\n[00:00:02] spk0: 您好，工号1533很高兴为您服务\n[00:00:05] spk1: 查话费\n", "spk0"},
		{"no greeting: the first to speak", "甲：喂\n乙：嗯\n甲：查话费\n乙：好的\n", "甲"},
		{"chat app export, the date first", "2026-11-20 20:13:05 小王\n您好，请问有什么可以帮您？\n2026-11-20 20:13:40 张三\n什么时候发货\n[2026-11-20 20:14:02] 小王\n今天发出\n", "小王"},
		{"shop chat export", "优选旗舰店:小王 2026-11-20 20:13:05\n亲，您好，请问有什么可以帮您？\ntb_8812 2026-11-20 20:13:40\n什么时候发货\n优选旗舰店:小王 2026-11-20 20:14:02\n今天发出哦\n", "优选旗舰店:小王"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := transcript.ParsePlain("t.txt", tt.text, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Utterances) != 3 && len(c.Utterances) != 4 {
				t.Fatalf("%d utterances: %+v", len(c.Utterances), c.Utterances)
			}
			for _, u := range c.Utterances {
				if want := u.Label == tt.agent; (u.Role == transcript.Agent) != want || u.Role == transcript.Unknown {
					t.Errorf("%s (%s): role %s", u.Label, u.Text, u.Role)
				}
			}
			if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], tt.agent) {
				t.Errorf("warnings = %q, want one naming %s", c.Warnings, tt.agent)
			}
		})
	}
}
