package check_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhijian-qa/zhijian/pkg/cmd/check"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/internal/browsertest"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// The HTML report is checked in a real browser (internal/browsertest).
func browser(t *testing.T) context.Context { return browsertest.New(t) }

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browsertest.Do(t, ctx, steps...)
}

func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	return browsertest.Get(t, ctx, a)
}

func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return browsertest.JS[T](t, ctx, expr)
}

// artifacts is where screenshots go: $ZHIJIAN_ARTIFACTS if set, else a temporary dir
// (kept when the test fails is up to `go test`; the path is logged either way).
func artifacts(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("ZHIJIAN_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

func fileURL(path string) string {
	abs, _ := filepath.Abs(path)
	return "file://" + filepath.ToSlash(abs)
}

// TestHTMLReportInBrowser renders the sample batch's HTML report through the command,
// opens it from disk in headless chromium and checks through the DOM that the score
// histogram, the rule table and a drill-down with a highlighted 禁语 are there, against
// the JSON report of the same run. Screenshots of the dashboard and the drill-down are
// saved as artifacts.
func TestHTMLReportInBrowser(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	htmlPath, jsonPath := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.json")
	ios, _, _, stderr := iostreams.Test()
	cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"-o", "html=" + htmlPath, "-o", "json=" + jsonPath, "../../../testdata/calls"})
	if err := cmd.Execute(); err != nil && !isExit(err, cmdutil.ExitFailed) {
		t.Fatalf("check: %v\n%s", err, stderr)
	}
	var rep report.Report
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	// The call to drill into: the first with a 禁语 (a forbidden-phrases finding).
	call, forbidden := -1, map[string]bool{}
	for i, f := range rep.Files {
		for _, fd := range f.Findings {
			if fd.Rule == "forbidden-phrases" && fd.Match != "" {
				if call < 0 {
					call = i
				}
				if call == i {
					forbidden[fd.Match] = true
				}
			}
		}
	}
	if call < 0 {
		t.Fatal("the sample batch has no 禁语 finding to drill into")
	}
	agg := report.Aggregated(rep.Files, nil)

	var wantMissing, scored int
	for _, fd := range rep.Files[call].Findings {
		if fd.Match == "" {
			wantMissing++
		}
	}
	for _, n := range agg.Histogram {
		scored += n
	}
	do(t, ctx,
		chromedp.EmulateViewport(1280, 1000),
		chromedp.Navigate(fileURL(htmlPath)),
		chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)),
	)
	bins := js[int](t, ctx, `document.querySelectorAll('#histogram g.bin').length`)
	binCounts := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#histogram g.bin title')).map(t => t.textContent.split(': ')[1])`)
	histogramHasNonEmpty := js[bool](t, ctx, `Array.from(document.querySelectorAll('#histogram rect.bar')).some(r => r.getBBox().height > 0)`)
	ruleRows := js[int](t, ctx, `document.querySelectorAll('#rule-table tbody tr[data-rule]').length`)
	firstRule := js[string](t, ctx, `document.querySelector('#rule-table tbody tr[data-rule]').dataset.rule`)
	callRows := js[int](t, ctx, `document.querySelectorAll('#call-table tbody tr[data-call]').length`)
	// Self-contained: nothing in the page points outside it.
	externalRefs := js[string](t, ctx, `Array.from(document.querySelectorAll('[src],link[href]')).map(e => e.getAttribute('src') || e.getAttribute('href')).join(' ')`)
	shotPage := get(t, ctx, chromedp.FullScreenshot(100))

	do(t, ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#call-table tr[data-call="%d"] a`, call))),
		chromedp.WaitVisible(chromedp.CSS(`#drill mark.hit`)),
	)
	drillTitle := get(t, ctx, chromedp.Text(chromedp.CSS(`#drill-title`)))
	marks := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill mark.hit')).filter(m => m.dataset.rule.split(' ').includes('forbidden-phrases')).map(m => m.textContent)`)
	missingNotes := js[[]string](t, ctx, `Array.from(document.querySelectorAll('#drill .missing')).map(m => m.textContent)`)
	shotDrill := get(t, ctx, chromedp.CaptureScreenshot())
	noExternal := externalRefs == ""

	if bins != report.Bins {
		t.Errorf("histogram has %d bins, want %d", bins, report.Bins)
	}
	for i, got := range binCounts {
		if i < len(agg.Histogram) && got != fmt.Sprint(agg.Histogram[i]) {
			t.Errorf("histogram bin %d shows %s calls, want %d", i, got, agg.Histogram[i])
		}
	}
	if scored > 0 && !histogramHasNonEmpty {
		t.Error("histogram draws no bar")
	}
	if ruleRows != len(agg.Rules) || firstRule != agg.Rules[0].Rule {
		t.Errorf("rule table: %d rows starting with %q, want %d starting with %q", ruleRows, firstRule, len(agg.Rules), agg.Rules[0].Rule)
	}
	if callRows != min(len(rep.Files), 50) {
		t.Errorf("call table shows %d rows, want %d", callRows, min(len(rep.Files), 50))
	}
	if !noExternal {
		t.Errorf("the page loads something from outside: %s", externalRefs)
	}
	if drillTitle != rep.Files[call].Path {
		t.Errorf("drill-down title %q, want %q", drillTitle, rep.Files[call].Path)
	}
	got := map[string]bool{}
	for _, m := range marks {
		got[m] = true
	}
	for m := range forbidden {
		if !got[m] {
			t.Errorf("the drill-down does not highlight the 禁语 %q (marked: %q)", m, marks)
		}
	}
	if len(missingNotes) != wantMissing {
		t.Errorf("drill-down marks %d missing steps, want %d: %q", len(missingNotes), wantMissing, missingNotes)
	}

	out := artifacts(t)
	for name, shot := range map[string][]byte{"html-report.png": shotPage, "html-report-drilldown.png": shotDrill} {
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}

