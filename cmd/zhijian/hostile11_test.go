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
