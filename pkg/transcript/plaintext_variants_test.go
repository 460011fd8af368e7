package transcript_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestParsePlainVariants(t *testing.T) {
	A, C := transcript.Agent, transcript.Customer
	tests := []struct {
		name  string
		text  string
		roles transcript.RoleMap
		want  []transcript.Utterance
		meta  map[string]string
	}{
		// The time after the label, or bare before it.
		{
			name: "label then a bracketed time",
			text: "坐席 [00:00:01]：您好\n客户 [00:00:05]：查话费\n坐席 （00:00:08） 好的",
			want: []transcript.Utterance{at(u(1, A, "坐席", "您好"), 1*sec), at(u(2, C, "客户", "查话费"), 5*sec), at(u(3, A, "坐席", "好的"), 8*sec)},
		},
		{
			name: "label then a bare time, with or without a colon",
			text: "坐席 00:00:01 您好\n客户 00:00:05：查话费\n说话人1 00:09 好的",
			want: []transcript.Utterance{at(u(1, A, "坐席", "您好"), 1*sec), at(u(2, C, "客户", "查话费"), 5*sec), at(u(3, transcript.Unknown, "说话人1", "好的"), 9*sec)},
		},
		{
			name: "label and time in one bracket",
			text: "【坐席 00:00:01】您好\n[客户 00:00:05] 查话费",
			want: []transcript.Utterance{at(u(1, A, "坐席", "您好"), 1*sec), at(u(2, C, "客户", "查话费"), 5*sec)},
		},
		{
			name: "a bare time before the label",
			text: "00:00:01 坐席：您好\n00:00:05 客户：查话费\n10:30 我到了",
			want: []transcript.Utterance{at(u(1, A, "坐席", "您好"), 1*sec), at(u(2, C, "客户", "查话费10:30 我到了"), 5*sec)},
		},
		{
			name: "speech with a time after a word is not a label",
			text: "坐席：您好\n我 10:30 到的\n下午 3:00 左右",
			want: []transcript.Utterance{u(1, A, "坐席", "您好我 10:30 到的下午 3:00 左右")},
		},
		{
			name: "a labelled utterance ending in a date and time is speech",
			text: "坐席：您好\n客户：我们约在 2026-11-21 10:00\n坐席：好的上门时间 2026-11-21 10:00",
			want: []transcript.Utterance{u(1, A, "坐席", "您好"), u(2, C, "客户", "我们约在 2026-11-21 10:00"), u(3, A, "坐席", "好的上门时间 2026-11-21 10:00")},
		},
		// Label with a parenthesised id.
		{
			name: "label with an id in ASCII parentheses",
			text: "坐席(工号1024)：您好\n客户：你好",
			want: []transcript.Utterance{u(1, A, "坐席(工号1024)", "您好"), u(2, C, "客户", "你好")},
			meta: map[string]string{"agent_id": "1024"},
		},
		{
			name: "label with an id in full-width parentheses and spaces",
			text: "[00:00:01] 坐席 （1024） ： 您好\n[00:00:03] 客户：你好",
			want: []transcript.Utterance{at(u(1, A, "坐席 （1024）", "您好"), 1*sec), at(u(2, C, "客户", "你好"), 3*sec)},
			meta: map[string]string{"agent_id": "1024"},
		},
		{
			name: "a colon inside the parentheses",
			text: "坐席(工号：A-1024)：您好：请讲\n客服（ID: 7）：再见",
			want: []transcript.Utterance{u(1, A, "坐席(工号：A-1024)", "您好：请讲"), u(2, A, "客服（ID: 7）", "再见")},
			meta: map[string]string{"agent_id": "A-1024"},
		},
		{
			name: "the metadata agent_id wins; a name is not an id; customer ids are not agent ids",
			text: "# agent_id: 8001\n坐席(1024)：您好\n客户(13800138000)：你好",
			want: []transcript.Utterance{u(2, A, "坐席(1024)", "您好"), u(3, C, "客户(13800138000)", "你好")},
			meta: map[string]string{"agent_id": "8001"},
		},
		{
			name: "a name in parentheses records no id",
			text: "坐席(小王)：您好",
			want: []transcript.Utterance{u(1, A, "坐席(小王)", "您好")},
		},
		{
			name: "an unknown label with an id mid-call stays speech",
			text: "坐席：您好\n值班员(1024)：转接中",
			want: []transcript.Utterance{u(1, A, "坐席", "您好值班员(1024)：转接中")},
		},
		{
			name: "parenthesised speech after a label is not an id",
			text: "坐席：好的\n（备注：已登记）请讲",
			want: []transcript.Utterance{u(1, A, "坐席", "好的（备注：已登记）请讲")},
		},
		// Bracketed labels.
		{
			name: "bracketed labels, with and without a colon",
			text: "[坐席] 您好\n【客户】你好\n[客服]：请讲\n【用户】 ：嗯",
			want: []transcript.Utterance{u(1, A, "坐席", "您好"), u(2, C, "客户", "你好"), u(3, A, "客服", "请讲"), u(4, C, "用户", "嗯")},
		},
		{
			name: "bracketed labels after a time, and with an id",
			text: "[00:00:01] 【坐席(1024)】您好\n[00:00:05][客户] 请记录：电话是123",
			want: []transcript.Utterance{at(u(1, A, "坐席(1024)", "您好"), 1*sec), at(u(2, C, "客户", "请记录：电话是123"), 5*sec)},
			meta: map[string]string{"agent_id": "1024"},
		},
		{
			name: "bracketed annotations stay text",
			text: "【坐席】您好\n[笑声]\n【嗯】好的",
			want: []transcript.Utterance{u(1, A, "坐席", "您好[笑声]【嗯】好的")},
		},
		{
			name: "a bracketed label alone on its line",
			text: "【坐席】\n您好\n[客户]\n你好",
			want: []transcript.Utterance{u(1, A, "坐席", "您好"), u(3, C, "客户", "你好")},
		},
		// Role and time header lines.
		{
			name: "ROLE TIME header lines",
			text: "客服 00:00:01\n您好，\n请问有什么可以帮您？\n\n客户 00:00:05.5\n我想查话费：上个月的\n",
			want: []transcript.Utterance{
				at(u(1, A, "客服", "您好，请问有什么可以帮您？"), 1*sec),
				at(u(5, C, "客户", "我想查话费：上个月的"), 5*sec+500*ms),
			},
		},
		{
			name: "ROLE date time header lines become offsets from the first",
			text: "客服  2026-11-03 10:01:02\n您好\n客户  2026-11-03 10:01:10\n你好\n客服 2026/11/3 10:02:00.5\n再见",
			want: []transcript.Utterance{
				at(u(1, A, "客服", "您好"), 0),
				at(u(3, C, "客户", "你好"), 8*sec),
				at(u(5, A, "客服", "再见"), 58*sec+500*ms),
			},
			meta: map[string]string{"date": "2026-11-03"},
		},
		{
			name: "ISO date time, across midnight, date from metadata kept",
			text: "# date: 2026-11-04\n坐席 2026-11-03T23:59:59\n您好\n客户 2026-11-04T00:00:01\n你好",
			want: []transcript.Utterance{at(u(2, A, "坐席", "您好"), 0), at(u(4, C, "客户", "你好"), 2*sec)},
			meta: map[string]string{"date": "2026-11-04"},
		},
		{
			name: "unknown names with a date and time",
			text: "快通客服-小王 2026-11-03 10:01:02\n您好\n张先生 2026-11-03 10:01:05\n你好",
			want: []transcript.Utterance{at(u(1, A, "快通客服-小王", "您好"), 0), at(u(3, C, "张先生", "你好"), 3*sec)},
			meta: map[string]string{"date": "2026-11-03"},
		},
		{
			name: "a header label with an id",
			text: "坐席(工号 1024) 00:00:01\n您好",
			want: []transcript.Utterance{at(u(1, A, "坐席(工号 1024)", "您好"), 1*sec)},
			meta: map[string]string{"agent_id": "1024"},
		},
		{
			name: "speech with a time is not a header",
			text: "客户：我明天\n下午 3:30\n到 15:30:00\n客户 12\n坐席：好的",
			want: []transcript.Utterance{u(1, C, "客户", "我明天下午 3:30到 15:30:00客户 12"), u(5, A, "坐席", "好的")},
		},
		// Tab-separated lines.
		{
			name: "tab-separated time, role and text",
			text: "00:00:01\t坐席\t您好：请讲\n00:00:05.5\t客户\t你好\n",
			want: []transcript.Utterance{at(u(1, A, "坐席", "您好：请讲"), 1*sec), at(u(2, C, "客户", "你好"), 5*sec+500*ms)},
		},
		{
			name: "tab-separated with a header row, ranges, brackets, empty text, extra columns",
			text: "时间\t角色\t内容\n00:01-00:03\t坐席\t您好\n[00:04]\t客户\t\n00:06\tB\t你\t好\n",
			want: []transcript.Utterance{
				span(u(2, A, "坐席", "您好"), 1*sec, 3*sec),
				at(u(3, C, "客户", ""), 4*sec),
				at(u(4, C, "B", "你 好"), 6*sec),
			},
		},
		{
			name: "tab-separated unknown label and date times",
			text: "2026-11-03 10:00:00\t值班员\t您好\n2026-11-03 10:00:03\t客户\t你好\n继续说",
			want: []transcript.Utterance{at(u(1, A, "值班员", "您好"), 0), at(u(2, C, "客户", "你好继续说"), 3*sec)},
			meta: map[string]string{"date": "2026-11-03"},
		},
		{
			name: "tabs in speech are not columns",
			text: "坐席：您好\n请讲\t稍等\t一下",
			want: []transcript.Utterance{u(1, A, "坐席", "您好请讲\t稍等\t一下")},
		},
		// Role alone on its line.
		{
			name: "role alone on its line, with and without a colon or a time",
			text: "坐席\n您好，\n请问有什么可以帮您？\n[00:00:05] 客户\n请记录：电话是123\n坐席：\n好的\nB\nhello",
			want: []transcript.Utterance{
				u(1, A, "坐席", "您好，请问有什么可以帮您？"),
				at(u(4, C, "客户", "请记录：电话是123"), 5*sec),
				u(6, A, "坐席", "好的"),
				u(8, C, "B", "hello"),
			},
		},
		{
			name: "role with an id alone on its line",
			text: "坐席（1024）\n您好",
			want: []transcript.Utterance{u(1, A, "坐席（1024）", "您好")},
			meta: map[string]string{"agent_id": "1024"},
		},
		{
			name:  "labels from the role map work in every variant",
			text:  "值班员\n您好\n[乘客] 你好\n00:00:03\t值班员\t请讲\n乘客 00:00:04\n嗯",
			roles: transcript.DefaultRoles().With(transcript.Agent, "值班员").With(transcript.Customer, "乘客"),
			want: []transcript.Utterance{
				u(1, A, "值班员", "您好"),
				u(3, C, "乘客", "你好"),
				at(u(4, A, "值班员", "请讲"), 3*sec),
				at(u(5, C, "乘客", "嗯"), 4*sec),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, err := transcript.ParsePlain("v.txt", tt.text, tt.roles)
			if err != nil {
				t.Fatalf("ParsePlain: %v", err)
			}
			want := make([]transcript.Utterance, len(tt.want))
			for i, w := range tt.want {
				w.Turn = i + 1
				want[i] = w
			}
			if got := withoutBreaks(call.Utterances); !reflect.DeepEqual(got, want) {
				t.Errorf("utterances:\n got %s\nwant %s", dump(got), dump(want))
			}
			meta := tt.meta
			if meta == nil {
				meta = map[string]string{}
			}
			if !reflect.DeepEqual(call.Metadata, meta) {
				t.Errorf("Metadata = %v, want %v", call.Metadata, meta)
			}
		})
	}
}

func TestParsePlainVariantErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		line int
		msg  string
	}{
		{"malformed time in a tab-separated line", "00:00:01\t坐席\t您好\n00:0x:05\t客户\t你好", 2, `malformed time "00:0x:05"`},
		{"range ending before it starts in a tab-separated line", "00:05-00:03\t坐席\t您好", 1, "ends before it starts"},
		{"text before any label", "时间\t备注\n坐席：您好", 1, "first utterance has no speaker label"},
		{"a time alone on its line", "坐席：您好\n[00:00:05]\n客户", 2, "timestamp is not followed by a speaker label"},
		{"an unknown label alone with a time", "坐席：您好\n[00:00:05] 值班员", 2, "timestamp is not followed by a speaker label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := transcript.ParsePlain("v.txt", tt.text, nil)
			var pe *transcript.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if pe.Line != tt.line {
				t.Errorf("Line = %d, want %d (%v)", pe.Line, tt.line, err)
			}
			if !strings.Contains(pe.Msg, tt.msg) || !strings.Contains(pe.Msg, "/ ") {
				t.Errorf("Msg = %q, want it to contain %q (Chinese / English)", pe.Msg, tt.msg)
			}
		})
	}
}
