package main_test

import (
	"archive/zip"
	"compress/flate"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
)

// The hostile-input matrix, part two (testdata/hostile/README.md lists every case with
// what it must do): cancellation in each reading state, outputs that must not destroy
// what they name, walks that never drop a path without a word, code points that hide a
// 禁语, and flags that ask for the impossible.

// mkfifo makes a named pipe, or skips the test where there are none.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
}

// openPipe returns the read end of a pipe whose writer has written s and stays open
// until the test ends: a process reading it waits for more. (An *os.File, so exec hands
// it over as is, with no copying goroutine for Wait to wait for.)
func openPipe(t *testing.T, s string) *os.File {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, s)
	t.Cleanup(func() { w.Close(); r.Close() })
	return r
}

// leftoverTemps lists the temporary report files left in dir.
func leftoverTemps(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	return m
}

// TestInterruptWhileReading stops a run with each signal while it waits in each reading
// state: it must exit 130 at once, write no report as if complete, and leave no
// temporary file.
func TestInterruptWhileReading(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no signals on Windows")
	}
	type state struct {
		name string
		// start prepares the inputs in dir and returns the arguments after the flags,
		// what to give the process as standard input, and a cleanup.
		start func(t *testing.T, dir string) (args []string, stdin io.Reader, done func())
	}
	states := []state{
		{"FIFO whose writer stalls", func(t *testing.T, dir string) ([]string, io.Reader, func()) {
			p := filepath.Join(dir, "live.txt")
			mkfifo(t, p)
			// A writer that opens the pipe, says one line and stalls.
			w, err := os.OpenFile(p, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, "坐席：您好\n")
			return []string{p}, nil, func() { w.Close() }
		}},
		{"standard input left open", func(t *testing.T, dir string) ([]string, io.Reader, func()) {
			return []string{"-"}, openPipe(t, "坐席：您好，请问有什么可以帮您？\n"), func() {}
		}},
		{"JSON Lines stream on standard input", func(t *testing.T, dir string) ([]string, io.Reader, func()) {
			return []string{"--input-format", "jsonl", "-"}, openPipe(t, `{"call_id":"a","role":"agent","text":"您好"}`+"\n"), func() {}
		}},
		{"last file still being checked", func(t *testing.T, dir string) ([]string, io.Reader, func()) {
			// One file that takes seconds: the interrupt comes while it is in progress.
			line := strings.Repeat("您好，请问有什么可以帮到您？我想查一下这个月的话费。", 30)
			var b strings.Builder
			for i := range 12_000 {
				b.WriteString([]string{"坐席：", "客户："}[i%2] + line + "\n")
			}
			p := writeFile(t, dir, "long.txt", []byte(b.String()))
			return []string{p}, nil, func() {}
		}},
	}
	for _, st := range states {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
			t.Run(st.name+"/"+sig.String(), func(t *testing.T) {
				dir := t.TempDir()
				args, stdin, done := st.start(t, dir)
				defer done()
				out := t.TempDir()
				report := filepath.Join(out, "report.json")
				cmd := exec.Command(bin, append([]string{"check", "-q", "-o", "json=" + report}, args...)...)
				cmd.Dir = "../.."
				cmd.Stdin = stdin
				ready := filepath.Join(out, "ready")
				cmd.Env = append(os.Environ(), cmdutil.SignalsReadyEnv+"="+ready)
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				waitForFile(t, ready)
				time.Sleep(400 * time.Millisecond) // into the read
				sent := time.Now()
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				exited := make(chan error, 1)
				go func() { exited <- cmd.Wait() }()
				select {
				case err := <-exited:
					t.Logf("exited %v after the signal", time.Since(sent).Round(time.Millisecond))
					ee, ok := err.(*exec.ExitError)
					if !ok || ee.ExitCode() != 130 {
						t.Errorf("exit = %v, want 130\n%s", err, stderr.String())
					}
				case <-time.After(20 * time.Second): // far beyond the second it takes: a hang
					cmd.Process.Kill()
					t.Fatalf("still running 20 s after %v", sig)
				}
				if _, err := os.Stat(report); !os.IsNotExist(err) {
					t.Errorf("report written after an interrupt: %v", err)
				}
				if l := leftoverTemps(t, out); len(l) > 0 {
					t.Errorf("temporary files left: %v", l)
				}
			})
		}
	}
}

