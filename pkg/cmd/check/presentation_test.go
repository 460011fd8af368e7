package check_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/zhijian-qa/zhijian/pkg/cmd/check"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// TestEveryFormatShowsTheSameFacts checks one batch in every format and holds them to the
// same facts about each finding: how it is shown (said, unanswered, missing, absent,
// measured) and its evidence, in JSON, CSV, the workbook read back, the text report, and
// the HTML drill-down in a real browser — where a measurement must read as one, not as
// a missing step, a customer's trigger must be marked neutrally, and a step missing from
// the whole call must say so.
func TestEveryFormatShowsTheSameFacts(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	const call = "../../../testdata/calls/forbidden-service.txt" // every way of showing but note
	everyFormat(t, dir, call)
	var rep report.Report
	data, _ := os.ReadFile(p("r.json"))
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	findings := rep.Files[0].Findings
	var want []string // shown|evidence per finding, in order
	kinds := map[string]int{}
	for _, fd := range findings {
		if fd.Shown != report.ShownOf(fd) {
			t.Errorf("%s: JSON shown %q, model says %q", fd.Rule, fd.Shown, report.ShownOf(fd))
		}
		kinds[fd.Shown]++
		want = append(want, report.ShownWord(fd, report.LangZH)+"|"+report.Evidence(fd, report.LangZH))
	}
	for _, k := range []string{report.ShownSaid, report.ShownUnanswered, report.ShownMissing, report.ShownAbsent, report.ShownMeasured} {
		if kinds[k] == 0 {
			t.Errorf("the batch has no %s finding to compare (%v)", k, kinds)
		}
	}

	// CSV: the 呈现 and 证据 columns.
	f, _ := os.Open(p("r.csv"))
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col := func(header []string, name string) int {
		return slices.Index(header, strings.TrimPrefix(name, "\uFEFF"))
	}
	rows[0][0] = strings.TrimPrefix(rows[0][0], "\uFEFF")
	var gotCSV []string
	for _, r := range rows[1:] {
		gotCSV = append(gotCSV, r[col(rows[0], "呈现")]+"|"+r[col(rows[0], "证据")])
	}
	if !slices.Equal(gotCSV, want) {
		t.Errorf("CSV shows\n%q\nwant\n%q", gotCSV, want)
	}
	// The workbook, read back.
	x, err := excelize.OpenFile(p("r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	sheet := report.XLSXSheets(report.LangZH)[2]
	xr, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var gotXLSX []string
	for _, r := range xr[1:] {
		for len(r) < len(xr[0]) {
			r = append(r, "")
		}
		gotXLSX = append(gotXLSX, r[col(xr[0], "呈现")]+"|"+r[col(xr[0], "证据")])
	}
	if !slices.Equal(gotXLSX, want) {
		t.Errorf("workbook shows\n%q\nwant\n%q", gotXLSX, want)
	}
	// Text: a measurement's words, 本通未说 for each absent step, triggers marked 〔〕.
	text, _ := os.ReadFile(p("r.txt"))
	for _, fd := range findings {
		var piece string
		switch fd.Shown {
		case report.ShownMeasured:
			piece = report.Evidence(fd, report.LangZH)
		case report.ShownUnanswered:
			piece = "〔" + fd.Match + "〕"
		case report.ShownSaid:
			piece = "【" + fd.Match + "】"
		}
		if piece != "" && !strings.Contains(string(text), piece) {
			t.Errorf("text report lacks %q for %s", piece, fd.Rule)
		}
	}
	if got := strings.Count(string(text), "（本通未说）"); got != kinds[report.ShownAbsent] {
		t.Errorf("text report says 本通未说 %d times, want %d", got, kinds[report.ShownAbsent])
	}

	// The page, in a real browser.
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(fileURL(p("r.html"))+"#call-0"),
		chromedp.WaitVisible(chromedp.CSS(`#drill ol.findings`)),
	)
	shown := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill li.finding')).map(li => li.dataset.shown)`)
	measuredBoxes := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill .measured')).map(m => m.textContent)`)
	missingBoxes := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill .missing')).map(m => m.textContent)`)
	triggers := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill mark.trigger')).map(m => m.textContent)`)
	hits := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill mark.hit')).map(m => m.textContent)`)
	shot := get(t, ctx, chromedp.FullScreenshot(100))
	out := filepath.Join(artifacts(t), "html-presentation.png")
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)

	var wantShown []string
	absent, missing, measured := 0, 0, 0
	for _, fd := range findings {
		wantShown = append(wantShown, fd.Shown)
		switch fd.Shown {
		case report.ShownAbsent:
			absent++
		case report.ShownMissing:
			missing++
		case report.ShownMeasured:
			measured++
			found := false
			for _, b := range measuredBoxes {
				found = found || strings.Contains(b, report.Evidence(fd, report.LangZH))
			}
			if !found {
				t.Errorf("no measurement box says %q: %q", report.Evidence(fd, report.LangZH), measuredBoxes)
			}
		case report.ShownUnanswered:
			if !slices.Contains(triggers, fd.Match) {
				t.Errorf("trigger %q of %s is not marked neutrally (triggers %q)", fd.Match, fd.Rule, triggers)
			}
		}
	}
	if !slices.Equal(shown, wantShown) {
		t.Errorf("page lists findings shown as %q, want %q", shown, wantShown)
	}
	if len(measuredBoxes) != measured {
		t.Errorf("%d measurement boxes, want %d", len(measuredBoxes), measured)
	}
	if len(missingBoxes) != missing+absent {
		t.Errorf("%d missing-step boxes, want %d: %q", len(missingBoxes), missing+absent, missingBoxes)
	}
	notInCall := 0
	for _, b := range missingBoxes {
		if strings.Contains(b, "本通未说") {
			notInCall++
		}
		if strings.Contains(b, "本通未说") && strings.Contains(b, "此处应出现") {
			t.Errorf("a box says both 本通未说 and 此处应出现: %q", b)
		}
	}
	if notInCall != absent {
		t.Errorf("%d boxes say 本通未说, want %d", notInCall, absent)
	}
	for _, h := range hits {
		for _, tr := range triggers {
			if h == tr {
				t.Errorf("%q marked both as a violation and as a trigger", h)
			}
		}
	}
}

