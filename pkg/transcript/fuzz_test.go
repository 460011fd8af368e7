package transcript_test

// Native fuzz targets for every transcript format (issue #10: bad input never crashes a
// batch). Run one with
//
//	go test ./pkg/transcript -run '^$' -fuzz '^FuzzParsePlain$' -fuzztime 60s
//
// or all of them with testdata/fuzz/run.sh. Without -fuzz, `go test` runs each target on
// its seeds: the sample files added below and the corpus in testdata/fuzz/<Target>/,
// which keeps every input that once failed as a regression test.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// addSamples seeds f with the repository's sample files whose name matches one of globs
// (relative to the repository root), and with a few hand-written inputs.
func addSamples(f *testing.F, globs []string, extra ...string) {
	f.Helper()
	n := 0
	for _, g := range globs {
		paths, err := filepath.Glob(filepath.Join("..", "..", g))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(data))
			n++
		}
	}
	if n == 0 {
		f.Fatalf("no sample files match %q", globs)
	}
	for _, s := range extra {
		f.Add(s)
	}
}

// fuzzOptions are the option sets every input is parsed with: the defaults, and a
// configuration that maps ASR speaker ids and adds a role label, as a rulebook may.
var fuzzOptions = []transcript.Options{
	{},
	{
		Roles:    transcript.DefaultRoles().With(transcript.Agent, "理财顾问").With(transcript.Customer, "乘客"),
		Speakers: map[string]transcript.Role{"0": transcript.Agent, "1": transcript.Customer, "spk_0": transcript.Agent},
	},
}

// hangAfter is how long one fuzzed input may take before it counts as a hang. The inputs
// are small; parsing one takes well under a millisecond.
const hangAfter = 10 * time.Second

// watchdog crashes the fuzzing process, with every goroutine's stack, if the input is
// still being worked on after d: the fuzzer then keeps the input as a failure, where a
// plain infinite loop would only stall it. Call the returned function when done.
func watchdog(d time.Duration) func() bool {
	return time.AfterFunc(d, func() {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		panic(fmt.Sprintf("input still being worked on after %v (a hang?)\n%s", d, buf[:n]))
	}).Stop
}

// fuzzParse parses text as format with every option set, checks the invariants, and
// parses it again to check the result does not change between runs.
func fuzzParse(t *testing.T, path, text string, format transcript.Format) {
	defer watchdog(hangAfter)()
	for _, opts := range fuzzOptions {
		calls, err := transcript.Parse(path, text, format, opts)
		checkParsed(t, path, text, calls, err)
		checkSettled(t, calls)
		again, err2 := transcript.Parse(path, text, format, opts)
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("second parse gave a different error: %v, then %v", err, err2)
		}
		if !reflect.DeepEqual(calls, again) {
			t.Fatalf("second parse gave different calls")
		}
	}
}

