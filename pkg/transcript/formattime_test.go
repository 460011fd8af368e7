package transcript

import (
	"fmt"
	"testing"
	"time"
)

// FormatTime formats by hand what fmt formatted: the same text for every offset.
func TestFormatTimeIsSprintf(t *testing.T) {
	sprintf := func(d time.Duration) string {
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		s, ms := int(d%time.Minute/time.Second), int(d%time.Second/time.Millisecond)
		if ms != 0 {
			return fmt.Sprintf("%02d:%02d:%02d.%03d", h, m, s, ms)
		}
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	for _, d := range []time.Duration{0, time.Millisecond, 999 * time.Millisecond, 59*time.Second + 10*time.Millisecond,
		99*time.Hour + 59*time.Minute + 59*time.Second + 999*time.Millisecond, 100 * time.Hour, 1234*time.Hour + 5*time.Millisecond,
		-time.Second, -1500 * time.Millisecond, time.Nanosecond, -time.Nanosecond, 1<<63 - 1, -1 << 63} {
		if got, want := FormatTime(d), sprintf(d); got != want {
			t.Errorf("FormatTime(%d) = %q, want %q", d, got, want)
		}
	}
	for d := time.Duration(0); d < 3*time.Hour; d += 7919 * time.Microsecond {
		if got, want := FormatTime(d), sprintf(d); got != want {
			t.Fatalf("FormatTime(%d) = %q, want %q", d, got, want)
		}
	}
}
