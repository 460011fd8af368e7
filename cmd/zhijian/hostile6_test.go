package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCalibrateLabelBounds: label files are read whole and every row kept, about twelve
// times their size in memory (a 100 MB file took 1.2 GB), so one run's label files are
// bounded together, 32 MB (half a million rows); a label file naming thousands of calls
// that are not there prints the first hundred problems and counts the rest (a line each:
// 600,000 lines).
func TestCalibrateLabelBounds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "calls/a.txt", []byte("坐席：您好，请问有什么可以帮您？\n客户：我想查话费。\n"))
	rows := func(n, from int) []byte {
		var b strings.Builder
		b.WriteString("file,verdict,concept,line,note\n")
		for i := range n {
			fmt.Fprintf(&b, "calls/x%d.txt,fail,forbidden-phrase,%d,%s\n", from+i, i%50+1, strings.Repeat("备注", 20))
		}
		return []byte(b.String())
	}
	big := rows(300_000, 0) // 40 MB
	writeFile(t, dir, "big.csv", big)
	writeFile(t, dir, "parts/a.csv", big[:bytes.LastIndexByte(big[:20<<20], '\n')+1]) // 20 MB
	writeFile(t, dir, "parts/b.csv", rows(150_000, 300_000))                          // 20 MB
	writeFile(t, dir, "missing.csv", rows(1000, 0))
	for _, tc := range []struct {
		labels, says string
	}{
		{"big.csv", "big.csv: 无法读取 / cannot read: 文件过大（"},
		{"parts", "标注文件合计超过上限 32 MB（到 parts/b.csv 为止）"},
		{"missing.csv", "……另有 900 个问题未列出 / … and 900 more problems"},
	} {
		t.Run(tc.labels, func(t *testing.T) {
			r := zhijianIn(t, dir, nil, "calibrate", tc.labels, "calls")
			if r.code != 2 || !strings.Contains(r.stderr, tc.says) {
				t.Errorf("exit %d, want 2 saying %q\n%.2000s", r.code, tc.says, r.stderr)
			}
			if n := strings.Count(r.stderr, "\n"); n > 110 {
				t.Errorf("%d lines on standard error", n)
			}
		})
	}
}

// TestCalibrateLabelPastTheEnd: a label on a line the file does not have (line 30 of a
// call of 8 lines: another call's line, a typo) is a problem naming the label file's
// line, exit 2, and is not compared; it was silently paired with the finding of a
// missing closing, a true positive nobody labelled.
func TestCalibrateLabelPastTheEnd(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "calls/t2.txt", mustRead(t, "../../pkg/cmd/calibrate/testdata/calls/telecom/t2.txt"))
	writeFile(t, dir, "labels.csv", []byte("file,verdict,concept,line,note\nt2.txt,fail,closing,30,\n"))
	r := zhijianIn(t, dir, nil, "calibrate", "-f", "json", "labels.csv", "calls")
	if r.code != 2 || !strings.Contains(r.stderr, "labels.csv:2: 标注的第 30 行不在 calls/t2.txt 中（它只有 8 行）") {
		t.Errorf("exit %d, want 2 naming labels.csv:2\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"tp": 0`) {
		t.Errorf("the label was paired:\n%.1000s", r.stdout)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSARIFInvalidUTF8Name: the SARIF URI of a file whose name is not valid UTF-8 has
// its bytes percent-encoded (a%FE.txt); its display form made a%5Cxfe.txt, another file.
func TestSARIFInvalidUTF8Name(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "calls/a\xfe b.txt", []byte("坐席：你好\n客户：嗯\n坐席：我也没办法\n"))
	r := zhijianIn(t, dir, nil, "check", "-q", "-f", "sarif", "calls")
	if r.code != 1 || !strings.Contains(r.stdout, `"uri": "calls/a%FE%20b.txt"`) || strings.Contains(r.stdout, "%5Cxfe") {
		t.Errorf("exit %d\n%.3000s", r.code, r.stdout)
	}
}

// TestLongReportName: a report named with 80 Chinese characters (245 bytes, a legal file
// name) is written; the temporary file beside it was named longer than a name may be,
// and the run ended "file name too long", exit 2.
func TestLongReportName(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "call.txt", mustRead(t, "../../"+goodCall))
	name := strings.Repeat("报", 80) + ".json"
	r := zhijianIn(t, dir, nil, "check", "-q", "-o", name, "--summary-csv", strings.Repeat("汇", 80)+".csv", "call.txt")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if data, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Contains(data, []byte(`"score": 100`)) {
		t.Errorf("%v\n%.300s", err, data)
	}
}

