package main_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
)

// TestStandardOutputToFullDisk: a command whose standard output cannot be written (a
// full disk: /dev/full) ends 2 saying so, as check did. segment, rules lint and eval
// printed without looking at the writes' errors and ended 0 with nothing written.
func TestStandardOutputToFullDisk(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	for _, args := range [][]string{
		{"segment", "您好，请问有什么可以帮您"},
		{"segment", "testdata/calls/compliant-billing.txt"},
		{"rules", "lint"},
		{"rules", "list"},
		{"explain", "closing"},
		{"config"},
		{"version"},
		{"check", "-q", "testdata/calls/compliant-billing.txt"},
		{"check", "testdata/calls/forbidden-service.txt"}, // exit 1 were it written
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd := exec.Command(bin, args...)
			cmd.Dir = "../.."
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
			var errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = full, &errOut
			err := cmd.Run()
			code := exitCode(t, err)
			if code != 2 || !strings.Contains(errOut.String(), "no space left on device") {
				t.Errorf("exit %d, want 2 saying the output was not written; stderr:\n%s", code, errOut.String())
			}
		})
	}
}

// TestOutputsThroughLinksToNewFiles: two outputs were compared by name, or as files
// when both existed: a link to a report not yet written was another file. -o r.json
// --summary-csv link.csv (link.csv → r.json) wrote the report, then the summary through
// the link over it, exit 1. Refused before anything is read, whichever the outputs and
// however the link names the file (a link to it, a linked directory), nothing written.
func TestOutputsThroughLinksToNewFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		file string // named in the error
	}{
		{"summary through a link", []string{"-o", "r.json", "--summary-csv", "link.csv"}, "link.csv"},
		{"report through a link", []string{"-o", "r.json", "-o", "jsonl=link.csv"}, "link.csv"},
		{"baseline through a link", []string{"-o", "r.json", "--write-baseline", "link.csv"}, "link.csv"},
		{"through a linked directory", []string{"-o", "real/x.json", "-o", "jsonl=linkdir/x.json"}, "linkdir/x.json"},
		{"a link to a link", []string{"-o", "r.json", "--summary-csv", "link2.csv"}, "link2.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "call.txt", []byte("坐席：您好\n客户：嗯\n"))
			writeFile(t, dir, "real/keep", nil)
			for link, to := range map[string]string{"link.csv": "r.json", "link2.csv": "link.csv", "linkdir": "real"} {
				if err := os.Symlink(to, dir+"/"+link); err != nil {
					t.Fatal(err)
				}
			}
			r := zhijianIn(t, dir, nil, append(append([]string{"check", "--no-config", "-q"}, tc.args...), "call.txt")...)
			if r.code != 2 || !strings.Contains(r.stderr, "written to "+tc.file) {
				t.Errorf("exit %d, want 2 naming %s\n%s", r.code, tc.file, r.stderr)
			}
			for _, f := range []string{"r.json", "real/x.json"} {
				if _, err := os.Stat(dir + "/" + f); err == nil {
					t.Errorf("%s written", f)
				}
			}
		})
	}
}

