package check

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestLimitRisesForALargeCall: the soft memory limit of a batch of small calls rises to
// hold a large one, and never falls again during the run; below what a call holds live
// the collector ran without pause (a 44 MB stream of one call: 88 s instead of 9).
func TestLimitRisesForALargeCall(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit(2)))
	runtime.GC() // the test binary's live heap is far below half the limit
	l := newSoftLimit(2)
	if got := debug.SetMemoryLimit(-1); got != memoryLimit(2) {
		t.Fatalf("the limit is %d MB, want %d MB", got>>20, memoryLimit(2)>>20)
	}
	l.raise(4 << 10) // an ordinary call: room enough already
	if got := debug.SetMemoryLimit(-1); got != memoryLimit(2)+bytesPerInputByte*(4<<10) && got != memoryLimit(2) {
		t.Fatalf("after a 4 KB call the limit is %d MB", got>>20)
	}
	l.raise(40 << 20)
	want := memoryLimit(2) + bytesPerInputByte*(40<<20)
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("after a 40 MB call the limit is %d MB, want %d MB", got>>20, want>>20)
	}
	l.raise(1 << 20)
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("a smaller call after it lowered the limit to %d MB, want %d MB", got>>20, want>>20)
	}
}

// TestLimitFollowsTheLiveHeap: with more live than half the limit (a rulebook of 100,000
// phrases holds some 150 MB), the limit is twice the live heap, so the collector runs no
// more often than at GOGC=100; under the fixed limit it ran without pause, three times
// slower.
func TestLimitFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit(2)))
	held := make([]byte, 200<<20)
	for i := range held {
		held[i] = 1
	}
	runtime.GC()
	l := newSoftLimit(2)
	if got := debug.SetMemoryLimit(-1); got < 400<<20 {
		t.Errorf("with 200 MB live the limit is %d MB, want twice that", got>>20)
	}
	l.raise(4 << 10)
	if got := debug.SetMemoryLimit(-1); got < 400<<20 {
		t.Errorf("a small call lowered the limit to %d MB", got>>20)
	}
	runtime.KeepAlive(held)
}
