package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/report"
)

// A timing finding is a measurement: the text report says what was measured, in the
// report's language, and the span, never "not found".
func TestTextTimingFinding(t *testing.T) {
	score := 97.0
	r := &report.Report{Files: []report.Call{{Path: "t.txt", Score: &score, Passed: true, Findings: []report.Finding{{
		Rule: "dead-air", Kind: "silence", Severity: "warning", Message: "沉默过长", Deduct: 3, Line: 4, Turn: 4,
		Role: "agent", Time: "00:00:10", End: "00:00:31", Text: "好的", Unit: "s", Value: 21, Limit: 15,
		Detail: "沉默 21 秒，上限 15 秒 / 21 s of silence, limit 15 s"}}}}}
	for lang, want := range map[report.Lang]string{report.LangZH: "沉默 21 秒，上限 15 秒", report.LangEN: "21 s of silence, limit 15 s"} {
		var buf bytes.Buffer
		if err := report.WriteText(&buf, r, report.TextOptions{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, want) || !strings.Contains(out, "[00:00:10–00:00:31]") || strings.Contains(out, "未出现") || strings.Contains(out, "not found") {
			t.Errorf("%s:\n%s", lang, out)
		}
	}
}
