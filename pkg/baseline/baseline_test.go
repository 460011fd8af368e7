package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/report"
)

func TestBaselineRoundTrip(t *testing.T) {
	rude := report.Finding{Rule: "forbidden-phrases", Line: 7, Text: " 你有完没完 ", Match: "你有完没完"}
	missing := report.Finding{Rule: "closing", Line: 9, Text: "再见"}
	var bd Builder
	bd.Add(report.Call{Path: "scripts/a.txt", Metadata: map[string]string{"call_id": "A"},
		Findings:   []report.Finding{rude, rude, missing},
		Suppressed: []report.Finding{{Rule: "x", Text: "inline", SuppressedBy: report.SuppressedInline}}})
	if bd.Len() != 3 {
		t.Fatalf("Len = %d, want 3 (inline suppressions are not recorded)", bd.Len())
	}
	var buf bytes.Buffer
	if err := bd.Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(path)
	if err != nil || b.Len() != 3 {
		t.Fatalf("Load: %v, %d", err, b.Len())
	}
	// Lines moved; a third rude finding is new; another file's findings are new.
	moved := rude
	moved.Line = 12
	got := b.Known("scripts/a.txt", "A", []report.Finding{moved, moved, moved, missing})
	want := []bool{true, true, false, true}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Known = %v, want %v", got, want)
			break
		}
	}
	if b.Known("scripts/b.txt", "A", []report.Finding{rude})[0] {
		t.Error("a finding of another file is known")
	}
	if err := os.WriteFile(path, []byte(`{"version": 9, "findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil {
		t.Error("an unknown version was accepted")
	}
}

// A baseline read a finding at a time reads what encoding/json read whole: keys in any
// case, members it does not know, findings null; it refuses one cut short or with text
// after it; counts near the largest integer do not wrap round.
func TestLoadStreamed(t *testing.T) {
	dir := t.TempDir()
	f := report.Finding{Rule: "r", Text: "我也没办法", Match: "没办法"}
	for _, tc := range []struct {
		name, data string
		known      int // how many of three findings f the baseline knows; -1: refused
	}{
		{"plain", `{"version": 1, "findings": [{"path": "a.txt", "rule": "r", "text": "我也没办法", "match": "没办法", "count": 2}]}`, 2},
		{"keys in any case", `{"Version": 1, "tool": "x", "extra": {"a": [1]}, "FINDINGS": [{"Path": "a.txt", "rule": "r", "text": "我也没办法", "match": "没办法"}]}`, 1},
		{"findings null", `{"version": 1, "findings": null}`, 0},
		{"huge counts", `{"version": 1, "findings": [{"path": "a.txt", "rule": "r", "text": "我也没办法", "match": "没办法", "count": 9223372036854775807},
			{"path": "a.txt", "rule": "r", "text": "我也没办法", "match": "没办法", "count": 9223372036854775807}]}`, 3},
		{"cut short", `{"version": 1, "findings": [{"path": "a.txt"`, -1},
		{"text after it", `{"version": 1, "findings": []} {}`, -1},
		{"findings not a list", `{"version": 1, "findings": {}}`, -1},
		{"version 2", `{"version": 2, "findings": []}`, -1},
	} {
		p := filepath.Join(dir, "b.json")
		if err := os.WriteFile(p, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := Load(p)
		if tc.known < 0 {
			if err == nil {
				t.Errorf("%s: loaded", tc.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		known := 0
		for _, k := range b.Known("a.txt", "", []report.Finding{f, f, f}) {
			if k {
				known++
			}
		}
		if known != tc.known {
			t.Errorf("%s: %d known, want %d", tc.name, known, tc.known)
		}
	}
}
