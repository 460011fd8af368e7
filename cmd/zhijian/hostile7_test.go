package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// TestPathsThatDisplayAlike: a file literally named a\xfe.txt (ASCII backslash, x, f, e)
// and the file whose name has the byte 0xFE both displayed as a\xfe.txt: one path in
// JSON, the store and the baseline (which counted one finding twice), and merge refused
// the shards of the batch as overlapping. Each has its own name now, and so does
// a<U+FFFD>.txt.
func TestPathsThatDisplayAlike(t *testing.T) {
	dir := t.TempDir()
	call := []byte("坐席：你好\n客户：嗯\n坐席：我也没办法\n")
	for _, name := range []string{"a\xfe.txt", `a\xfe.txt`, "a\ufffd.txt"} {
		writeFile(t, dir, filepath.Join("calls", name), call)
	}
	paths := func(t *testing.T, report string) []string {
		t.Helper()
		var rep badReport
		if err := json.Unmarshal([]byte(report), &rep); err != nil {
			t.Fatalf("%v\n%.1000s", err, report)
		}
		seen := map[string]bool{}
		var ps []string
		for _, f := range rep.Files {
			if seen[f.Path] {
				t.Errorf("%q twice", f.Path)
			}
			seen[f.Path] = true
			ps = append(ps, f.Path)
		}
		return ps
	}
	r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "calls")
	if got := paths(t, r.stdout); r.code != 1 || len(got) != 3 {
		t.Errorf("exit %d, paths %q\n%s", r.code, got, r.stderr)
	}
	for i := range 3 {
		r := zhijianIn(t, dir, nil, "check", "-q", "--shard", fmt.Sprintf("%d/3", i), "-o", fmt.Sprintf("p%d.json", i), "calls")
		if r.code > 1 {
			t.Fatalf("shard %d: exit %d\n%s", i, r.code, r.stderr)
		}
	}
	r = zhijianIn(t, dir, nil, "merge", "-f", "json", "p0.json", "p1.json", "p2.json")
	if got := paths(t, r.stdout); r.code != 1 || len(got) != 3 {
		t.Errorf("merge: exit %d, paths %q\n%s", r.code, got, r.stderr)
	}
	r = zhijianIn(t, dir, nil, "check", "-q", "--write-baseline", "base.json", "calls")
	data, err := os.ReadFile(filepath.Join(dir, "base.json"))
	if err != nil {
		t.Fatalf("exit %d: %v\n%s", r.code, err, r.stderr)
	}
	if n := strings.Count(string(data), `"rule": "forbidden-phrases"`); n != 3 || strings.Contains(string(data), `"count": 2`) {
		t.Errorf("%d baseline entries of the 禁语, want 3, each counted once\n%s", n, data)
	}
}

