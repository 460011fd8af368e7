package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// copies writes n copies of the sample calls into a new directory.
func copies(t *testing.T, n int) string {
	t.Helper()
	samples, _ := filepath.Glob("../../testdata/calls/*.txt")
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		data, err := os.ReadFile(samples[i%len(samples)])
		if err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(dir, fmt.Sprintf("d%d", i%7))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("call-%04d.txt", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestShardsMergeToOneRun checks N shards merged give the report of one run, byte for
// byte, including a path that does not exist.
func TestShardsMergeToOneRun(t *testing.T) {
	dir := copies(t, 120)
	// Passed over by every shard's walk: the merged summary counts and lists it once.
	if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("# notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"check", "--format", "json", dir, "no/such/dir"}
	whole := zhijian(t, "", args...)
	out := t.TempDir()
	var parts []string
	total := 0
	for k := 0; k < 3; k++ {
		part := filepath.Join(out, fmt.Sprintf("part-%d.json", k))
		r := zhijian(t, "", append([]string{"check", "--shard", fmt.Sprintf("%d/3", k), "--format", "json", "-o", "json=" + part}, args[3:]...)...)
		if r.code == 0 {
			t.Errorf("shard %d: exit 0 though the batch has failing calls", k)
		}
		var rep struct{ Files []json.RawMessage }
		data, _ := os.ReadFile(part)
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatalf("shard %d: %v\n%s", k, err, r.stderr)
		}
		if len(rep.Files) == 0 || len(rep.Files) > 100 {
			t.Errorf("shard %d has %d of 121 entries", k, len(rep.Files))
		}
		total += len(rep.Files)
		parts = append(parts, part)
	}
	if total != 121 {
		t.Errorf("shards hold %d entries, want 121", total)
	}
	merged := zhijian(t, "", append([]string{"merge"}, parts...)...)
	if merged.stdout != whole.stdout {
		t.Errorf("merged shards differ from one run:\nmerged:\n%.2000s\nwhole:\n%.2000s", merged.stdout, whole.stdout)
	}
	if merged.code != whole.code {
		t.Errorf("merge exit %d, one run %d", merged.code, whole.code)
	}
	if !strings.Contains(merged.stdout, `"skipped": 1,`) || !strings.Contains(merged.stdout, "notes.md") {
		t.Errorf("the merged summary lost the skipped file:\n%.3000s", merged.stdout[max(0, len(merged.stdout)-3000):])
	}
	// Every format a single run can write, from the shards.
	for _, f := range []string{"html", "xlsx", "csv", "junit", "sarif", "text", "jsonl"} {
		one := filepath.Join(out, "one."+f)
		fromShards := filepath.Join(out, "merged."+f)
		zhijian(t, "", append([]string{"check", "-q", "-o", f + "=" + one}, args[3:]...)...)
		if r := zhijian(t, "", append([]string{"merge", "-o", f + "=" + fromShards}, parts...)...); r.code != whole.code {
			t.Errorf("merge -o %s=: exit %d\n%s", f, r.code, r.stderr)
		}
		a, _ := os.ReadFile(one)
		b, err := os.ReadFile(fromShards)
		if err != nil || len(b) == 0 {
			t.Errorf("merge wrote no %s report: %v", f, err)
			continue
		}
		if f == "csv" || f == "jsonl" || f == "junit" { // SARIF from check also describes the rules, which a merge does not know
			if string(a) != string(b) {
				t.Errorf("merged %s differs from one run's", f)
			}
		}
	}
}

// TestInterrupt sends SIGINT in the middle of a batch: exit code 130, the running files
// finish, and the report file is not written as if complete.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT on Windows")
	}
	dir := copies(t, 3000)
	report := filepath.Join(t.TempDir(), "report.json")
	// -v reports each file on stderr: the first line says checking has begun, so the
	// interrupt watch is in place (a fixed sleep raced the start-up on a busy machine).
	cmd := exec.Command(bin, "check", "-v", "--workers", "1", "-o", "json="+report, dir)
	cmd.Dir = "../.."
	var stderr strings.Builder
	started := make(chan struct{})
	cmd.Stderr = &firstWrite{w: &stderr, done: started}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("no file checked in a minute")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 130 {
			t.Errorf("exit = %v, want 130\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("did not stop within 30 s of SIGINT")
	}
	if _, err := os.Stat(report); !os.IsNotExist(err) {
		t.Errorf("report written after an interrupt: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(report))
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// firstWrite passes writes to w and closes done at the first.
type firstWrite struct {
	w    io.Writer
	done chan struct{}
	once sync.Once
}

func (f *firstWrite) Write(p []byte) (int, error) {
	f.once.Do(func() { close(f.done) })
	return f.w.Write(p)
}
