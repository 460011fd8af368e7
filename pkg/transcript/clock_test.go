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

// Times of day out of order, or past 24 hours: no turn starts before the call (a row a
// little earlier than the first, [10:00:00] then [09:30:00], started at -30m; a first
// line at [30:00:00], which is no time of day, and a second at [00:00:05] made -5h59m55s;
// the fuzzer's "10000:0 0:\n0:0 0:00" made -142h40m). Each turn keeps its distance from
// the others as written.
func TestClockTimesNeverNegative(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		starts     []time.Duration // in line order
	}{
		{"a row earlier than the first", "[10:00:00] 坐席：您好\n[09:30:00] 客户：你好\n[10:00:20] 坐席：再见\n",
			[]time.Duration{30 * time.Minute, 0, 30*time.Minute + 20*time.Second}},
		{"an earlier row past midnight", "[23:50:00] 坐席：您好\n[23:40:00] 客户：你好\n[00:05:00] 坐席：再见\n",
			[]time.Duration{10 * time.Minute, 0, 25 * time.Minute}},
		{"a first time past 24 hours", "[30:00:00] 坐席：您好\n[00:00:05] 客户：你好\n",
			[]time.Duration{30 * time.Hour, 5 * time.Second}},
		{"the fuzzer's", "10000:0 0:\n0:0 0:00", nil},
		{"in order, as before", "[20:13:05] 坐席：您好\n[20:13:20] 客户：你好\n",
			[]time.Duration{0, 15 * time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls, err := transcript.Parse("t.txt", tc.text, transcript.Auto, transcript.Options{})
			if err != nil {
				t.Fatal(err)
			}
			byLine := map[int]time.Duration{}
			for _, u := range calls[0].Utterances {
				if u.Start < 0 || u.HasEnd && u.End < 0 {
					t.Errorf("line %d starts at %v–%v", u.Line, u.Start, u.End)
				}
				byLine[u.Line] = u.Start
			}
			for i, want := range tc.starts {
				if got := byLine[i+1]; got != want {
					t.Errorf("line %d starts at %v, want %v", i+1, got, want)
				}
			}
		})
	}
}