// TestSpreadsheetAndPageCells: what a transcript or a file name holds reaches the CSV,
// the workbook and the HTML page as something they can show. An utterance of 35,105
// characters (with --max-utterance) made the workbook refuse it ("cell value must be
// 0-32767 characters", exit 2), and with it every report of the run; now its cells are
// cut to 32,767 with a note saying so. Control characters went into the CSV and the page
// raw (an ESC for whoever cats the CSV; a box, nothing, or U+202E reversing the words
// after it in the browser) and into the workbook as U+FFFD (agents A\x1bB and A\x07B,
// one agent); each is now written \x1b. A cell starting = + - @ is defused in every CSV
// column, those merge takes from a shard report too.
func TestSpreadsheetAndPageCells(t *testing.T) {
	dir := t.TempDir()
	long := "坐席：" + strings.Repeat("嗯", 35000) + "我也没办法" + strings.Repeat("啊", 100) + "\n客户：好\n"
	writeFile(t, dir, "calls/long.txt", []byte(long))
	writeFile(t, dir, "calls/x\x1by.txt", []byte("# agent_id: A\x1bB\n坐席：您好\u202e，\x07我也没办法\n客户：嗯\n"))
	writeFile(t, dir, "calls/z.txt", []byte("# agent_id: A\x07B\n坐席：=HYPERLINK(\"http://x\")我也没办法\n客户：@SUM(1)\n"))
	r := zhijianIn(t, dir, nil, "check", "-q", "--max-utterance", "100000", "-o", "json=r.json", "-o", "xlsx=r.xlsx", "-o", "csv=r.csv", "-o", "html=r.html", "--summary-csv", "s.csv", "calls")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, name := range []string{"r.csv", "s.csv", "r.html"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if i := strings.IndexFunc(string(data), func(r rune) bool {
			return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r == 0x202e
		}); i >= 0 {
			t.Errorf("%s has %q at byte %d", name, data[i:i+min(4, len(data)-i)], i)
		}
		if !strings.Contains(string(data), `A\x1bB`) {
			t.Errorf("%s does not show the agent A\\x1bB", name)
		}
	}
	csvData, _ := os.ReadFile(filepath.Join(dir, "r.csv"))
	for _, line := range strings.Split(string(csvData), "\r\n") {
		for _, field := range strings.Split(line, ",") {
			if f := strings.TrimPrefix(field, `"`); f != "" && strings.ContainsRune("=@", rune(f[0])) {
				t.Errorf("a CSV cell starts %q", f)
			}
		}
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	clipped, agents := 0, map[string]bool{}
	for _, sheet := range book.GetSheetList() {
		rows, err := book.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, c := range row {
				if n := len(utf16.Encode([]rune(c))); n > 32767 {
					t.Errorf("%s: a cell of %d characters", sheet, n)
				}
				if strings.Contains(c, "［已截断：全文 35105 字") {
					clipped++
				}
				if strings.HasPrefix(c, "A") && strings.HasSuffix(c, "B") && len(c) < 10 {
					agents[c] = true
				}
				if strings.ContainsFunc(c, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0xfffd }) {
					t.Errorf("%s: cell %q", sheet, c)
				}
			}
		}
	}
	if clipped == 0 || !agents[`A\x1bB`] || !agents[`A\x07B`] {
		t.Errorf("%d cells cut visibly, agents %v", clipped, agents)
	}

	// A shard report anyone could write: merge defuses its cells too.
	data, err := os.ReadFile(filepath.Join(dir, "r.json"))
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.ReplaceAll(string(data), `"kind": "forbidden"`, `"kind": "=cmd|' /C calc'!A0"`)
	forged = strings.ReplaceAll(forged, `"rule": "greeting"`, `"rule": "@SUM(A1)"`)
	writeFile(t, dir, "forged.json", []byte(forged))
	r = zhijianIn(t, dir, nil, "merge", "-f", "csv", "forged.json")
	if !strings.Contains(r.stdout, "'=cmd|") || !strings.Contains(r.stdout, "'@SUM(A1)") || strings.Contains(r.stdout, ",=cmd") || strings.Contains(r.stdout, ",@SUM") {
		t.Errorf("merge -f csv: exit %d\n%.2000s\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestReviewWorkbookCells: the review workbook kept the first 32,767 characters of a
// longer utterance without a word, so the 禁语 at its end, the finding the reviewer is
// asked to confirm, was not in the cell; and it made an agent A\x1bB into A�B. The
// utterance is cut around its match, visibly, the agent written out, and the workbook
// still imports.
func TestReviewWorkbookCells(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "calls/long.txt", []byte("坐席："+strings.Repeat("嗯", 35000)+"我也没办法"+strings.Repeat("啊", 100)+"\n客户：好\n"))
	writeFile(t, dir, "calls/c.txt", []byte("# agent_id: A\x1bB\n坐席：您好\x07我也没办法\n客户：嗯\n"))
	if r := zhijianIn(t, dir, nil, "check", "-q", "--max-utterance", "100000", "--store", "qa.db", "calls"); r.code != 1 {
		t.Fatalf("check: exit %d\n%s", r.code, r.stderr)
	}
	if r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", "w1", "-o", "w1.xlsx"); r.code != 0 {
		t.Fatalf("sample: exit %d\n%s", r.code, r.stderr)
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "w1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("复核 review")
	book.Close()
	if err != nil {
		t.Fatal(err)
	}
	var cut, agent, bell bool
	for _, row := range rows {
		for _, c := range row {
			cut = cut || strings.Contains(c, "我也没办法") && strings.Contains(c, "［已截断：全文 35105 字")
			agent = agent || c == `A\x1bB`
			bell = bell || strings.Contains(c, `您好\x07我也没办法`)
		}
	}
	if !cut || !agent || !bell {
		t.Errorf("match kept in the cut utterance %v, agent written out %v, BEL written out %v", cut, agent, bell)
	}
	if r := zhijianIn(t, dir, nil, "review", "import", "--store", "qa.db", "--reviewer", "王敏", "w1.xlsx"); r.code != 0 {
		t.Errorf("import: exit %d\n%s", r.code, r.stderr)
	}
}

// TestMergeLimits: merge holds every report open with its buffers (ten thousand took
// 1 GB): past 1000 reports it asks for groups. (The entries a report lists out of walk
// order, and one entry however large, were held too: pkg/report's
// TestMergeBoundsWhatItHolds counts the bytes read past those bounds.)
func TestMergeLimits(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 1001 {
		name := fmt.Sprintf("p%04d.json", i)
		writeFile(t, dir, name, fmt.Appendf(nil, `{"rulebook": {"name": "default", "version": "2.0.0"}, "files": [{"path": "c%04d.txt", "score": 100, "passed": true}], "summary": {}}`, i))
		names = append(names, name)
	}
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"1001 reports", names, "一次最多合并 1000 份报告（给了 1001 份）：请分组合并，再合并各组的结果"},
		{"1000 reports", names[:1000], ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := zhijianIn(t, dir, nil, append([]string{"merge", "-o", "m.json"}, tc.args...)...)
			if tc.says == "" && r.code != 0 || tc.says != "" && (r.code != 2 || !strings.Contains(r.stderr, tc.says)) {
				t.Errorf("exit %d\n%.2000s", r.code, r.stderr)
			}
		})
	}
}

