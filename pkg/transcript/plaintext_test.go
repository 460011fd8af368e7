package transcript_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// u builds an expected utterance without times; Turn is filled in by the test loop.
func u(line int, role transcript.Role, label, text string) transcript.Utterance {
	return transcript.Utterance{Line: line, Role: role, Label: label, Text: text}
}

// at adds a single start time.
func at(x transcript.Utterance, start time.Duration) transcript.Utterance {
	x.Start, x.HasStart = start, true
	return x
}

// span adds a start-end range.
func span(x transcript.Utterance, start, end time.Duration) transcript.Utterance {
	x.Start, x.HasStart = start, true
	x.End, x.HasEnd = end, true
	return x
}

const (
	ms  = time.Millisecond
	sec = time.Second
	min = time.Minute
	hr  = time.Hour
)

func TestParsePlain(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		roles transcript.RoleMap // nil means DefaultRoles
		want  []transcript.Utterance
		meta  map[string]string // nil means empty
	}{
		{
			name: "full-width colon",
			text: "坐席：您好\n客户：你好",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好"), u(2, transcript.Customer, "客户", "你好")},
		},
		{
			name: "ASCII colon",
			text: "坐席:您好\n客户:你好",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好"), u(2, transcript.Customer, "客户", "你好")},
		},
		{
			name: "whitespace around label and colon",
			text: "  坐席 ：  您好，请讲  \n\t客户\t:\t我想 查 话费 ",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好，请讲"), u(2, transcript.Customer, "客户", "我想 查 话费")},
		},
		{
			name: "full-width spaces are trimmed",
			text: "\u3000坐席\u3000：\u3000您好\u3000",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好")},
		},
		{
			name: "all default agent labels",
			text: "坐席：1\n座席：2\n客服：3\n话务员：4\n話務員：5\nagent：6\nA：7",
			want: []transcript.Utterance{
				u(1, transcript.Agent, "坐席", "1"), u(2, transcript.Agent, "座席", "2"),
				u(3, transcript.Agent, "客服", "3"), u(4, transcript.Agent, "话务员", "4"),
				u(5, transcript.Agent, "話務員", "5"), u(6, transcript.Agent, "agent", "6"),
				u(7, transcript.Agent, "A", "7"),
			},
		},
		{
			name: "all default customer labels",
			text: "客户：1\n客戶：2\n顾客：3\n顧客：4\n用户：5\n用戶：6\n来电人：7\n來電人：8\ncustomer：9\nB：10",
			want: []transcript.Utterance{
				u(1, transcript.Customer, "客户", "1"), u(2, transcript.Customer, "客戶", "2"),
				u(3, transcript.Customer, "顾客", "3"), u(4, transcript.Customer, "顧客", "4"),
				u(5, transcript.Customer, "用户", "5"), u(6, transcript.Customer, "用戶", "6"),
				u(7, transcript.Customer, "来电人", "7"), u(8, transcript.Customer, "來電人", "8"),
				u(9, transcript.Customer, "customer", "9"), u(10, transcript.Customer, "B", "10"),
			},
		},
		{
			name: "labels are case-insensitive and kept as written",
			text: "Agent: Hello\na: again\nCUSTOMER: hi\nb: bye",
			want: []transcript.Utterance{
				u(1, transcript.Agent, "Agent", "Hello"), u(2, transcript.Agent, "a", "again"),
				u(3, transcript.Customer, "CUSTOMER", "hi"), u(4, transcript.Customer, "b", "bye"),
			},
		},
		{
			name:  "extra labels from the role map",
			text:  "值班员：您好\n乘客：你好",
			roles: transcript.DefaultRoles().With(transcript.Agent, "值班员").With(transcript.Customer, "乘客"),
			want:  []transcript.Utterance{u(1, transcript.Agent, "值班员", "您好"), u(2, transcript.Customer, "乘客", "你好")},
		},
		{
			name: "hh:mm:ss",
			text: "[00:01:02] 坐席：您好\n[01:00:00]客户：你好",
			want: []transcript.Utterance{
				at(u(1, transcript.Agent, "坐席", "您好"), 1*min+2*sec),
				at(u(2, transcript.Customer, "客户", "你好"), 1*hr),
			},
		},
		{
			name: "mm:ss and fractions",
			text: "[00:05] A：一\n[01:02.5] B：二\n[1:02.05] A：三\n[00:00:03.123] B：四\n[75:10] A：五",
			want: []transcript.Utterance{
				at(u(1, transcript.Agent, "A", "一"), 5*sec),
				at(u(2, transcript.Customer, "B", "二"), 1*min+2*sec+500*ms),
				at(u(3, transcript.Agent, "A", "三"), 1*min+2*sec+50*ms),
				at(u(4, transcript.Customer, "B", "四"), 3*sec+123*ms),
				at(u(5, transcript.Agent, "A", "五"), 75*min+10*sec),
			},
		},
		{
			name: "ranges",
			text: "[00:01.5-00:03.2] 坐席：一\n[00:00:04-00:00:06] 客户：二\n[00:07 - 00:09] 坐席：三",
			want: []transcript.Utterance{
				span(u(1, transcript.Agent, "坐席", "一"), 1500*ms, 3200*ms),
				span(u(2, transcript.Customer, "客户", "二"), 4*sec, 6*sec),
				span(u(3, transcript.Agent, "坐席", "三"), 7*sec, 9*sec),
			},
		},
		{
			name: "range separators and full-width brackets",
			text: "【00:01~00:02】坐席：一\n[00:03–00:04] 客户：二\n[00:05—00:06] 坐席：三\n[00:07——00:08] 客户：四\n【00:09】坐席：五\n[00：10] 客户：六",
			want: []transcript.Utterance{
				span(u(1, transcript.Agent, "坐席", "一"), 1*sec, 2*sec),
				span(u(2, transcript.Customer, "客户", "二"), 3*sec, 4*sec),
				span(u(3, transcript.Agent, "坐席", "三"), 5*sec, 6*sec),
				span(u(4, transcript.Customer, "客户", "四"), 7*sec, 8*sec),
				at(u(5, transcript.Agent, "坐席", "五"), 9*sec),
				at(u(6, transcript.Customer, "客户", "六"), 10*sec),
			},
		},
		{
			name: "plain seconds in brackets",
			text: "[12.5] 坐席：您好",
			want: []transcript.Utterance{at(u(1, transcript.Agent, "坐席", "您好"), 12*sec+500*ms)},
		},
		{
			name: "annotation brackets are text, not times",
			text: "坐席：您好\n[笑声]\n[3秒静音]好的",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好[笑声][3秒静音]好的")},
		},
		{
			name: "continuation lines are joined without a separator",
			text: "坐席：您好，\n  请问有什么\n可以帮您？  \n客户：我想查话费",
			want: []transcript.Utterance{
				u(1, transcript.Agent, "坐席", "您好，请问有什么可以帮您？"),
				u(4, transcript.Customer, "客户", "我想查话费"),
			},
		},
		{
			name: "empty utterance kept and continued",
			text: "坐席：\n您好\n客户：",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好"), u(3, transcript.Customer, "客户", "")},
		},
		{
			name: "colon inside speech continues the utterance",
			text: "坐席：好的\n请记录：电话是123\n客户：地址：北京市",
			want: []transcript.Utterance{
				u(1, transcript.Agent, "坐席", "好的请记录：电话是123"),
				u(3, transcript.Customer, "客户", "地址：北京市"),
			},
		},
		{
			name: "time of day inside a continuation",
			text: "客户：我明天\n下午3:30到",
			want: []transcript.Utterance{u(1, transcript.Customer, "客户", "我明天下午3:30到")},
		},
		{
			name: "unknown label on the first utterance",
			text: "值班员：您好\n客户：你好",
			// No label names the agent: the unknown one that greets is taken for the agent.
			want: []transcript.Utterance{u(1, transcript.Agent, "值班员", "您好"), u(2, transcript.Customer, "客户", "你好")},
		},
		{
			name: "unknown Latin label with a space",
			text: "Agent Smith: hello",
			want: []transcript.Utterance{u(1, transcript.Agent, "Agent Smith", "hello")},
		},
		{
			name: "unknown label mid-call without a time is a continuation",
			text: "坐席：您好\n值班员：转接中",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好值班员：转接中")},
		},
		{
			name: "unknown label mid-call with a time starts an utterance",
			text: "[00:01] 坐席：您好\n[00:05] 值班员：转接中",
			want: []transcript.Utterance{
				at(u(1, transcript.Agent, "坐席", "您好"), 1*sec),
				// The agent is known and no label names the customer.
				at(u(2, transcript.Customer, "值班员", "转接中"), 5*sec),
			},
		},
		{
			name: "metadata and comments",
			text: "# Call_ID : 20240501-0001\n#agent_id：8001\n# 这是注释\n#\n# note: a: b\n坐席：您好",
			want: []transcript.Utterance{u(6, transcript.Agent, "坐席", "您好")},
			meta: map[string]string{"call_id": "20240501-0001", "agent_id": "8001", "note": "a: b"},
		},
		{
			name: "metadata and blank lines between continuation lines",
			text: "坐席：您好\n\n# channel: 1\n请讲",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好请讲")},
			meta: map[string]string{"channel": "1"},
		},
		{
			name: "line numbers count blank and metadata lines",
			text: "\n# call_id: 1\n\n  \n坐席：您好\n\n\n客户：你好\n",
			want: []transcript.Utterance{u(5, transcript.Agent, "坐席", "您好"), u(8, transcript.Customer, "客户", "你好")},
			meta: map[string]string{"call_id": "1"},
		},
		{
			name: "CRLF line endings",
			text: "# call_id: 7\r\n坐席：您好\r\n请讲\r\n\r\n客户：你好\r\n",
			want: []transcript.Utterance{u(2, transcript.Agent, "坐席", "您好请讲"), u(5, transcript.Customer, "客户", "你好")},
			meta: map[string]string{"call_id": "7"},
		},
		{
			name: "BOM",
			text: "\uFEFF坐席：您好",
			want: []transcript.Utterance{u(1, transcript.Agent, "坐席", "您好")},
		},
		{
			name: "BOM before metadata",
			text: "\uFEFF# call_id: 9\n坐席：您好",
			want: []transcript.Utterance{u(2, transcript.Agent, "坐席", "您好")},
			meta: map[string]string{"call_id": "9"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roles := tt.roles
			if roles == nil {
				roles = transcript.DefaultRoles()
			}
			call, err := transcript.ParsePlain("call.txt", tt.text, roles)
			if err != nil {
				t.Fatalf("ParsePlain: %v", err)
			}
			if call.Path != "call.txt" {
				t.Errorf("Path = %q, want call.txt", call.Path)
			}
			want := make([]transcript.Utterance, len(tt.want))
			for i, w := range tt.want {
				w.Turn = i + 1
				want[i] = w
			}
			got := withoutBreaks(call.Utterances)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("utterances:\n got %s\nwant %s", dump(got), dump(want))
			}
			wantMeta := tt.meta
			if wantMeta == nil {
				wantMeta = map[string]string{}
			}
			if call.Metadata == nil {
				t.Errorf("Metadata is nil")
			}
			if !reflect.DeepEqual(call.Metadata, wantMeta) {
				t.Errorf("Metadata = %v, want %v", call.Metadata, wantMeta)
			}
		})
	}
}