// TestHTMLOpenTime measures how long the HTML report at $ZHIJIAN_HTML_REPORT takes to
// open in headless chromium, and to open a drill-down and turn a page of the call table.
// testdata/bench/html.sh runs it on a 10,000-call report; without the variable it is
// skipped.
func TestHTMLOpenTime(t *testing.T) {
	path := os.Getenv("ZHIJIAN_HTML_REPORT")
	if path == "" {
		t.Skip("set ZHIJIAN_HTML_REPORT to a report to measure (testdata/bench/html.sh does)")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	// A first navigation warms the browser up, so the figures are the page's own.
	do(t, ctx, chromedp.Navigate("about:blank"))
	start := time.Now()
	do(t, ctx, chromedp.Navigate(fileURL(path)), chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)))
	navigateWall := time.Since(start)
	type navTiming struct{ DOMContentLoaded, Load, Ready float64 }
	timing := js[navTiming](t, ctx, `(() => { const n = performance.getEntriesByType('navigation')[0];
		return {DOMContentLoaded: n.domContentLoadedEventEnd, Load: n.loadEventEnd, Ready: window.zjReadyAt}; })()`)
	calls := get(t, ctx, chromedp.Text(chromedp.CSS(`#count`)))
	pages := get(t, ctx, chromedp.Text(chromedp.CSS(`#page`)))
	lastCall := js[int](t, ctx, `JSON.parse(document.getElementById('zj-index').textContent).length - 1`)

	t.Logf("report: %s, %.1f MB, %s (%s)", path, float64(fi.Size())/(1<<20), calls, pages)
	t.Logf("open: DOMContentLoaded %.0f ms, load %.0f ms, script ready %.0f ms after navigation start; navigate→ready wall %d ms",
		timing.DOMContentLoaded, timing.Load, timing.Ready, navigateWall.Milliseconds())

	start = time.Now()
	do(t, ctx, chromedp.Click(chromedp.CSS(`#next`)), chromedp.WaitReady(chromedp.CSS(`#call-table tr[data-call]`)))
	t.Logf("next page: %d ms", time.Since(start).Milliseconds())
	start = time.Now()
	js[string](t, ctx, fmt.Sprintf(`location.hash = 'call-%d'`, lastCall))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#drill .utt`)))
	t.Logf("open the last call's drill-down: %d ms", time.Since(start).Milliseconds())
	js[string](t, ctx, `location.hash = ''`)
	do(t, ctx, chromedp.WaitNotVisible(chromedp.CSS(`#drill`)))
	before := get(t, ctx, chromedp.Text(chromedp.CSS(`#count`)))
	start = time.Now()
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(`#q`), "forbidden"))
	// The search waits for typing to pause; time until the table shows the result.
	matchingFilter := before
	for matchingFilter == before && time.Since(start) < 10*time.Second {
		time.Sleep(5 * time.Millisecond)
		matchingFilter = get(t, ctx, chromedp.Text(chromedp.CSS(`#count`)))
	}
	t.Logf("type a search (%s): %d ms", matchingFilter, time.Since(start).Milliseconds())
}

func isExit(err error, code int) bool {
	return cmdutil.ExitCode(err) == code
}
