package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMergeHoldsEntriesToWhatRunsWrite: merge re-counts passes and failures from the
// shards' entries, and took each as written: a file listed twice in one shard counted
// twice (3,001 files from 3,000), a call scoring 50 that "passed" counted as a pass, and a
// severity no rulebook has, a line of -5, a deduction of 1e308 were merged. Each is now
// refused, exit 2, naming the report and the entry, and no merged report is written;
// the reports as check wrote them still merge into the report of one run.
func TestMergeHoldsEntriesToWhatRunsWrite(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"compliant-billing.txt", "forbidden-service.txt", "hold-without-permission.txt", "missing-closing.txt", "wrong-order.txt"} {
		writeFile(t, dir, "calls/"+name, mustRead(t, "../../testdata/calls/"+name))
	}
	check := func(out string, args ...string) {
		t.Helper()
		r := zhijianIn(t, dir, nil, append(append([]string{"check", "--no-config", "-q", "-f", "json", "-o", out}, args...), "calls")...)
		if r.code != 1 {
			t.Fatalf("check %v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	check("whole.json")
	check("p0.json", "--shard", "0/2")
	check("p1.json", "--shard", "1/2")
	check("level.json", "--fail-level", "error")
	for _, shards := range [][]string{{"whole.json"}, {"p0.json", "p1.json"}} {
		r := zhijianIn(t, dir, nil, append([]string{"merge"}, shards...)...)
		if r.code != 1 || r.stdout != string(mustRead(t, filepath.Join(dir, "whole.json"))) {
			t.Errorf("merge %v: exit %d, or not the report of one run\n%s", shards, r.code, r.stderr)
		}
	}

	type report = map[string]any
	read := func(name string) report {
		var rep report
		if err := json.Unmarshal(mustRead(t, filepath.Join(dir, name)), &rep); err != nil {
			t.Fatal(err)
		}
		return rep
	}
	files := func(rep report) []any { return rep["files"].([]any) }
	entry := func(rep report, name string) map[string]any {
		for _, f := range files(rep) {
			if e := f.(map[string]any); e["path"] == "calls/"+name {
				return e
			}
		}
		t.Fatalf("no entry %s", name)
		return nil
	}
	finding := func(rep report, name string, i int) map[string]any {
		return entry(rep, name)["findings"].([]any)[i].(map[string]any)
	}
	for _, tc := range []struct {
		name, from string
		edit       func(rep report)
		want       string
	}{
		{"a file listed again at the end", "whole.json", func(rep report) {
			rep["files"] = append(files(rep), files(rep)[0])
		}, "entry 6 is calls/compliant-billing.txt again"},
		{"a file listed again after one out of order", "whole.json", func(rep report) {
			fs := files(rep)
			rep["files"] = []any{fs[1], fs[0], fs[1], fs[2]}
		}, "entry 3 is calls/forbidden-service.txt again"},
		{"passed, though fatal", "whole.json", func(rep report) {
			entry(rep, "forbidden-service.txt")["passed"] = true
		}, "entry 2 (calls/forbidden-service.txt) is fatal, yet passed"},
		{"passed under the pass score", "whole.json", func(rep report) {
			entry(rep, "hold-without-permission.txt")["passed"] = true
		}, "entry 3 (calls/hold-without-permission.txt) scored 79, under the pass score 80, yet passed"},
		{"failed at full marks", "whole.json", func(rep report) {
			entry(rep, "compliant-billing.txt")["passed"] = false
		}, "entry 1 (calls/compliant-billing.txt) scored 100, the pass score is 80 and nothing is fatal, yet failed"},
		{"passed with a finding at the fail level", "level.json", func(rep report) {
			entry(rep, "missing-closing.txt")["passed"] = true
		}, "entry 4 (calls/missing-closing.txt) has a finding of error or worse (--fail-level error), yet passed"},
		{"a score its deductions do not make", "whole.json", func(rep report) {
			entry(rep, "missing-closing.txt")["score"] = 95
		}, "has score 95, but its deductions and bonuses make 90"},
		{"fatal with no fatal finding", "whole.json", func(rep report) {
			e := entry(rep, "compliant-billing.txt")
			e["fatal"], e["passed"] = true, false
		}, "entry 1 (calls/compliant-billing.txt) is marked fatal, but none of its findings is"},
		{"a fatal finding, the call not fatal", "whole.json", func(rep report) {
			entry(rep, "forbidden-service.txt")["fatal"] = false
		}, `has the fatal finding "forbidden-phrases", but is not marked fatal`},
		{"an unknown severity", "whole.json", func(rep report) {
			finding(rep, "missing-closing.txt", 0)["severity"] = "catastrophic"
		}, `finding "closing" has severity "catastrophic", not info, warning or error`},
		{"a negative line", "whole.json", func(rep report) {
			finding(rep, "missing-closing.txt", 0)["line"] = -5
		}, `finding "closing" is at line -5`},
		{"line 0 quoting an utterance", "whole.json", func(rep report) {
			finding(rep, "missing-closing.txt", 0)["line"] = 0
		}, `finding "closing" is at line 0`},
		{"a deduction of 1e308", "whole.json", func(rep report) {
			finding(rep, "missing-closing.txt", 0)["deduct"] = 1e308
		}, `finding "closing" deducts 1e+308, not 0–100`},
		{"a negative deduction", "whole.json", func(rep report) {
			finding(rep, "missing-closing.txt", 0)["deduct"] = -10
		}, `finding "closing" deducts -10, not 0–100`},
		{"a shard judged by no one pass score", "p1.json", func(rep report) {
			delete(rep["rulebook"].(map[string]any), "pass_score")
		}, "p0.json was judged with pass score 80 and bad.json with -"},
		{"a shard judged by another pass score", "p1.json", func(rep report) {
			rep["rulebook"].(map[string]any)["pass_score"] = 60
		}, "bad.json: entry 1 (calls/hold-without-permission.txt) scored 79, the pass score is 60"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := read(tc.from)
			tc.edit(rep)
			data, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "bad.json", data)
			os.Remove(filepath.Join(dir, "merged.json"))
			args := []string{"merge", "-o", "merged.json", "bad.json"}
			if tc.from == "p1.json" {
				args = []string{"merge", "-o", "merged.json", "p0.json", "bad.json"}
			}
			r := zhijianIn(t, dir, []string{"ZHIJIAN_LANG=en"}, args...)
			if r.code != 2 || !strings.Contains(r.stderr, "bad.json") || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, want 2 naming bad.json and saying %q\n%s", r.code, tc.want, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "merged.json")); err == nil {
				t.Errorf("the merged report was written")
			}
		})
	}
}

