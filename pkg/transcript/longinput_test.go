package transcript_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestLongContinuations is the regression test for utterances written over many lines:
// each line used to be appended to the text read so far, copying it every time, and
// 40,000 lines took 20 s in every format (a 64 MB file, hours). Now it is linear.
func TestLongContinuations(t *testing.T) {
	const n = 40_000
	words := func(sep string) string { return strings.Repeat("上个月的话费"+sep, n) }
	var srt strings.Builder
	srt.WriteString("1\n00:00:01,000 --> 00:00:02,000\n坐席：您好\n\n")
	for i := range n {
		fmt.Fprintf(&srt, "%d\n00:00:03,000 --> 00:00:04,000\n上个月的话费\n\n", i+2)
	}
	tests := []struct {
		name, path, text string
		format           transcript.Format
		want             string // the text of the first utterance
	}{
		{"plain continuation lines", "a.txt", "坐席：您好\n" + words("\n"), transcript.Text, "您好" + strings.Repeat("上个月的话费", n)},
		{"Latin continuation lines", "a.txt", "agent: hello\n" + strings.Repeat("world\n", n), transcript.Text, "hello" + strings.Repeat("world", n)},
		{"SRT cues without a speaker", "a.srt", srt.String(), transcript.SRT, "您好" + strings.Repeat("上个月的话费", n)},
		{"WebVTT cue lines", "a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v 坐席>hello\n" + strings.Repeat("world\n", n), transcript.VTT, "hello" + strings.Repeat(" world", n)},
		{"CSV cell of many lines", "a.csv", "role,text\n坐席,\"您好\n" + words("\n") + "\"\n", transcript.CSV, "您好" + strings.Repeat("上个月的话费", n)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Joining continuation lines one by one was quadratic (20 s for this file).
			// Bytes allocated, unlike seconds, do not depend on how busy the machine is.
			// Every format allocates in proportion to its input (23-160 times here, the
			// same ratio at twice the lines); a quadratic join would take gigabytes.
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			calls, err := transcript.Parse(tt.path, tt.text, tt.format, transcript.Options{})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if got := calls[0].Utterances[0].Text; got != tt.want {
				t.Errorf("text of %d bytes, want %d: %.60q…", len(got), len(tt.want), got)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; !raceEnabled && alloc > 256*uint64(len(tt.text)) {
				t.Errorf("parsing %d KB allocated %d MB: more than 256 times the input", len(tt.text)>>10, alloc>>20)
			}
		})
	}
}
