package review_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zhijian-qa/zhijian/pkg/internal/storetest"
	"github.com/zhijian-qa/zhijian/pkg/review"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// batch is a store holding testdata/calls and a batch of every call.
func batch(t *testing.T) (*store.Store, *store.Batch, []store.Call) {
	t.Helper()
	s, _ := storetest.Batch(t, "../../testdata/calls", "w49")
	b, calls, err := s.BatchCalls(context.Background(), "w49")
	if err != nil {
		t.Fatal(err)
	}
	return s, b, calls
}

// A reviewer fills the workbook in Excel: the decisions and a missed violation come
// back as reviews, whatever order the columns were left in.
func TestWorkbookRoundTrip(t *testing.T) {
	s, b, calls := batch(t)
	var buf bytes.Buffer
	if err := review.WriteWorkbook(&buf, b, calls); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(review.SheetFindings)
	if len(rows) < 3 {
		t.Fatalf("%d rows on the findings sheet", len(rows))
	}
	f.SetCellValue(review.SheetFindings, "L2", "驳回")
	f.SetCellValue(review.SheetFindings, "M2", "客户说的，不是坐席")
	f.SetCellValue(review.SheetFindings, "L3", "确认")
	f.SetCellValue(review.SheetMissed, "D2", 4)
	f.SetCellValue(review.SheetMissed, "E2", "rude-attitude")
	var filled bytes.Buffer
	if _, err := f.WriteTo(&filled); err != nil {
		t.Fatal(err)
	}
	reviews, err := review.ReadWorkbook(&filled, "w49.xlsx", "王敏")
	if err != nil {
		t.Fatal(err)
	}
	if len(reviews) != 3 || reviews[0].Decision != store.Reject || reviews[0].Comment != "客户说的，不是坐席" ||
		reviews[1].Decision != store.Confirm || reviews[2].Decision != store.Missed || reviews[2].Line != 4 {
		t.Fatalf("reviews = %+v", reviews)
	}
	if reviews[0].Finding != rows[1][10] {
		t.Errorf("review of finding %s, row 2 holds %s", reviews[0].Finding, rows[1][10])
	}
	if n, err := s.SaveReviews(context.Background(), reviews); err != nil || n != 3 {
		t.Fatalf("SaveReviews = %d, %v", n, err)
	}
}

func TestWorkbookErrorsNameTheRow(t *testing.T) {
	_, b, calls := batch(t)
	var buf bytes.Buffer
	if err := review.WriteWorkbook(&buf, b, calls); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&buf)
	f.SetCellValue(review.SheetFindings, "L3", "也许")
	f.SetCellValue(review.SheetMissed, "D2", "第三行")
	f.SetCellValue(review.SheetMissed, "E2", "rude-attitude")
	var filled bytes.Buffer
	f.WriteTo(&filled)
	_, err := review.ReadWorkbook(&filled, "w49.xlsx", "王敏")
	if err == nil {
		t.Fatal("a bad decision was read")
	}
	for _, want := range []string{"w49.xlsx:3: 复核 review：", `"也许"`, "w49.xlsx:2: 漏检 missed：", `"第三行"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := review.ReadWorkbook(strings.NewReader("not a workbook"), "x.xlsx", "王敏"); err == nil || !strings.Contains(err.Error(), "x.xlsx") {
		t.Errorf("not a workbook: %v", err)
	}
}
