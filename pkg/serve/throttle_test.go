package serve

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestThrottleIsBounded: guessers from many addresses, each with a long name of its own,
// are remembered in bounded memory (every key was kept for the 15-minute window: a
// megabyte a name, as many as were tried); a name under attack keeps its count while
// the stale keys go.
func TestThrottleIsBounded(t *testing.T) {
	now := time.Unix(1e9, 0)
	th := newThrottle()
	th.now = func() time.Time { return now }
	target := nameKey("王敏")
	for range nameFails - 1 {
		th.fail(target)
	}
	long := strings.Repeat("名", 3000)
	keyBytes := 0
	for i := range 3 * maxKeys {
		now = now.Add(time.Millisecond)
		th.fail("addr\x00"+strconv.Itoa(i), nameKey(long+strconv.Itoa(i)))
		if i%1000 == 0 {
			th.fail(target) // the attack on one name goes on
		}
	}
	for k := range th.fails {
		keyBytes += len(k)
	}
	if len(th.fails) > maxKeys || keyBytes > 64*maxKeys {
		t.Errorf("%d keys of %d bytes remembered, want at most %d keys", len(th.fails), keyBytes, maxKeys)
	}
	if th.wait(target) <= 0 {
		t.Error("the name under attack was forgotten")
	}
}
