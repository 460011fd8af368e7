package transcript_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestUnicodeLineEnds: in plain text and subtitles a vertical tab, a form feed, NEL and
// the line and paragraph separators end a line, as \n does. Kept inside the line, the
// agent's words after one were the customer's: a 禁语 hidden from every agent rule. The
// utterance is on the file's line 2 all the same: lines are the file's own, counted by
// line feeds (reported at line 3, a line of something else, it was not where grep -n
// or an editor finds it).
func TestUnicodeLineEnds(t *testing.T) {
	for name, sep := range map[string]string{"VT": "\v", "FF": "\f", "NEL": "\u0085", "LS": "\u2028", "PS": "\u2029"} {
		text := "坐席：您好\n客户：你好" + sep + "坐席：我也没办法\n"
		calls, err := transcript.Parse("x.txt", text, transcript.Text, transcript.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		u := calls[0].Utterances
		if len(u) != 3 || u[2].Role != transcript.Agent || u[2].Text != "我也没办法" || u[2].Line != 2 {
			t.Errorf("%s: %+v, want the agent's 我也没办法 on line 2", name, u)
		}
		srt := "1\n00:00:01,000 --> 00:00:02,000\n客户：你好" + sep + "坐席：我也没办法\n"
		calls, err = transcript.Parse("x.srt", srt, transcript.SRT, transcript.Options{})
		if err != nil {
			t.Fatalf("%s in SRT: %v", name, err)
		}
		if u := calls[0].Utterances; len(u) != 2 || u[1].Role != transcript.Agent {
			t.Errorf("%s in SRT: %+v, want the agent's own utterance", name, u)
		}
	}
	// Inside a quoted CSV value or a JSON string they are the value's.
	calls, err := transcript.Parse("x.json", `{"turns": [{"role": "customer", "text": "你好`+"\u2028"+`再见"}]}`, transcript.JSON, transcript.Options{})
	if err != nil || len(calls[0].Utterances) != 1 {
		t.Errorf("JSON: %v", err)
	}
}

// TestLabelsWithInvisibleCharacters: a speaker label with a zero-width space, a word
// joiner, a BOM or a soft hyphen in it, or a colon that only looks like one (︰ ﹕ ∶ ꞉),
// is still the label. 坐<U+200B>席：我也没办法 was a stranger's line, counted for
// neither side, the 禁语 in it never looked for.
func TestLabelsWithInvisibleCharacters(t *testing.T) {
	for _, label := range []string{"坐\u200b席：", "坐席\u200b：", "\u200b坐席：", "\ufeff坐席：", "坐\u00ad席：", "坐\u2060席：",
		"坐席︰", "坐席﹕", "坐席∶", "坐席꞉"} {
		text := "坐席：您好\n客户：你好\n" + label + "我也没办法\n"
		calls, err := transcript.Parse("x.txt", text, transcript.Text, transcript.Options{})
		if err != nil {
			t.Fatalf("%q: %v", label, err)
		}
		u := calls[0].Utterances
		if len(u) != 3 || u[2].Role != transcript.Agent || u[2].Text != "我也没办法" {
			t.Errorf("%q: %+v, want the agent's 我也没办法", label, u)
		}
	}
}
