package transcript_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// csvCall is the expected form of one parsed call.
type csvCall struct {
	utts     []transcript.Utterance
	meta     map[string]string // nil means empty
	warnings []string          // fragments, one per expected warning; nil means none
}

// checkCSVCalls compares parsed calls with the expectations; Turn is filled in here.
func checkCSVCalls(t *testing.T, path string, got []*transcript.Call, want []csvCall) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d calls, want %d", len(got), len(want))
	}
	for i, w := range want {
		c := got[i]
		if c.Path != path {
			t.Errorf("call %d: Path = %q, want %q", i+1, c.Path, path)
		}
		utts := make([]transcript.Utterance, len(w.utts))
		for j, x := range w.utts {
			x.Turn = j + 1
			utts[j] = x
		}
		if !reflect.DeepEqual(c.Utterances, utts) {
			t.Errorf("call %d utterances:\n got %s\nwant %s", i+1, dump(c.Utterances), dump(utts))
		}
		meta := w.meta
		if meta == nil {
			meta = map[string]string{}
		}
		if !reflect.DeepEqual(c.Metadata, meta) {
			t.Errorf("call %d: Metadata = %v, want %v", i+1, c.Metadata, meta)
		}
		if len(c.Warnings) != len(w.warnings) {
			t.Errorf("call %d: warnings = %q, want %d", i+1, c.Warnings, len(w.warnings))
			continue
		}
		for j, frag := range w.warnings {
			if !strings.Contains(c.Warnings[j], frag) {
				t.Errorf("call %d: warning %q, want it to contain %q", i+1, c.Warnings[j], frag)
			}
		}
	}
}

