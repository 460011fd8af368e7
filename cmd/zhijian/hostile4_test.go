package main_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The hostile-input matrix, part four (testdata/hostile/README.md): report paths that
// cannot be written are refused before the batch is read, and what a command reads back
// (shard reports, review workbooks, rulebooks) is refused when damaged instead of
// silently read in part.

// TestUnwritableOutputsRefusedFirst: a report path that cannot be written (a directory
// there, a directory missing, no name at all) is refused, exit 2, before any input is
// read: a stalled named pipe in the batch proves nothing was read. They were found only
// when the report was written, after the whole batch was checked; sample recorded its
// batch first, so the batch's name was spent on a batch with no workbook.
func TestUnwritableOutputsRefusedFirst(t *testing.T) {
	dir := t.TempDir()
	call, err := os.ReadFile("../../" + goodCall)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "call.txt", call)
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if r := zhijianIn(t, dir, nil, "check", "-q", "--store", "qa.db", "call.txt"); r.code != 0 {
		t.Fatalf("recording: exit %d\n%s", r.code, r.stderr)
	}
	if r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "-o", "part.json", "call.txt"); r.code != 0 {
		t.Fatalf("shard report: exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"-o a directory", []string{"check", "-q", "-o", "adir", "stall.txt"}, "adir"},
		{"-o json= a directory", []string{"check", "-q", "-o", "json=adir", "stall.txt"}, "adir"},
		{"-o into a missing directory", []string{"check", "-q", "-o", "missing/r.json", "stall.txt"}, "missing/r.json"},
		{"-o no name", []string{"check", "-q", "-o", "", "stall.txt"}, `--output ""`},
		{"--summary-csv into a missing directory", []string{"check", "-q", "--summary-csv", "missing/s.csv", "stall.txt"}, "missing/s.csv"},
		{"merge -o a directory", []string{"merge", "part.json", "-o", "html=adir"}, "adir"},
		{"sample -o into a missing directory", []string{"sample", "--store", "qa.db", "--batch", "w1", "-o", "missing/w1.xlsx"}, "missing/w1.xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stall(t, filepath.Join(dir, "stall.txt"))
			start := time.Now()
			r := zhijianIn(t, dir, nil, tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 2 naming %s\n%s", r.code, tc.want, r.stderr)
			}
			if took := time.Since(start); took > 8*time.Second {
				t.Errorf("took %v: the input was read before the output was checked", took)
			}
			if left := leftoverTemps(t, dir); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	// The batch's name was not spent: the same command with a writable path succeeds.
	if r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", "w1", "-o", "w1.xlsx"); r.code != 0 {
		t.Errorf("sample again: exit %d, want 0\n%s", r.code, r.stderr)
	}
}

// stall makes path a named pipe whose writer is open and silent for 12 seconds: a run
// that reads it waits that long.
func stall(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	mkfifo(t, path)
	// Opened for reading and writing, a pipe does not wait for a reader; it stays open
	// as a writer that never writes.
	w, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(12*time.Second, func() { w.Close() })
	t.Cleanup(func() { timer.Stop(); w.Close() })
}

// TestDamagedReviewWorkbook: a filled review workbook that is damaged — a sheet cut
// short, an entity XML does not define, a cell reference that is no cell, the decision
// column's header gone — is refused naming the workbook (and the row), exit 2, with
// nothing imported. The spreadsheet library read such a sheet up to the damage and
// import said "2 reviews" of 14 filled in, exit 0; a header without its decision column
// made every decision read as blank: "0 reviews", exit 0. A header left with only its
// Chinese or English part is still read.
func TestDamagedReviewWorkbook(t *testing.T) {
	dir := sampledWorkbook(t)
	store, err := os.ReadFile(filepath.Join(dir, "qa.db"))
	if err != nil {
		t.Fatal(err)
	}
	// Every finding row decided 确认, as a reviewer leaves it.
	decided := regexp.MustCompile(`<c r="L(\d+)" t="s"><v>\d+</v></c>`)
	fill := func(sheet string) string {
		return decided.ReplaceAllStringFunc(sheet, func(c string) string {
			row := decided.FindStringSubmatch(c)[1]
			if row == "1" {
				return c
			}
			return `<c r="L` + row + `" t="inlineStr"><is><t>确认</t></is></c>`
		})
	}
	const sheet, strs = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	for _, tc := range []struct {
		name string
		edit map[string]func(string) string
		want string // in stderr; "" for a clean import of every row
	}{
		{"filled", map[string]func(string) string{sheet: fill}, ""},
		{"headers left in Chinese only", map[string]func(string) string{sheet: fill, strs: func(s string) string {
			for _, h := range []string{"批次 batch", "通话 call", "问题 finding", "结论 decision"} {
				s = strings.Replace(s, "<t>"+h+"</t>", "<t>"+strings.Fields(h)[0]+"</t>", 1)
			}
			return s
		}}, ""},
		{"sheet cut short", map[string]func(string) string{sheet: func(s string) string {
			s = fill(s)
			return s[:strings.Index(s, `<row r="4"`)+40]
		}}, "sheet1.xml"},
		{"an entity XML does not define", map[string]func(string) string{sheet: fill, strs: func(s string) string {
			return strings.Replace(s, "<t>w1</t>", "<t>&lol;</t>", 1)
		}}, "&lol;"},
		{"a cell reference that is no cell", map[string]func(string) string{sheet: func(s string) string {
			return strings.Replace(fill(s), `r="A3"`, `r="!!"`, 1)
		}}, "bad.xlsx:3"},
		{"a row past the last Excel has", map[string]func(string) string{sheet: func(s string) string {
			return strings.Replace(fill(s), `<row r="3"`, `<row r="99999999"`, 1)
		}}, "bad.xlsx:"},
		{"the decision column's header gone", map[string]func(string) string{sheet: fill, strs: func(s string) string {
			return strings.Replace(s, "<t>结论 decision</t>", "<t>我的意见</t>", 1)
		}}, "结论 decision"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, "qa.db", store)
			os.Remove(filepath.Join(dir, "qa.db-wal"))
			rewriteZip(t, filepath.Join(dir, "review.xlsx"), filepath.Join(dir, "bad.xlsx"), tc.edit)
			r := zhijianIn(t, dir, nil, "review", "import", "--store", "qa.db", "--reviewer", "王敏", "bad.xlsx")
			if tc.want == "" {
				if r.code != 0 || strings.Contains(r.stdout, "：0 条复核") {
					t.Errorf("exit %d, want every decision imported\n%s%s", r.code, r.stdout, r.stderr)
				}
				return
			}
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "bad.xlsx") {
				t.Errorf("exit %d, want 2 naming the workbook and %q\n%s%s", r.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
}

// rewriteZip copies the zip archive src to dst, passing the parts named in edit through
// their functions.
func rewriteZip(t *testing.T, src, dst string, edit map[string]func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if fn := edit[f.Name]; fn != nil {
			data = []byte(fn(string(data)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestMergeRefusesWhatNoRunWrites: merge refuses, naming the report, JSON that no check
// run writes: an object without "rulebook" or "files" ({} was merged into a report of
// nothing, exit 0), an entry with no path, a score outside 0–100 (1e308 made the mean
// +Inf and every report failed to be written, naming no input). The merged report is not
// written.
func TestMergeRefusesWhatNoRunWrites(t *testing.T) {
	dir := t.TempDir()
	call, _ := os.ReadFile("../../" + goodCall)
	writeFile(t, dir, "call.txt", call)
	r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "-o", "good.json", "call.txt")
	if r.code != 0 {
		t.Fatalf("check: exit %d\n%s", r.code, r.stderr)
	}
	good, _ := os.ReadFile(filepath.Join(dir, "good.json"))
	var rep map[string]any
	if err := json.Unmarshal(good, &rep); err != nil {
		t.Fatal(err)
	}
	edited := func(edit func(rep map[string]any)) string {
		var c map[string]any
		json.Unmarshal(good, &c)
		edit(c)
		b, _ := json.Marshal(c)
		return string(b)
	}
	entry := func(c map[string]any) map[string]any { return c["files"].([]any)[0].(map[string]any) }
	for _, tc := range []struct {
		name, report, want string
	}{
		{"{}", `{}`, `no "rulebook"`},
		{"no rulebook", edited(func(c map[string]any) { delete(c, "rulebook") }), `no "rulebook"`},
		{"no files", edited(func(c map[string]any) { delete(c, "files") }), `no "files"`},
		{"an entry null", edited(func(c map[string]any) { c["files"] = []any{nil} }), "entry 1 of files has no path"},
		{"an entry with no path", edited(func(c map[string]any) { entry(c)["path"] = "" }), "entry 1 of files has no path"},
		{"a score of 1e308", edited(func(c map[string]any) { entry(c)["score"] = 1e308 }), "not 0–100"},
		{"a negative score", edited(func(c map[string]any) { entry(c)["score"] = -5 }), "not 0–100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, "bad.json", []byte(tc.report))
			os.Remove(filepath.Join(dir, "merged.html"))
			r := zhijianIn(t, dir, nil, "merge", "good.json", "bad.json", "-o", "html=merged.html")
			if r.code != 2 || !strings.Contains(r.stderr, "bad.json") || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 2 naming bad.json and %q\n%s", r.code, tc.want, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "merged.html")); err == nil {
				t.Errorf("the merged report was written")
			}
		})
	}
}

// TestSecondYAMLDocument: a rulebook or a configuration with a second YAML document
// after "---" (two files pasted into one) is refused at the separator's line, exit 2.
// yaml.Unmarshal read the first document and dropped the rest: the second rulebook's
// 禁语 were never looked for, and the run passed.
func TestSecondYAMLDocument(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "call.txt", []byte("坐席：您好，请问有什么可以帮您？\n客户：我要投诉。\n坐席：我也没办法，你自己想办法。\n"))
	rule := func(id, phrase string) string {
		return "name: " + id + "\nrules:\n  - {id: " + id + ", kind: forbidden, role: agent, phrases: [" + phrase + "], message: 禁语, deduct: 10}\n"
	}
	writeFile(t, dir, "one.yaml", []byte(rule("a", "再见")))
	writeFile(t, dir, "two.yaml", []byte(rule("a", "再见")+"---\n"+rule("b", "我也没办法")))
	writeFile(t, dir, "trailing.yaml", []byte(rule("a", "再见")+"---\n"))
	writeFile(t, dir, "two-config.yaml", []byte("rules: [one.yaml]\n---\nfail_under: 100\n"))
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a rulebook of one document", []string{"check", "-q", "--rules", "one.yaml", "call.txt"}, 0, ""},
		{"a rulebook ending in ---", []string{"check", "-q", "--rules", "trailing.yaml", "call.txt"}, 0, ""},
		{"a rulebook of two documents", []string{"check", "-q", "--rules", "two.yaml", "call.txt"}, 2, "two.yaml:4:1"},
		{"rules lint", []string{"rules", "lint", "two.yaml"}, 2, "two.yaml:4:1"},
		{"a configuration of two documents", []string{"check", "-q", "--config", "two-config.yaml", "call.txt"}, 2, "two-config.yaml:2:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := zhijianIn(t, dir, nil, tc.args...)
			said := r.stdout + r.stderr // rules lint reports on standard output
			if r.code != tc.code || !strings.Contains(said, tc.want) {
				t.Errorf("exit %d, want %d with %q\n%s", r.code, tc.code, tc.want, said)
			}
			if tc.want != "" && !strings.Contains(said, "second YAML document") {
				t.Errorf("the message does not say why\n%s", said)
			}
		})
	}
}

// TestExtendsDiamond: a rulebook tree where two rulebooks extend the same file (a
// diamond) is refused naming both, at once. Each file was read again for every way to
// it: forty-five files of a few lines, each extending the three of the next level, were
// read 3^14 times and the run never ended.
func TestExtendsDiamond(t *testing.T) {
	dir := t.TempDir()
	call, _ := os.ReadFile("../../" + goodCall)
	writeFile(t, dir, "call.txt", call)
	const depth = 15
	sufs := []string{"a", "b", "c"}
	for i := range depth {
		for _, s := range sufs {
			var text string
			if i+1 < depth {
				var ext []string
				for _, t := range sufs {
					ext = append(ext, fmt.Sprintf("n%d%s.yaml", i+1, t))
				}
				text = fmt.Sprintf("name: n%d%s\nextends: [%s]\nrules: []\n", i, s, strings.Join(ext, ", "))
			} else {
				text = fmt.Sprintf("name: n%d%s\nrules:\n  - {id: r%s, kind: forbidden, phrases: [x%s], message: m}\n", i, s, s, s)
			}
			writeFile(t, dir, fmt.Sprintf("n%d%s.yaml", i, s), []byte(text))
		}
	}
	writeFile(t, dir, "twice.yaml", []byte("name: twice\nextends: [n14a.yaml, n14a.yaml]\nrules: []\n"))
	for _, tc := range []struct{ rules, want string }{
		{"n0a.yaml", "extended twice"},
		{"twice.yaml", "n14a.yaml is extended twice (by twice.yaml and by twice.yaml)"},
	} {
		t.Run(tc.rules, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "check", "-q", "--rules", tc.rules, "call.txt")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("still loading the rulebook after 20 s")
			}
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), tc.want) {
				t.Errorf("%v, want exit 2 with %q\n%.2000s", err, tc.want, out)
			}
		})
	}
}