func dump(us []transcript.Utterance) string {
	var b strings.Builder
	for _, x := range us {
		fmt.Fprintf(&b, "\n  %+v", x)
	}
	return b.String()
}

func TestParsePlainNilRolesUsesDefaults(t *testing.T) {
	call, err := transcript.ParsePlain("call.txt", "坐席：您好", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := call.Utterances[0].Role; got != transcript.Agent {
		t.Errorf("Role = %q, want agent", got)
	}
}

func TestParsePlainErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		line int
		msg  string // substring of the message
	}{
		{"continuation before any utterance", "# call_id: 1\n\n你好，请问", 3, "第一句话缺少说话人标签"},
		{"long prefix on the first line", "我想说的是这件事情真的非常非常重要：请记下", 1, "first utterance has no speaker label"},
		{"Chinese prefix with a space on the first line", "我 想说：你好", 1, "first utterance has no speaker label"},
		{"empty label on the first line", "：你好", 1, "first utterance has no speaker label"},
		{"malformed time", "坐席：您好\n\n[12:7x] 客户：你好", 3, "时间戳“[12:7x]”格式错误"},
		{"malformed time in English", "[12:7x] 客户：你好", 1, `malformed timestamp "[12:7x]"`},
		{"too many fields", "[1:2:3:4] 坐席：您好", 1, "malformed timestamp"},
		{"minutes out of range in hh:mm:ss", "[00:60:00] 坐席：您好", 1, "malformed timestamp"},
		{"seconds out of range", "[00:60] 坐席：您好", 1, "malformed timestamp"},
		{"fraction too long", "[00:01.1234] 坐席：您好", 1, "malformed timestamp"},
		{"empty field", "[00::01] 坐席：您好", 1, "malformed timestamp"},
		{"bad range end", "[00:01-] 坐席：您好", 1, "malformed timestamp"},
		{"typo with dots", "[00.01.02] 坐席：您好", 1, "malformed timestamp"},
		{"full-width bracket", "坐席：您好\n【00:0x】客户：你好", 2, "malformed timestamp \"【00:0x】\""},
		{"range ends before it starts", "[00:05-00:03] 坐席：您好", 1, "ends before it starts"},
		{"unclosed bracket", "[00:01 坐席：您好", 1, "timestamp has no closing bracket"},
		{"time without a speaker", "坐席：您好\n[00:05] 然后呢", 2, "timestamp is not followed by a speaker label"},
		{"no utterances", "# call_id: 1\n\n# 注释\n", 0, "文件中没有对话内容 / no utterances in file"},
		{"empty file", "", 0, "no utterances in file"},
		{"only a BOM and blank lines", "\uFEFF\r\n\r\n", 0, "no utterances in file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := transcript.ParsePlain("calls/x.txt", tt.text, transcript.DefaultRoles())
			var pe *transcript.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if pe.Path != "calls/x.txt" {
				t.Errorf("Path = %q, want calls/x.txt", pe.Path)
			}
			if pe.Line != tt.line {
				t.Errorf("Line = %d, want %d (%v)", pe.Line, tt.line, err)
			}
			if !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("Msg = %q, want it to contain %q", pe.Msg, tt.msg)
			}
			if !strings.Contains(pe.Msg, "/ ") {
				t.Errorf("Msg = %q, want Chinese / English", pe.Msg)
			}
		})
	}
}