// checkParsed checks what every parser promises, whatever the input:
//   - an error is a *transcript.ParseError that names the file, at a line of it (or 0);
//   - otherwise there is at least one call, from path, with at least one utterance;
//   - utterances are numbered Turn == index+1, on a line of the file (Line >= 0 and not
//     past its last line), with a known role, and Start <= End when both are given, and
//     no negative time;
//   - an error quotes at most an excerpt of the input (a few hundred bytes);
//
// A lone "\r" ends a line, as "\n" does.
func checkParsed(t *testing.T, path, text string, calls []*transcript.Call, err error) {
	t.Helper()
	// Plain text and subtitles also end a line at VT, FF, NEL, U+2028 and U+2029 (format.go).
	lines := strings.Count(text, "\n") + strings.Count(text, "\r") - strings.Count(text, "\r\n") + 1
	for _, end := range []string{"\v", "\f", "\u0085", "\u2028", "\u2029"} {
		lines += strings.Count(text, end)
	}
	if err != nil {
		if n := len(err.Error()); n > 2000+len(path) {
			t.Fatalf("a %d-byte error message: %.200s", n, err)
		}
		var pe *transcript.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error is %T, not *transcript.ParseError: %v", err, err)
		}
		if pe.Path != path || !strings.HasPrefix(err.Error(), path+":") {
			t.Fatalf("error does not name the file %q: %v", path, err)
		}
		if pe.Line < 0 || pe.Line > lines {
			t.Fatalf("error at line %d of a %d-line file: %v", pe.Line, lines, err)
		}
		if calls != nil {
			t.Fatalf("calls returned with an error: %v", err)
		}
		return
	}
	if len(calls) == 0 {
		t.Fatal("no calls and no error")
	}
	for _, c := range calls {
		if c == nil {
			t.Fatal("nil call")
		}
		if c.Path != path {
			t.Fatalf("call path %q, want %q", c.Path, path)
		}
		if c.Metadata == nil {
			t.Fatal("nil metadata")
		}
		if len(c.Utterances) == 0 {
			t.Fatal("call without utterances and no error")
		}
		for i, u := range c.Utterances {
			if u.Turn != i+1 {
				t.Fatalf("utterance %d has Turn %d", i, u.Turn)
			}
			if u.Line < 0 || u.Line > lines {
				t.Fatalf("turn %d at line %d of a %d-line file", u.Turn, u.Line, lines)
			}
			switch u.Role {
			case transcript.Agent, transcript.Customer, transcript.Unknown:
			default:
				t.Fatalf("turn %d has role %q", u.Turn, u.Role)
			}
			if u.HasStart && u.HasEnd && u.Start > u.End {
				t.Fatalf("turn %d (line %d) starts at %v after its end %v", u.Turn, u.Line, u.Start, u.End)
			}
			if u.Start < 0 || u.End < 0 {
				t.Fatalf("turn %d has a negative time %v–%v", u.Turn, u.Start, u.End)
			}
			if u.HasStart {
				_ = transcript.FormatTime(u.Start)
			}
		}
	}
}

func FuzzParsePlain(f *testing.F) {
	addSamples(f, []string{"testdata/calls/*.txt", "testdata/procedure/*.txt", "testdata/formats/text/*.txt", "testdata/timing/*.txt", "docs/examples/*.txt"},
		"",
		"\uFEFF坐席：您好\r\n客户：你好\r\n",
		"# call_id: x\n[00:00:01-00:00:02] 坐席：您好\n  上个月的。\n[笑声]\n",
		"客服 2026-11-03 10:01:02\n您好\n客户 2026-11-03 10:00:59\n喂\n",
		"00:00:01\t坐席\t您好\n00:00:02\t客户\t你好\n",
		"【客户】你好\n[坐席] 您好\n坐席(工号：1024)：您好\n",
		"乘客：一\n乘客：二\n司机：三\n",
		"[12:7x] 坐席：坏时间\n",
		"[00:00:05-00:00:01] 坐席：倒着的时间\n",
		"[999999:59:59.999] 坐席：很长\n",
	)
	f.Fuzz(func(t *testing.T, text string) {
		const path = "fuzz.txt"
		stop := watchdog(hangAfter)
		c, err := transcript.ParsePlain(path, text, nil)
		var calls []*transcript.Call
		if c != nil {
			calls = []*transcript.Call{c}
		}
		stop()
		checkParsed(t, path, text, calls, err)
		fuzzParse(t, path, text, transcript.Text)
	})
}

func FuzzParseCSV(f *testing.F) {
	addSamples(f, []string{"testdata/formats/csv/*.csv", "testdata/formats/broken/*.csv"},
		"role,text\n坐席,您好\n",
		"call_id,role,start_ms,end_ms,text\n1,坐席,1000,500,倒着\n",
		"speaker,text,start,end\n0,您好,2026-11-03 10:01:02,2026-11-03 10:01:01\n1,喂,1,2\n",
		"role;text\n坐席;\"多\n行\"\n",
		"role,text\n\"坐席,您好\n",
	)
	f.Fuzz(func(t *testing.T, text string) {
		fuzzParse(t, "fuzz.csv", text, transcript.CSV)
	})
}

func FuzzParseTSV(f *testing.F) {
	addSamples(f, []string{"testdata/formats/csv/*.tsv"},
		"role\ttext\n坐席\t您好\n",
		"角色\t内容\t开始时间\n坐席\t\"您好\t00:00:01\n",
	)
	f.Fuzz(func(t *testing.T, text string) {
		fuzzParse(t, "fuzz.tsv", text, transcript.TSV)
	})
}