// TestMergeFromPipes: merge reads each report twice, and a shard given through a pipe
// (<(ssh host cat part1.json), a named pipe) was empty at the second reading: "not a
// zhijian JSON report: EOF", exit 2. It is copied as it is first read. A named pipe
// nobody writes to is an error at once, not a wait for ever.
func TestMergeFromPipes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "calls/a.txt", mustRead(t, "../../"+goodCall))
	writeFile(t, dir, "calls/b.txt", mustRead(t, "../../testdata/calls/missing-closing.txt"))
	for i, shard := range []string{"0/2", "1/2"} {
		r := zhijianIn(t, dir, nil, "check", "-q", "--shard", shard, "-o", fmt.Sprintf("part%d.json", i), "calls")
		if r.code > 1 {
			t.Fatalf("shard %s: exit %d\n%s", shard, r.code, r.stderr)
		}
	}
	whole := zhijianIn(t, dir, nil, "merge", "part0.json", "part1.json")
	// <(cat part1.json): a pipe, /dev/fd/3 to the command.
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		pw.Write(mustRead(t, filepath.Join(dir, "part1.json")))
		pw.Close()
	}()
	cmd := exec.Command(bin, "merge", "part0.json", "/dev/fd/3")
	cmd.Dir, cmd.ExtraFiles = dir, []*os.File{pr}
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	pr.Close()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != whole.code || string(out) != whole.stdout || whole.stdout == "" {
		t.Errorf("through a pipe: exit %d (want %d), the same report: %v\n%s", code, whole.code, string(out) == whole.stdout, stderr.String())
	}
	mkfifo(t, filepath.Join(dir, "nobody"))
	done := make(chan result, 1)
	go func() { done <- zhijianIn(t, dir, nil, "merge", "part0.json", "nobody") }()
	select {
	case r := <-done:
		if r.code != 2 || !strings.Contains(r.stderr, "nobody") {
			t.Errorf("a pipe nobody writes to: exit %d\n%s", r.code, r.stderr)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("merge waits for a writer to a named pipe")
	}
}

// TestWideWorkbookRows: a review workbook whose rows each have a cell in the last column
// (XFD, the 16,384th) is refused at once naming the sheet: the spreadsheet library makes
// each such row 16,384 cells wide, and a workbook of 128 KB took 78 s and 9 GB. The same
// rows in the transcripts sheet, which import does not read, do not matter.
func TestWideWorkbookRows(t *testing.T) {
	dir := sampledWorkbook(t)
	wide := func(s string) string {
		var b strings.Builder
		for r := 1000; r < 1300; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
		}
		return strings.Replace(s, "</sheetData>", b.String()+"</sheetData>", 1)
	}
	for _, tc := range []struct {
		sheet string
		code  int
		says  string
	}{
		{"xl/worksheets/sheet1.xml", 2, "xl/worksheets/sheet1.xml of the workbook has more than 4194304 cells"},
		{"xl/worksheets/sheet2.xml", 2, "xl/worksheets/sheet2.xml of the workbook has more than 4194304 cells"},
		{"xl/worksheets/sheet3.xml", 0, "0 reviews"},
	} {
		t.Run(tc.sheet, func(t *testing.T) {
			rewriteZip(t, filepath.Join(dir, "review.xlsx"), filepath.Join(dir, "wide.xlsx"), map[string]func(string) string{tc.sheet: wide})
			r := zhijianIn(t, dir, nil, "review", "import", "--store", "qa.db", "--reviewer", "王敏", "wide.xlsx")
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.says) {
				t.Errorf("exit %d, want %d saying %q\n%s%s", r.code, tc.code, tc.says, r.stdout, r.stderr)
			}
		})
	}
}

// TestSampleBatchNameRoundTrip: a review batch name the workbook cannot give back as
// written is refused before anything is drawn: one of 40,000 characters was cut to a
// cell's 32,767 and the filled workbook could never be imported ("call … is not in
// review batch 批批…"); an invalid UTF-8 byte came back as U+FFFD.
func TestSampleBatchNameRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "call.txt", mustRead(t, "../../testdata/calls/forbidden-service.txt"))
	if r := zhijianIn(t, dir, nil, "check", "-q", "--store", "qa.db", "call.txt"); r.code > 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct{ name, says string }{
		{strings.Repeat("批", 40000), "at most 128 characters (this one has 40000)"},
		{"w\xff1", `"w\xff1" is not valid UTF-8`},
	} {
		r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", tc.name, "-o", "w.xlsx")
		if r.code != 2 || !strings.Contains(r.stderr, tc.says) {
			t.Errorf("exit %d, want 2 saying %q\n%.300s", r.code, tc.says, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "w.xlsx")); err == nil {
			t.Error("a workbook was written")
		}
	}
	if r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", strings.Repeat("批", 128), "-o", "w.xlsx"); r.code != 0 {
		t.Errorf("128 characters: exit %d\n%s", r.code, r.stderr)
	}
}