// TestSampleImpossibleFlags: sample refuses --percent and --score bounds that are not
// numbers in range (NaN compares false with everything, so "nan" passed every check and
// a batch was drawn, exit 0), exit 2 with nothing recorded; a batch name's escape
// sequences are shown escaped, not sent to the terminal.
func TestSampleImpossibleFlags(t *testing.T) {
	dir := t.TempDir()
	call, _ := os.ReadFile("../../" + goodCall)
	writeFile(t, dir, "call.txt", call)
	if r := zhijianIn(t, dir, nil, "check", "-q", "--store", "qa.db", "call.txt"); r.code != 0 {
		t.Fatalf("recording: exit %d\n%s", r.code, r.stderr)
	}
	for i, flags := range [][]string{
		{"--percent", "nan"}, {"--percent", "NaN"}, {"--percent", "-1"}, {"--percent", "101"},
		{"--score", "80-nan"}, {"--score", "nan-80"}, {"--score", "nan-nan"}, {"--score", "-inf-inf"}, {"--score", "80-60"},
	} {
		args := append([]string{"sample", "--store", "qa.db", "--batch", fmt.Sprintf("b%d", i)}, flags...)
		if r := zhijianIn(t, dir, nil, args...); r.code != 2 || strings.Contains(r.stdout, "review batch") {
			t.Errorf("%v: exit %d, want 2 and no batch\n%s%s", flags, r.code, r.stdout, r.stderr)
		}
	}
	r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", "w\x1b[2J", "--percent", "100")
	if r.code != 0 || strings.Contains(r.stdout, "\x1b") || !strings.Contains(r.stdout, `w\x1b[2J`) {
		t.Errorf("exit %d, want the batch name escaped\n%q", r.code, r.stdout)
	}
}

// TestInvalidGlobFlags: an --exclude or --include pattern that is not a valid glob is
// refused naming the flag, exit 2, before anything is read, as it is in .zhijian.yaml.
// An invalid --exclude was dropped without a word and the files it was meant to leave
// out were checked; an invalid --include became an error entry named "[".
func TestInvalidGlobFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--exclude", "**/["},
		{"--exclude", "calls/[a-"},
		{"--include", "["},
		{"--no-config", "--exclude", "["},
	} {
		r := zhijian(t, "", append(append([]string{"check", "-q"}, args...), "testdata/calls")...)
		if r.code != 2 || !strings.Contains(r.stderr, "invalid glob") || r.stdout != "" {
			t.Errorf("%v: exit %d, want 2 and nothing checked\n%.300s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestMalformedCallDate: a call whose date metadata is no date is judged by the rules in
// force today and says so in a warning; a date written without leading zeros is a date.
// A truncated value that says nothing known (maybe) is judged as a whole call, with a
// warning too.
func TestMalformedCallDate(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "dates.yaml", []byte("name: t\nrules:\n"+
		"  - {id: old, kind: forbidden, role: agent, phrases: [我也没办法], message: m, applies: {until: 2020-06-30}}\n"+
		"  - {id: new, kind: forbidden, role: agent, phrases: [我也没办法], message: m, applies: {from: 2020-07-01}}\n"))
	for _, tc := range []struct{ date, rule, warning string }{
		{"2020/6/1", "old", ""},
		{"2020-6-30", "old", ""},
		{"0000-00-00", "new", `the date "0000-00-00" is no date`},
		{"2020-02-30", "new", `the date "2020-02-30" is no date`},
		{"9999-99-99", "new", `the date "9999-99-99" is no date`},
	} {
		writeFile(t, dir, "call.txt", []byte("# date: "+tc.date+"\n坐席：我也没办法\n"))
		r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "--rules", "dates.yaml", "call.txt")
		var rep struct {
			Files []struct {
				Warnings []string
				Findings []struct{ Rule string }
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) != 1 {
			t.Fatalf("%s: %v\n%s", tc.date, err, r.stderr)
		}
		f := rep.Files[0]
		if len(f.Findings) != 1 || f.Findings[0].Rule != tc.rule {
			t.Errorf("date %s: findings %+v, want rule %s", tc.date, f.Findings, tc.rule)
		}
		warned := strings.Contains(strings.Join(f.Warnings, "\n"), tc.warning)
		if tc.warning == "" && len(f.Warnings) > 0 || !warned {
			t.Errorf("date %s: warnings %q, want %q", tc.date, f.Warnings, tc.warning)
		}
	}
	for value, want := range map[string]bool{"maybe": true, "start": false, "结尾": false, "no": false} {
		writeFile(t, dir, "call.txt", []byte("# truncated: "+value+"\n坐席：您好\n"))
		r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "call.txt")
		if got := strings.Contains(r.stdout, `truncated \"`+value+`\" is not start, end or both`); got != want {
			t.Errorf("truncated: %s: warned %v, want %v\n%s", value, got, want, r.stdout)
		}
	}
}

// TestOutputOverTranscriptInScannedDirectory: a report path that is a transcript inside
// a directory being checked is refused, exit 2, the transcript untouched. The walk
// passed it over as "an output of this run" and the run then wrote the report over it,
// exit 0. A report of an earlier run there (any format, the per-call CSV, a baseline) is
// still written over, run after run.
func TestOutputOverTranscriptInScannedDirectory(t *testing.T) {
	call, _ := os.ReadFile("../../" + goodCall)
	csvCall := []byte("role,text\nagent,您好，请问有什么可以帮您\ncustomer,你好\n")
	jsonCall := []byte(`{"turns": [{"role": "agent", "text": "您好，请问有什么可以帮您"}]}`)
	for _, tc := range []struct {
		name, file string
		data       []byte
		args       []string
	}{
		{"-o onto a .txt transcript", "a.txt", call, []string{"-o", "calls/a.txt"}},
		{"-o json= onto a .json transcript", "c.json", jsonCall, []string{"-o", "json=calls/c.json"}},
		{"--summary-csv onto a .csv transcript", "b.csv", csvCall, []string{"--summary-csv", "calls/b.csv"}},
		{"--write-baseline onto a .json transcript", "c.json", jsonCall, []string{"--write-baseline", "calls/c.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "calls/good.txt", call)
			writeFile(t, dir, "calls/"+tc.file, tc.data)
			r := zhijianIn(t, dir, nil, append(append([]string{"check", "-q"}, tc.args...), "calls")...)
			if r.code != 2 || !strings.Contains(r.stderr, "is also an input") {
				t.Errorf("exit %d, want 2 refusing the output\n%s", r.code, r.stderr)
			}
			if got, _ := os.ReadFile(filepath.Join(dir, "calls", tc.file)); string(got) != string(tc.data) {
				t.Errorf("the transcript was written over:\n%.200s", got)
			}
		})
	}
	for _, args := range [][]string{
		{"-f", "text", "-o", "calls/report.txt"}, {"-f", "json", "-o", "calls/report.json"},
		{"-o", "jsonl=calls/report.jsonl"}, {"-o", "csv=calls/report.csv"}, {"-o", "sarif=calls/report.json"},
		{"-o", "github=calls/report.txt"}, {"--summary-csv", "calls/summary.csv"},
		{"--lang", "en", "--summary-csv", "calls/summary.csv", "-o", "text=calls/report.txt"},
		{"--write-baseline", "calls/baseline.json"},
	} {
		dir := t.TempDir()
		writeFile(t, dir, "calls/good.txt", call)
		for run := 1; run <= 2; run++ {
			if r := zhijianIn(t, dir, nil, append(append([]string{"check", "-q"}, args...), "calls")...); r.code != 0 {
				t.Errorf("%v, run %d: exit %d, want 0\n%s", args, run, r.code, r.stderr)
			}
		}
	}
}

// TestRepeatedForbiddenPhrase: utterances of 10,000 characters that repeat a 禁语 two
// thousand times are checked, the 禁语 found. The negation guard looked, for every
// occurrence, at the whole utterance for what it disowns and back to its start for an
// open quotation mark: two seconds an utterance, minutes for a transcript of them, the
// rest of the batch waiting. That it looks once a text is counted in steps by
// pkg/rule's TestGuardScansEachTextOnce (a limit in seconds failed on a loaded
// machine); the deadline here only stops a run that never ends.
func TestRepeatedForbiddenPhrase(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 40 {
		b.WriteString([]string{"坐席：", "客户："}[i%2])
		b.WriteString(strings.Repeat("我也没办法", 1999))
		b.WriteString("\n")
	}
	writeFile(t, dir, "call.txt", []byte(b.String()))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "check", "-q", "-f", "json", "call.txt")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("still checking after 10 minutes")
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), `"forbidden-phrases"`) {
		t.Errorf("%v, want exit 1 with the 禁语 found\n%.500s", err, out)
	}
}

