package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
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
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
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
