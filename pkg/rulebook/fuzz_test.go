package rulebook_test

// Native fuzz target for the rulebook loader (issue #10). Run it with
//
//	go test ./pkg/rulebook -run '^$' -fuzz '^FuzzParse$' -fuzztime 60s
//
// or with every other target through testdata/fuzz/run.sh.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// fuzzCall is what a rulebook that loads is run on, so its compiled rules are exercised
// too.
const fuzzCall = `[00:00:01] 坐席：您好，快通客服，我是1024号，请问有什么可以帮到您？
[00:00:05] 客户：我想查一下这个月的话费。
[00:00:09-00:00:12] 坐席：好的，请问您贵姓？
[00:00:13] 客户：姓王。
[00:00:15] 坐席：王先生，请您稍等，我帮您查一下。
[00:00:40] 坐席：王先生，让您久等了，您这个月的话费是58元。
[00:00:45] 客户：好的，谢谢。
[00:00:47] 坐席：不客气，请问还有什么可以帮您？
[00:00:50] 客户：没有了。
[00:00:52] 坐席：谢谢您的来电，再见！
`

// unsafeYAML reports whether a fuzzed rulebook could make the loader read a file that is
// not a rulebook: extends takes a path, and a device such as /dev/zero never ends. Such
// inputs are skipped (a rulebook is written by the QA lead, not an attacker); escapes and
// binary tags could spell such a path, so they are skipped too.
func unsafeYAML(s string) bool {
	for _, bad := range []string{"/dev", "/proc", "/sys", "/run", "\\", "!!binary", "%TAG"} {
		if strings.Contains(s, bad) {
			return true
		}
	}
	return false
}

func FuzzParse(f *testing.F) {
	for _, g := range []string{"../../rules/*.yaml", "../../rules/notes/*.yaml", "../../docs/examples/*.yaml", "testdata/invalid/*.yaml", "testdata/extends/*.yaml", "../../testdata/rulecases/*.yaml"} {
		paths, err := filepath.Glob(g)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(data))
		}
	}
	for _, s := range []string{
		"",
		"name: x\nrules: []\n",
		"name: x\nextends: default\n",
		"name: x\nextends: [default, default]\n",
		"name: x\nextends: nope.yaml\n",
		"name: x\nsets:\n  a: &a [\"您好\"]\nrules:\n  - id: r\n    kind: required\n    phrases: *a\n    message: m\n",
		"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n",
		"name: x\nrules:\n  - id: r\n    kind: forbidden\n    phrases: [\"{0,64}a{0,64}b{0,64}c\"]\n    message: m\n",
		"name: x\nrules:\n  - id: r\n    kind: count\n    phrases: [\"(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)(a|b)\"]\n    message: m\n",
		"name: x\nrules: {id: r}\n",
		"- - - - - - - - - - - - - - - - - -\n",
		"name: [\n",
	} {
		f.Add(s)
	}
	call, err := transcript.ParsePlain("fuzz-call.txt", fuzzCall, nil)
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "fuzz.yaml")

	f.Fuzz(func(t *testing.T, yaml string) {
		if len(yaml) > 64<<10 || unsafeYAML(yaml) {
			t.Skip("not fuzzed: see unsafeYAML")
		}
		defer watchdog(20 * time.Second)()
		start := time.Now()
		rb, err := rulebook.Parse(path, []byte(yaml), segment.New())
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Parse took %v", d)
		}
		if err != nil {
			if rb != nil {
				t.Fatal("rulebook returned with an error")
			}
			var es rulebook.Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is %T, not rulebook.Errors: %v", err, err)
			}
			for _, e := range es {
				if e == nil || e.Path == "" || e.Msg == "" || e.Line < 0 || e.Col < 0 {
					t.Fatalf("error without a path, message or place: %#v", e)
				}
				if !strings.HasPrefix(e.Error(), e.Path) {
					t.Fatalf("error does not name its file: %v", e)
				}
				if e.Path == path {
					// YAML breaks lines at "\r" as well as "\n"; an error at the end of
					// the stream is on the line after the last.
					lines := strings.Count(strings.ReplaceAll(yaml, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(yaml, "\r\n", "\n"), "\r") + 1
					if e.Line > lines+1 {
						t.Fatalf("error at line %d of a %d-line file: %v", e.Line, lines, e)
					}
				}
			}
			return
		}
		if rb == nil || rb.Matcher == nil || rb.Roles == nil {
			t.Fatalf("incomplete rulebook: %+v", rb)
		}
		if rb.PassScore < 0 || rb.PassScore > 100 {
			t.Fatalf("pass score %v", rb.PassScore)
		}
		// A rulebook that loads must check a call without panicking, in reasonable time.
		c := &pipeline.Checker{Rulebook: rb}
		start = time.Now()
		f := c.CheckCall(call)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("checking a 10-turn call took %v", d)
		}
		if f.Score == nil || *f.Score < 0 || *f.Score > 100 {
			t.Fatalf("score %v", f.Score)
		}
		for _, fd := range f.Findings {
			if fd.Turn < 0 || fd.Turn > len(call.Utterances) {
				t.Fatalf("finding at turn %d of %d", fd.Turn, len(call.Utterances))
			}
		}
	})
}

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
