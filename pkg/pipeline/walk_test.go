package pipeline_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestStreamInputsAsWalked checks a batch as a source.Walker finds it: its entries are
// those of its inputs checked one by one, in order, then its problems, for a batch
// smaller than the read-ahead (cut finer) and one larger.
func TestStreamInputsAsWalked(t *testing.T) {
	for _, n := range []int{5, 300} {
		dir := t.TempDir()
		writeCorpus(t, dir, n)
		args := []string{dir, filepath.Join(dir, "missing.txt")}
		c := newChecker(t, 2)
		c.Format = transcript.Auto

		inputs, problems := source.Expand(args, source.Options{Include: include})
		var one []report.Call
		for _, in := range inputs {
			one = append(one, c.CheckInput(in)...)
		}
		for _, p := range problems {
			one = append(one, report.Call{Path: p.Path, Metadata: map[string]string{}, Error: p.Error()})
		}
		w := source.NewWalker(args, source.Options{Include: include})
		walked := collect(t, func(emit func(report.Call) error) error {
			_, err := c.StreamInputs(w.Inputs(), w.Problems, emit)
			return err
		})
		if want := entries(t, one); walked != want {
			t.Fatalf("%d calls: walked batch differs from its inputs checked one by one:\n%s", n, firstDiff([]byte(want), []byte(walked)))
		}
		if !strings.Contains(walked, "missing.txt") {
			t.Errorf("%d calls: the missing argument is not reported", n)
		}
	}
}

// collect runs a batch and returns its entries as JSON Lines.
func collect(t *testing.T, run func(emit func(report.Call) error) error) string {
	t.Helper()
	var files []report.Call
	if err := run(func(f report.Call) error { files = append(files, f); return nil }); err != nil {
		t.Fatal(err)
	}
	return entries(t, files)
}

// TestStreamInputsStopsPulling feeds inputs that never end: when writing an entry fails,
// the batch returns, no more inputs are taken than the workers' window holds, and no
// goroutine is left running.
func TestStreamInputsStopsPulling(t *testing.T) {
	path := filepath.Join(t.TempDir(), "call.txt")
	if err := os.WriteFile(path, []byte("坐席：您好，请问有什么可以帮您？\n客户：谢谢\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	pulled := 0
	endless := func(yield func(source.Input) bool) {
		for yield(source.Input{Path: path}) {
			pulled++
		}
	}
	failed := errors.New("disk full")
	_, err := newChecker(t, 2).StreamInputs(endless, nil, func(report.Call) error { return failed })
	if !errors.Is(err, failed) {
		t.Fatalf("err = %v, want %v", err, failed)
	}
	if pulled > 1000 {
		t.Errorf("%d inputs taken for a batch that failed at its first entry", pulled)
	}
	waitGoroutines(t, before)
}
