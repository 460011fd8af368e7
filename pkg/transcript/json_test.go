package transcript_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// jsonU builds an expected utterance without times; Turn is filled in by the test.
func jsonU(line int, role transcript.Role, label, text string) transcript.Utterance {
	return transcript.Utterance{Line: line, Role: role, Label: label, Text: text}
}

// jsonSpan adds a start and an end.
func jsonSpan(x transcript.Utterance, start, end time.Duration) transcript.Utterance {
	x.Start, x.HasStart = start, true
	x.End, x.HasEnd = end, true
	return x
}

// jsonAt adds a start only.
func jsonAt(x transcript.Utterance, start time.Duration) transcript.Utterance {
	x.Start, x.HasStart = start, true
	return x
}

const (
	jsonMs  = time.Millisecond
	jsonSec = time.Second
)

type jsonParseFunc func(path, text string, opts transcript.Options) ([]*transcript.Call, error)

// jsonWantCall is one expected call: metadata (nil means empty), utterances, and a substring
// every warning must contain ("" means no warnings).
type jsonWantCall struct {
	meta map[string]string
	utts []transcript.Utterance
	warn string
}

const (
	jsonHeuristicWarning = "被推断为坐席"
	jsonSingleSpeaker    = "只有一个说话人"
)

var jsonBothChannels = map[string]transcript.Role{"0": transcript.Agent, "1": transcript.Customer}

