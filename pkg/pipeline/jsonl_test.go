package pipeline_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// jsonlStream writes the sample calls as a JSON Lines stream: most a call a line, some a
// turn a line (with its call_id on every line), some without a call_id, and once turns
// without call_id around a whole call without one (a file makes one call of those turns).
func jsonlStream(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i, call := range sampleCalls(t) {
		id := strings.TrimSuffix(filepath.Base(call.Path), ".txt")
		var turns []map[string]any
		for _, u := range call.Utterances {
			turns = append(turns, map[string]any{"role": string(u.Role), "text": u.Text, "start": u.Start.Seconds()})
		}
		switch {
		case i == 6: // turns without call_id around a call without one
			for k, turn := range turns {
				if k == len(turns)/2 {
					enc.Encode(map[string]any{"turns": turns})
				}
				enc.Encode(turn)
			}
			continue
		}
		switch i % 7 {
		case 3: // a turn a line
			for _, turn := range turns {
				turn["call_id"] = id
				enc.Encode(turn)
			}
		case 5: // no call_id
			enc.Encode(map[string]any{"metadata": map[string]string{"agent_id": "7"}, "turns": turns})
		default:
			enc.Encode(map[string]any{"call_id": id, "metadata": map[string]string{"agent_id": fmt.Sprint(i)}, "turns": turns})
		}
	}
	return buf.Bytes()
}

func newChecker(t testing.TB, workers int) *pipeline.Checker {
	t.Helper()
	seg := segment.New()
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	return &pipeline.Checker{Rulebook: rb, Workers: workers, Format: transcript.JSONL}
}