func TestParseCSV(t *testing.T) {
	A, C, U := transcript.Agent, transcript.Customer, transcript.Unknown
	tests := []struct {
		name   string
		format transcript.Format // CSV unless set
		text   string
		opts   transcript.Options
		want   []csvCall
	}{
		{
			name: "English headers, hh:mm:ss times",
			text: "role,start,end,text\n坐席,00:00:01,00:00:04.5,您好\n客户,00:00:05,00:00:06,你好\n",
			want: []csvCall{{utts: []transcript.Utterance{
				span(u(2, A, "坐席", "您好"), 1*sec, 4*sec+500*ms),
				span(u(3, C, "客户", "你好"), 5*sec, 6*sec),
			}}},
		},
		{
			name: "Chinese headers, seconds, no end column",
			text: "角色,开始时间,内容\n客服,1,您好\n用户,5.25,你好",
			want: []csvCall{{utts: []transcript.Utterance{
				at(u(2, A, "客服", "您好"), 1*sec),
				at(u(3, C, "用户", "你好"), 5*sec+250*ms),
			}}},
		},
		{
			name: "headers are case- and separator-insensitive",
			text: "Speaker Role,Start-Time,END_TIME,Content\nAgent,0:01,0:02,hello\nCustomer,0:03,0:04,hi",
			want: []csvCall{{utts: []transcript.Utterance{
				span(u(2, A, "Agent", "hello"), 1*sec, 2*sec),
				span(u(3, C, "Customer", "hi"), 3*sec, 4*sec),
			}}},
		},
		{
			name: "other synonyms: 说话人, 话术, begin_time",
			text: "说话人,begin_time,话术\n坐席,2,您好",
			want: []csvCall{{utts: []transcript.Utterance{at(u(2, A, "坐席", "您好"), 2*sec)}}},
		},
		{
			name: "milliseconds from the header",
			text: "role,start_ms,end_ms,text\n坐席,1500,4000,您好\n客户,5000,6250,你好",
			want: []csvCall{{utts: []transcript.Utterance{
				span(u(2, A, "坐席", "您好"), 1500*ms, 4*sec),
				span(u(3, C, "客户", "你好"), 5*sec, 6250*ms),
			}}},
		},
		{
			name: "Alibaba BeginTime/EndTime are milliseconds",
			text: "Role,BeginTime,EndTime,Text\n坐席,1000,2000,您好",
			want: []csvCall{{utts: []transcript.Utterance{span(u(2, A, "坐席", "您好"), 1*sec, 2*sec)}}},
		},
		{
			name: "unit suffixes in Chinese and seconds",
			text: "角色,开始时间（毫秒）,结束(秒),内容\n坐席,1000,2.5,您好",
			want: []csvCall{{utts: []transcript.Utterance{span(u(2, A, "坐席", "您好"), 1*sec, 2500*ms)}}},
		},
		{
			name: "date and time become offsets from the first",
			text: "role,start,end,text\n坐席,2026-11-03 10:01:02,2026-11-03 10:01:05,您好\n客户,2026-11-03 10:01:06.5,,你好",
			want: []csvCall{{
				utts: []transcript.Utterance{
					span(u(2, A, "坐席", "您好"), 0, 3*sec),
					at(u(3, C, "客户", "你好"), 4*sec+500*ms),
				},
				meta: map[string]string{"date": "2026-11-03"},
			}},
		},
		{
			name: "semicolon sniffed when the header has no comma",
			text: "role;text;start\n坐席;您好，请讲;1\n客户;你好;2",
			want: []csvCall{{utts: []transcript.Utterance{
				at(u(2, A, "坐席", "您好，请讲"), 1*sec),
				at(u(3, C, "客户", "你好"), 2*sec),
			}}},
		},
		{
			name: "tab sniffed in a .csv",
			text: "role\ttext\n坐席\t您好,请讲",
			want: []csvCall{{utts: []transcript.Utterance{u(2, A, "坐席", "您好,请讲")}}},
		},
		{
			name:   "TSV: commas are text, a quote inside a field is kept",
			format: transcript.TSV,
			text:   "role\ttext\n坐席\t您好, 请讲\n客户\t他说\"好\"\n",
			want: []csvCall{{utts: []transcript.Utterance{
				u(2, A, "坐席", "您好, 请讲"),
				u(3, C, "客户", `他说"好"`),
			}}},
		},
		{
			name: "BOM, CRLF and blank rows",
			text: "\uFEFFrole,text\r\n坐席,您好\r\n\r\n,\r\n客户,你好\r\n",
			want: []csvCall{{utts: []transcript.Utterance{u(2, A, "坐席", "您好"), u(5, C, "客户", "你好")}}},
		},
		{
			name: "quoted fields with newlines: joined, later lines still right",
			text: "role,text\n坐席,\"您好，\n请问有什么\n可以帮您？\"\n客户,\"say \"\"hello\n  world\"\"\"\n坐席,好的",
			want: []csvCall{{utts: []transcript.Utterance{
				u(2, A, "坐席", "您好，请问有什么可以帮您？"),
				u(5, C, "客户", `say "hello world"`),
				u(7, A, "坐席", "好的"),
			}}},
		},
		{
			name: "empty text kept",
			text: "role,text\n坐席,\n客户,你好",
			want: []csvCall{{utts: []transcript.Utterance{u(2, A, "坐席", ""), u(3, C, "客户", "你好")}}},
		},
		{
			name: "calls grouped by call_id in order of first appearance",
			text: "call_id,role,text\nc2,坐席,二一\nc1,坐席,一一\nc2,客户,二二\n,客户,二三\nc1,客户,一二",
			want: []csvCall{
				{utts: []transcript.Utterance{u(2, A, "坐席", "二一"), u(4, C, "客户", "二二"), u(5, C, "客户", "二三")},
					meta: map[string]string{"call_id": "c2"}},
				{utts: []transcript.Utterance{u(3, A, "坐席", "一一"), u(6, C, "客户", "一二")},
					meta: map[string]string{"call_id": "c1"}},
			},
		},
		{
			name: "constant columns are metadata, varying ones are not",
			text: "通话编号,坐席工号,Agent_Name,日期,质检员,角色,内容\n" +
				"X1,1024,周强,2026-11-03,王,坐席,您好\n" +
				"X1,1024,,2026-11-03,李,客户,你好\n" +
				"X2,2048,黄丽,2026-11-04,王,坐席,您好",
			want: []csvCall{
				{utts: []transcript.Utterance{u(2, A, "坐席", "您好"), u(3, C, "客户", "你好")},
					meta: map[string]string{"call_id": "X1", "坐席工号": "1024", "agent_id": "1024", "agent_name": "周强", "日期": "2026-11-03"}},
				{utts: []transcript.Utterance{u(4, A, "坐席", "您好")},
					meta: map[string]string{"call_id": "X2", "坐席工号": "2048", "agent_id": "2048", "agent_name": "黄丽", "日期": "2026-11-04", "质检员": "王"}},
			},
		},
		{
			name: "a channel column beside a role column is the conversation's channel, not speaker ids",
			text: "session_id,role,channel,text\nS1,客服,chat,您好\nS1,客户,chat,你好",
			want: []csvCall{{
				utts: []transcript.Utterance{u(2, A, "客服", "您好"), u(3, C, "客户", "你好")},
				meta: map[string]string{"call_id": "S1", "channel": "chat"},
			}},
		},
		{
			name: "a 渠道 column fills the channel",
			text: "会话编号,角色,内容,渠道\nS1,客服,您好,在线\nS1,客户,你好,在线",
			want: []csvCall{{
				utts: []transcript.Utterance{u(2, A, "客服", "您好"), u(3, C, "客户", "你好")},
				meta: map[string]string{"会话编号": "S1", "渠道": "在线", "channel": "在线"},
			}},
		},
		{
			name: "role with an agent id",
			text: "role,text\n坐席(工号1024),您好\n客户,你好",
			want: []csvCall{{
				utts: []transcript.Utterance{u(2, A, "坐席(工号1024)", "您好"), u(3, C, "客户", "你好")},
				meta: map[string]string{"agent_id": "1024"},
			}},
		},
		{
			name: "an agent id column wins over the id in the role",
			text: "role,坐席工号,text\n坐席(工号1024),2048,您好",
			want: []csvCall{{
				utts: []transcript.Utterance{u(2, A, "坐席(工号1024)", "您好")},
				meta: map[string]string{"agent_id": "2048", "坐席工号": "2048"},
			}},
		},
		{
			name: "unknown role labels: Unknown, one warning naming them, not guessed",
			text: "call_id,role,text\n1,值班员,您好\n1,乘客,你好\n1,值班员,请讲\n2,坐席,您好",
			want: []csvCall{
				{
					utts:     []transcript.Utterance{u(2, U, "值班员", "您好"), u(3, U, "乘客", "你好"), u(4, U, "值班员", "请讲")},
					meta:     map[string]string{"call_id": "1"},
					warnings: []string{`未识别的角色 "值班员"、"乘客"`},
				},
				{utts: []transcript.Utterance{u(5, A, "坐席", "您好")}, meta: map[string]string{"call_id": "2"}},
			},
		},
		{
			name: "unknown role warning is bilingual with a hint",
			text: "role,text\n值班员,您好",
			want: []csvCall{{
				utts:     []transcript.Utterance{u(2, U, "值班员", "您好")},
				warnings: []string{`map the label under roles: in the rulebook`},
			}},
		},
		{
			name: "role map and speaker map apply to the role column",
			text: "role,text\n值班员,您好\n0,你好",
			opts: transcript.Options{
				Roles:    transcript.DefaultRoles().With(transcript.Agent, "值班员"),
				Speakers: map[string]transcript.Role{"0": transcript.Customer},
			},
			want: []csvCall{{utts: []transcript.Utterance{u(2, A, "值班员", "您好"), u(3, C, "0", "你好")}}},
		},
		{
			name: "speaker ids without a role column are resolved",
			text: "channel,text\n1,喂？\n0,您好，请问有什么可以帮到您？\n1,查话费",
			want: []csvCall{{
				utts:     []transcript.Utterance{u(2, C, "1", "喂？"), u(3, A, "0", "您好，请问有什么可以帮到您？"), u(4, C, "1", "查话费")},
				warnings: []string{`说话人 "0" 被推断为坐席`},
			}},
		},
		{
			name: "a role column holding only ids is read as speaker ids",
			text: "说话人,内容\n说话人1,您好，请问有什么可以帮到您？\n说话人2,查话费",
			want: []csvCall{{
				utts:     []transcript.Utterance{u(2, A, "说话人1", "您好，请问有什么可以帮到您？"), u(3, C, "说话人2", "查话费")},
				warnings: []string{`说话人 "说话人1" 被推断为坐席`},
			}},
		},
		{
			name: "ids next to a name in the role column are not guessed",
			text: "role,text\n1,您好\n乘客,你好",
			want: []csvCall{{
				utts:     []transcript.Utterance{u(2, U, "1", "您好"), u(3, U, "乘客", "你好")},
				warnings: []string{`"1"、"乘客"`},
			}},
		},
		{
			name: "column mapping keys are case-insensitive",
			text: "who,what\n坐席,您好",
			opts: transcript.Options{Columns: map[string]string{"Role": "WHO", "TEXT": "what"}},
			want: []csvCall{{utts: []transcript.Utterance{u(2, A, "坐席", "您好")}}},
		},
		{
			name: "speaker ids mapped by the options",
			text: "speaker_id,text\nspk_0,喂\nspk_1,您好",
			opts: transcript.Options{Speakers: map[string]transcript.Role{"spk_0": transcript.Customer, "spk_1": transcript.Agent}},
			want: []csvCall{{utts: []transcript.Utterance{u(2, C, "spk_0", "喂"), u(3, A, "spk_1", "您好")}}},
		},
		{
			name: "speaker column holding role labels",
			text: "声道,文本\n坐席,您好\n客户,你好",
			want: []csvCall{{utts: []transcript.Utterance{u(2, A, "坐席", "您好"), u(3, C, "客户", "你好")}}},
		},
		{
			name: "column overrides",
			text: "身份,话单内容,偏移(毫秒),text\n坐席,您好,1000,ignored",
			opts: transcript.Options{Columns: map[string]string{"role": "身份", "text": "话单内容", "start": "偏移(毫秒)"}},
			want: []csvCall{{
				utts: []transcript.Utterance{at(u(2, A, "坐席", "您好"), 1*sec)},
				meta: map[string]string{"text": "ignored"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format := tt.format
			if format == "" {
				format = transcript.CSV
			}
			calls, err := transcript.ParseCSV("calls.csv", tt.text, format, tt.opts)
			if err != nil {
				t.Fatalf("ParseCSV: %v", err)
			}
			checkCSVCalls(t, "calls.csv", calls, tt.want)
		})
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name    string
		format  transcript.Format
		text    string
		columns map[string]string
		line    int
		msgs    []string // substrings of the message
	}{
		{name: "no text column", text: "role,start\n坐席,1", line: 1,
			msgs: []string{"表头中没有文本列", `no text column`, "“role”, “start”", "内容", "utterance"}},
		{name: "no text column after a BOM", text: "\uFEFF角色,时间\n坐席,1", line: 1,
			msgs: []string{"headers found: “角色”, “时间”"}},
		{name: "no role or speaker column", text: "text\n您好", line: 1,
			msgs: []string{"no role or speaker column", "角色", "channel"}},
		{name: "override names a missing header", text: "role,text\n坐席,您好", columns: map[string]string{"text": "正文"}, line: 1,
			msgs: []string{`"正文"`, "configured for text", "“role”, “text”"}},
		{name: "override names an unknown field", text: "role,text\n坐席,您好", columns: map[string]string{"body": "text"},
			msgs: []string{`unknown field "body"`}},
		{name: "ragged row: too few", text: "role,start,text\n坐席,1,您好\n客户,2", line: 3,
			msgs: []string{"该行有 2 列，表头有 3 列", "row has 2 fields, the header has 3"}},
		{name: "ragged row: too many, after a multi-line field", text: "role,text\n坐席,\"您\n好\"\n客户,你,好", line: 4,
			msgs: []string{"row has 3 fields"}},
		{name: "bare quote", text: "role,text\n坐席,您好\n客户,他说\"好\"", line: 3,
			msgs: []string{`bare " in non-quoted field`}},
		{name: "unterminated quote", text: "role,text\n坐席,\"您好\n客户,你好\n", line: 3,
			msgs: []string{`extraneous or missing "`, "the record starts at line 2"}},
		{name: "bad time", text: "role,start,text\n坐席,1:2:3:4,您好", line: 2,
			msgs: []string{`start列的时间“1:2:3:4”无效`, `invalid start time "1:2:3:4"`}},
		{name: "negative number", text: "role,start,text\n坐席,-1,您好", line: 2,
			msgs: []string{`invalid start time "-1"`}},
		{name: "exponent", text: "role,start_ms,text\n坐席,1e3,您好", line: 2,
			msgs: []string{`invalid start time "1e3"`}},
		{name: "end before start", text: "role,start,end,text\n坐席,5,3,您好", line: 2,
			msgs: []string{"end time is before the start time"}},
		{name: "end before start with dates", text: "role,start,end,text\n坐席,2026-01-01 10:00:05,2026-01-01 10:00:00,您好", line: 2,
			msgs: []string{"end time is before the start time"}},
		{name: "empty role cell", text: "role,text\n坐席,您好\n,你好", line: 3,
			msgs: []string{"角色为空", "role cell is empty"}},
		{name: "empty speaker cell", text: "speaker,text\n0,您好\n,你好", line: 3,
			msgs: []string{"speaker cell is empty"}},
		{name: "empty file", text: "", msgs: []string{"no header row"}},
		{name: "header only", text: "\uFEFFrole,text\r\n", msgs: []string{"文件中没有对话内容 / no utterances in file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format := tt.format
			if format == "" {
				format = transcript.CSV
			}
			_, err := transcript.ParseCSV("in/x.csv", tt.text, format, transcript.Options{Columns: tt.columns})
			var pe *transcript.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if pe.Path != "in/x.csv" {
				t.Errorf("Path = %q", pe.Path)
			}
			if pe.Line != tt.line {
				t.Errorf("Line = %d, want %d (%v)", pe.Line, tt.line, err)
			}
			for _, m := range tt.msgs {
				if !strings.Contains(pe.Msg, m) {
					t.Errorf("Msg = %q, want it to contain %q", pe.Msg, m)
				}
			}
			if !strings.Contains(pe.Msg, "/ ") {
				t.Errorf("Msg = %q, want Chinese / English", pe.Msg)
			}
		})
	}
}

func TestParseDispatchesCSV(t *testing.T) {
	calls, err := transcript.Parse("a.tsv", "role\ttext\n坐席\t您好", transcript.Auto, transcript.Options{})
	if err != nil || len(calls) != 1 || calls[0].Utterances[0].Role != transcript.Agent {
		t.Fatalf("Parse(a.tsv) = %v, %v", calls, err)
	}
}