func TestParseErrorString(t *testing.T) {
	_, err := transcript.ParsePlain("x.txt", "坐席：您好\n[12:7x] 客户：你好", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "x.txt:2: ") {
		t.Errorf("err = %v, want prefix x.txt:2:", err)
	}
}

func TestParseTime(t *testing.T) {
	good := []struct {
		in   string
		want time.Duration
	}{
		{"00:00:00", 0},
		{"01:02:03", 1*hr + 2*min + 3*sec},
		{"1:2:3", 1*hr + 2*min + 3*sec},
		{"100:00:00", 100 * hr},
		{"00:00:01.5", 1500 * ms},
		{"00:00:01.05", 1050 * ms},
		{"00:00:01.005", 1005 * ms},
		{"00:00:01,250", 1250 * ms},
		{"02:03", 2*min + 3*sec},
		{"2:03.7", 2*min + 3*sec + 700*ms},
		{"75:10", 75*min + 10*sec},
		{"00：05", 5 * sec},
		{" 00:05 ", 5 * sec},
		{"12", 12 * sec},
		{"12.5", 12*sec + 500*ms},
	}
	for _, tt := range good {
		got, err := transcript.ParseTime(tt.in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}

	bad := []string{
		"", " ", ":", "1:", ":1", "12:7x", "1:2:3:4", "00:60", "00:60:00", "00:00:60",
		"00:00:01.", "00:00:01.1234", "-1", "+1", "1e3", "00:001", "1234567", "a:b",
	}
	for _, in := range bad {
		if got, err := transcript.ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) = %v, want error", in, got)
		}
	}
}

