package check_test

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
)

// A check runs under its own collector settings and leaves the process's as they were:
// a program that embeds the command keeps its GOGC and memory limit.
func TestCollectorSettingsRestored(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	if _, err := run(t, false, "--no-config", sample); err != nil && !isExit(err, cmdutil.ExitFailed) {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("memory limit after a check = %d, want %d (math.MaxInt64 = %d)", got, before, int64(math.MaxInt64))
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC after a check = %d, want %d", got, percent)
	}
}