// TestCallSpanBounded: wall-clock times centuries apart in one call (9999-12-31 beside
// 0001-01-01) made offsets that saturated and durations that overflowed: shown as
// [2562047:47:16.854], dead air of 9,223,372,033.9 seconds, scored. A call whose times
// come to span more than 1000 hours is an error at the line where they do, naming the
// other line, in every format; the rest of the batch is scored.
func TestCallSpanBounded(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "good.txt", mustRead(t, "../../"+goodCall))
	for _, tc := range []struct {
		name, file, text string
		want             string // "" for scored
	}{
		{"centuries apart", "wall.txt", "[9999-12-31 23:59:59] 坐席：您好，请问有什么可以帮到您？\n[0001-01-01 00:00:05] 客户：查话费\n[2026-11-21 00:00:06] 坐席：好的\n",
			"wall.txt:2: this time is more than 1000 hours from that of line 1"},
		{"a date of 1970 among 2026", "epoch.txt", "[2026-11-20 23:59:59] 坐席：您好，请问有什么可以帮到您？\n[2026-11-21 00:00:05] 客户：查话费\n[1970-01-01 00:00:06] 坐席：好的\n",
			"epoch.txt:3: this time is more than 1000 hours from that of line 2"},
		{"CSV date-times", "wall.csv", "role,text,start_time\n坐席,您好，请问有什么可以帮到您？,9999-12-31 23:59:59\n客户,查话费,0001-01-01 00:00:05\n",
			"wall.csv:3: this time is more than 1000 hours from that of line 2"},
		{"an offset of 999,999 hours", "hours.txt", "[999999:00:00] 坐席：您好，请问有什么可以帮到您？\n[00:00:05] 客户：查话费\n",
			"hours.txt:2: this time is more than 1000 hours from that of line 1"},
		{"across midnight", "midnight.txt", "[2026-11-20 23:59:59] 坐席：您好，请问有什么可以帮到您？\n[2026-11-21 00:00:05] 客户：查话费\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, tc.file, []byte(tc.text))
			r := zhijianIn(t, dir, []string{"ZHIJIAN_LANG=en"}, "check", "--no-config", "-q", "-f", "json", "good.txt", tc.file)
			var rep badReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) != 2 {
				t.Fatalf("%v\n%.300s%s", err, r.stdout, r.stderr)
			}
			if g := rep.Files[0]; g.Score == nil || *g.Score != 100 {
				t.Errorf("the good call: %+v", g)
			}
			got := rep.Files[1].Error
			switch {
			case tc.want == "" && (got != "" || r.code == 2):
				t.Errorf("exit %d, error %q", r.code, got)
			case tc.want != "" && (!strings.Contains(got, tc.want) || r.code != 2):
				t.Errorf("exit %d, error %q, want exit 2 and %q", r.code, got, tc.want)
			}
		})
	}
}

