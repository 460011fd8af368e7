package transcript_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// sampleTurn is what every sample of one call must agree on.
type sampleTurn struct {
	Role  transcript.Role
	Text  string
	Start time.Duration
}

func sampleTurns(c *transcript.Call) []sampleTurn {
	out := make([]sampleTurn, len(c.Utterances))
	for i, u := range c.Utterances {
		if !u.HasStart {
			u.Start = -1
		}
		out[i] = sampleTurn{u.Role, u.Text, u.Start}
	}
	return out
}

func readSampleCall(t *testing.T, path string) *transcript.Call {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	calls, err := transcript.Parse(path, string(b), transcript.Auto, transcript.Options{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(calls) != 1 {
		t.Fatalf("%s: %d calls, want 1", path, len(calls))
	}
	return calls[0]
}

// TestFormatSamplesHoldTheSameCall checks that every single-call sample under
// testdata/formats is read as testdata/calls/forbidden-service.txt: same roles, texts and
// start times, in the same order.
func TestFormatSamplesHoldTheSameCall(t *testing.T) {
	const root = "../../testdata"
	want := sampleTurns(readSampleCall(t, filepath.Join(root, "calls", "forbidden-service.txt")))
	samples := []string{
		"csv/call.csv",
		"csv/call.tsv",
		"subtitles/call.srt",
		"subtitles/call.vtt",
		"text/label-with-id.txt",
		"text/bracket-labels.txt",
		"text/role-time-header.txt",
		"text/tab-separated.txt",
		"text/role-own-line.txt",
	}
	for _, s := range samples {
		t.Run(s, func(t *testing.T) {
			c := readSampleCall(t, filepath.Join(root, "formats", s))
			got := sampleTurns(c)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("turns differ from forbidden-service.txt")
				for i := 0; i < max(len(got), len(want)); i++ {
					var g, w sampleTurn
					if i < len(got) {
						g = got[i]
					}
					if i < len(want) {
						w = want[i]
					}
					if g != w {
						t.Errorf("sampleTurn %d:\n got %+v\nwant %+v", i+1, g, w)
					}
				}
			}
			if id := c.Metadata["call_id"]; id != "C20261103-0004" && !strings.HasPrefix(s, "subtitles/") {
				t.Errorf("Metadata[call_id] = %q", id)
			}
		})
	}
}

// TestMultiCallCSVSample checks calls-multi.csv: the forbidden-service call and the
// missing-closing call, grouped by 通话编号.
func TestMultiCallCSVSample(t *testing.T) {
	const root = "../../testdata"
	path := filepath.Join(root, "formats", "csv", "calls-multi.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	calls, err := transcript.Parse(path, string(b), transcript.Auto, transcript.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2", len(calls))
	}
	for i, name := range []string{"forbidden-service.txt", "missing-closing.txt"} {
		want := readSampleCall(t, filepath.Join(root, "calls", name))
		if !reflect.DeepEqual(sampleTurns(calls[i]), sampleTurns(want)) {
			t.Errorf("call %d differs from %s", i+1, name)
		}
		for _, k := range []string{"call_id", "agent_id"} {
			if calls[i].Metadata[k] != want.Metadata[k] {
				t.Errorf("call %d: Metadata[%s] = %q, want %q", i+1, k, calls[i].Metadata[k], want.Metadata[k])
			}
		}
		if calls[i].Metadata["日期"] != want.Metadata["date"] {
			t.Errorf("call %d: Metadata[日期] = %q, want %q", i+1, calls[i].Metadata["日期"], want.Metadata["date"])
		}
	}
}
