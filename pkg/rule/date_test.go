package rule_test

import (
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/rule"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestParseDate: a call's date metadata is read as a calendar date or not at all. Its
// digits were compared as written: "9999-99-99" and "2026-13-45" sorted after every
// from: and were judged by the newest rules, "0000-00-00" and "2026-02-30" by the
// oldest, and "2026/7/1" (six digits) by today's, all without a word.
func TestParseDate(t *testing.T) {
	for s, want := range map[string]string{
		"2026-11-03":           "2026-11-03",
		"2026/11/03":           "2026-11-03",
		"2026/7/1":             "2026-07-01",
		"2026.7.1":             "2026-07-01",
		"20261103":             "2026-11-03",
		"2026年7月1日":            "2026-07-01",
		"2026-11-03 10:15:02":  "2026-11-03",
		"2026-11-03T10:15:02Z": "2026-11-03",
		"20261103101502":       "2026-11-03",
		"2026/11/03-10:15":     "2026-11-03",
		"":                     "",
		"9999-99-99":           "",
		"2026-13-45":           "",
		"0000-00-00":           "",
		"2026-02-30":           "",
		"banana":               "",
	} {
		got, ok := rule.ParseDate(s)
		if got != want || ok != (want != "") {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", s, got, ok, want)
		}
		if want != "" {
			if d := rule.CallDate(&transcript.Call{Metadata: map[string]string{"date": s}}); d != want {
				t.Errorf("CallDate with date %q = %q, want %q", s, d, want)
			}
		}
	}
}