// TestNotesInEveryFormat: what the tool let go — a 禁语 quoted to condemn it — is listed
// as a note, not a finding, in JSON, CSV, the workbook, the text report and the page.
func TestNotesInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	call := p("call.txt")
	if err := os.WriteFile(call, []byte("坐席：您好，请问有什么可以帮您？\n客户：上次你们客服说我也没办法。\n"+
		"坐席：那位同事说“我也没办法”是完全不对的，对不起，我来帮您处理。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	everyFormat(t, dir, call)
	var rep report.Report
	data, _ := os.ReadFile(p("r.json"))
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	f := rep.Files[0]
	if len(f.Notes) != 1 || f.Notes[0].Shown != report.ShownNote || f.Notes[0].Match != "我也没办法" || f.Notes[0].Deduct != 0 {
		t.Fatalf("notes %+v, want the condemned 我也没办法", f.Notes)
	}
	for _, fd := range f.Findings {
		if fd.Match == "我也没办法" {
			t.Errorf("the condemned 禁语 is a finding too: %+v", fd)
		}
	}
	evidence := report.Evidence(f.Notes[0], report.LangZH)
	csvData, _ := os.ReadFile(p("r.csv"))
	if !strings.Contains(string(csvData), ",备注,"+evidence) {
		t.Errorf("CSV has no 备注 row saying %q:\n%s", evidence, csvData)
	}
	x, err := excelize.OpenFile(p("r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(report.XLSXSheets(report.LangZH)[2])
	found := false
	for _, r := range rows {
		found = found || slices.Contains(r, "备注") && slices.Contains(r, evidence)
	}
	if !found {
		t.Errorf("the workbook lists no note %q", evidence)
	}
	text, _ := os.ReadFile(p("r.txt"))
	if !strings.Contains(string(text), "备注（不计分）") || !strings.Contains(string(text), evidence) {
		t.Errorf("text report lists no note:\n%s", text)
	}
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(fileURL(p("r.html"))+"#call-0"),
		chromedp.WaitVisible(chromedp.CSS(`#drill ol.findings`)),
	)
	notes := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill li.note-item')).map(li => li.textContent)`)
	shot := get(t, ctx, chromedp.FullScreenshot(100))
	if p := filepath.Join(artifacts(t), "html-note.png"); os.WriteFile(p, shot, 0o644) == nil {
		t.Logf("screenshot: %s", p)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], evidence) {
		t.Errorf("page notes %q, want one saying %q", notes, evidence)
	}
}

// TestHTMLSearchFindsWhatWasSaid: the call table's search finds a call by words said in it
// and by the agent's name, not only by path, call id and rule.
func TestHTMLSearchFindsWhatWasSaid(t *testing.T) {
	dir := t.TempDir()
	htmlPath := filepath.Join(dir, "r.html")
	ios, _, _, stderr := iostreams.Test()
	cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"-o", "html=" + htmlPath, "../../../testdata/calls"})
	if err := cmd.Execute(); err != nil && !isExit(err, cmdutil.ExitFailed) {
		t.Fatalf("check: %v\n%s", err, stderr)
	}
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(fileURL(htmlPath)), chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)))
	search := func(q string) []string {
		js[bool](t, ctx, fmt.Sprintf(`(function(){var q=document.getElementById('q'); q.value=%q; q.dispatchEvent(new Event('input')); return true})()`, q))
		do(t, ctx, chromedp.Sleep(300*time.Millisecond))
		return js[[]string](t, ctx, `Array.from(document.querySelectorAll('#call-table tbody tr[data-call] a')).map(a => a.textContent)`)
	}
	if got := search("我们的电脑是绝对不会出错的"); len(got) != 1 || !strings.HasSuffix(got[0], "forbidden-service.txt") {
		t.Errorf("searching words said found %q, want forbidden-service.txt", got)
	}
	if got := search("张敏"); len(got) == 0 {
		t.Error("searching an agent's name found nothing")
	}
	if got := search("没有这样的话绝不会出现"); len(got) != 0 {
		t.Errorf("searching words never said found %q", got)
	}
}

// everyFormat checks path into r.json, r.csv, r.xlsx, r.html and r.txt in dir.
func everyFormat(t *testing.T, dir, path string) {
	t.Helper()
	p := func(name string) string { return filepath.Join(dir, name) }
	ios, _, _, stderr := iostreams.Test()
	cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"-o", "json=" + p("r.json"), "-o", "csv=" + p("r.csv"), "-o", "xlsx=" + p("r.xlsx"),
		"-o", "html=" + p("r.html"), "-o", "text=" + p("r.txt"), path})
	if err := cmd.Execute(); err != nil && !isExit(err, cmdutil.ExitFailed) {
		t.Fatalf("check: %v\n%s", err, stderr)
	}
}