func TestParseTimeRoundTripsFormatTime(t *testing.T) {
	for _, d := range []time.Duration{0, 5 * sec, 1*hr + 2*min + 3*sec + 45*ms} {
		got, err := transcript.ParseTime(transcript.FormatTime(d))
		if err != nil || got != d {
			t.Errorf("ParseTime(FormatTime(%v)) = %v, %v", d, got, err)
		}
	}
}

// TestContinuationBreaks: an utterance knows where in its text each continuation line
// starts, so a finding there names its own line (Utterance.LineAt).
func TestContinuationBreaks(t *testing.T) {
	for _, tt := range []struct {
		name, text, at string // at: the text whose first byte's line is wanted
		want           int
	}{
		{"first line", "坐席：好的，\n请稍等。\n我也没办法。\n", "好的", 1},
		{"second line", "坐席：好的，\n请稍等。\n我也没办法。\n", "请稍等", 2},
		{"third line", "坐席：好的，\n请稍等。\n我也没办法。\n", "我也没办法", 3},
		{"past a blank line", "# call_id: X\n坐席：好的，\n\n我也没办法。\n", "我也没办法", 4},
		{"an empty first line", "坐席：\n我也没办法。\n", "我也没办法", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			calls, err := transcript.Parse("call.txt", tt.text, transcript.Text, transcript.Options{})
			if err != nil {
				t.Fatal(err)
			}
			u := &calls[0].Utterances[0]
			at := strings.Index(u.Text, tt.at)
			if got := u.LineAt(at); at < 0 || got != tt.want {
				t.Errorf("%q at %d of %q: line %d, want %d (breaks %v)", tt.at, at, u.Text, got, tt.want, u.Breaks)
			}
		})
	}
}

// withoutBreaks is us without where their continuation lines start (checked by
// TestContinuationBreaks), for the tables of what a transcript reads as.
func withoutBreaks(us []transcript.Utterance) []transcript.Utterance {
	out := slices.Clone(us)
	for i := range out {
		out[i].Breaks = nil
	}
	return out
}