// TestLargeBaseline: a baseline is read a finding at a time, keeping only what names
// each finding. Decoded whole, one of 100 MB (700,000 findings) took 580 MB, and the
// 256 MB allowed about 1.5 GB. Peak memory, unlike seconds, does not depend on how busy
// the machine is.
func TestLargeBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a baseline of 64 MB")
	}
	dir := t.TempDir()
	writeFile(t, dir, "call.txt", mustRead(t, "../../"+goodCall))
	// Written as it goes: held here, it would raise this process's peak, which the
	// child's measure starts from.
	f, err := os.Create(filepath.Join(dir, "baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	n, _ := w.WriteString(`{"version": 1, "tool": "zhijian", "findings": [` + "\n")
	for i := 0; n < 64<<20; i++ {
		k, _ := fmt.Fprintf(w, `{"path": "calls/d%d/c%d.txt", "rule": "forbidden-phrases", "text": "您好，请问有什么可以帮您？我也没办法%d", "count": 1},`+"\n", i%100, i, i)
		n += k
	}
	w.WriteString(`{"path": "x", "rule": "r", "text": "", "count": 1}]}` + "\n")
	if err := w.Flush(); err != nil || f.Close() != nil {
		t.Fatal(err)
	}
	r, _, rss := runMeasured(t, dir, "check", "-q", "--baseline", "baseline.json", "call.txt")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	t.Logf("peak %d MB for a baseline of %d MB", rss, n>>20)
	if rss > 4*64 {
		t.Errorf("peak %d MB for a baseline of 64 MB", rss)
	}
}

// TestConcurrentReviewImports: reviewers importing their workbooks into one SQLite store
// at once all record. A transaction that read before it wrote could not wait for the
// writer that got in between: two of four imports failed, "database is locked (517)".
func TestConcurrentReviewImports(t *testing.T) {
	dir := sampledWorkbook(t)
	decide := regexp.MustCompile(`<c r="L(\d+)"[^>]*?(/>|>.*?</c>)`)
	rewriteZip(t, filepath.Join(dir, "review.xlsx"), filepath.Join(dir, "filled.xlsx"), map[string]func(string) string{
		"xl/worksheets/sheet1.xml": func(s string) string {
			return decide.ReplaceAllStringFunc(s, func(c string) string {
				n := decide.FindStringSubmatch(c)[1]
				if n == "1" {
					return c // the header
				}
				return `<c r="L` + n + `" t="inlineStr"><is><t>确认</t></is></c>`
			})
		},
	})
	const n = 6
	results := make(chan result, n)
	for i := range n {
		go func() {
			results <- zhijianIn(t, dir, nil, "review", "import", "--store", "qa.db", "--reviewer", fmt.Sprintf("复核员%d", i), "filled.xlsx")
		}()
	}
	for range n {
		if r := <-results; r.code != 0 || !strings.Contains(r.stdout, "changed") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	}
}

// TestEscapesInTables: what reaches the terminal has no escape sequence, in the tables
// as in the file blocks. check --group-by agent printed a transcript's agent_id
// ("A\x1b[2JB") raw in the per-agent table, clearing the reader's screen; merge printed
// a shard report's finding message ("x\x1b[31m\nfake.txt:1 …"), rule, severity and
// rulebook name raw, recolouring the terminal and adding a finding no rule made.
func TestEscapesInTables(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "call.txt", []byte("# agent_id: A\x1b[2JB\n坐席：您好，请问有什么可以帮您？我也没办法\n客户：好\n"))
	for _, group := range []string{"agent", "rule"} {
		r := zhijianIn(t, dir, nil, "check", "-q", "--group-by", group, "call.txt")
		if r.code != 1 || strings.Contains(r.stdout, "\x1b") || !strings.Contains(r.stdout, `A\x1b[2JB`) {
			t.Errorf("--group-by %s: exit %d\n%q", group, r.code, r.stdout)
		}
	}
	r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "-o", "part.json", "call.txt")
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	part := string(mustRead(t, filepath.Join(dir, "part.json")))
	// (A severity no rulebook has is refused now: TestMergeHoldsEntriesToWhatRunsWrite.)
	for _, field := range []string{`"message": "`, `"rule": "`, `"name": "`} {
		part = strings.Replace(part, field, field+`\u001b[31m\nfake.txt:1  [错误] other `, 1)
	}
	writeFile(t, dir, "forged.json", []byte(part))
	r = zhijianIn(t, dir, nil, "merge", "-f", "text", "forged.json")
	if r.code != 1 || strings.Contains(r.stdout+r.stderr, "\x1b") || strings.Contains(r.stdout, "\nfake.txt:1") || !strings.Contains(r.stdout, `\x1b[31m\x0afake.txt:1`) {
		t.Errorf("merge: exit %d\n%q%s", r.code, r.stdout, r.stderr)
	}
}

// TestCalibrateEscapes: calibrate's list of disagreements quotes utterances, matches,
// label notes and paths escaped; an utterance's "\x1b[2J" went to the terminal raw.
func TestCalibrateEscapes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "calls/e\x1b[1m.txt", []byte("坐席：您好\x1b[2J，请问有什么可以帮您？我也没办法\n客户：好\x1b]0;pwned\x07\n"))
	writeFile(t, dir, "labels.csv", []byte("file,verdict,concept,line,note\ne\x1b[1m.txt,fail,greeting,1,漏了\x1b[31m红字\nnot-there\x1b[5m.txt,pass,,,\n"))
	r := zhijianIn(t, dir, nil, "calibrate", "--errors", "labels.csv", "calls")
	if strings.Contains(r.stdout+r.stderr, "\x1b") || !strings.Contains(r.stdout, `您好\x1b[2J`) {
		t.Errorf("exit %d\n%q\n%q", r.code, r.stdout, r.stderr)
	}
}