// TestCalibrateKeepsWhatItCompares: calibrate kept every utterance and every finding of
// every call checked until all were compared, and each finding's text kept its whole
// file: 20 MB of calls of which 50 are labelled peaked at 266 MB. It keeps the findings
// of the calls labels name and, of their transcripts, the lines labels name: 125 MB.
func TestCalibrateKeepsWhatItCompares(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("checks 20 MB of calls to measure a peak that -race hides (runMeasured)")
	}
	dir := t.TempDir()
	lines := []string{"坐席：您好，请问有什么可以帮到您？", "客户：我想查一下这个月的话费，怎么这么多。", "坐席：好的，请您稍等，我帮您查询一下。",
		"客户：嗯，好的。", "坐席：我也没办法，这是系统算的。", "坐席：请问还有什么能帮到您？", "客户：没有了。", "坐席：谢谢您的电话，再见！"}
	var labels strings.Builder
	labels.WriteString("file,verdict,concept,line,note\n")
	for i := range 1500 {
		var b strings.Builder
		for k := range 300 {
			b.WriteString(lines[(i*7+k*k)%len(lines)] + "\n")
		}
		writeFile(t, dir, fmt.Sprintf("calls/c%05d.txt", i), []byte(b.String()))
		if i%30 == 0 {
			fmt.Fprintf(&labels, "c%05d.txt,fail,forbidden-phrase,%d,\n", i, i%300+1)
		}
	}
	writeFile(t, dir, "labels.csv", []byte(labels.String()))
	r, _, peak := runMeasured(t, dir, "calibrate", "labels.csv", "calls")
	if r.code > 1 || !strings.Contains(r.stdout, "forbidden-phrase") {
		t.Fatalf("exit %d\n%.1000s\n%.1000s", r.code, r.stdout, r.stderr)
	}
	if peak > 190 {
		t.Errorf("peak %d MB", peak)
	}
	t.Logf("peak %d MB", peak)
}

// TestRegexSize: RE2 is linear in the text, times the expression's size; {m,n} copies
// its part n times. Twenty expressions of [^某]{1000} three times over had not checked
// 200 utterances of 3,000 characters after five minutes. An expression of more than
// 1,000 instructions, or a rulebook whose expressions come to more than 5,000 (each
// counted for every rule that refers to it), is refused at its line.
func TestRegexSize(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "c.txt", []byte("坐席：您好，请问有什么可以帮到您？\n客户：嗯\n"))
	rulebook := func(n int, item string) []byte {
		var b strings.Builder
		b.WriteString("name: t\nversion: \"1\"\nrules:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - id: r%d\n    kind: forbidden\n    role: agent\n    message: 测试\n    deduct: 1\n    phrases:\n      - %s\n", i, item)
		}
		return []byte(b.String())
	}
	for _, tc := range []struct {
		name string
		yaml []byte
		code int
		says string
	}{
		{"one too large", rulebook(1, `{regex: "[^某]{1000}[^某]{1000}[^某]{1000}"}`), 2, "r.yaml:10:17: 正则表达式 \"[^某]{1000}[^某]{1000}[^某]{1000}\" 编译后有 3002 条指令，上限 1000"},
		{"not_regex too large", rulebook(1, `{regex: "您好", not_regex: ["[^某]{999}x{999}"]}`), 2, "r.yaml:10:35: 正则表达式 \"[^某]{999}x{999}\" 编译后有 2000 条指令，上限 1000"},
		{"too many together", rulebook(10, `{regex: "[^某]{900}"}`), 2, "r.yaml:45:17: 规则手册的正则表达式合计超过 5000 条指令"},
		{"within", rulebook(5, `{regex: "[^某]{900}"}`), 0, ""},
		{"ordinary", rulebook(100, `{regex: "(保证|承诺|稳赚)[^，。]{0,6}(收益|回报)"}`), 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, "r.yaml", tc.yaml)
			r := zhijianIn(t, dir, nil, "check", "-q", "--rules", "r.yaml", "c.txt")
			if r.code != tc.code || !strings.Contains(r.stderr, tc.says) {
				t.Errorf("exit %d, want %d saying %q\n%.1500s", r.code, tc.code, tc.says, r.stderr)
			}
		})
	}
}

