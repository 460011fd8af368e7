package report

import "testing"

// TestLooksLikeReport: transcripts of every format are no report, whatever they say.
func TestLooksLikeReport(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"text transcript", "# call_id: c1\n[00:00:01] 坐席：您好\n客户：规则库 是什么\n", false},
		{"csv transcript", "\uFEFFrole,text\nagent,您好\n", false},
		{"csv transcript with a path column", "文件,内容,角色\na,您好,坐席\n", false},
		{"json transcript", `{"call_id": "c1", "turns": [{"role": "agent", "text": "您好"}]}`, false},
		{"jsonl transcript", `{"call_id": "c1", "role": "agent", "text": "您好"}` + "\n", false},
		{"srt transcript", "1\n00:00:01,000 --> 00:00:02,000\n坐席：您好\n", false},
		{"json report", "{\n  \"rulebook\": {\n    \"name\": \"default\"", true},
		{"jsonl report", `{"path":"a.txt","metadata":{},"score":100}` + "\n", true},
		{"csv report", "\uFEFF文件,通话编号,坐席,得分\n", true},
		{"english csv report", "path,call_id,agent,score\n", true},
		{"text report", "a.txt  得分 100  优  合格\n\n规则库 default 2.0.0\n文件 1，合格 1\n", true},
		{"english text report", "a.txt  score 100\n\nRulebook default 2.0.0\nFiles 1, passed 1\n", true},
		{"baseline", "{\n  \"version\": 1,\n  \"tool\": \"zhijian\",\n", true},
	} {
		if got := looksLikeReport([]byte(tc.text), nil); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