// TestOutputsDestroyNothing: what an output names stays what it was, and a run never
// writes over, or reads back, its own inputs and outputs.
func TestOutputsDestroyNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes or /dev/null")
	}
	t.Run("named pipe is written through", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "report.fifo")
		mkfifo(t, p)
		got := make(chan []byte, 1)
		go func() {
			f, err := os.Open(p)
			if err != nil {
				got <- nil
				return
			}
			b, _ := io.ReadAll(f)
			f.Close()
			got <- b
		}()
		r := zhijian(t, "", "check", "-o", "json="+p, goodCall)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if b := <-got; !json.Valid(b) {
			t.Errorf("the reader of the pipe got no JSON report: %.200q", b)
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("%s is no longer a named pipe: %v %v", p, fi.Mode(), err)
		}
	})
	t.Run("symbolic link to /dev/null stays a link, /dev/null a device", func(t *testing.T) {
		dir := t.TempDir()
		link := filepath.Join(dir, "null.json")
		if err := os.Symlink(os.DevNull, link); err != nil {
			t.Skip(err)
		}
		for _, out := range []string{link, "json=" + os.DevNull} {
			if r := zhijian(t, "", "check", "-o", out, goodCall); r.code != 0 {
				t.Fatalf("-o %s: exit %d\n%s", out, r.code, r.stderr)
			}
		}
		if target, err := os.Readlink(link); err != nil || target != os.DevNull {
			t.Errorf("the link was replaced: %q %v", target, err)
		}
		if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("%s is no longer a character device: %v %v", os.DevNull, fi.Mode(), err)
		}
	})
	t.Run("link to a report file writes the file", func(t *testing.T) {
		dir := t.TempDir()
		real := filepath.Join(dir, "real.json")
		link := filepath.Join(dir, "latest.json")
		if err := os.Symlink("real.json", link); err != nil {
			t.Skip(err)
		}
		if r := zhijian(t, "", "check", "-o", link, goodCall); r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if b, err := os.ReadFile(real); err != nil || !json.Valid(b) {
			t.Errorf("%s holds no report: %v", real, err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", link)
		}
	})
	for _, flag := range [][]string{{"-o"}, {"-o", "json="}, {"--summary-csv"}, {"--write-baseline"}} {
		name := strings.Join(flag, " ") + " onto an input"
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			call, err := os.ReadFile("../../" + goodCall)
			if err != nil {
				t.Fatal(err)
			}
			in := writeFile(t, dir, "call.txt", call)
			out := in
			if len(flag) == 2 {
				out = flag[1] + in
			}
			r := zhijian(t, "", "check", flag[0], out, in)
			if r.code != 2 || !strings.Contains(r.stderr, "is also an input") {
				t.Errorf("exit %d, want 2 naming the clash\n%s", r.code, r.stderr)
			}
			if b, _ := os.ReadFile(in); string(b) != string(call) {
				t.Errorf("the transcript was overwritten")
			}
		})
	}
	t.Run("report inside the checked directory is never read back", func(t *testing.T) {
		dir := t.TempDir()
		call, _ := os.ReadFile("../../" + goodCall)
		writeFile(t, dir, "calls/a.txt", call)
		calls := filepath.Join(dir, "calls")
		report := filepath.Join(calls, "report.json")
		for run := 1; run <= 2; run++ {
			r := zhijian(t, "", "check", "-f", "json", "-o", "json="+report, "-o", "text="+filepath.Join(calls, "report.txt"), calls)
			if r.code != 0 {
				t.Fatalf("run %d: exit %d\n%s", run, r.code, r.stderr)
			}
			var rep struct {
				Summary struct {
					Files        int
					SkippedFiles []struct{ Path, Reason string } `json:"skipped_files"`
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Summary.Files != 1 {
				t.Errorf("run %d checked %d files, want 1 (its own reports read back?)", run, rep.Summary.Files)
			}
			if run == 2 && len(rep.Summary.SkippedFiles) != 2 {
				t.Errorf("run 2 lists %v as skipped, want the two reports", rep.Summary.SkippedFiles)
			}
		}
	})
}

// TestWalkDropsNothing: every path a walk meets is checked, or listed as skipped with
// its reason, in the JSON summary and with --verbose.
func TestWalkDropsNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no symbolic links or named pipes")
	}
	dir := t.TempDir()
	call, _ := os.ReadFile("../../" + goodCall)
	root := filepath.Join(dir, "export")
	writeFile(t, dir, "export/2026/a.txt", call)
	writeFile(t, dir, "shared/b.txt", call)
	writeFile(t, dir, "export/CALL01.TXT", call)
	writeFile(t, dir, "export/notes.md", []byte("# notes\n"))
	if err := os.Symlink("../shared", filepath.Join(root, "linked")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("..", filepath.Join(root, "2026", "up")); err != nil { // a loop
		t.Skip(err)
	}
	mkfifo(t, filepath.Join(root, "stream.txt"))

	r := zhijian(t, "", "check", "-v", "-f", "json", root)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	var rep struct {
		Files []struct {
			Path  string
			Error string
		}
		Summary struct {
			Skipped      int
			SkippedFiles []struct{ Path, Reason string } `json:"skipped_files"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var checked []string
	for _, f := range rep.Files {
		checked = append(checked, strings.TrimPrefix(f.Path, root+"/"))
	}
	want := []string{"2026/a.txt", "CALL01.TXT", "linked/b.txt"}
	if strings.Join(checked, " ") != strings.Join(want, " ") {
		t.Errorf("checked %q, want %q", checked, want)
	}
	reasons := map[string]string{}
	for _, s := range rep.Summary.SkippedFiles {
		reasons[strings.TrimPrefix(s.Path, root+"/")] = s.Reason
	}
	for path, reason := range map[string]string{
		"notes.md":     "does not match --include",
		"stream.txt":   "not a regular file",
		"2026/up":      "already walked",
		"2026/up/2026": "", // must not appear: the loop is not entered
	} {
		got, ok := reasons[path]
		switch {
		case reason == "" && ok:
			t.Errorf("%s listed: the walk went round the loop", path)
		case reason != "" && !strings.Contains(got, reason):
			t.Errorf("%s: skipped for %q, want %q", path, got, reason)
		}
	}
	if rep.Summary.Skipped != len(rep.Summary.SkippedFiles) || rep.Summary.Skipped != 3 {
		t.Errorf("skipped %d, listed %v; want 3", rep.Summary.Skipped, rep.Summary.SkippedFiles)
	}
	for _, s := range rep.Summary.SkippedFiles {
		if !strings.Contains(r.stderr, s.Path) {
			t.Errorf("--verbose does not name skipped %s:\n%s", s.Path, r.stderr)
		}
	}
}

// TestHiddenForbiddenPhrase: a 禁语 with invisible or compatibility code points inside
// is still a 禁语, and the finding quotes the text as written.
func TestHiddenForbiddenPhrase(t *testing.T) {
	const phrase = "我也没办法"
	hide := map[string]func(string) string{
		"variation selector":        between("\uFE0F"),
		"combining grapheme joiner": between("\u034F"),
		"zero-width joiner":         between("\u200D"),
		"Hangul filler":             between("\u3164"),
		"Mongolian variation sel.":  between("\u180B"),
		"combining acute accent":    between("\u0301"),
		"ideographic var. selector": between("\U000E0100"),
		"soft hyphen":               between("\u00AD"),
	}
	cases := map[string]string{}
	for name, h := range hide {
		cases[name] = "坐席：这个" + h(phrase) + "，您自己看着办吧。"
	}
	// Text copied out of a PDF: Kangxi radicals (⾃ U+2F83, ⼰ U+2F30) and CJK
	// compatibility ideographs (不 U+F967) for the unified characters.
	cases["Kangxi radicals"] = "坐席：这事你\u2F83\u2F30想办法吧。"
	cases["compatibility ideograph"] = "坐席：\uF967能办就是\uF967能办！"
	dir := t.TempDir()
	for name, line := range cases {
		t.Run(name, func(t *testing.T) {
			p := writeFile(t, dir, strings.ReplaceAll(name, " ", "-")+".txt",
				[]byte("坐席：您好，请问有什么可以帮您？\n客户：我的宽带又断了。\n"+line+"\n"))
			r := zhijian(t, "", "check", "-f", "json", p)
			var rep badReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("%v\n%s", err, r.stderr)
			}
			found := false
			for _, f := range rep.Files[0].Findings {
				if f.Line == 3 {
					found = true
					if !strings.Contains(line, f.Text) {
						t.Errorf("finding quotes %q, not the text as written", f.Text)
					}
				}
			}
			if !found {
				t.Errorf("no finding on %q", line)
			}
		})
	}
}

func between(mark string) func(string) string {
	return func(s string) string {
		rs := []rune(s)
		var b strings.Builder
		for i, r := range rs {
			if i > 0 {
				b.WriteString(mark)
			}
			b.WriteRune(r)
		}
		return b.String()
	}
}

// TestImpossibleFlags are refused with exit 2 before anything is read.
func TestImpossibleFlags(t *testing.T) {
	for _, flags := range [][]string{
		{"--workers", "100000000"}, {"--workers", "-1"}, {"--fail-under", "nan"}, {"--fail-under", "NaN"},
		{"--fail-under", "-5"}, {"--max-turns", "-1"}, {"--max-turns", "0"}, {"--max-utterance", "0"},
		{"--max-size", "0"}, {"--max-size", "99999999"},
	} {
		r := zhijian(t, "", append(append([]string{"check"}, flags...), goodCall)...)
		if r.code != 2 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %.100q; want 2 and no report", flags, r.code, r.stdout)
		}
	}
}

// TestConfiguredColumns: a CSV whose headers zhijian does not know is refused with the
// way out named, and read once .zhijian.yaml maps its columns and speakers.
func TestConfiguredColumns(t *testing.T) {
	dir := t.TempDir()
	csv := "时刻,声道,通话内容\n00:00:01,0,您好，请问有什么可以帮您？\n00:00:05,1,我想查一下话费。\n" +
		"00:00:09,0,好的，您本月话费是58元。请问还有别的需要吗？\n00:00:15,1,没有了，谢谢。\n00:00:18,0,不客气，感谢您的来电，再见！\n"
	writeFile(t, dir, "export.csv", []byte(csv))
	run := func() result { return zhijianIn(t, dir, nil, "check", "-f", "json", "export.csv") }
	if r := run(); r.code != 2 || !strings.Contains(r.stderr+r.stdout, "columns:") {
		t.Fatalf("unknown headers: exit %d, want 2 naming columns:\n%s%s", r.code, r.stdout, r.stderr)
	}
	writeFile(t, dir, ".zhijian.yaml", []byte("columns: {text: 通话内容, speaker: 声道, start: 时刻}\nspeakers: {\"0\": agent, \"1\": customer}\n"))
	r := run()
	var rep badReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stderr)
	}
	if len(rep.Files) != 1 || rep.Files[0].Error != "" || rep.Files[0].Score == nil {
		t.Fatalf("not scored with the mapping: %+v\n%s", rep.Files, r.stderr)
	}
	for _, w := range rep.Files[0].Warnings {
		if strings.Contains(w, "推断") || strings.Contains(w, "taken for") {
			t.Errorf("roles guessed although speakers maps them: %s", w)
		}
	}
}

// TestOutputsSpareWhatTheRunReads: no output replaces a file the command reads besides
// its transcripts — the rulebook, the configuration, the baseline, the store with every
// review in it, a shard report being merged. Each is refused with exit 2, naming the
// file and what it is, before anything is written; the file is left as it was.
func TestOutputsSpareWhatTheRunReads(t *testing.T) {
	call, err := os.ReadFile("../../" + goodCall)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile("../../rules/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// setup makes the files in dir; the command runs there.
	setup := func(t *testing.T, dir string) {
		writeFile(t, dir, "call.txt", call)
		writeFile(t, dir, "rules.yaml", rules)
		writeFile(t, dir, "cfg.yaml", []byte("fail_under: 60\n"))
		for _, args := range [][]string{
			{"check", "-q", "--write-baseline", "baseline.json", "call.txt"},
			{"check", "-q", "--store", "qa.db", "call.txt"},
			{"check", "-q", "-f", "json", "-o", "part.json", "call.txt"},
		} {
			if r := zhijianIn(t, dir, nil, args...); r.code != 0 {
				t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
			}
		}
	}
	for _, tt := range []struct {
		args   []string
		victim string // the file that must survive
		what   string // what the message calls it
	}{
		{[]string{"check", "-o", "json=rules.yaml", "--rules", "rules.yaml", "call.txt"}, "rules.yaml", "the rulebook"},
		{[]string{"check", "--summary-csv", "rules.yaml", "--rules", "rules.yaml", "call.txt"}, "rules.yaml", "the rulebook"},
		{[]string{"check", "--write-baseline", "rules.yaml", "--rules", "rules.yaml", "call.txt"}, "rules.yaml", "the rulebook"},
		{[]string{"check", "-o", "json=cfg.yaml", "--config", "cfg.yaml", "call.txt"}, "cfg.yaml", "the configuration"},
		{[]string{"check", "-o", "json=baseline.json", "--baseline", "baseline.json", "call.txt"}, "baseline.json", "the baseline"},
		{[]string{"check", "-o", "json=qa.db", "--store", "qa.db", "call.txt"}, "qa.db", "the store"},
		{[]string{"check", "-o", "json=qa.db-wal", "--store", "qa.db", "call.txt"}, "qa.db", "the store"},
		{[]string{"sample", "--store", "qa.db", "--batch", "w1", "-o", "qa.db"}, "qa.db", "the store"},
		{[]string{"merge", "part.json", "-o", "part.json"}, "part.json", "a report to merge"},
		{[]string{"merge", "part.json", "-o", "html=part.json"}, "part.json", "a report to merge"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			setup(t, dir)
			before, _ := os.ReadFile(filepath.Join(dir, tt.victim))
			r := zhijianIn(t, dir, nil, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, "is also an input, "+tt.what) {
				t.Errorf("exit %d, want 2 naming %s\n%s", r.code, tt.what, r.stderr)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, tt.victim)); string(after) != string(before) {
				t.Errorf("%s was overwritten: %.80q", tt.victim, after)
			}
		})
	}
	t.Run("--write-baseline may refresh the baseline it reads", func(t *testing.T) {
		dir := t.TempDir()
		setup(t, dir)
		if r := zhijianIn(t, dir, nil, "check", "-q", "--baseline", "baseline.json", "--write-baseline", "baseline.json", "call.txt"); r.code != 0 {
			t.Errorf("exit %d\n%s", r.code, r.stderr)
		}
	})
}

// TestBaselineUnwritableRefusedFirst: --write-baseline is written when the batch is
// done; a path it cannot be written to is refused before the batch is read, not after.
func TestBaselineUnwritableRefusedFirst(t *testing.T) {
	dir := t.TempDir()
	for _, out := range []string{filepath.Join(dir, "missing", "baseline.json"), dir} {
		r := zhijian(t, "", "check", "-f", "json", "--write-baseline", out, goodCall)
		if r.code != 2 || !strings.Contains(r.stderr, "cannot write baseline") {
			t.Errorf("--write-baseline %s: exit %d, want 2\n%s", out, r.code, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("--write-baseline %s: the batch was checked first:\n%.200s", out, r.stdout)
		}
	}
}

// runMeasured runs the binary in dir and returns its result, how long it took and its
// peak resident memory in MB (0 where the system does not say).
func runMeasured(t *testing.T, dir string, args ...string) (result, time.Duration, int64) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=", "GITHUB_ACTIONS=")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	code := exitCode(t, err)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && runtime.GOOS == "linux" {
		rss = int64(ru.Maxrss) >> 10 // KB on Linux
		// The child is started sharing this process's memory until it execs, and Linux
		// keeps that high-water mark in its peak: a peak no higher than this test
		// process's own (large under -race) says nothing about the binary.
		if own := ownPeakMB(); rss <= own {
			t.Logf("peak %d MB is this test process's own (%d MB): not measured", rss, own)
			rss = 0
		}
	}
	return result{out.String(), errOut.String(), code}, took, rss
}

// ownPeakMB is this process's peak resident memory in MB (VmHWM), 0 when unknown.
func ownPeakMB() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb >> 10
		}
	}
	return 0
}

// TestHostileRulebooks: a rulebook that is huge, or small but expanding to millions of
// phrases (a set named in thousands of rules, a YAML alias used thousands of times), is
// compiled in bounded time and memory or refused naming the limit.
func TestHostileRulebooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds rulebooks of megabytes")
	}
	thousand := make([]string, 1000)
	for i := range thousand {
		thousand[i] = fmt.Sprintf("%q", fmt.Sprintf("禁语%d号", i))
	}
	phrases := "[" + strings.Join(thousand, ", ") + "]"
	for _, tt := range []struct {
		name  string
		yaml  func() string
		code  int
		msg   string
		maxMB int64
	}{
		{"100,000 one-phrase rules", func() string {
			// Each rule's phrase list once kept a bit per phrase of the whole rulebook:
			// 6 GB and 40 s.
			var b strings.Builder
			b.WriteString("name: many\nversion: \"1\"\nrules:\n")
			for i := range 100_000 {
				fmt.Fprintf(&b, "  - {id: r%d, kind: forbidden, message: m, phrases: [\"禁%d语\"]}\n", i, i)
			}
			return b.String()
		}, 0, "", 1500},
		{"a set of 1,000 phrases named in 3,000 rules", func() string {
			var b strings.Builder
			b.WriteString("name: sets\nversion: \"1\"\nsets:\n  x: " + phrases + "\nrules:\n")
			for i := range 3000 {
				fmt.Fprintf(&b, "  - {id: r%d, kind: forbidden, message: m, phrases: [$x]}\n", i)
			}
			return b.String()
		}, 2, "more than 200000 phrases", 500},
		{"a YAML alias of 1,000 phrases used 3,000 times", func() string {
			var b strings.Builder
			b.WriteString("name: alias\nversion: \"1\"\nsets:\n  x: &p " + phrases + "\nrules:\n")
			b.WriteString("  - {id: r0, kind: forbidden, message: m, phrases: [$x]}\n")
			for i := 1; i < 3000; i++ {
				fmt.Fprintf(&b, "  - {id: r%d, kind: forbidden, message: m, phrases: *p}\n", i)
			}
			return b.String()
		}, 2, "more than 200000 phrases", 500},
		{"a phrase of [好] 40,000 times (120 KB)", func() string {
			// The expansion stayed at 1,025 strings, each ever longer: over a minute.
			return "name: opt\nversion: \"1\"\nrules:\n  - {id: r, kind: forbidden, message: m, phrases: [\"" +
				strings.Repeat("[好]", 40_000) + "\"]}\n"
		}, 2, "more than 1024 alternatives or 1 MB", 300},
		{"(a|b) ten times then 300,000 characters (900 KB)", func() string {
			// 1,024 strings of 900 KB: 5 GB and still compiling after a minute.
			return "name: long\nversion: \"1\"\nrules:\n  - {id: r, kind: forbidden, message: m, phrases: [\"" +
				strings.Repeat("(a|b)", 10) + strings.Repeat("好", 300_000) + "\"]}\n"
		}, 2, "more than 1024 alternatives or 1 MB", 300},
		{"400 phrases of 1,024 strings of 900 bytes each (400 KB)", func() string {
			// Each within the limits of one phrase, together 370 MB of strings.
			var b strings.Builder
			b.WriteString("name: wide\nversion: \"1\"\nrules:\n")
			for i := range 400 {
				fmt.Fprintf(&b, "  - {id: r%d, kind: forbidden, message: m, phrases: [\"%s%s%d\"]}\n",
					i, strings.Repeat("(a|b)", 10), strings.Repeat("好", 300), i)
			}
			return b.String()
		}, 2, "more than 32 MB together", 300},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			call, _ := os.ReadFile("../../" + goodCall)
			writeFile(t, dir, "call.txt", call)
			writeFile(t, dir, "rules.yaml", []byte(tt.yaml()))
			r, took, rss := runMeasured(t, dir, "check", "-q", "--rules", "rules.yaml", "call.txt")
			t.Logf("exit %d, %v, %d MB", r.code, took.Round(time.Millisecond), rss)
			if r.code != tt.code && !(tt.code == 0 && r.code == 1) {
				t.Errorf("exit %d, want %d\n%.1000s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.msg) || tt.msg != "" && !strings.Contains(r.stderr, "rules.yaml:") {
				t.Errorf("stderr does not say %q naming the file:\n%.1000s", tt.msg, r.stderr)
			}
			if rss > tt.maxMB {
				t.Errorf("peak memory %d MB, want under %d MB", rss, tt.maxMB)
			}
			if took > 20*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestMessagesQuoteExcerpts: a value of 300,000 characters in any field of any format —
// a speaker id, a time, a key, a header — is quoted in an error or a warning as an
// excerpt: every message under 2 KB, however large the input. (A 3 MB number as a start
// time made a 3 MB error; a 900 KB speaker id a 2 MB warning on every call.)
func TestMessagesQuoteExcerpts(t *testing.T) {
	huge := strings.Repeat("坐", 300_000)
	digits := "1" + strings.Repeat("0", 300_000)
	greet := "您好，请问有什么可以帮您？"
	js := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	type m = map[string]any
	files := map[string][]byte{
		"role.json":      js(m{"turns": []m{{"role": huge, "text": greet}, {"role": "customer", "text": "查话费"}}}),
		"speaker.json":   js(m{"turns": []m{{"speaker": huge, "text": greet}, {"speaker": "b", "text": "查话费"}}}),
		"call-id.json":   js(m{"call_id": huge, "turns": []m{{"role": "agent", "text": greet}, {"role": "customer", "text": "查"}}}),
		"start-str.json": js(m{"turns": []m{{"role": "agent", "text": greet, "start": huge}, {"role": "customer", "text": "查"}}}),
		"start-num.json": []byte(`{"turns": [{"role": "agent", "text": "` + greet + `", "start": ` + digits + `}]}`),
		"dup-key.json":   []byte(`{"turns": [{"role": "agent", "text": "a", "` + huge + `": 1, "` + huge + `": 2}]}`),
		"aliyun.json":    js(m{"Result": m{"Sentences": []m{{"ChannelId": huge, "Text": greet, "BeginTime": 0, "EndTime": 1}}}}),
		"aliyun-t.json":  js(m{"Result": m{"Sentences": []m{{"ChannelId": 0, "Text": greet, "BeginTime": huge, "EndTime": 1}}}}),
		"tencent.json":   js(m{"Response": m{"Data": m{"ResultDetail": []m{{"FinalSentence": greet, "SpeakerId": huge, "StartMs": 0, "EndMs": 1}}}}}),
		"funasr.json":    js([]m{{"key": huge, "sentence_info": []m{{"text": greet, "spk": huge, "start": 0, "end": 1}}}}),
		"lines.jsonl":    []byte(`{"call_id": "a", "role": "agent", "text": "` + greet + `"}` + "\n" + `{"call_id": "a", "speaker": "` + huge + `", "text": "查"}` + "\n"),
		"header.csv":     []byte(huge + "," + huge + "\nagent," + greet + "\n"),
		"speaker.csv":    []byte("speaker,text\n" + huge + "," + greet + "\nb,查\n"),
		"role.csv":       []byte("role,text\n" + huge + "," + greet + "\ncustomer,查\n"),
		"roles.csv": []byte("role,text\n" + strings.Repeat(huge[:1000]+"甲,"+greet+"\n", 1) + func() string {
			var b strings.Builder
			for i := range 50 { // fifty unknown labels of 1,000 characters
				fmt.Fprintf(&b, "%d%s,查\n", i, huge[:3000])
			}
			return b.String()
		}()),
		"start.csv":  []byte("role,text,start\nagent," + greet + "," + huge + "\n"),
		"label.txt":  []byte(huge + "：" + greet + "\n客户：查\n"),
		"stamp.txt":  []byte("[00:00:01-" + digits + "] 坐席：" + greet + "\n"),
		"meta.txt":   []byte("# " + huge + ": " + huge + "\n坐席：" + greet + "\n客户：查\n"),
		"timing.srt": []byte("1\n00:00:01,000 --> " + digits + "\n坐席：" + greet + "\n\n"),
		"voice.vtt":  []byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v " + huge + ">" + greet + "\n\n"),
	}
	dir := t.TempDir()
	for name, data := range files {
		writeFile(t, dir, name, data)
	}
	r := zhijian(t, "", "check", "-f", "json", goodCall, dir)
	var rep badReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%.2000s", err, r.stderr)
	}
	if len(rep.Files) < len(files)+1 {
		t.Errorf("%d report entries for %d files", len(rep.Files), len(files)+1)
	}
	for _, f := range rep.Files {
		if f.Path == goodCall && (f.Score == nil || *f.Score != 100) {
			t.Errorf("the good call was not scored 100: %v %q", f.Score, f.Error)
		}
		if len(f.Error) > 2000 {
			t.Errorf("%s: a %d-byte error: %.200s", f.Path, len(f.Error), f.Error)
		}
		for _, w := range f.Warnings {
			if len(w) > 2000 {
				t.Errorf("%s: a %d-byte warning: %.200s", f.Path, len(w), w)
			}
		}
	}
	if len(r.stderr) > 2000*len(files) {
		t.Errorf("%d bytes on stderr", len(r.stderr))
	}
	// Speakers the configuration does not map, thousands of them, each huge.
	var turns []m
	turns = append(turns, m{"speaker": "0", "text": greet})
	for i := range 5000 {
		turns = append(turns, m{"speaker": fmt.Sprint(i) + huge[:1000], "text": "好的"})
	}
	writeFile(t, dir, "unmapped/call.json", js(m{"turns": turns}))
	writeFile(t, dir, "unmapped/cfg.yaml", []byte(`speakers: {"0": agent}`+"\n"))
	r = zhijianIn(t, filepath.Join(dir, "unmapped"), nil, "check", "-f", "json", "--config", "cfg.yaml", "call.json")
	rep = badReport{}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) != 1 {
		t.Fatalf("%v\n%.2000s", err, r.stderr)
	}
	if w := strings.Join(rep.Files[0].Warnings, "\n"); len(w) > 2000 || !strings.Contains(w, "unmapped speakers") {
		t.Errorf("a %d-byte warning, want one under 2 KB naming the unmapped speakers: %.300s", len(w), w)
	}
}

// TestProblemFloodsAreCut: a file with a problem on every one of 100,000 lines — a
// label file, a rulebook — is refused with the first problems listed and the rest
// counted, not 100,000 lines (21 MB) on stderr.
func TestProblemFloodsAreCut(t *testing.T) {
	dir := t.TempDir()
	var labels, rules strings.Builder
	labels.WriteString("file,verdict,concept,line,note\n")
	rules.WriteString("name: flood\nversion: \"1\"\n")
	for i := range 100_000 {
		fmt.Fprintf(&labels, "telecom/t%d.txt,pass,greeting,0,\n", i)
		fmt.Fprintf(&rules, "key%d: 1\n", i)
	}
	writeFile(t, dir, "labels.csv", []byte(labels.String()))
	writeFile(t, dir, "rules.yaml", []byte(rules.String()))
	for _, tt := range []struct {
		args  []string
		first string // the place of the first problem
	}{
		{[]string{"calibrate", filepath.Join(dir, "labels.csv"), "pkg/cmd/calibrate/testdata/calls"}, "labels.csv:2:"},
		{[]string{"check", "--rules", filepath.Join(dir, "rules.yaml"), goodCall}, "rules.yaml:3:1:"},
	} {
		r := zhijian(t, "", tt.args...)
		if r.code != 2 {
			t.Errorf("%s: exit %d, want 2", tt.args[0], r.code)
		}
		if len(r.stderr) > 100_000 || !strings.Contains(r.stderr, "999") || !strings.Contains(r.stderr, " more problems") {
			t.Errorf("%s: %d bytes on stderr, want the first 100 problems and the count of the rest:\n%.300s",
				tt.args[0], len(r.stderr), r.stderr[max(0, len(r.stderr)-300):])
		}
		if !strings.Contains(r.stderr, tt.first) {
			t.Errorf("%s: the first problem is not shown with its place %s:\n%.300s", tt.args[0], tt.first, r.stderr)
		}
	}
}

// TestMergeRefusesOverlappingShards: shards divide a batch by path, so a file in two of
// the reports given to merge means a shard given twice, or reports of different runs:
// refused, naming the file and both reports, and no merged report written. (Merged, the
// calls were counted twice.)
func TestMergeRefusesOverlappingShards(t *testing.T) {
	dir := t.TempDir()
	var parts []string
	for k := range 2 {
		r := zhijian(t, "", "check", "-f", "json", "--shard", fmt.Sprintf("%d/2", k), "testdata/calls")
		if r.code > 1 {
			t.Fatalf("shard %d: exit %d\n%s", k, r.code, r.stderr)
		}
		parts = append(parts, writeFile(t, dir, fmt.Sprintf("part%d.json", k), []byte(r.stdout)))
	}
	whole := zhijian(t, "", "check", "-f", "json", "testdata/calls")
	writeFile(t, dir, "whole.json", []byte(whole.stdout))
	strict := zhijian(t, "", "check", "-f", "json", "--strict", "--shard", "1/2", "testdata/calls")
	writeFile(t, dir, "strict1.json", []byte(strict.stdout))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{parts[0], parts[0]}, "given twice"},
		{[]string{parts[0], parts[1], parts[1]}, "given twice"},
		{[]string{parts[0], parts[1], filepath.Join(dir, "whole.json")}, "is no shard"},
		// A worker that never finished: its calls would be missing from a report that
		// looks whole.
		{[]string{parts[0]}, "shards missing: 1/2"},
		{[]string{parts[0], filepath.Join(dir, "strict1.json")}, "--strict"},
	} {
		args := tc.args
		out := filepath.Join(dir, "merged.json")
		r := zhijian(t, "", append([]string{"merge", "-o", out}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("merge %v: exit %d, want 2 saying %q\n%s", args, r.code, tc.want, r.stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("merge %v wrote a merged report", args)
			os.Remove(out)
		}
	}
	if r := zhijian(t, "", "merge", parts[1], parts[0]); r.code > 1 {
		t.Errorf("the shards in any order: exit %d\n%s", r.code, r.stderr)
	}
}

// TestLabelsRefuseRepeatedKeys: a JSON label file that names a key twice in one object
// is refused at the key's line, as a transcript is: decoded, the second verdict or
// concept silently replaced the first, and calibrate measured against labels nobody
// wrote.
func TestLabelsRefuseRepeatedKeys(t *testing.T) {
	dir := t.TempDir()
	for name, labels := range map[string]string{
		"verdict.json": "{\"calls\": [\n{\"file\": \"telecom/t1.txt\",\n \"verdict\": \"pass\",\n \"verdict\": \"fail\"}]}\n",
		"concept.json": "{\"calls\": [{\"file\": \"telecom/t2.txt\", \"verdict\": \"fail\", \"violations\": [\n{\"concept\": \"closing\",\n \"concept\": \"greeting\"}]}]}\n",
		"calls.json":   "{\"calls\": [],\n\"calls\": [{\"file\": \"telecom/t1.txt\", \"verdict\": \"pass\"}]}\n",
	} {
		p := writeFile(t, dir, name, []byte(labels))
		r := zhijian(t, "", "calibrate", p, "pkg/cmd/calibrate/testdata/calls")
		line := map[string]int{"verdict.json": 4, "concept.json": 3, "calls.json": 2}[name]
		if r.code != 2 || !strings.Contains(r.stderr, fmt.Sprintf("%s:%d: ", p, line)) || !strings.Contains(r.stderr, "appears twice") {
			t.Errorf("%s: exit %d, want 2 naming line %d and the repeated key\n%s", name, r.code, line, r.stderr)
		}
	}
}

// TestReviewWorkbookBomb: a review workbook whose shared strings unpack to 320 MB,
// past the 256 MB limit (a zip bomb; the hostile suite used 2 GB) is refused at once, naming the workbook; it ran for minutes and
// took 6 GB before.
func TestReviewWorkbookBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 320 MB")
	}
	dir := sampledWorkbook(t)
	src, err := zip.OpenReader(filepath.Join(dir, "review.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	out, err := os.Create(filepath.Join(dir, "bomb.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	// The fastest deflate: the bomb is the same bomb, and compressing it at the default
	// level took minutes under the race detector.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for _, f := range src.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/sharedStrings.xml" {
			i := strings.Index(string(data), "<si>")
			w.Write(data[:i])
			io.WriteString(w, "<si><t>")
			chunk := []byte(strings.Repeat("A", 1<<20))
			for range 320 { // past the 256 MB a workbook may unpack to
				w.Write(chunk)
			}
			io.WriteString(w, "</t></si>")
			data = data[i:]
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	r, took, rss := runMeasured(t, dir, "review", "import", "--store", "qa.db", "--reviewer", "王敏", "bomb.xlsx")
	t.Logf("exit %d, %v, %d MB", r.code, took.Round(time.Millisecond), rss)
	if r.code != 2 || !strings.Contains(r.stderr, "bomb.xlsx") || !strings.Contains(r.stderr, "unpacks to more than") {
		t.Errorf("exit %d, want 2 naming the workbook and the limit\n%.1000s", r.code, r.stderr)
	}
	if took > 20*time.Second || rss > 1000 {
		t.Errorf("took %v and %d MB", took, rss)
	}
}

// TestDamagedLegacyEncoding: a GBK or Big5 transcript that is damaged — cut short in the
// middle of its last character, or with a stray byte — is named as that encoding with
// the bad line, as damaged UTF-8 is, instead of "cannot detect the encoding".
func TestDamagedLegacyEncoding(t *testing.T) {
	lines := strings.Repeat("坐席：您好，请问有什么可以帮您？\n客户：我想查一下这个月的话费，谢谢。\n", 20)
	trad := strings.Repeat("坐席：您好，請問有什麼可以幫您？\n客戶：我想查一下這個月的話費，謝謝。\n", 20)
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	big5 := func(s string) []byte {
		b, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cut := func(b []byte) []byte { return b[:len(b)-1] }
	eighth := 0 // the start of line 9
	for range 8 {
		eighth += strings.IndexByte(lines[eighth:], '\n') + 1
	}
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		data []byte
		line int
		want string
	}{
		{"gbk-cut.txt", cut(gbk(lines + "坐席：好的")), 41, "line 41 is not valid GBK"},
		{"gbk-stray.txt", append(append(gbk(lines[:eighth]), 0xFF), gbk(lines[eighth:])...), 9, "line 9 is not valid GBK"},
		{"big5-cut.txt", cut(big5(trad + "坐席：好的")), 41, "line 41 is not valid Big5"},
	} {
		p := writeFile(t, dir, tt.name, tt.data)
		r := zhijian(t, "", "check", "-f", "json", goodCall, p)
		var rep badReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%s: %v\n%s", tt.name, err, r.stderr)
		}
		if r.code != 2 || len(rep.Files) != 2 {
			t.Errorf("%s: exit %d, %d entries", tt.name, r.code, len(rep.Files))
		}
		for _, f := range rep.Files {
			if f.Path == p && (!strings.HasPrefix(f.Error, fmt.Sprintf("%s:%d: ", p, tt.line)) || !strings.Contains(f.Error, tt.want)) {
				t.Errorf("%s: error %q, want line %d saying %q", tt.name, f.Error, tt.line, tt.want)
			}
		}
	}
}

// TestSideFilesThatNeverEnd: the files read whole besides the transcripts — the
// configuration, a baseline, a rulebook to lint, a rule test, a label file — given as
// /dev/zero or a named pipe nobody writes to, are refused at once naming the path.
// They were read for ever (memory growing without end on /dev/zero).
func TestSideFilesThatNeverEnd(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero or named pipes")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "stalled.yaml")
	mkfifo(t, fifo)
	labels := filepath.Join(dir, "labels.csv")
	mkfifo(t, labels)
	for _, args := range [][]string{
		{"check", "--config", "/dev/zero", goodCall},
		{"check", "--config", fifo, goodCall},
		{"check", "--baseline", "/dev/zero", goodCall},
		{"check", "--baseline", fifo, goodCall},
		{"rules", "lint", "/dev/zero"},
		{"rules", "lint", fifo},
		{"rules", "test", "/dev/zero"},
		{"calibrate", labels, "pkg/cmd/calibrate/testdata/calls"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=", "GITHUB_ACTIONS=")
		var stderr strings.Builder // and stdout: lint reports there
		cmd.Stdout, cmd.Stderr = &stderr, &stderr
		start := time.Now()
		err := cmd.Run()
		cancel()
		code := -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if ctx.Err() == context.DeadlineExceeded {
			t.Errorf("%v: still reading after %v", args, time.Since(start).Round(time.Second))
			continue
		}
		if code != 2 || !strings.Contains(stderr.String(), "not a regular file") {
			t.Errorf("%v: exit %d (%v), want 2 saying not a regular file\n%.500s", args, code, err, stderr.String())
		}
	}
}

// waitForFile waits until path exists: the process under test has caught the signals.
func waitForFile(t *testing.T, path string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
	}
	t.Fatalf("the process never caught the signals (%s not created)", path)
}

// sampledWorkbook checks a call into a new store in a directory of its own, draws a review
// batch w1 from it to review.xlsx, and returns the directory.
func sampledWorkbook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	call, _ := os.ReadFile("../../testdata/calls/forbidden-service.txt")
	writeFile(t, dir, "call.txt", call)
	for _, args := range [][]string{
		{"check", "-q", "--store", "qa.db", "call.txt"},
		{"sample", "--store", "qa.db", "--batch", "w1", "-o", "review.xlsx"},
	} {
		if r := zhijianIn(t, dir, nil, args...); r.code > 1 {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	return dir
}