func entries(t *testing.T, files []report.Call) string {
	t.Helper()
	var buf bytes.Buffer
	w := report.NewJSONLWriter(&buf)
	for _, f := range files {
		if err := w.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	return buf.String()
}

// A stream checked as it comes gives the entries of the same lines checked as one file,
// byte for byte, whatever the number of workers.
func TestStreamJSONLSameAsWhole(t *testing.T) {
	data := jsonlStream(t)
	file := filepath.Join(t.TempDir(), "calls.jsonl")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	whole := newChecker(t, 1).Run([]source.Input{{Path: file}}, nil)
	want := entries(t, whole.Files)
	if strings.Contains(want, `"error":"-`) || len(whole.Files) < 10 {
		t.Fatalf("the whole file did not check cleanly: %d entries\n%s", len(whole.Files), want)
	}
	for _, workers := range []int{1, 4} {
		var got []report.Call
		sum, err := newChecker(t, workers).StreamJSONL(bytes.NewReader(data), file, func(f report.Call) error {
			got = append(got, f)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if g := entries(t, got); g != want {
			t.Errorf("%d workers: streamed\n%s\nwhole\n%s", workers, g, want)
		}
		if sum.Files != whole.Summary.Files || sum.Passed != whole.Summary.Passed {
			t.Errorf("%d workers: summary %+v, whole %+v", workers, sum, whole.Summary)
		}
	}
}

// A broken line and a call over the size limit are each an entry naming their line; the
// calls around them are checked, and findings name their lines in the stream. A line
// over the size limit ends the stream with an entry naming it: where it ends may never
// come (/dev/zero was read for ever).
func TestStreamJSONLBadLines(t *testing.T) {
	call := func(id, text string) string {
		return fmt.Sprintf(`{"call_id": %q, "turns": [{"role": "agent", "text": "您好，请问有什么可以帮您？"}, {"role": "agent", "text": %q}]}`, id, text)
	}
	long := strings.Repeat("好", 800)
	stream := strings.Join([]string{
		call("a", "谢谢您的来电，再见"),
		`{"call_id": "b", "turns": [`,
		call("c", "你有完没完"),
		`{"call_id": "e", "role": "agent", "text": "` + long[:1500] + `"}`,
		`{"call_id": "e", "role": "agent", "text": "` + long[:1500] + `"}`,
		"\xff\xfe broken",
		call("f", "谢谢您的来电，再见"),
		call("d", long),
		call("g", "谢谢您的来电，再见"),
	}, "\n") + "\n"
	c := newChecker(t, 2)
	c.MaxSize = 2000
	var got []report.Call
	if _, err := c.StreamJSONL(strings.NewReader(stream), "-", func(f report.Call) error {
		got = append(got, f)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a",
		"-:2: JSON",
		"c",
		"-:4: 从第 4 行起的一通电话",
		"-:6: 不是有效的 UTF-8",
		"f",
		"-:8: 第 8 行超过 2000 字节",
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d:\n%s", len(got), len(want), entries(t, got))
	}
	for i, f := range got {
		if f.Error != "" && !strings.HasPrefix(f.Error, want[i]) || f.Error == "" && f.Metadata["call_id"] != want[i] {
			t.Errorf("entry %d: call %q, error %q; want %q", i+1, f.Metadata["call_id"], f.Error, want[i])
		}
	}
	found := false
	for _, fd := range got[2].Findings {
		if fd.Rule == "forbidden-phrases" {
			found = true
			if fd.Line != 3 {
				t.Errorf("finding %s at line %d, want 3 (the line in the stream)", fd.Rule, fd.Line)
			}
		}
	}
	if !found {
		t.Errorf("no forbidden-phrases finding for 你有完没完: %s", entries(t, got[2:3]))
	}
}

// Entries come out while the stream is still open: a call is complete once the next
// line starts another (or, without a call_id, once its line holding the whole call is
// read), and the third call is written only once the first one's entry has arrived.
func TestStreamJSONLAsItComes(t *testing.T) {
	for name, line := range map[string]string{
		"call_id":    `{"call_id": "%d", "turns": [{"role": "agent", "text": "您好"}]}`,
		"no call_id": `{"metadata": {"agent_id": "%d"}, "turns": [{"role": "agent", "text": "您好"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			r, w := io.Pipe()
			first := make(chan struct{})
			go func() {
				fmt.Fprintf(w, line+"\n", 1)
				fmt.Fprintf(w, line+"\n", 2)
				select {
				case <-first:
					fmt.Fprintf(w, line+"\n", 3)
					w.Close()
				case <-time.After(10 * time.Second):
					w.CloseWithError(fmt.Errorf("no entry while the stream was open"))
				}
			}()
			var got []report.Call
			if _, err := newChecker(t, 2).StreamJSONL(r, "-", func(f report.Call) error {
				if len(got) == 0 {
					close(first)
				}
				got = append(got, f)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(got) != 3 || got[0].Error != "" || got[2].Error != "" {
				t.Fatalf("entries: %s", entries(t, got))
			}
		})
	}
}

// endlessCalls is a stream that never ends: a call a line.
type endlessCalls struct{ n int }

func (e *endlessCalls) Read(p []byte) (int, error) {
	e.n++
	line := fmt.Sprintf(`{"call_id": "%d", "turns": [{"role": "agent", "text": "您好"}]}`+"\n", e.n)
	return copy(p, line), nil
}

// When writing an entry fails, the check stops, and so does the reading of a stream that
// goes on: no goroutine stays behind, blocked on a call nobody will take.
func TestStreamJSONLStopsReading(t *testing.T) {
	before := runtime.NumGoroutine()
	failed := errors.New("disk full")
	_, err := newChecker(t, 2).StreamJSONL(&endlessCalls{}, "-", func(report.Call) error { return failed })
	if !errors.Is(err, failed) {
		t.Fatalf("err = %v, want %v", err, failed)
	}
	waitGoroutines(t, before)
}

// waitGoroutines fails t unless the goroutines started since there were before have
// all returned within 10 s.
func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left running:\n%s", runtime.NumGoroutine()-before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// FuzzStreamJSONL feeds arbitrary bytes as a JSON Lines stream: the reader and the checks
// must not fail, every entry is a checked call or an error naming a line of the stream,
// and a stream with text in it gives at least one entry.
func FuzzStreamJSONL(f *testing.F) {
	f.Add([]byte(`{"call_id": "a", "turns": [{"role": "agent", "text": "您好"}]}` + "\n{bad\n"))
	f.Add([]byte(`{"call_id":"x","role":"agent","text":"你有完没完"}` + "\n" + `{"call_id":"x","role":"customer","text":"谢谢"}` + "\r\n"))
	f.Add([]byte("\uFEFF" + `{"turns": [{"speaker": "0", "text": "您好"}]}`))
	f.Add([]byte("\n\n\xff\n{\"call_id\": \"\\\"q\\\"\", \"turns\": []}\n"))
	c := newChecker(f, 2)
	c.MaxSize = 4096
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		n := 0
		_, err := c.StreamJSONL(bytes.NewReader(data), "-", func(e report.Call) error {
			n++
			if e.Error == "" && e.Score == nil {
				t.Errorf("entry without a score or an error: %+v", e)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n > lines {
			t.Errorf("%d entries for %d lines", n, lines)
		}
		if n == 0 && len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF")))) > 0 {
			t.Errorf("no entry for %q", data)
		}
	})
}
