package transcript_test

import (
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestCSVTwoTextColumns: a header with two columns that both name the words is refused
// at line 1 naming both, unless the configuration says which to check. The second
// became metadata: a 禁语 in it was never looked for.
func TestCSVTwoTextColumns(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		columns    map[string]string
		want       string // the error, "" for none
		words      string // the first utterance's words when read
	}{
		{"one text column", "role,text\nagent,您好\n", nil, "", "您好"},
		{"text twice", "role,text,text\nagent,您好,我也没办法\n", nil, `x.csv:1: `, ""},
		{"text and 内容", "role,内容,text\nagent,您好,我也没办法\n", nil, `"内容"`, ""},
		{"识别结果 and content, in TSV", "role\t识别结果\tcontent\nagent\t您好\t我也没办法\n", nil, `"识别结果"`, ""},
		{"configured", "role,内容,text\nagent,您好,我也没办法\n", map[string]string{"text": "text"}, "", "我也没办法"},
		{"text beside other columns", "call_id,role,start,text,note\nc1,agent,1,您好,备注\n", nil, "", "您好"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			format := transcript.CSV
			if strings.Contains(tc.text, "\t") {
				format = transcript.TSV
			}
			calls, err := transcript.ParseCSV("in/x.csv", tc.text, format, transcript.Options{Columns: tc.columns})
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "two columns") {
					t.Fatalf("err %v, want one with %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := calls[0].Utterances[0].Text; got != tc.words {
				t.Errorf("words %q, want %q", got, tc.words)
			}
		})
	}
}