// TestRepeatedNegatedPhrase: a 禁语 the agent disowns (不会说我也没办法) repeated 1,250
// times in each of ten utterances of 10,000 characters is noted once per utterance. A
// note per occurrence, each quoting the whole utterance, made a 380 MB report from a
// 500 KB transcript, 30 s and 2.9 GB.
func TestRepeatedNegatedPhrase(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 20 {
		b.WriteString([]string{"坐席：", "客户："}[i%2])
		b.WriteString(strings.Repeat("不会说我也没办法", 1249))
		b.WriteString("\n")
	}
	writeFile(t, dir, "call.txt", []byte(b.String()))
	r, took, rss := runMeasured(t, dir, "check", "-q", "-f", "json", "call.txt")
	t.Logf("exit %d, %v, %d MB, report %d KB", r.code, took.Round(time.Millisecond), rss, len(r.stdout)>>10)
	var rep struct {
		Files []struct {
			Notes []struct{ Rule, Fuzzy string }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) != 1 {
		t.Fatalf("exit %d: %v\n%.500s", r.code, err, r.stderr)
	}
	negated := 0
	for _, n := range rep.Files[0].Notes {
		if n.Rule == "forbidden-phrases" && n.Fuzzy == "negated" {
			negated++
		}
	}
	if negated != 10 || len(r.stdout) > 4<<20 {
		t.Errorf("%d notes of the negated 禁语 in a report of %d KB, want 10, one per agent utterance", negated, len(r.stdout)>>10)
	}
}

// TestTooManyCallsInOneFile: a CSV of 100,000 one-turn calls is refused at the call one
// over --max-calls (20,000) in a second or two; a good call beside it is still scored.
// Its calls were parsed, checked and held together: a million of them took 249 s and
// 9 GB. --max-calls 0 is refused.
func TestTooManyCallsInOneFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("call_id,role,text\n")
	for i := range 100000 {
		fmt.Fprintf(&b, "c%d,agent,您好\n", i)
	}
	writeFile(t, dir, "calls.csv", []byte(b.String()))
	call, _ := os.ReadFile("../../" + goodCall)
	writeFile(t, dir, "good.txt", call)
	r, took, rss := runMeasured(t, dir, "check", "-q", "-f", "json", "calls.csv", "good.txt")
	t.Logf("exit %d, %v, %d MB", r.code, took.Round(time.Millisecond), rss)
	if r.code != 2 || !strings.Contains(r.stdout, "calls.csv:20002: ") || !strings.Contains(r.stdout, "more than 20000 calls in the file") {
		t.Errorf("exit %d, want 2 naming line 20002\n%.1000s", r.code, r.stdout)
	}
	if !strings.Contains(r.stdout, `"score": 100`) {
		t.Errorf("the good call was not scored")
	}
	if took > 20*time.Second || rss > 1000 {
		t.Errorf("took %v and %d MB", took, rss)
	}
	if r := zhijianIn(t, dir, nil, "check", "--max-calls", "0", "good.txt"); r.code != 2 || r.stdout != "" {
		t.Errorf("--max-calls 0: exit %d, want 2 with nothing checked", r.code)
	}
}

// TestOutputToStandardStreamsByName: -o json=/dev/stdout (or /dev/fd/1, /dev/stderr)
// with standard output a pipe writes the report into the pipe. /dev/stdout is a link to
// /proc/self/fd/1, itself a link to "pipe:[N]": followed by hand it named no file, and
// the run failed after the batch, "no such file or directory".
func TestOutputToStandardStreamsByName(t *testing.T) {
	if _, err := os.Stat("/dev/stdout"); err != nil {
		t.Skip("no /dev/stdout")
	}
	for _, tc := range []struct{ out, stream string }{
		{"json=/dev/stdout", "stdout"}, {"json=/dev/fd/1", "stdout"}, {"json=/dev/stderr", "stderr"},
	} {
		r := zhijian(t, "", "check", "-q", "-o", tc.out, goodCall)
		got := r.stdout
		if tc.stream == "stderr" {
			got = r.stderr
		}
		if r.code != 0 || !strings.Contains(got, `"rulebook"`) {
			t.Errorf("-o %s: exit %d, want the report on %s\n%.300s%.300s", tc.out, r.code, tc.stream, r.stdout, r.stderr)
		}
	}
}
