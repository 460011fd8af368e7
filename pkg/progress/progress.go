// Package progress draws a one-line progress bar for a batch on a terminal: files done
// out of the total, the rate and the time left. It redraws in place with a carriage
// return, at most every Interval, and lets messages be printed above it without tearing
// the line. A nil *Bar does nothing, so callers need not check whether a bar is wanted.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/width"
)

// Options configure a Bar. The zero value is usable.
type Options struct {
	// Label goes before the bar ("检查" / "checking").
	Label string
	// Unit follows the count ("个文件" / "files").
	Unit string
	// Rate is the rate's format with one %s for the number ("%s 个/秒", "%s/s").
	Rate string
	// ETA is the time-left format with one %s ("剩余 %s", "ETA %s").
	ETA string
	// Width is the bar's width in cells; 0 means 24.
	Width int
	// Interval is the least time between redraws; 0 means 100ms.
	Interval time.Duration
	// Now is the clock; nil means time.Now. Tests set it.
	Now func() time.Time
}

// Bar is a progress bar for Total items written to a terminal.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	opts     Options
	total    int
	done     int
	start    time.Time
	lastDraw time.Time
	drawn    int // width of the line on screen, 0 when none is shown
	finished bool
}

// New starts a bar for total items on w, drawing it at once.
func New(w io.Writer, total int, opts Options) *Bar {
	if opts.Width <= 0 {
		opts.Width = 24
	}
	if opts.Interval <= 0 {
		opts.Interval = 100 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Rate == "" {
		opts.Rate = "%s/s"
	}
	if opts.ETA == "" {
		opts.ETA = "ETA %s"
	}
	b := &Bar{w: w, opts: opts, total: total, start: opts.Now()}
	b.mu.Lock()
	b.draw()
	b.mu.Unlock()
	return b
}

// Add counts n more items done and redraws if the last draw is old enough, or if this
// was the last item.
func (b *Bar) Add(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.done += n
	if b.done >= b.total || b.opts.Now().Sub(b.lastDraw) >= b.opts.Interval {
		b.draw()
	}
}

// Println prints a line above the bar: the bar is cleared, the line written, and the
// bar drawn again below it.
func (b *Bar) Println(a ...any) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clear()
	fmt.Fprintln(b.w, a...)
	if !b.finished {
		b.draw()
	}
}

// Finish clears the bar, leaving the terminal as it was before it. Later calls do
// nothing.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	b.clear()
}

func (b *Bar) clear() {
	if b.drawn > 0 {
		fmt.Fprint(b.w, "\r"+strings.Repeat(" ", b.drawn)+"\r")
		b.drawn = 0
	}
}

func (b *Bar) draw() {
	b.lastDraw = b.opts.Now()
	line := b.line()
	pad := ""
	if w := cells(line); w < b.drawn {
		pad = strings.Repeat(" ", b.drawn-w)
	}
	fmt.Fprint(b.w, "\r"+line+pad)
	b.drawn = max(b.drawn, cells(line))
}

func (b *Bar) line() string {
	done, total := b.done, b.total
	frac := 1.0
	if total > 0 {
		frac = min(float64(done)/float64(total), 1)
	}
	full := int(frac * float64(b.opts.Width))
	bar := strings.Repeat("█", full) + strings.Repeat("░", b.opts.Width-full)
	parts := []string{}
	if b.opts.Label != "" {
		parts = append(parts, b.opts.Label)
	}
	count := fmt.Sprintf("%d/%d", done, total)
	if b.opts.Unit != "" {
		count += " " + b.opts.Unit
	}
	parts = append(parts, bar, fmt.Sprintf("%3.0f%%", frac*100), count)
	elapsed := b.opts.Now().Sub(b.start)
	if done > 0 && elapsed > 0 {
		rate := float64(done) / elapsed.Seconds()
		parts = append(parts, fmt.Sprintf(b.opts.Rate, formatRate(rate)))
		if done < total {
			left := time.Duration(float64(total-done) / rate * float64(time.Second))
			parts = append(parts, fmt.Sprintf(b.opts.ETA, FormatDuration(left)))
		}
	}
	return strings.Join(parts, "  ")
}

func formatRate(r float64) string {
	if r >= 100 {
		return fmt.Sprintf("%.0f", r)
	}
	return fmt.Sprintf("%.1f", r)
}

// FormatDuration shows a duration as m:ss, or h:mm:ss from an hour on.
func FormatDuration(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// cells is the terminal width of s: wide and fullwidth (CJK) characters take two.
func cells(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
