package check_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/cmd/check"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
)

const sample = "../../../testdata/calls/forbidden-service.txt"

func run(t *testing.T, color bool, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetColorEnabled(color)
	cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, nil)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(out)
	err := cmd.Execute()
	return out.String(), err
}

// Colours are the terminal's business: on when the streams say so, never otherwise.
func TestColorOnlyWhenEnabled(t *testing.T) {
	plain, err := run(t, false, sample)
	var ee *cmdutil.ExitError
	if !errors.As(err, &ee) || ee.Code != cmdutil.ExitFailed {
		t.Fatalf("exit = %v, want ExitFailed", err)
	}
	if strings.Contains(plain, "\x1b[") || !strings.Contains(plain, "【你快一点讲】") {
		t.Errorf("plain output has colour codes or lacks the 【】 highlight:\n%s", plain)
	}
	colored, _ := run(t, true, sample)
	if !strings.Contains(colored, "\x1b[") || strings.Contains(colored, "【你快一点讲】") {
		t.Errorf("coloured output should highlight with ANSI codes, not 【】:\n%s", colored)
	}
}

func TestFlagValidation(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml", sample}, "unknown --format"},
		{[]string{"--lang", "fr", sample}, "unknown --lang"},
		{[]string{"--fail-under", "120", sample}, "--fail-under must be 0–100"},
		{[]string{"--input-format", "docx", sample}, "unknown input format"},
		{[]string{"--max-size", "0", sample}, "--max-size must be 1–2047"},
		{[]string{"--max-size", "4096", sample}, "--max-size must be 1–2047"},
	}
	for _, tt := range tests {
		var got *check.Options
		ios, _, _, _ := iostreams.Test()
		cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, func(o *check.Options) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		err := cmd.Execute()
		var ee *cmdutil.ExitError
		if !errors.As(err, &ee) || ee.Code != cmdutil.ExitInvalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want exit 2 mentioning %q", tt.args, err, tt.want)
		}
		if got != nil {
			t.Errorf("%v: ran despite a bad flag", tt.args)
		}
	}
}

// TestWalkedBatchIsListedBatch checks the same directory as it is walked (the default)
// and listed first (--verbose counts the files): the reports are the same, with the
// excluded file left out, the other shard's files too, and the file passed over counted.
func TestWalkedBatchIsListedBatch(t *testing.T) {
	dir := t.TempDir()
	call, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.txt", "b.txt", "sub/c.txt", "sub/d.txt", "sub/e.txt", "recording.wav"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, call, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"--format", "json", "--exclude", "**/b.txt", dir}
	for _, shard := range []string{"0/1", "0/2", "1/2"} {
		walked, _ := run(t, false, append([]string{"--shard", shard}, args...)...)
		listed, _ := run(t, false, append([]string{"--shard", shard, "--verbose"}, args...)...)
		if walked != listed {
			t.Errorf("shard %s: walked batch differs from the listed one:\n%s\n---\n%s", shard, walked, listed)
		}
		if strings.Contains(walked, "b.txt") || !strings.Contains(walked, `"skipped": 1`) {
			t.Errorf("shard %s: b.txt not left out or recording.wav not counted:\n%s", shard, walked)
		}
	}
}
