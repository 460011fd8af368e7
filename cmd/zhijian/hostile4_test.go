package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The hostile-input matrix, part four (testdata/hostile/README.md): report paths that
// cannot be written are refused before the batch is read, and what a command reads back
// (shard reports, review workbooks, rulebooks) is refused when damaged instead of
// silently read in part.

// TestUnwritableOutputsRefusedFirst: a report path that cannot be written (a directory
// there, a directory missing, no name at all) is refused, exit 2, before any input is
// read: a stalled named pipe in the batch proves nothing was read. They were found only
// when the report was written, after the whole batch was checked; sample recorded its
// batch first, so the batch's name was spent on a batch with no workbook.
func TestUnwritableOutputsRefusedFirst(t *testing.T) {
	dir := t.TempDir()
	call, err := os.ReadFile("../../" + goodCall)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "call.txt", call)
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if r := zhijianIn(t, dir, nil, "check", "-q", "--store", "qa.db", "call.txt"); r.code != 0 {
		t.Fatalf("recording: exit %d\n%s", r.code, r.stderr)
	}
	if r := zhijianIn(t, dir, nil, "check", "-q", "-f", "json", "-o", "part.json", "call.txt"); r.code != 0 {
		t.Fatalf("shard report: exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"-o a directory", []string{"check", "-q", "-o", "adir", "stall.txt"}, "adir"},
		{"-o json= a directory", []string{"check", "-q", "-o", "json=adir", "stall.txt"}, "adir"},
		{"-o into a missing directory", []string{"check", "-q", "-o", "missing/r.json", "stall.txt"}, "missing/r.json"},
		{"-o no name", []string{"check", "-q", "-o", "", "stall.txt"}, `--output ""`},
		{"--summary-csv into a missing directory", []string{"check", "-q", "--summary-csv", "missing/s.csv", "stall.txt"}, "missing/s.csv"},
		{"merge -o a directory", []string{"merge", "part.json", "-o", "html=adir"}, "adir"},
		{"sample -o into a missing directory", []string{"sample", "--store", "qa.db", "--batch", "w1", "-o", "missing/w1.xlsx"}, "missing/w1.xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stall(t, filepath.Join(dir, "stall.txt"))
			start := time.Now()
			r := zhijianIn(t, dir, nil, tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 2 naming %s\n%s", r.code, tc.want, r.stderr)
			}
			if took := time.Since(start); took > 8*time.Second {
				t.Errorf("took %v: the input was read before the output was checked", took)
			}
			if left := leftoverTemps(t, dir); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	// The batch's name was not spent: the same command with a writable path succeeds.
	if r := zhijianIn(t, dir, nil, "sample", "--store", "qa.db", "--batch", "w1", "-o", "w1.xlsx"); r.code != 0 {
		t.Errorf("sample again: exit %d, want 0\n%s", r.code, r.stderr)
	}
}

// stall makes path a named pipe whose writer is open and silent for 12 seconds: a run
// that reads it waits that long.
func stall(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	mkfifo(t, path)
	// Opened for reading and writing, a pipe does not wait for a reader; it stays open
	// as a writer that never writes.
	w, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(12*time.Second, func() { w.Close() })
	t.Cleanup(func() { timer.Stop(); w.Close() })
}
