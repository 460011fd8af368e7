package transcript_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestJSONObjectOfTwoShapes: an object that holds utterances under two keys of the
// shapes read ({"turns": …, "segments": …}), or a call that is also a turn, is refused
// naming both keys. The first shape that fit was read and the other dropped without a
// word: a 禁语 in the segments was never looked for.
func TestJSONObjectOfTwoShapes(t *testing.T) {
	turns := `"turns": [{"role": "agent", "text": "您好"}]`
	for _, tc := range []struct{ name, text, want string }{
		{"turns and segments", `{` + turns + `, "segments": [{"start": 0, "end": 1, "text": "坐席：我也没办法"}]}`, `"turns" and "segments"`},
		{"turns and sentence_info", `{` + turns + `, "sentence_info": [{"spk": 0, "start": 0, "end": 1, "text": "我也没办法"}]}`, `"turns" and "sentence_info"`},
		{"segments and Result", `{"Result": {"Sentences": []}, "segments": []}`, `"Result" and "segments"`},
		{"a call that is also a turn", `{"role": "agent", "text": "我也没办法", ` + turns + `}`, `"turns" and "text"`},
		{"in an array of calls", `[{` + turns + `}, {` + turns + `, "segments": []}]`, `"turns" and "segments"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := transcript.Parse("x.json", tc.text, transcript.JSON, transcript.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one naming %s", err, tc.want)
			}
		})
	}
	// Whisper's and FunASR's own whole-text "text" beside their segments is no second call.
	for _, ok := range []string{
		`{"text": "您好", "segments": [{"start": 0, "end": 1, "text": "坐席：您好"}]}`,
		`[{"key": "a", "text": "您好", "sentence_info": [{"spk": 0, "start": 0, "end": 1, "text": "您好"}]}]`,
		`{"call_id": "c1", ` + turns + `}`,
	} {
		if _, err := transcript.Parse("x.json", ok, transcript.JSON, transcript.Options{}); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}
