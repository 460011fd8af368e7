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
