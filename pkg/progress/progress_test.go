package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)} }
func screen(b *bytes.Buffer) string {
	s := b.String()
	return strings.TrimRight(s[strings.LastIndex(s, "\r")+1:], " ")
}
func lines(b *bytes.Buffer) []string { return strings.Split(b.String(), "\n") }
func opts(c *clock) Options {
	return Options{Label: "检查", Unit: "个文件", Rate: "%s 个/秒", ETA: "剩余 %s", Width: 10, Now: c.now}
}

func TestBarShowsCountRateAndETA(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	b := New(&buf, 100, opts(c))
	if got, want := screen(&buf), "检查  ░░░░░░░░░░    0%  0/100 个文件"; got != want {
		t.Errorf("start: %q, want %q", got, want)
	}
	c.advance(10 * time.Second)
	b.Add(25)
	if got, want := screen(&buf), "检查  ██░░░░░░░░   25%  25/100 个文件  2.5 个/秒  剩余 0:30"; got != want {
		t.Errorf("quarter: %q, want %q", got, want)
	}
	// Within the interval nothing is redrawn...
	b.Add(1)
	if strings.Contains(screen(&buf), "26/100") {
		t.Error("redrawn within the interval")
	}
	// ...except the last item, so the bar never stops short.
	c.advance(20 * time.Second)
	b.Add(74)
	if got, want := screen(&buf), "检查  ██████████  100%  100/100 个文件  3.3 个/秒"; got != want {
		t.Errorf("done: %q, want %q", got, want)
	}
	b.Finish()
	if s := screen(&buf); strings.TrimSpace(s) != "" {
		t.Errorf("Finish left %q on the line", s)
	}
}

func TestPrintlnGoesAboveTheBar(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	b := New(&buf, 3, opts(c))
	b.Println("calls/broken.txt: 无法识别编码")
	ls := lines(&buf)
	if len(ls) != 2 || !strings.HasSuffix(ls[0], "\rcalls/broken.txt: 无法识别编码") || !strings.Contains(ls[1], "0/3") {
		t.Errorf("got %q", ls)
	}
	// The clearing covers the whole bar: CJK characters are two cells wide.
	if !strings.Contains(ls[0], "\r"+strings.Repeat(" ", cells(b.Line()))+"\r") {
		t.Errorf("bar not fully cleared: %q", ls[0])
	}
}

func TestNilBarIsSilent(t *testing.T) {
	var b *Bar
	b.Add(1)
	b.Println("x")
	b.Finish()
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0:00", 59 * time.Second: "0:59", 61500 * time.Millisecond: "1:02", 3*time.Hour + 4*time.Minute + 5*time.Second: "3:04:05"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
