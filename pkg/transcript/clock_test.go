package transcript_test

import (
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Chat and call platforms stamp lines with the date and time of day, or the time of day
// alone: the call still starts at 00:00:00, so it is not taken to start mid-call.
func TestClockTimes(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		starts []time.Duration
		date   string
	}{
		{"date and time in brackets",
			"[2026-11-20 20:13:05] 顾客：在吗\n[2026-11-20 20:13:20] 客服：亲，在的呢",
			[]time.Duration{0, 15 * time.Second}, "2026-11-20"},
		{"across midnight with dates",
			"[2026-11-20 23:59:50] 顾客：在吗\n[2026-11-21 00:00:10] 客服：在的",
			[]time.Duration{0, 20 * time.Second}, "2026-11-20"},
		{"time of day alone, late in the day",
			"[20:13:05] 顾客：在吗\n[20:13:20] 客服：亲，在的呢",
			[]time.Duration{0, 15 * time.Second}, ""},
		{"time of day across midnight",
			"[23:59:50] 顾客：在吗\n[00:00:10] 客服：在的",
			[]time.Duration{0, 20 * time.Second}, ""},
		{"a chat from an hour on",
			"# channel: chat\n[01:30:00] 顾客：在吗\n[01:30:20] 客服：在的",
			[]time.Duration{0, 20 * time.Second}, ""},
		{"a call cut from its middle keeps its offsets",
			"[00:42:10] 客户：那就这样吧\n[00:42:15] 坐席：好的",
			[]time.Duration{42*time.Minute + 10*time.Second, 42*time.Minute + 15*time.Second}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, err := transcript.ParsePlain("chat.txt", tt.text, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.starts {
				if u := call.Utterances[i]; !u.HasStart || u.Start != want {
					t.Errorf("utterance %d starts at %v (has %v), want %v", i+1, u.Start, u.HasStart, want)
				}
			}
			if got := call.Metadata["date"]; got != tt.date {
				t.Errorf("date %q, want %q", got, tt.date)
			}
		})
	}
}
