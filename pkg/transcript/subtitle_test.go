package transcript_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

func TestParseSubtitles(t *testing.T) {
	A, C := transcript.Agent, transcript.Customer
	tests := []struct {
		name   string
		format transcript.Format
		text   string
		opts   transcript.Options
		want   csvCall
	}{
		{
			name:   "SRT with label prefixes and a multi-line cue",
			format: transcript.SRT,
			text: "1\n00:00:01,000 --> 00:00:04,000\n坐席：您好，\n请问有什么可以帮您？\n\n" +
				"2\n00:00:05,500 --> 00:00:07,000\n客户: 我想查话费\n",
			want: csvCall{utts: []transcript.Utterance{
				span(u(3, A, "坐席", "您好，请问有什么可以帮您？"), 1*sec, 4*sec),
				span(u(8, C, "客户", "我想查话费"), 5*sec+500*ms, 7*sec),
			}},
		},
		{
			name:   "SRT: BOM, CRLF, no cue numbers, extra blank lines, A/B labels",
			format: transcript.SRT,
			text:   "\uFEFF\r\n00:00:01,000 --> 00:00:02,000\r\nA: hello\r\nthere\r\n\r\n\r\n00:00:03,000 --> 00:00:04,000 X1:10 X2:20\r\nB: hi\r\n",
			want: csvCall{utts: []transcript.Utterance{
				span(u(3, A, "A", "hello there"), 1*sec, 2*sec),
				span(u(8, C, "B", "hi"), 3*sec, 4*sec),
			}},
		},
		{
			name:   "SRT: markup and {\\an8} overrides stripped, entities left alone",
			format: transcript.SRT,
			text:   "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>坐席：</i><font color=\"red\">您好</font> &amp;\n",
			want:   csvCall{utts: []transcript.Utterance{span(u(3, A, "坐席", "您好 &amp;"), 1*sec, 2*sec)}},
		},
		{
			name:   "WebVTT: voice tags, cue ids, NOTE/STYLE/REGION skipped, settings, entities",
			format: transcript.VTT,
			text: "WEBVTT - call\nKind: captions\nX-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:0\n\nNOTE a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1\n\n" +
				"c1\n00:01.000 --> 00:04.000 align:start position:10%\n<v 坐席>您好，<b>请问</b>有什么<00:02.000>可以帮您？</v>\n\n" +
				"00:00:05.000 --> 00:00:06.000\n<v.loud 客户>你好 &amp; 再见&lt;</v>\n",
			want: csvCall{
				utts: []transcript.Utterance{
					span(u(16, A, "坐席", "您好，请问有什么可以帮您？"), 1*sec, 4*sec),
					span(u(19, C, "客户", "你好 & 再见<"), 5*sec, 6*sec),
				},
				meta: map[string]string{"kind": "captions"},
			},
		},
		{
			name:   "WebVTT: speaker ids in voice tags are resolved",
			format: transcript.VTT,
			text:   "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Speaker 2>喂？\n\n00:02.000 --> 00:04.000\n<v Speaker 1>您好，请问有什么可以帮您？\n\n00:04.000 --> 00:05.000\n<v Speaker 2>查话费\n",
			want: csvCall{
				utts: []transcript.Utterance{
					span(u(4, C, "Speaker 2", "喂？"), 1*sec, 2*sec),
					span(u(7, A, "Speaker 1", "您好，请问有什么可以帮您？"), 2*sec, 4*sec),
					span(u(10, C, "Speaker 2", "查话费"), 4*sec, 5*sec),
				},
				warnings: []string{`说话人 "Speaker 1" 被推断为坐席`},
			},
		},
		{
			name:   "WebVTT: voice ids mapped by the options",
			format: transcript.VTT,
			text:   "WEBVTT\n\n00:01.000 --> 00:02.000\n<v spk0>您好\n\n00:02.000 --> 00:03.000\n<v spk1>你好\n",
			opts:   transcript.Options{Speakers: map[string]transcript.Role{"spk0": transcript.Agent, "spk1": transcript.Customer}},
			want: csvCall{utts: []transcript.Utterance{
				span(u(4, A, "spk0", "您好"), 1*sec, 2*sec),
				span(u(7, C, "spk1", "你好"), 2*sec, 3*sec),
			}},
		},
		{
			name:   "two voices in one cue",
			format: transcript.VTT,
			text:   "WEBVTT\n\n00:01.000 --> 00:03.000\n<v 坐席>您好\n<v 客户>你好\n",
			want: csvCall{utts: []transcript.Utterance{
				span(u(4, A, "坐席", "您好"), 1*sec, 3*sec),
				span(u(5, C, "客户", "你好"), 1*sec, 3*sec),
			}},
		},
		{
			name:   "a cue without a speaker continues the utterance and extends its end",
			format: transcript.SRT,
			text:   "1\n00:00:01,000 --> 00:00:02,000\n坐席：您好，\n\n2\n00:00:02,000 --> 00:00:04,000\n请问有什么可以帮您？\n\n3\n00:00:05,000 --> 00:00:06,000\n客户：查话费\n",
			want: csvCall{utts: []transcript.Utterance{
				span(u(3, A, "坐席", "您好，请问有什么可以帮您？"), 1*sec, 4*sec),
				span(u(11, C, "客户", "查话费"), 5*sec, 6*sec),
			}},
		},
		{
			name:   "a colon inside speech is not a speaker",
			format: transcript.SRT,
			text:   "1\n00:00:01,000 --> 00:00:02,000\n坐席：好的\n\n2\n00:00:02,000 --> 00:00:03,000\n请记录：电话是123\n\n3\n00:00:03,000 --> 00:00:04,000\n客户：地址：北京市\n",
			want: csvCall{utts: []transcript.Utterance{
				span(u(3, A, "坐席", "好的请记录：电话是123"), 1*sec, 3*sec),
				span(u(11, C, "客户", "地址：北京市"), 3*sec, 4*sec),
			}},
		},
		{
			name:   "repeated unknown prefixes are speaker ids",
			format: transcript.SRT,
			text: "1\n00:00:01,000 --> 00:00:02,000\nSpeaker 1: 您好，请问有什么可以帮您？\n\n" +
				"2\n00:00:02,000 --> 00:00:03,000\nSpeaker 2: 喂\n\n" +
				"3\n00:00:03,000 --> 00:00:04,000\nSpeaker 1: 请讲\n\n" +
				"4\n00:00:04,000 --> 00:00:05,000\nSpeaker 2: 查话费\n",
			want: csvCall{
				utts: []transcript.Utterance{
					span(u(3, A, "Speaker 1", "您好，请问有什么可以帮您？"), 1*sec, 2*sec),
					span(u(7, C, "Speaker 2", "喂"), 2*sec, 3*sec),
					span(u(11, A, "Speaker 1", "请讲"), 3*sec, 4*sec),
					span(u(15, C, "Speaker 2", "查话费"), 4*sec, 5*sec),
				},
				warnings: []string{`"Speaker 1"`},
			},
		},
		{
			name:   "WhisperX [SPEAKER_00] labels",
			format: transcript.SRT,
			text: "1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: 您好\n\n" +
				"2\n00:00:02,000 --> 00:00:03,000\n[SPEAKER_01]: 喂\n",
			opts: transcript.Options{Speakers: map[string]transcript.Role{"SPEAKER_00": transcript.Agent, "SPEAKER_01": transcript.Customer}},
			want: csvCall{utts: []transcript.Utterance{
				span(u(3, A, "SPEAKER_00", "您好"), 1*sec, 2*sec),
				span(u(7, C, "SPEAKER_01", "喂"), 2*sec, 3*sec),
			}},
		},
		{
			name:   "bracketed and id-carrying labels",
			format: transcript.SRT,
			text: "1\n00:00:01,000 --> 00:00:02,000\n【坐席(工号1024)】您好\n\n" +
				"2\n00:00:02,000 --> 00:00:03,000\n[客户] 喂\n",
			want: csvCall{
				utts: []transcript.Utterance{
					span(u(3, A, "坐席(工号1024)", "您好"), 1*sec, 2*sec),
					span(u(7, C, "客户", "喂"), 2*sec, 3*sec),
				},
				meta: map[string]string{"agent_id": "1024"},
			},
		},
		{
			name:   "a WEBVTT file read as SRT is WebVTT",
			format: transcript.SRT,
			text:   "WEBVTT\n\nNOTE x\n\n00:01.000 --> 00:02.000\n<v 坐席>您好\n",
			want:   csvCall{utts: []transcript.Utterance{span(u(6, A, "坐席", "您好"), 1*sec, 2*sec)}},
		},
		{
			name:   "cues with no text are skipped",
			format: transcript.SRT,
			text:   "1\n00:00:00,000 --> 00:00:01,000\n\n2\n00:00:01,000 --> 00:00:02,000\n坐席：您好\n\n3\n00:00:02,000 --> 00:00:03,000\n<i></i>\n",
			want:   csvCall{utts: []transcript.Utterance{span(u(6, A, "坐席", "您好"), 1*sec, 2*sec)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := transcript.ParseSubtitles("call.sub", tt.text, tt.format, tt.opts)
			if err != nil {
				t.Fatalf("ParseSubtitles: %v", err)
			}
			checkCSVCalls(t, "call.sub", []*transcript.Call{c}, []csvCall{tt.want})
		})
	}
}

func TestParseSubtitlesErrors(t *testing.T) {
	tests := []struct {
		name   string
		format transcript.Format
		text   string
		line   int
		msg    string
	}{
		{"WebVTT without header", transcript.VTT, "\n00:01.000 --> 00:02.000\n<v 坐席>您好\n", 2, "must start with WEBVTT"},
		{"WEBVTTX is not a header", transcript.VTT, "WEBVTTX\n", 1, "须以 WEBVTT 开头"},
		{"empty WebVTT", transcript.VTT, "", 0, "must start with WEBVTT"},
		{"cue right after the header", transcript.VTT, "WEBVTT\n00:01.000 --> 00:02.000\n<v 坐席>您好\n", 2, "blank line must follow the WEBVTT header"},
		{"no timing line", transcript.SRT, "1\n00:00:01,000 --> 00:00:02,000\n坐席：您好\n\n2\n坐席：再见\n", 5, "cue has no timing line"},
		{"malformed time", transcript.SRT, "1\n00:00:01,000 --> 00:00:02,000\n坐席：您好\n\n2\n00:00:0x,000 --> 00:00:04,000\n客户：你好\n", 6, `malformed cue timing "00:00:0x,000 --> 00:00:04,000"`},
		{"missing end", transcript.SRT, "1\n00:00:01,000 -->\n坐席：您好\n", 2, "时间行“00:00:01,000 -->”格式错误"},
		{"ends before it starts", transcript.VTT, "WEBVTT\n\n00:05.000 --> 00:04.000\n<v 坐席>您好\n", 3, "ends before it starts"},
		{"first cue without a speaker", transcript.SRT, "1\n00:00:01,000 --> 00:00:02,000\n您好\n\n2\n00:00:02,000 --> 00:00:03,000\n客户：你好\n", 3, "the first cue has no speaker"},
		{"no cues", transcript.SRT, "\n\n", 0, "no utterances in file"},
		{"only a header and notes", transcript.VTT, "WEBVTT\n\nNOTE nothing\n", 0, "no utterances in file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := transcript.ParseSubtitles("s/x.srt", tt.text, tt.format, transcript.Options{})
			var pe *transcript.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *ParseError", err, err)
			}
			if pe.Path != "s/x.srt" {
				t.Errorf("Path = %q", pe.Path)
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

func TestParseDispatchesSubtitles(t *testing.T) {
	for _, tt := range []struct{ path, text string }{
		{"a.srt", "1\n00:00:01,000 --> 00:00:02,000\n坐席：您好\n"},
		{"a.txt", "1\n00:00:01,000 --> 00:00:02,000\n坐席：您好\n"},
		{"a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v 坐席>您好\n"},
		{"-", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v 坐席>您好\n"},
	} {
		calls, err := transcript.Parse(tt.path, tt.text, transcript.Auto, transcript.Options{})
		if err != nil || len(calls) != 1 || calls[0].Utterances[0].Role != transcript.Agent || !calls[0].Utterances[0].HasEnd {
			t.Errorf("Parse(%s) = %v, %v", tt.path, calls, err)
		}
	}
}
