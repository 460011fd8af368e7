package transcript_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// TestStampsThatAreNotLabels: a bracketed time that cannot be one ([-00:00:01]) is an
// error at its line, and two bracketed times joined as a range are the start and end:
// both were read as a speaker "[-00" (or "-[00") whose words began "00:01] 坐席：", the
// call's roles guessed. Full-width digits are digits. A .txt file that opens with an
// annotation such as [-笑声] is plain text, not a JSON array with a syntax error.
func TestStampsThatAreNotLabels(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		err        string
		start, end time.Duration
		hasEnd     bool
	}{
		{"a negative time", "[-00:00:01] 坐席：您好", "malformed timestamp", 0, 0, false},
		{"a plus sign", "[+00:00:01] 坐席：您好", "malformed timestamp", 0, 0, false},
		{"a negative time in 【】", "【-00:00:01】 坐席：您好", "malformed timestamp", 0, 0, false},
		{"full-width digits", "[００:００:０５] 坐席：您好", "", 5 * time.Second, 0, false},
		{"a range of two bracketed times", "[00:00:01]-[00:00:03] 坐席：您好", "", time.Second, 3 * time.Second, true},
		{"a range with spaces and 【】", "[00:00:01] ~ 【00:00:03】 坐席：您好", "", time.Second, 3 * time.Second, true},
		{"a range backwards", "[00:00:03]-[00:00:01] 坐席：您好", "ends before it starts", 0, 0, false},
		{"a range whose end is malformed", "[00:00:01]-[00:0x:03] 坐席：您好", "malformed timestamp", 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.line + "\n[00:00:09] 客户：你好\n"
			calls, err := transcript.Parse("x.txt", text, transcript.Auto, transcript.Options{})
			if tc.err != "" {
				pe, ok := err.(*transcript.ParseError)
				if !ok || pe.Line != 1 || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q at line 1", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			u := calls[0].Utterances[0]
			if u.Label != "坐席" || u.Text != "您好" || u.Start != tc.start || u.HasEnd != tc.hasEnd || u.End != tc.end {
				t.Errorf("got %+v, want 坐席 您好 from %v to %v", u, tc.start, tc.end)
			}
		})
	}
	for text, want := range map[string]transcript.Format{
		"[-笑声] 坐席：您好\n":    transcript.Text,
		"[-3秒静音] 坐席：您好\n":  transcript.Text,
		"[1, 2]\n":         transcript.JSON,
		"[-1.5e3]\n":       transcript.JSON,
		"[\n{\"a\": 1}]\n": transcript.JSON,
	} {
		if got := transcript.Detect("x.txt", text); got != want {
			t.Errorf("Detect(%q) = %s, want %s", text, got, want)
		}
	}
}