func FuzzParseJSON(f *testing.F) {
	addSamples(f, []string{"testdata/formats/json/*.json", "testdata/formats/broken/*.json"},
		`{"turns":[{"role":"agent","text":"您好","start":1,"end":0.5}]}`,
		`[{"turns":[{"speaker":0,"text":"您好"}]},{"turns":[{"speaker":1e400,"text":"喂"}]}]`,
		`{"segments":[{"text":"坐席：您好","start":0,"end":1},{"text":"好的","start":1,"end":2}]}`,
		`{"Result":{"Sentences":[{"Text":"您好","BeginTime":10,"EndTime":5,"ChannelId":0}]}}`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
		`{"turns":[{"role":"agent","text":"\u60a8\u597d","start":"99:99"}]}`,
		`{"call_id":{"a":1},"turns":[]}`,
	)
	f.Fuzz(func(t *testing.T, text string) {
		fuzzParse(t, "fuzz.json", text, transcript.JSON)
	})
}

func FuzzParseJSONL(f *testing.F) {
	addSamples(f, []string{"testdata/formats/json/*.jsonl"},
		`{"call_id":"a","role":"agent","text":"您好","start":1}`+"\n"+`{"call_id":"b","role":"customer","text":"喂"}`+"\n",
		`{"role":"agent","text":"您好"}`+"\n\n"+`{"role":"customer","text":"喂","end":-1}`+"\n",
		`{"turns":[]}`+"\n"+`[1,2]`+"\n",
	)
	f.Fuzz(func(t *testing.T, text string) {
		fuzzParse(t, "fuzz.jsonl", text, transcript.JSONL)
	})
}

func FuzzParseSRT(f *testing.F) {
	addSamples(f, []string{"testdata/formats/subtitles/*.srt", "testdata/formats/broken/*.srt"},
		"1\n00:00:01,000 --> 00:00:04,000\n坐席：您好\n\n2\n00:00:05,000 --> 00:00:03,000\n客户：喂\n",
		"1\n00:00:01,000 --> 00:00:04,000\n[SPEAKER_00]: 您好\n\n2\n00:00:05,000 --> 00:00:06,000\n[SPEAKER_01]: 喂\n续\n",
		"00:00:01,000 -->\n坐席：没有结束\n",
	)
	f.Fuzz(func(t *testing.T, text string) {
		fuzzParse(t, "fuzz.srt", text, transcript.SRT)
	})
}

func FuzzParseVTT(f *testing.F) {
	addSamples(f, []string{"testdata/formats/subtitles/*.vtt"},
		"WEBVTT\nKind: captions\n\nNOTE x\n\nc1\n00:01.000 --> 00:04.000 align:start\n<v 坐席>您好 &amp; <b>欢迎</b></v>\n",
		"WEBVTT\n00:01.000 --> 00:04.000\n<v 坐席>没有空行\n",
		"WEBVTT\n\n00:01.000 --> 00:04.000\n<v.loud Speaker 1>{\\an8}您好\n\n00:05.000 --> 00:06.000\n<v Speaker 2>喂\n",
	)
	f.Fuzz(func(t *testing.T, text string) {
		fuzzParse(t, "fuzz.vtt", text, transcript.VTT)
	})
}

// FuzzParseAuto lets Detect choose the format from the content, as for a file whose
// extension says nothing (.txt, standard input).
func FuzzParseAuto(f *testing.F) {
	addSamples(f, []string{"testdata/formats/*/*.*", "testdata/calls/*.txt"})
	f.Fuzz(func(t *testing.T, text string) {
		fuzzParse(t, "fuzz", text, transcript.Auto)
	})
}

// checkSettled checks what Parse adds to every format: a call has words, and when every
// turn has a start time they are in time order.
func checkSettled(t *testing.T, calls []*transcript.Call) {
	t.Helper()
	for _, c := range calls {
		words, timed := false, true
		for _, u := range c.Utterances {
			words = words || strings.TrimSpace(u.Text) != ""
			timed = timed && u.HasStart
		}
		if !words {
			t.Fatal("a call without words and no error")
		}
		for i := 1; timed && i < len(c.Utterances); i++ {
			if c.Utterances[i].Start < c.Utterances[i-1].Start {
				t.Fatalf("timed turns out of order at turn %d", i+1)
			}
		}
	}
}