// TestMetadataFloods: metadata had no bound but the file's size, and each key cost more
// than a hundred times its bytes: 2.5 million "# kN: v" lines (34 MB) took 1.1 GB and
// 21 s; a CSV header of 1,200 extra columns over 8,000 calls (20 MB), 1.7 GB and 26 s.
// A call has at most 1,000 metadata keys, and a CSV's calls a million values together.
func TestMetadataFloods(t *testing.T) {
	dir := t.TempDir()
	const call = "坐席：您好，请问有什么可以帮到您？\n客户：嗯\n"
	lines := func(n int) []byte {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "# k%d: v\n", i)
		}
		return []byte(b.String() + call)
	}
	meta := map[string]string{}
	for i := range 1001 {
		meta[fmt.Sprint("k", i)] = "v"
	}
	js, err := json.Marshal(map[string]any{"metadata": meta, "turns": []map[string]string{{"role": "agent", "text": "您好"}, {"role": "customer", "text": "嗯"}}})
	if err != nil {
		t.Fatal(err)
	}
	csvFile := func(cols, calls int) []byte {
		var b strings.Builder
		b.WriteString("call_id,role,text")
		for i := range cols {
			fmt.Fprintf(&b, ",c%d", i)
		}
		extra := strings.Repeat(",x", cols)
		for i := range calls {
			fmt.Fprintf(&b, "\nC%d,agent,您好%s", i, extra)
		}
		return []byte(b.String() + "\n")
	}
	for _, tc := range []struct {
		name string
		data []byte
		says string // "" when scored
	}{
		{"999 keys.txt", lines(999), ""},
		{"1001 keys.txt", lines(1001), "1001 keys.txt:1001: 一通通话的元数据超过 1000 项"},
		{"keys.json", js, "keys.json: 一通通话的元数据超过 1000 项"},
		{"wide.csv", csvFile(1001, 2), "wide.csv:1: 一通通话的元数据超过 1000 项"},
		{"many.csv", csvFile(900, 1200), "many.csv:1113: 文件里各通话的元数据合计超过 1000000 个值（每通 900 列）"},
		{"fine.csv", csvFile(40, 2000), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, tc.name, tc.data)
			r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", tc.name)
			var rep badReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) == 0 {
				t.Fatalf("exit %d: %v\n%.1000s", r.code, err, r.stderr)
			}
			if got := rep.Files[0].Error; tc.says == "" && got != "" || tc.says != "" && (r.code != 2 || !strings.Contains(got, tc.says)) {
				t.Errorf("exit %d, error %q, want %q", r.code, got, tc.says)
			}
		})
	}
}

// TestLongWords: a run of letters or digits is one word however long (ok ok ok… as ASR
// writes it, 10086 over and over), and whether a phrase in it stands on a word edge
// was decided by a search quadratic in the word, again at every occurrence; a regular
// expression with match: words rejected there was searched again from each next
// character. One utterance of 9,000 such characters and a one-phrase rulebook ran for
// more than five minutes. The steps are counted by pkg/segment's
// TestSplitLooksUpShortPieces; the deadline here only stops a run that never ends.
func TestLongWords(t *testing.T) {
	dir := t.TempDir()
	rulebook := func(item string) []byte {
		return []byte("name: t\nversion: \"1\"\nrules:\n  - id: r0\n    kind: forbidden\n    role: agent\n    message: 测试\n    deduct: 1\n    phrases:\n      - " + item + "\n")
	}
	for _, tc := range []struct {
		name, item, words string
	}{
		{"ok", "ok", strings.Repeat("ok", 4500)},
		{"10086", `"10086"`, "请拨打" + strings.Repeat("10086", 1800)},
		{"regex words", `{regex: "[a-z]{400}", match: words}`, strings.Repeat("a", 9000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, "r.yaml", rulebook(tc.item))
			writeFile(t, dir, "call.txt", []byte("坐席："+tc.words+"\n客户：嗯\n"))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "check", "-q", "-f", "json", "--rules", "r.yaml", "call.txt")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
			out, err := cmd.Output()
			if ctx.Err() != nil {
				t.Fatalf("still checking after 10 minutes")
			}
			if _, ok := err.(*exec.ExitError); err != nil && !ok || !strings.Contains(string(out), `"score"`) {
				t.Errorf("%v\n%.500s", err, out)
			}
		})
	}
}
