package check_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/cmd/check"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/source"
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
	if cmdutil.ExitCode(err) != cmdutil.ExitFailed {
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
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) || cmdutil.ExitCode(err) != cmdutil.ExitInvalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want exit 2 mentioning %q", tt.args, err, tt.want)
		}
		if got != nil {
			t.Errorf("%v: ran despite a bad flag", tt.args)
		}
	}
}

// TestWalkedBatch checks a directory as it is walked, sharded, with a file excluded and
// one passed over: the report holds the shard's files in walk order and counts the one
// passed over, and --verbose, which counts the files before the walk, gives their number.
func TestWalkedBatch(t *testing.T) {
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
	for _, shard := range []string{"0/1", "0/2", "1/2"} {
		s, _ := source.ParseShard(shard)
		var want []string
		for _, name := range []string{"a.txt", "sub/c.txt", "sub/d.txt", "sub/e.txt"} {
			if p := filepath.Join(dir, filepath.FromSlash(name)); s.Has(source.Input{Path: p}) {
				want = append(want, p)
			}
		}
		ios, _, out, errOut := iostreams.Test()
		cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, nil)
		cmd.SetOut(io.Discard) // cobra's usage after a failed check
		cmd.SetErr(io.Discard)
		cmd.SetArgs([]string{"--shard", shard, "--verbose", "--format", "json", "--exclude", "**/b.txt", dir})
		_ = cmd.Execute() // the sample fails its checks
		var rep struct {
			Files []struct {
				Path string `json:"path"`
			} `json:"files"`
			Summary struct {
				Skipped int `json:"skipped"`
			} `json:"summary"`
		}
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("shard %s: %v\n%s", shard, err, out)
		}
		var got []string
		for _, f := range rep.Files {
			got = append(got, f.Path)
		}
		// Skipped: sub/f.md (not included) and b.txt (excluded by --exclude).
		if !slices.Equal(got, want) || rep.Summary.Skipped != 2 {
			t.Errorf("shard %s: files %q, skipped %d; want %q, 2", shard, got, rep.Summary.Skipped, want)
		}
		if count := fmt.Sprintf("，%d 个文件", len(want)); !strings.Contains(errOut.String(), count) {
			t.Errorf("shard %s: --verbose does not say %q:\n%s", shard, count, errOut)
		}
	}
}