func TestParseJSONShapes(t *testing.T) {
	A, C, U := transcript.Agent, transcript.Customer, transcript.Unknown
	_ = U
	tests := []struct {
		name  string
		parse jsonParseFunc
		text  string
		opts  transcript.Options
		want  []jsonWantCall
	}{
		{
			name:  "generic: the words under content or Text, as exports name them",
			parse: transcript.ParseJSON,
			text:  `{"turns": [{"role": "agent", "content": "您好"}, {"role": "客户", "Text": "你好"}]}`,
			want: []jsonWantCall{{
				meta: map[string]string{},
				utts: []transcript.Utterance{jsonU(1, A, "agent", "您好"), jsonU(1, C, "客户", "你好")},
			}},
		},
		{
			name:  "generic: role labels, seconds and time strings, metadata",
			parse: transcript.ParseJSON,
			text: `{
  "call_id": "C1",
  "metadata": {"Agent_ID": 1102, "vip": true, "tags": ["a", "b"], "empty": null, "name": "周强"},
  "turns": [
    {"role": "agent", "text": " 您好，请问有什么可以帮您？ ", "start": 1.5, "end": 4},
    {"role": "客户", "text": "我想查一下话费", "start": "00:00:05", "end": "00:00:07.250"},
    {"role": "A", "text": "好的", "start": "1:02"},
    {"role": "b", "text": ""},
    {"role": "b", "text": "谢谢"}
  ]
}`,
			want: []jsonWantCall{{
				meta: map[string]string{"call_id": "C1", "agent_id": "1102", "vip": "true", "tags": `["a","b"]`, "name": "周强"},
				utts: []transcript.Utterance{
					jsonSpan(jsonU(5, A, "agent", "您好，请问有什么可以帮您？"), 1500*jsonMs, 4*jsonSec),
					jsonSpan(jsonU(6, C, "客户", "我想查一下话费"), 5*jsonSec, 7250*jsonMs),
					jsonAt(jsonU(7, A, "A", "好的"), 62*jsonSec),
					jsonU(9, C, "b", "谢谢"),
				},
			}},
		},
		{
			// A map's order changes from run to run: the key in lower case wins, always.
			name:  "generic: metadata keys that differ only in case",
			parse: transcript.ParseJSON,
			text:  `{"metadata": {"B": "upper", "b": "lower", " b": "spaced"}, "turns": [{"role": "agent", "text": "您好"}]}`,
			want: []jsonWantCall{{
				meta: map[string]string{"b": "lower"},
				utts: []transcript.Utterance{jsonU(1, A, "agent", "您好")},
			}},
		},
		{
			name:  "generic: speaker ids mapped by opts.Speakers",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text: `{"turns": [
  {"speaker": 0, "text": "喂"},
  {"speaker": "1", "text": "你好"},
  {"speaker": 0.0, "text": "请讲"}
]}`,
			want: []jsonWantCall{{utts: []transcript.Utterance{
				jsonU(2, A, "0", "喂"), jsonU(3, C, "1", "你好"), jsonU(4, A, "0", "请讲"),
			}}},
		},
		{
			name:  "generic: speaker ids without a mapping use the greeting heuristic",
			parse: transcript.ParseJSON,
			text: `{"turns": [
  {"speaker": "spk_1", "text": "喂？"},
  {"speaker": "spk_0", "text": "您好，请问有什么可以帮您？"},
  {"speaker": "spk_1", "text": "查话费"}
]}`,
			want: []jsonWantCall{{
				utts: []transcript.Utterance{jsonU(2, C, "spk_1", "喂？"), jsonU(3, A, "spk_0", "您好，请问有什么可以帮您？"), jsonU(4, C, "spk_1", "查话费")},
				warn: jsonHeuristicWarning,
			}},
		},
		{
			name:  "generic: an unknown role label with a speaker id is resolved by the id",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: map[string]transcript.Role{"7": transcript.Agent, "8": transcript.Customer}},
			text: `{"turns": [
  {"role": "张三", "speaker": 7, "text": "您好"},
  {"role": "客户", "speaker": 8, "text": "你好"}
]}`,
			want: []jsonWantCall{{utts: []transcript.Utterance{jsonU(2, A, "7", "您好"), jsonU(3, C, "客户", "你好")}}},
		},
		{
			name:  "generic: speaker prefixes in the text when turns name no speaker",
			parse: transcript.ParseJSON,
			text: `{"turns": [
  {"text": "坐席：您好", "start": 1},
  {"text": "客户: 查话费", "start": 3},
  {"text": "上个月的", "start": 5}
]}`,
			want: []jsonWantCall{{utts: []transcript.Utterance{
				jsonAt(jsonU(2, A, "坐席", "您好"), jsonSec), jsonAt(jsonU(3, C, "客户", "查话费"), 3*jsonSec), jsonAt(jsonU(4, C, "客户", "上个月的"), 5*jsonSec),
			}}},
		},
		{
			name:  "generic: array of calls; the same call_id is merged",
			parse: transcript.ParseJSON,
			text: `[
  {"call_id": "A1", "turns": [{"role": "agent", "text": "您好"}]},
  {"call_id": "B2", "metadata": {"agent_id": "7"}, "turns": [{"role": "agent", "text": "你好"}]},
  {"call_id": "A1", "metadata": {"date": "2026-11-03"}, "turns": [{"role": "customer", "text": "再见"}]}
]`,
			want: []jsonWantCall{
				{meta: map[string]string{"call_id": "A1", "date": "2026-11-03"}, utts: []transcript.Utterance{jsonU(2, A, "agent", "您好"), jsonU(4, C, "customer", "再见")}},
				{meta: map[string]string{"call_id": "B2", "agent_id": "7"}, utts: []transcript.Utterance{jsonU(3, A, "agent", "你好")}},
			},
		},
		{
			name:  "aliyun: GetTaskResult response, channel mapping",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text: `{
    "TaskId": "d429dd7dd75711e89305ab6170fe****",
    "StatusText": "SUCCESS",
    "StatusCode": 21050000,
    "Result": {
        "Sentences": [
            {"EndTime": 3240, "SilenceDuration": 0, "BeginTime": 760, "Text": "您好，请问有什么可以帮您？", "ChannelId": 0, "SpeechRate": 177, "EmotionValue": 5.0},
            {"EndTime": 5000, "SilenceDuration": 0, "BeginTime": 3500, "Text": "查话费", "ChannelId": 1, "SpeechRate": 120, "EmotionValue": 5.0},
            {"EndTime": 6000, "SilenceDuration": 0, "BeginTime": 5200, "Text": "上个月的", "ChannelId": 1, "SpeechRate": 120, "EmotionValue": 5.0}
        ]
    }
}`,
			want: []jsonWantCall{{
				meta: map[string]string{"task_id": "d429dd7dd75711e89305ab6170fe****"},
				utts: []transcript.Utterance{
					jsonSpan(jsonU(7, A, "0", "您好，请问有什么可以帮您？"), 760*jsonMs, 3240*jsonMs),
					jsonSpan(jsonU(8, C, "1", "查话费"), 3500*jsonMs, 5*jsonSec),
					jsonSpan(jsonU(9, C, "1", "上个月的"), 5200*jsonMs, 6*jsonSec),
				},
			}},
		},
		{
			name:  "aliyun: the Result object alone, roles by the heuristic",
			parse: transcript.ParseJSON,
			text: `{"Sentences": [
  {"BeginTime": 100, "EndTime": 900, "Text": "喂？", "ChannelId": 1},
  {"BeginTime": 1000, "EndTime": 2000, "Text": "您好，这里是客服", "ChannelId": 0}
]}`,
			want: []jsonWantCall{{
				utts: []transcript.Utterance{jsonSpan(jsonU(2, C, "1", "喂？"), 100*jsonMs, 900*jsonMs), jsonSpan(jsonU(3, A, "0", "您好，这里是客服"), jsonSec, 2*jsonSec)},
				warn: jsonHeuristicWarning,
			}},
		},
		{
			name:  "aliyun: legacy 2.0 callback",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text: `{"result": [{"begin_time": 340, "channel_id": 0, "end_time": 2365, "text": "北京的天气。"}],
 "task_id": "3f5d", "status_code": 21050000, "status_text": "SUCCESS"}`,
			want: []jsonWantCall{{meta: map[string]string{"task_id": "3f5d"}, utts: []transcript.Utterance{jsonSpan(jsonU(1, A, "0", "北京的天气。"), 340*jsonMs, 2365*jsonMs)}}},
		},
		{
			name:  "aliyun: one channel only is warned about",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text: `{"Result": {"Sentences": [
  {"BeginTime": 0, "EndTime": 900, "Text": "您好", "ChannelId": 0},
  {"BeginTime": 1000, "EndTime": 2000, "Text": "查话费", "ChannelId": 0}
]}}`,
			want: []jsonWantCall{{
				utts: []transcript.Utterance{jsonSpan(jsonU(2, A, "0", "您好"), 0, 900*jsonMs), jsonSpan(jsonU(3, A, "0", "查话费"), jsonSec, 2*jsonSec)},
				warn: jsonSingleSpeaker,
			}},
		},
		{
			name:  "tencent: DescribeTaskStatus response",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text: `{
    "Response": {
        "RequestId": "a73b14a6",
        "Data": {
            "TaskId": 9266418,
            "Status": 2,
            "StatusStr": "success",
            "AudioDuration": 4.5,
            "Result": "[0:0.020,0:2.380,0]  腾讯云语音识别欢迎您。\n[0:2.500,0:4.500,1]  你好\n",
            "ResultDetail": [
                {"FinalSentence": "腾讯云语音识别欢迎您。", "SliceSentence": "腾讯云 语音识别 欢迎 您", "StartMs": 20, "EndMs": 2380,
                 "WordsNum": 4, "Words": [{"Word": "腾讯云", "OffsetStartMs": 120, "OffsetEndMs": 780}], "SpeechSpeed": 5.9, "SpeakerId": 0},
                {"FinalSentence": "你好", "SliceSentence": "你好", "StartMs": 2500, "EndMs": 4500, "SpeakerId": 1}
            ],
            "ErrorMsg": ""
        }
    }
}`,
			want: []jsonWantCall{{
				meta: map[string]string{"task_id": "9266418"},
				utts: []transcript.Utterance{
					jsonSpan(jsonU(11, A, "0", "腾讯云语音识别欢迎您。"), 20*jsonMs, 2380*jsonMs),
					jsonSpan(jsonU(13, C, "1", "你好"), 2500*jsonMs, 4500*jsonMs),
				},
			}},
		},
		{
			name:  "tencent: Data at the top level, Result text when ResultDetail is null",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text: `{"Data": {"Status": 2, "StatusStr": "success",
  "Result": "[0:0.930,0:2.640,0]  哎，你好。\n[0:2.640,1:4.650,1]  你好，我想查话费。\n",
  "ErrorMsg": "", "ResultDetail": null}, "RequestId": "qq"}`,
			want: []jsonWantCall{{utts: []transcript.Utterance{
				jsonSpan(jsonU(2, A, "0", "哎，你好。"), 930*jsonMs, 2640*jsonMs),
				jsonSpan(jsonU(2, C, "1", "你好，我想查话费。"), 2640*jsonMs, 64650*jsonMs),
			}}},
		},
		{
			name:  "funasr: list of results with sentence_info and spk",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text: `[{"key": "call-1", "text": "您好。查话费。",
  "timestamp": [[760, 1000], [1000, 1200]],
  "sentence_info": [
    {"text": "您好。", "start": 760, "end": 3240, "timestamp": [[760, 1000]], "spk": 0},
    {"text": "查话费。", "start": 3300, "end": 5000, "timestamp": [[3300, 3500]], "spk": 1}
  ]}]`,
			want: []jsonWantCall{{meta: map[string]string{"key": "call-1"}, utts: []transcript.Utterance{
				jsonSpan(jsonU(4, A, "0", "您好。"), 760*jsonMs, 3240*jsonMs), jsonSpan(jsonU(5, C, "1", "查话费。"), 3300*jsonMs, 5*jsonSec),
			}}},
		},
		{
			// Exports wrapped with the call's metadata: job_number: ivr must reach the rules.
			name:  "funasr: metadata and call_id beside sentence_info",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text:  `[{"key": "k", "call_id": "C9", "metadata": {"job_number": "ivr", "Agent_ID": 5320}, "sentence_info": [{"text": "您好", "start": 0, "end": 900, "spk": 0}]}]`,
			want: []jsonWantCall{{meta: map[string]string{"key": "k", "call_id": "C9", "job_number": "ivr", "agent_id": "5320"}, utts: []transcript.Utterance{
				jsonSpan(jsonU(1, A, "0", "您好"), 0, 900*jsonMs),
			}}},
		},
		{
			name:  "whisper: metadata beside segments",
			parse: transcript.ParseJSON,
			text:  `{"metadata": {"channel": "phone"}, "segments": [{"start": 0.0, "end": 1.0, "text": "坐席：您好"}]}`,
			want: []jsonWantCall{{meta: map[string]string{"channel": "phone"}, utts: []transcript.Utterance{
				jsonSpan(jsonU(1, A, "坐席", "您好"), 0, jsonSec),
			}}},
		},
		{
			name:  "funasr: sentence text as tokens (no punctuation model)",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text:  `{"key": "k", "text": "你 好 hello world", "sentence_info": [{"text": ["你", "好", "hello", "world"], "start": 0, "end": 900, "spk": 0}]}`,
			want: []jsonWantCall{{meta: map[string]string{"key": "k"}, utts: []transcript.Utterance{
				jsonSpan(jsonU(1, A, "0", "你好hello world"), 0, 900*jsonMs),
			}}},
		},
		{
			name:  "whisper: speaker prefixes, escaped text, a segment continuing the speaker",
			parse: transcript.ParseJSON,
			text: `{"text": "...", "segments": [
{"id": 0, "seek": 0, "start": 0.0, "end": 3.2, "text": " \u5750\u5e2d\uff1a\u60a8\u597d", "tokens": [50364], "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.1, "no_speech_prob": 0.01},
{"id": 1, "seek": 0, "start": 3.5, "end": 5.0, "text": " A: 请讲", "tokens": [], "temperature": 0.0},
{"id": 2, "seek": 0, "start": 5.0, "end": 6.25, "text": " 客户:查话费", "tokens": []},
{"id": 3, "seek": 0, "start": 6.5, "end": 7.0, "text": " 上个月的", "tokens": []}
], "language": "zh"}`,
			want: []jsonWantCall{{meta: map[string]string{"language": "zh"}, utts: []transcript.Utterance{
				jsonSpan(jsonU(2, A, "坐席", "您好"), 0, 3200*jsonMs),
				jsonSpan(jsonU(3, A, "A", "请讲"), 3500*jsonMs, 5*jsonSec),
				jsonSpan(jsonU(4, C, "客户", "查话费"), 5*jsonSec, 6250*jsonMs),
				jsonSpan(jsonU(5, C, "客户", "上个月的"), 6500*jsonMs, 7*jsonSec),
			}}},
		},
		{
			name:  "whisper: WhisperX speaker labels",
			parse: transcript.ParseJSON,
			opts:  transcript.Options{Speakers: map[string]transcript.Role{"SPEAKER_00": transcript.Agent, "SPEAKER_01": transcript.Customer}},
			text: `{"segments": [
{"start": 0.5, "end": 1.0, "text": "您好", "speaker": "SPEAKER_00"},
{"start": 1.5, "end": 2.0, "text": "你好", "speaker": "SPEAKER_01"}]}`,
			want: []jsonWantCall{{utts: []transcript.Utterance{
				jsonSpan(jsonU(2, A, "SPEAKER_00", "您好"), 500*jsonMs, jsonSec), jsonSpan(jsonU(3, C, "SPEAKER_01", "你好"), 1500*jsonMs, 2*jsonSec),
			}}},
		},
		{
			name:  "jsonl: one call per line, blank lines skipped, CRLF",
			parse: transcript.ParseJSONL,
			text: "\uFEFF{\"call_id\": \"A\", \"turns\": [{\"role\": \"agent\", \"text\": \"您好\", \"start\": 1}, {\"role\": \"customer\", \"text\": \"你好\"}]}\r\n" +
				"\r\n" +
				"{\"call_id\": \"B\", \"metadata\": {\"agent_id\": 9}, \"turns\": [{\"role\": \"坐席\", \"text\": \"再见\"}]}\n",
			want: []jsonWantCall{
				{meta: map[string]string{"call_id": "A"}, utts: []transcript.Utterance{jsonAt(jsonU(1, A, "agent", "您好"), jsonSec), jsonU(1, C, "customer", "你好")}},
				{meta: map[string]string{"call_id": "B", "agent_id": "9"}, utts: []transcript.Utterance{jsonU(3, A, "坐席", "再见")}},
			},
		},
		{
			name:  "jsonl: one turn per line, grouped by call_id",
			parse: transcript.ParseJSONL,
			text: `{"call_id": "A", "role": "agent", "text": "您好", "start": 1}
{"call_id": "A", "role": "customer", "text": "查话费", "start": 3}
{"call_id": "B", "role": "agent", "text": "你好", "start": 1}
{"call_id": "B", "speaker": 1, "text": "再见", "start": 4}`,
			opts: transcript.Options{Speakers: jsonBothChannels},
			want: []jsonWantCall{
				{meta: map[string]string{"call_id": "A"}, utts: []transcript.Utterance{jsonAt(jsonU(1, A, "agent", "您好"), jsonSec), jsonAt(jsonU(2, C, "customer", "查话费"), 3*jsonSec)}},
				{meta: map[string]string{"call_id": "B"}, utts: []transcript.Utterance{jsonAt(jsonU(3, A, "agent", "你好"), jsonSec), jsonAt(jsonU(4, C, "1", "再见"), 4*jsonSec)}},
			},
		},
		{
			name:  "jsonl: turns without call_id form one call",
			parse: transcript.ParseJSONL,
			text: `{"role": "agent", "text": "您好", "metadata": {"agent_id": "1"}}
{"call_id": "X", "role": "agent", "text": "另一通"}
{"role": "customer", "text": "你好"}`,
			want: []jsonWantCall{
				{meta: map[string]string{"agent_id": "1"}, utts: []transcript.Utterance{jsonU(1, A, "agent", "您好"), jsonU(3, C, "customer", "你好")}},
				{meta: map[string]string{"call_id": "X"}, utts: []transcript.Utterance{jsonU(2, A, "agent", "另一通")}},
			},
		},
		{
			name:  "json: an array of turns is one call",
			parse: transcript.ParseJSON,
			text: `[
  {"role": "agent", "text": "您好", "start": "00:00:01"},
  {"role": "customer", "text": "你好", "start": "00:00:02"}
]`,
			want: []jsonWantCall{{utts: []transcript.Utterance{
				jsonAt(jsonU(2, A, "agent", "您好"), jsonSec), jsonAt(jsonU(3, C, "customer", "你好"), 2*jsonSec),
			}}},
		},
		{
			name:  "jsonl: an ASR result on a line",
			parse: transcript.ParseJSONL,
			opts:  transcript.Options{Speakers: jsonBothChannels},
			text:  `{"Result": {"Sentences": [{"BeginTime": 0, "EndTime": 900, "Text": "您好", "ChannelId": 0}, {"BeginTime": 1000, "EndTime": 2000, "Text": "你好", "ChannelId": 1}]}}`,
			want: []jsonWantCall{{utts: []transcript.Utterance{
				jsonSpan(jsonU(1, A, "0", "您好"), 0, 900*jsonMs), jsonSpan(jsonU(1, C, "1", "你好"), jsonSec, 2*jsonSec),
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, err := tt.parse("t.json", tt.text, tt.opts)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if len(calls) != len(tt.want) {
				t.Fatalf("got %d calls, want %d", len(calls), len(tt.want))
			}
			for i, w := range tt.want {
				c := calls[i]
				if c.Path != "t.json" {
					t.Errorf("call %d: Path = %q", i, c.Path)
				}
				wantMeta := w.meta
				if wantMeta == nil {
					wantMeta = map[string]string{}
				}
				if !reflect.DeepEqual(c.Metadata, wantMeta) {
					t.Errorf("call %d: metadata = %v, want %v", i, c.Metadata, wantMeta)
				}
				want := make([]transcript.Utterance, len(w.utts))
				for j, x := range w.utts {
					x.Turn = j + 1
					want[j] = x
				}
				if !reflect.DeepEqual(c.Utterances, want) {
					t.Errorf("call %d utterances:\n got  %+v\n want %+v", i, c.Utterances, want)
				}
				switch {
				case w.warn == "" && len(c.Warnings) > 0:
					t.Errorf("call %d: unexpected warnings %q", i, c.Warnings)
				case w.warn != "" && len(c.Warnings) == 0:
					t.Errorf("call %d: no warning, want one containing %q", i, w.warn)
				case w.warn != "":
					found := false
					for _, x := range c.Warnings {
						found = found || strings.Contains(x, w.warn)
					}
					if !found {
						t.Errorf("call %d: warnings %q, want one containing %q", i, c.Warnings, w.warn)
					}
				}
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	tests := []struct {
		name  string
		parse jsonParseFunc
		text  string
		line  int
		msg   string // substring of the message
	}{
		{"syntax error line", transcript.ParseJSON, "{\n  \"turns\": [\n    {\"role\": \"agent\" \"text\": \"x\"}\n  ]\n}", 3, "JSON 语法错误"},
		{"truncated", transcript.ParseJSON, "{\n  \"turns\": [\n    {\"role\": \"agent\",", 3, "不完整"},
		{"trailing data", transcript.ParseJSON, "{\"turns\": []}\n{\"turns\": []}", 2, "多余内容"},
		{"empty file", transcript.ParseJSON, " \n", 0, "没有对话内容"},
		{"unknown shape", transcript.ParseJSON, `{"foo": [1, 2]}`, 0, "无法识别的 JSON 结构"},
		{"scalar document", transcript.ParseJSON, `"hello"`, 0, "Whisper"},
		{"empty turns", transcript.ParseJSON, `{"call_id": "x", "turns": []}`, 0, "没有对话内容"},
		{"turns all blank", transcript.ParseJSON, `{"turns": [{"role": "agent", "text": "  "}]}`, 0, "no utterances"},
		{"empty array", transcript.ParseJSON, `[]`, 0, "no utterances in file"},
		{"array of numbers", transcript.ParseJSON, `[1, 2]`, 0, "array element 1"},
		{"turns not an array", transcript.ParseJSON, `{"turns": {"role": "agent"}}`, 0, "must be an array"},
		{"bad time string", transcript.ParseJSON, "{\"turns\": [\n{\"role\": \"agent\", \"text\": \"a\", \"start\": 1},\n{\"role\": \"agent\", \"text\": \"b\", \"start\": \"12:7x\"}]}", 3, "turn 2"},
		{"negative time", transcript.ParseJSON, "{\"turns\": [\n{\"role\": \"agent\", \"text\": \"a\", \"start\": -1}]}", 2, "invalid start time"},
		{"huge time", transcript.ParseJSON, "{\"turns\": [\n{\"role\": \"agent\", \"text\": \"a\", \"end\": 1e400}]}", 2, "invalid end time"},
		{"end before start", transcript.ParseJSON, "{\"turns\": [\n{\"role\": \"agent\", \"text\": \"a\", \"start\": 5, \"end\": 4}]}", 2, "ends before it starts"},
		{"a speech turn without words", transcript.ParseJSON, "{\"turns\": [\n{\"role\": \"agent\", \"text\": \"a\"},\n{\"role\": \"agent\", \"words\": \"你有完没完\"}]}", 0, "有说话人却没有话语文字"},
		{"speaker missing on one turn", transcript.ParseJSON, "{\"turns\": [\n{\"speaker\": 0, \"text\": \"a\"},\n{\"text\": \"b\"}]}", 3, "utterance 2 has no speaker"},
		{"no speaker at all", transcript.ParseJSON, "{\"turns\": [\n{\"text\": \"您好\"}]}", 2, "no speaker information"},
		{"first segment without prefix", transcript.ParseJSON, "{\"segments\": [\n{\"text\": \"嘟\", \"start\": 0},\n{\"text\": \"坐席：您好\", \"start\": 1}]}", 2, "first segment has no speaker prefix"},
		{"whisper without prefixes", transcript.ParseJSON, `{"text": " 您好 查话费", "segments": [{"id": 0, "start": 0.0, "end": 1.0, "text": " 您好"}, {"id": 1, "start": 1.0, "end": 2.0, "text": " 查话费"}], "language": "zh"}`, 1, "Whisper JSON 没有说话人信息"},
		{"tencent failed", transcript.ParseJSON, `{"Response": {"Data": {"Status": 3, "StatusStr": "failed", "ErrorMsg": "Failed to download audio file!", "ResultDetail": []}}}`, 0, "Failed to download audio file!"},
		{"tencent waiting", transcript.ParseJSON, `{"Response": {"Data": {"Status": 0, "StatusStr": "waiting", "Result": "", "ResultDetail": []}}}`, 0, "has not finished"},
		{"tencent API error", transcript.ParseJSON, `{"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"}, "RequestId": "x"}}`, 0, "AuthFailure.SignatureFailure"},
		{"aliyun not finished", transcript.ParseJSON, `{"TaskId": "t", "StatusText": "RUNNING", "StatusCode": 21050001, "BizDuration": 0}`, 0, "RUNNING"},
		{"aliyun no valid speech", transcript.ParseJSON, `{"TaskId": "t", "StatusText": "SUCCESS_WITH_NO_VALID_FRAGMENT", "StatusCode": 21050003}`, 0, "no utterances"},
		{"funasr without sentence_info", transcript.ParseJSON, `[{"key": "k", "text": "您好", "timestamp": [[0, 100]]}]`, 0, "sentence_timestamp=True"},
		{"deeply nested", transcript.ParseJSON, deep, 1, "JSON"},
		{"jsonl syntax error names the line", transcript.ParseJSONL, "{\"turns\": [{\"role\": \"agent\", \"text\": \"a\"}]}\n\n{\"turns\": [}\n", 3, "JSON 语法错误"},
		{"jsonl unknown shape names the line", transcript.ParseJSONL, "{\"turns\": [{\"role\": \"agent\", \"text\": \"a\"}]}\n{\"x\": 1}\n", 2, "无法识别"},
		{"jsonl bad time names the line", transcript.ParseJSONL, "{\"call_id\": \"a\", \"role\": \"agent\", \"text\": \"a\"}\n{\"call_id\": \"a\", \"role\": \"agent\", \"text\": \"b\", \"start\": \"x\"}\n", 2, "start"},
		{"jsonl empty call names the line", transcript.ParseJSONL, "\n{\"call_id\": \"a\", \"turns\": []}\n", 2, "no utterances in call a"},
		{"jsonl two values on a line", transcript.ParseJSONL, `{"turns": []} {"turns": []}`, 1, "多余内容"},
		{"jsonl empty file", transcript.ParseJSONL, "\n\n", 0, "no utterances in file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, err := tt.parse("bad.json", tt.text, transcript.Options{})
			if err == nil {
				t.Fatalf("no error; got %d calls", len(calls))
			}
			var pe *transcript.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *ParseError", err, err)
			}
			if pe.Path != "bad.json" {
				t.Errorf("Path = %q", pe.Path)
			}
			if pe.Line != tt.line {
				t.Errorf("Line = %d, want %d (%v)", pe.Line, tt.line, err)
			}
			if !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", pe.Msg, tt.msg)
			}
		})
	}
}

// TestJSONSamplesMatchPlain parses every sample in testdata/formats/json, all of which
// hold the call of testdata/calls/forbidden-service.txt, and compares them to it.
func TestJSONSamplesMatchPlain(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	plainText, err := os.ReadFile(filepath.Join(root, "calls", "forbidden-service.txt"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := transcript.ParsePlain("forbidden-service.txt", string(plainText), nil)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		role  transcript.Role
		text  string
		start time.Duration
	}
	keys := func(c *transcript.Call) []key {
		var out []key
		for _, u := range c.Utterances {
			out = append(out, key{u.Role, u.Text, u.Start})
		}
		return out
	}
	want := keys(plain)

	samples := []struct {
		file     string
		asr      bool // roles come from channel/speaker ids
		metadata bool // carries the call's metadata
		oneLine  bool // the whole document is one line
	}{
		{file: "generic.json", metadata: true},
		{file: "calls.jsonl", metadata: true, oneLine: true},
		{file: "aliyun.json", asr: true},
		{file: "tencent.json", asr: true},
		{file: "funasr.json", asr: true},
		{file: "whisper.json", oneLine: true},
	}
	entries, err := os.ReadDir(filepath.Join(root, "formats", "json"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, s := range samples {
		listed[s.file] = true
	}
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); (ext == ".json" || ext == ".jsonl") && !listed[e.Name()] {
			t.Errorf("sample %s is not covered by this test", e.Name())
		}
	}

	for _, s := range samples {
		for _, mapped := range []bool{true, false} {
			name := s.file
			if mapped {
				name += "/speakers mapped"
			}
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(root, "formats", "json", s.file)
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				opts := transcript.Options{}
				if mapped {
					opts.Speakers = jsonBothChannels
				}
				calls, err := transcript.Parse(path, string(data), transcript.Auto, opts)
				if err != nil {
					t.Fatal(err)
				}
				if len(calls) != 1 {
					t.Fatalf("got %d calls, want 1", len(calls))
				}
				c := calls[0]
				if got := keys(c); !reflect.DeepEqual(got, want) {
					t.Errorf("(role, text, start) differ from the plain-text call:\n got  %v\n want %v", got, want)
				}
				if s.metadata && !reflect.DeepEqual(c.Metadata, plain.Metadata) {
					t.Errorf("metadata = %v, want %v", c.Metadata, plain.Metadata)
				}
				heuristic := s.asr && !mapped
				if heuristic != (len(c.Warnings) > 0) {
					t.Errorf("warnings = %q; want the heuristic warning: %v", c.Warnings, heuristic)
				}
				lines := strings.Split(string(data), "\n")
				for _, u := range c.Utterances {
					if u.Line < 1 || u.Line > len(lines) {
						t.Errorf("turn %d: line %d out of range", u.Turn, u.Line)
						continue
					}
					if s.oneLine {
						if u.Line != 1 {
							t.Errorf("turn %d: line %d, want 1", u.Turn, u.Line)
						}
					} else if !strings.Contains(lines[u.Line-1], u.Text) {
						t.Errorf("turn %d: line %d %q does not hold %q", u.Turn, u.Line, lines[u.Line-1], u.Text)
					}
				}
			})
		}
	}
}

// WholeCallLine tells a line holding a whole call from a turn, as ParseJSONL does; the
// results of testdata/formats/json written on one line are whole calls (funasr.json is
// an array of them, which no JSON Lines line holds).
// TestJSONLRefusesALongCallAsItReads: a stream of one call is refused at the first turn
// over the limit, without decoding what follows (the broken line after it is never seen).
func TestJSONLRefusesALongCallAsItReads(t *testing.T) {
	text := strings.Repeat(`{"role":"agent","text":"好"}`+"\n", 4) + "{broken\n"
	_, err := transcript.ParseJSONL("s.jsonl", text, transcript.Options{MaxTurns: 3})
	if err == nil || !strings.Contains(err.Error(), "s.jsonl:4") || strings.Contains(err.Error(), "语法") {
		t.Errorf("error %v, want the turn limit at line 4, not the syntax error of line 5", err)
	}
}

func TestWholeCallLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{`{"call_id": "1", "turns": [{"role": "agent", "text": "您好"}]}`, true},
		{`{"turns": []}`, true},
		{`{"turns": null, "role": "agent", "text": "您好"}`, false}, // null is no turns: a turn
		{`{"role": "agent", "text": "您好"}`, false},
		{`{"speaker": "0", "text": "您好", "start": 1}`, false},
		{`{"key": "a.wav", "text": "您好"}`, true}, // FunASR, before the turn shape
		{`{"Data": {"Result": []}}`, true},
		{`{"Data": "x"}`, false}, // Tencent's Data is an object
		{`{"result": [], "task_id": "1"}`, true},
		{`{"result": "x", "task_id": "1"}`, false},
		{`{"segments": []}`, true},
		{`{"note": "x"}`, false},
		{`[{"turns": []}]`, false},
		{`{"turns": [}`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := transcript.WholeCallLine([]byte(tt.line)); got != tt.want {
			t.Errorf("WholeCallLine(%s) = %v, want %v", tt.line, got, tt.want)
		}
	}
	for _, name := range []string{"aliyun.json", "generic.json", "tencent.json", "whisper.json"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/formats/json", name))
		if err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		if !transcript.WholeCallLine(compact.Bytes()) {
			t.Errorf("%s on one line: not a whole call", name)
		}
	}
}
