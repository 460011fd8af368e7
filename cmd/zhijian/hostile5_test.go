package main_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSampleRuleWithoutFindings: sample --rule naming a rule no call of the run has a
// finding of (a typo, another rulebook's id, the wrong case) is refused, exit 2, naming
// the rules that have findings, and the batch's name is not spent (it drew a batch of
// the red-line calls alone, exit 0, as if the rule had been looked for).
func TestSampleRuleWithoutFindings(t *testing.T) {
	dir := t.TempDir()
	calls, _ := filepath.Glob("../../testdata/calls/*.txt")
	for _, c := range calls {
		data, _ := os.ReadFile(c)
		writeFile(t, dir, filepath.Base(c), data)
	}
	if r := zhijianIn(t, dir, nil, "check", "-q", "--store", "qa.db", "."); r.code != 1 {
		t.Fatalf("recording: exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		rule string
		code int
		says string
	}{
		{"no-such-rule", 2, "no call of run"},
		{"CLOSING", 2, "closing"},
		{"closing ", 2, "no call of run"},
		{"closing", 0, "review batch"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", "w1", "--rule", tc.rule)
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.says) {
				t.Errorf("exit %d, want %d saying %q\n%s%s", r.code, tc.code, tc.says, r.stdout, r.stderr)
			}
		})
	}
}

// TestWorkbookDecidesOneFindingTwice: a review workbook in which one finding's row was
// copied and decided again (确认 in one row, 驳回 in the copy; or the same decision
// twice) is refused when the decisions differ, naming both rows, and imports once when
// they agree (the later row silently replaced the earlier, and import said "2 reviews"
// where the store kept one).
func TestWorkbookDecidesOneFindingTwice(t *testing.T) {
	dir := sampledWorkbook(t)
	db, err := os.ReadFile(filepath.Join(dir, "qa.db"))
	if err != nil {
		t.Fatal(err)
	}
	const sheet = "xl/worksheets/sheet1.xml"
	rowRE := regexp.MustCompile(`(?s)<row r="2".*?</row>`)
	decisionRE := regexp.MustCompile(`<c r="L(\d+)"[^>]*?(/>|>.*?</c>)`)
	// copyRow decides row 2 first, then appends a copy of it, decided second.
	copyRow := func(first, second string) func(string) string {
		return func(s string) string {
			row := rowRE.FindString(s)
			last := 0
			for _, m := range regexp.MustCompile(`<row r="(\d+)"`).FindAllStringSubmatch(s, -1) {
				n, _ := strconv.Atoi(m[1])
				last = max(last, n)
			}
			decide := func(row, n, word string) string {
				return decisionRE.ReplaceAllString(row, `<c r="L`+n+`" t="inlineStr"><is><t>`+word+`</t></is></c>`)
			}
			n := strconv.Itoa(last + 1)
			copied := regexp.MustCompile(`r="([A-Z]+)2"`).ReplaceAllString(strings.Replace(row, `<row r="2"`, `<row r="`+n+`"`, 1), `r="${1}`+n+`"`)
			s = strings.Replace(s, row, decide(row, "2", first), 1)
			return strings.Replace(s, "</sheetData>", decide(copied, n, second)+"</sheetData>", 1)
		}
	}
	for _, tc := range []struct {
		name, first, second string
		code                int
		says                string
	}{
		{"确认 then 驳回", "确认", "驳回", 2, "bad.xlsx:"},
		{"confirm then n", "confirm", "n", 2, "bad.xlsx:"},
		{"确认 twice", "确认", "y", 0, "1 条复核"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, "qa.db", db)
			os.Remove(filepath.Join(dir, "qa.db-wal"))
			rewriteZip(t, filepath.Join(dir, "review.xlsx"), filepath.Join(dir, "bad.xlsx"), map[string]func(string) string{sheet: copyRow(tc.first, tc.second)})
			r := zhijianIn(t, dir, nil, "review", "import", "--store", "qa.db", "--reviewer", "王敏", "bad.xlsx")
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.says) {
				t.Errorf("exit %d, want %d saying %q\n%s%s", r.code, tc.code, tc.says, r.stdout, r.stderr)
			}
		})
	}
}

// TestUserAddHostile: user add reads no more of standard input than a password can be
// (cat /dev/zero was read into memory until it ran out), refuses a password bcrypt
// cannot take in a message QA staff read (it was bcrypt's English), a name that cannot
// log in or that would drive the terminal, and a second name (it was dropped without a
// word); nothing is added for any of them.
func TestUserAddHostile(t *testing.T) {
	dir := t.TempDir()
	run := func(stdin io.Reader, args ...string) result {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir, cmd.Stdin = dir, stdin
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_PASSWORD=")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("%v: still running after 20 s", args)
		}
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return result{out.String(), errOut.String(), code}
	}
	zero, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer zero.Close()
	for _, tc := range []struct {
		name  string
		stdin io.Reader
		args  []string
		says  string
	}{
		{"/dev/zero on standard input", zero, []string{"王敏"}, "1024"},
		{"a password of 100 bytes", strings.NewReader(strings.Repeat("p", 100) + "\n"), []string{"王敏"}, "72"},
		{"an escape sequence in the name", strings.NewReader("goodpassword\n"), []string{"a\x1b[2Jb"}, `a\x1b[2Jb`},
		{"a space before the name", strings.NewReader("goodpassword\n"), []string{" 王敏"}, `" 王敏"`},
		{"a blank name", strings.NewReader("goodpassword\n"), []string{"   "}, `"   "`},
		{"a name of 65 characters", strings.NewReader("goodpassword\n"), []string{strings.Repeat("名", 65)}, "64"},
		{"two names", strings.NewReader("goodpassword\n"), []string{"王敏", "李强"}, "李强"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(tc.stdin, append([]string{"user", "add", "--store", "qa.db"}, tc.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.says) || strings.Contains(r.stderr, "\x1b") || strings.Contains(r.stderr, "bcrypt") {
				t.Errorf("exit %d, want 2 saying %q\n%q", r.code, tc.says, r.stderr)
			}
			if l := run(nil, "user", "list", "--store", "qa.db"); l.stdout != "" {
				t.Errorf("users after it: %q", l.stdout)
			}
		})
	}
	if r := run(strings.NewReader("goodpassword\n"), "user", "add", "--store", "qa.db", "王敏"); r.code != 0 {
		t.Errorf("a good user: exit %d\n%s", r.code, r.stderr)
	}
}

// TestSampleWorkbookWriteFails: sample -o onto a device that takes no bytes (/dev/full:
// the disk full mid-write) fails, exit 2, says the batch was not kept and prints no line
// saying it was drawn; the same name can be drawn again (the batch was recorded, the
// name spent on a batch nobody could review, after "review batch w1: 1 calls").
func TestSampleWorkbookWriteFails(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	dir := t.TempDir()
	call, _ := os.ReadFile("../../testdata/calls/forbidden-service.txt")
	writeFile(t, dir, "call.txt", call)
	if r := zhijianIn(t, dir, nil, "check", "-q", "--store", "qa.db", "call.txt"); r.code > 1 {
		t.Fatalf("recording: exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		out  string
		code int
		says string
	}{
		{"/dev/full", 2, "was not kept"},
		{"/dev/full", 2, "was not kept"},
		{"w1.xlsx", 0, "review batch w1"},
	} {
		r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", "w1", "-o", tc.out)
		if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.says) || tc.code != 0 && strings.Contains(r.stdout, "review batch") {
			t.Errorf("-o %s: exit %d, want %d saying %q\n%s%s", tc.out, r.code, tc.code, tc.says, r.stdout, r.stderr)
		}
	}
}
