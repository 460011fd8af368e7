package check

import (
	"runtime/debug"
	"testing"
)

// TestLimitRisesForALargeCall: the soft memory limit of a batch of small calls rises to
// hold a large one, and never falls again during the run; below what a call holds live
// the collector ran without pause (a 44 MB stream of one call: 88 s instead of 9).
func TestLimitRisesForALargeCall(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit(2)))
	sized := raiseLimitFor(2)
	sized(4 << 10) // an ordinary call: room enough already
	if got := debug.SetMemoryLimit(-1); got != memoryLimit(2)+bytesPerInputByte*(4<<10) && got != memoryLimit(2) {
		t.Fatalf("after a 4 KB call the limit is %d MB", got>>20)
	}
	sized(40 << 20)
	want := memoryLimit(2) + bytesPerInputByte*(40<<20)
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("after a 40 MB call the limit is %d MB, want %d MB", got>>20, want>>20)
	}
	sized(1 << 20)
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("a smaller call after it lowered the limit to %d MB, want %d MB", got>>20, want>>20)
	}
}
