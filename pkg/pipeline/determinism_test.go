package pipeline_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/pipeline"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
	"github.com/zhijian-qa/zhijian/pkg/segment"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// include is every format the check command picks up in a directory.
var include = []string{"*.txt", "*.csv", "*.tsv", "*.json", "*.jsonl", "*.ndjson", "*.srt", "*.vtt"}

// TestReportDeterministic checks a generated batch of 1,000 calls with one worker and
// with eight, and (but under the race detector) the same directory twice more: the JSON
// report must be byte for byte the same every time, whatever order the workers finish in. The batch mixes formats,
// files holding several calls, and broken files, so errors are placed the same way too.
func TestReportDeterministic(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	dir := t.TempDir()
	files := writeCorpus(t, dir, n)

	seg := segment.New()
	rb, err := rulebook.Load(nil, seg)
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) []byte {
		t.Helper()
		inputs, problems := source.Expand([]string{dir}, source.Options{Include: include})
		if len(inputs) != files {
			t.Fatalf("%d inputs found, %d files written", len(inputs), files)
		}
		c := &pipeline.Checker{Rulebook: rb, Workers: workers}
		rep := c.Run(inputs, problems)
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, rep); err != nil {
			t.Fatal(err)
		}
		// Entries come in input order, which is the sorted walk of the directory.
		last := -1
		for _, f := range rep.Files {
			i := indexOf(inputs, f.Path)
			if i < last {
				t.Fatalf("%s reported after %s", f.Path, inputs[last].Path)
			}
			last = i
		}
		return buf.Bytes()
	}

	one := run(1)
	eight := run(8)
	if !bytes.Equal(one, eight) {
		t.Fatalf("the report with 8 workers differs from the one with 1 worker:\n%s", firstDiff(one, eight))
	}
	// Under the race detector the two runs above are enough (and take a minute).
	if !raceEnabled {
		if again := run(8); !bytes.Equal(eight, again) {
			t.Fatalf("two runs over the same directory differ:\n%s", firstDiff(eight, again))
		}
		if again := run(3); !bytes.Equal(one, again) {
			t.Fatalf("the report with 3 workers differs:\n%s", firstDiff(one, again))
		}
	}

	// The batch is what it was meant to be: every call scored or errored, some findings.
	var rep struct {
		Files []struct {
			Score    *float64
			Error    string
			Findings []json.RawMessage
		}
		Summary struct{ Files, Passed, Failed, Errors int }
	}
	if err := json.Unmarshal(one, &rep); err != nil {
		t.Fatal(err)
	}
	findings := 0
	for _, f := range rep.Files {
		findings += len(f.Findings)
	}
	s := rep.Summary
	t.Logf("%d files: summary %+v, %d findings", files, s, findings)
	if s.Files != len(rep.Files) || s.Passed+s.Failed+s.Errors != s.Files || s.Files < n || s.Errors == 0 || s.Failed == 0 || s.Passed == 0 || findings == 0 {
		t.Errorf("unexpected batch: summary %+v, %d entries, %d findings", s, len(rep.Files), findings)
	}
}

func indexOf(inputs []source.Input, path string) int {
	for i, in := range inputs {
		if in.Path == path {
			return i
		}
	}
	return -1
}

// firstDiff shows where two reports part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("at byte %d:\n--- first\n%s\n--- second\n%s", i, a[from:min(len(a), i+200)], b[from:min(len(b), i+200)])
}

// writeCorpus writes n generated calls into dir, in subdirectories of 100, and returns
// how many files it wrote. Calls are stitched from the utterances of the sample calls
// (as testdata/bench/gencorpus does), with a fixed seed; most are plain text, some CSV
// or JSON Lines with two calls in one file, and every 97th file is broken.
func writeCorpus(t *testing.T, dir string, n int) int {
	t.Helper()
	agent, customer := sampleUtterances(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	forbidden := []string{"你到底要不要办理", "我也没办法", "这不归我们管"}
	files := 0
	write := func(name, content string) {
		sub := filepath.Join(dir, fmt.Sprintf("%02d", files/100))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		files++
	}
	type turn struct{ label, role, text, time string }
	call := func(i int) []turn {
		var out []turn
		k := 10 + rnd.IntN(10)
		sec := 1
		for j := 0; j < k; j++ {
			tu := turn{label: "客户", role: "customer", text: customer[rnd.IntN(len(customer))]}
			if j%2 == 0 {
				tu = turn{label: "坐席", role: "agent", text: agent[rnd.IntN(len(agent))]}
				switch {
				case j == 0:
					tu.text = fmt.Sprintf("您好，快通客服，我是%d号，请问有什么可以帮到您？", 1000+rnd.IntN(50))
				case j >= k-2:
					tu.text = "谢谢您的电话，欢迎您随时来电，再见！"
				case rnd.IntN(15) == 0:
					tu.text = forbidden[rnd.IntN(len(forbidden))] + "。" + tu.text
				}
			}
			tu.time = fmt.Sprintf("%02d:%02d:%02d", sec/3600, sec/60%60, sec%60)
			sec += 2 + rnd.IntN(8)
			out = append(out, tu)
		}
		return out
	}
	for i := 0; i < n; {
		switch {
		case files%97 == 96:
			write(fmt.Sprintf("call-%05d.json", files), `{"turns": [{"role": "agent", "text": "您好"`) // truncated
		case files%10 == 3 && i+1 < n:
			// Two calls in one CSV file.
			var b strings.Builder
			b.WriteString("call_id,role,start,text\n")
			for c := 0; c < 2; c++ {
				for _, tu := range call(i + c) {
					fmt.Fprintf(&b, "D%05d,%s,%s,\"%s\"\n", i+c, tu.label, tu.time, strings.ReplaceAll(tu.text, `"`, `""`))
				}
			}
			write(fmt.Sprintf("call-%05d.csv", files), b.String())
			i += 2
		case files%10 == 7:
			var b strings.Builder
			for _, tu := range call(i) {
				line, _ := json.Marshal(map[string]any{"call_id": fmt.Sprintf("D%05d", i), "role": tu.role, "start": tu.time, "text": tu.text})
				b.Write(line)
				b.WriteByte('\n')
			}
			write(fmt.Sprintf("call-%05d.jsonl", files), b.String())
			i++
		default:
			var b strings.Builder
			fmt.Fprintf(&b, "# call_id: D%05d\n# agent_id: %d\n", i, 1000+rnd.IntN(50))
			for _, tu := range call(i) {
				fmt.Fprintf(&b, "[%s] %s：%s\n", tu.time, tu.label, tu.text)
			}
			write(fmt.Sprintf("call-%05d.txt", files), b.String())
			i++
		}
	}
	return files
}

// sampleUtterances returns the agent's and the customer's utterances of the sample calls.
func sampleUtterances(t *testing.T) (agent, customer []string) {
	t.Helper()
	for _, c := range sampleCalls(t) {
		for _, u := range c.Utterances {
			switch u.Role {
			case transcript.Agent:
				agent = append(agent, u.Text)
			case transcript.Customer:
				customer = append(customer, u.Text)
			}
		}
	}
	return agent, customer
}

// sampleCalls parses the sample calls (testdata/calls); a call's Path is its file.
func sampleCalls(t *testing.T) []*transcript.Call {
	t.Helper()
	paths, err := filepath.Glob("../../testdata/calls/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no sample calls: %v", err)
	}
	var calls []*transcript.Call
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c, err := transcript.ParsePlain(p, string(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		calls = append(calls, c)
	}
	return calls
}
