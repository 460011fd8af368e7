package main_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The review loop through the built binary: record a run, draw a batch into a
// workbook, review it in "Excel", import it, and read the agreement back.
func TestReviewLoop(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qa.db")
	book := filepath.Join(dir, "review.xlsx")
	if r := zhijian(t, "", "check", "-q", "--store", db, "--run-label", "w49", "testdata/calls"); r.code != 1 {
		t.Fatalf("check --store: exit %d\n%s", r.code, r.stderr)
	}
	// Recording it again changes nothing.
	if r := zhijian(t, "", "check", "-q", "--store", db, "--run-label", "w49", "testdata/calls"); r.code != 1 {
		t.Fatalf("check --store again: exit %d\n%s", r.code, r.stderr)
	}
	r := zhijian(t, "", "sample", "--store", db, "--batch", "w49", "--per-agent", "1", "--seed", "3", "-o", book)
	if r.code != 0 || !strings.Contains(r.stdout, "review batch w49") {
		t.Fatalf("sample: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := zhijian(t, "", "sample", "--store", db, "--batch", "w49"); r.code != 2 || !strings.Contains(r.stderr, "a review batch of that name exists") {
		t.Errorf("a second batch w49: exit %d\n%s", r.code, r.stderr)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("复核 review")
	if len(rows) < 3 {
		t.Fatalf("the workbook has %d finding rows", len(rows)-1)
	}
	f.SetCellValue("复核 review", "L2", "驳回")
	f.SetCellValue("复核 review", "L3", "确认")
	f.SetCellValue("漏检 missed", "E2", "rude-attitude")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if r := zhijian(t, "", "review", "import", "--store", db, "--reviewer", "王敏", book); r.code != 0 || !strings.Contains(r.stdout, "3 reviews, 3 changed") {
		t.Fatalf("review import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := zhijian(t, "", "review", "import", "--store", db, "--reviewer", "王敏", book); !strings.Contains(r.stdout, "3 reviews, 0 changed") {
		t.Errorf("importing again: %s", r.stdout)
	}
	r = zhijian(t, "", "calibrate", "--store", db, "--batch", "w49", "-f", "json")
	if r.code != 0 {
		t.Fatalf("calibrate --store: exit %d\n%s", r.code, r.stderr)
	}
	var res struct {
		Overall struct{ TP, FP, FN int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	if res.Overall.TP != 1 || res.Overall.FP != 1 || res.Overall.FN != 1 {
		t.Errorf("agreement %+v, want one confirmed, one rejected, one missed", res.Overall)
	}
}