// TestContinuationLineFinding: an utterance's continuation lines (lines without a label)
// are part of its text, and a 禁语 on one was reported at the utterance's first line: the
// reader looked for it two lines too early. The finding names the line the match starts
// on, as grep -n does, in LF and CRLF files; the utterance quoted stays whole.
func TestContinuationLineFinding(t *testing.T) {
	dir := t.TempDir()
	head := "# call_id: L1\n[00:00:01] 坐席：您好，请问有什么可以帮到您？\n[00:00:05] 客户：我想查话费。\n"
	for _, tc := range []struct {
		name, body, eol string
		want            int
	}{
		{"third line", "[00:00:10] 坐席：好的，\n请稍等。\n这个我也没办法。\n", "\n", 6},
		{"second line", "[00:00:10] 坐席：好的，\n这个我也没办法。\n请稍等。\n", "\n", 5},
		{"first line", "[00:00:10] 坐席：我也没办法，\n请稍等。\n", "\n", 4},
		{"across a line end", "[00:00:10] 坐席：好的，我也\n没办法。\n", "\n", 4},
		{"CRLF", "[00:00:10] 坐席：好的，\n请稍等。\n这个我也没办法。\n", "\r\n", 6},
		{"after a blank line", "[00:00:10] 坐席：好的，\n\n这个我也没办法。\n", "\n", 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.ReplaceAll(head+tc.body+"[00:00:12] 客户：好吧。\n", "\n", tc.eol)
			writeFile(t, dir, "call.txt", []byte(text))
			r := zhijianIn(t, dir, nil, "check", "--no-config", "-q", "-f", "json", "call.txt")
			var rep struct {
				Files []struct {
					Findings []struct {
						Rule, Text string
						Line       int
					}
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) != 1 {
				t.Fatalf("%v\n%.300s%s", err, r.stdout, r.stderr)
			}
			var lines []int
			for _, f := range rep.Files[0].Findings {
				if f.Rule == "forbidden-phrases" {
					lines = append(lines, f.Line)
				}
			}
			if len(lines) != 1 || lines[0] != tc.want {
				t.Errorf("the 禁语 at lines %v, want [%d]", lines, tc.want)
			}
		})
	}
}

// TestJSONLinesRecentCallsFollowMaxCalls: on standard input a line going back to a call
// the stream has passed is refused while that call is among the last --max-calls
// (a fixed 20,000 was the audit's concern): the bound is the flag's, as a file's calls.
func TestJSONLinesRecentCallsFollowMaxCalls(t *testing.T) {
	dir := t.TempDir()
	var lines strings.Builder
	for _, id := range []string{"A", "B", "C", "A"} {
		fmt.Fprintf(&lines, `{"call_id": %q, "role": "agent", "text": "您好"}`+"\n", id)
	}
	for _, tc := range []struct {
		maxCalls string
		refused  bool
	}{{"3", true}, {"2", false}} {
		t.Run("--max-calls "+tc.maxCalls, func(t *testing.T) {
			cmd := exec.Command(bin, "check", "--no-config", "-q", "-f", "json", "--max-calls", tc.maxCalls, "--input-format", "jsonl", "-")
			cmd.Dir, cmd.Stdin = dir, strings.NewReader(lines.String())
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=en", "ZHIJIAN_CONFIG=")
			out, _ := cmd.Output()
			var rep badReport
			if err := json.Unmarshal(out, &rep); err != nil || len(rep.Files) != 4 {
				t.Fatalf("%v\n%.300s", err, out)
			}
			got := rep.Files[3].Error
			if refused := strings.Contains(got, `-:4: call "A", from line 1, goes on here`); refused != tc.refused {
				t.Errorf("line 4: error %q, want refused %v", got, tc.refused)
			}
		})
	}
}

// TestFailUnderEveryRulebook: --fail-under replaced the pass mark of the rulebook named
// only, not of those calls are routed to: an online chat (channel: chat), judged by the
// chat rulebook, kept its pass mark of 80 under --fail-under 70, and a chat scoring 75
// failed. Now every call is judged by the flag's mark, and the report's header says it.
func TestFailUnderEveryRulebook(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "chat.txt", []byte("# channel: chat\n客服：您好\n客户：嗯\n"))
	for _, tc := range []struct {
		args   []string
		passed bool
	}{
		{nil, false},
		{[]string{"--fail-under", "70"}, true},
		{[]string{"--fail-under", "76"}, false},
	} {
		t.Run(strings.Join(append([]string{"flags"}, tc.args...), " "), func(t *testing.T) {
			r := zhijianIn(t, dir, nil, append(append([]string{"check", "--no-config", "-q", "-f", "json"}, tc.args...), "chat.txt")...)
			var rep struct {
				Rulebook struct {
					PassScore *float64 `json:"pass_score"`
				}
				Files []struct {
					Score  *float64
					Passed bool
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) != 1 || rep.Files[0].Score == nil {
				t.Fatalf("%v\n%.300s%s", err, r.stdout, r.stderr)
			}
			if f := rep.Files[0]; *f.Score != 75 || f.Passed != tc.passed || rep.Rulebook.PassScore == nil {
				t.Errorf("score %v, passed %v (want %v), header pass score %v", *f.Score, f.Passed, tc.passed, rep.Rulebook.PassScore)
			}
		})
	}
}