// TestRulesTestEncodingsAndLimits: rules test read each case as UTF-8 and held it to
// none of check's limits. A case saved as UTF-16 or GBK (as Windows editors save) was
// "first utterance has no speaker label"; a NUL byte passed unseen; a case of one
// utterance of five million characters was matched for minutes. Each case is now read
// as check reads a transcript, its encoding detected, and held to check's limits.
func TestRulesTestEncodingsAndLimits(t *testing.T) {
	text := "# expect: forbidden-phrases\n坐席：您好，这个我也没办法，请问还有什么可以帮您\n"
	for _, tc := range []struct {
		name string
		data []byte
		code int
		want string
	}{
		{"utf-8", []byte(text), 0, "1 passed"},
		{"utf-16 with a BOM", append([]byte{0xFF, 0xFE}, utf16le(text)...), 0, "1 passed"},
		{"gbk", mustGBK(t, text), 0, "1 passed"},
		{"a NUL byte", []byte("# expect: forbidden-phrases\n坐席：您好，这个我也没办法\x00，请问还有什么可以帮您\n"), 2, "case.txt"},
		{"an utterance of 5 million characters", []byte("# expect: forbidden-phrases\n坐席：" + strings.Repeat("我也没办法", 1_000_000) + "\n"),
			2, "case.txt:2: 这一句超过 10000 字"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "case.txt", tc.data)
			r, _ := timedRun(t, dir, nil, 60*time.Second, "rules", "test", "--no-config", "case.txt")
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
				t.Errorf("exit %d, want %d saying %q\n%s%s", r.code, tc.code, tc.want, r.stdout, r.stderr)
			}
		})
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func mustGBK(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInterruptWhileRecording: Ctrl-C while check --store was opening the store or
// recording calls ended 2 with the store's words, "cannot reach the store qa.db: context
// canceled" or "cannot record a finding of …: context canceled": whatever failed after
// the signal failed because of it, and the run was interrupted. Now 130, "interrupted",
// at any moment.
func TestInterruptWhileRecording(t *testing.T) {
	if testing.Short() {
		t.Skip("checks thousands of calls")
	}
	dir := t.TempDir()
	call := mustRead(t, "../../"+goodCall)
	for i := range 3000 {
		writeFile(t, dir, fmt.Sprintf("calls/%03d/%d.txt", i/100, i), call)
	}
	for _, delay := range []time.Duration{0, 50 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond, time.Second} {
		t.Run(delay.String(), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "qa.db")
			ready := filepath.Join(t.TempDir(), "ready")
			cmd := exec.Command(bin, "check", "-q", "--no-config", "--store", db, "calls")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), cmdutil.SignalsReadyEnv+"="+ready)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitForFile(t, ready)
			time.Sleep(delay)
			if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if ee, ok := err.(*exec.ExitError); err == nil || ok && ee.ExitCode() == 1 {
				t.Skipf("the run finished before the signal (%v)", err)
			} else if !ok || ee.ExitCode() != 130 || strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("exit %v, want 130 saying interrupted\n%s", err, stderr.String())
			}
		})
	}
}

// TestRepetitionBounds: a repetition rule compared each utterance with the `within`
// before it, rebuilding the character pairs of both every time: within: 50 over a call
// of 20,000 turns of 400 characters took 86 s, within: 100000000 compared every two of
// its 10,000 agent utterances and ran for more than ten minutes. within is now at most
// 100, refused at its line past that, and each utterance's pairs are made once.
func TestRepetitionBounds(t *testing.T) {
	if testing.Short() {
		t.Skip("checks a call of 8 MB")
	}
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(1, 2))
	chars := []rune("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年")
	var b strings.Builder
	for i := range 19_990 {
		b.WriteString([]string{"坐席：", "客户："}[i%2])
		for range 400 {
			b.WriteRune(chars[rnd.IntN(len(chars))])
		}
		b.WriteString("\n")
	}
	writeFile(t, dir, "call.txt", []byte(b.String()))
	for _, tc := range []struct {
		within string
		code   int
		want   string
	}{
		{"100", 0, ""},
		{"101", 2, "rules.yaml:7:13: 101 超出范围 1–100"},
		{"100000000", 2, "rules.yaml:7:13: 100000000 超出范围 1–100"},
	} {
		t.Run(tc.within, func(t *testing.T) {
			writeFile(t, dir, "rules.yaml", []byte("name: r\nversion: \"1\"\nrules:\n  - id: rep\n    kind: repetition\n    role: agent\n    within: "+
				tc.within+"\n    min_chars: 1\n    similar: 0.5\n    message: m\n    deduct: 1\n"))
			r, took := timedRun(t, dir, nil, 60*time.Second, "check", "-q", "--no-config", "--rules", "rules.yaml", "call.txt")
			t.Logf("exit %d, %v", r.code, took.Round(time.Millisecond))
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want %d saying %q\n%.1000s", r.code, tc.code, tc.want, r.stderr)
			}
			if took > 30*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}
