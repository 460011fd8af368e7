package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// timedRun runs the binary in dir with a deadline and returns the result and the CPU
// time it took (user and system: steadier than the wall on a shared machine).
func timedRun(t *testing.T, dir string, env []string, limit time.Duration, args ...string) (result, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=", "GITHUB_ACTIONS=", "GOGC=", "GOMEMLIMIT=")
	cmd.Env = append(cmd.Env, env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v: still running after %v", args, limit)
	}
	code := exitCode(t, err)
	return result{out.String(), errOut.String(), code}, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// TestManyRoleLabels: a rulebook's roles: labels were added one at a time, each copying
// the map of all before it: 40,000 labels took 77 s to load (20,000 in rules lint 24 s).
func TestManyRoleLabels(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("name: d\nversion: \"1\"\nextends: default\nroles:\n  agent:\n")
	for i := range 40000 {
		fmt.Fprintf(&b, "    - 标签%d\n", i)
	}
	writeFile(t, dir, "roles.yaml", []byte(b.String()))
	writeFile(t, dir, "call.txt", []byte("标签39999：您好，请问有什么可以帮您？\n客户：我也没办法\n"))
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"check", []string{"check", "-q", "-f", "json", "--rules", "roles.yaml", "call.txt"}, 1},
		{"lint", []string{"rules", "lint", "roles.yaml"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, cpu := timedRun(t, dir, nil, 2*time.Minute, tc.args...)
			if r.code != tc.code || cpu > 10*time.Second {
				t.Errorf("exit %d (want %d) after %v of CPU\n%.500s%.500s", r.code, tc.code, cpu, r.stdout, r.stderr)
			}
			if tc.name == "check" && !strings.Contains(r.stdout, `"role": "agent"`) {
				t.Errorf("the last label is not the agent's\n%.1000s", r.stdout)
			}
		})
	}
}

// TestLargeRulebookUnderTheSoftLimit: a rulebook of 100,000 one-phrase rules holds some
// 150 MB live, more than the batch's soft memory limit (128 MB for two workers): the
// collector ran without pause, and loading and checking took three times the CPU of
// GOGC=100 (10 s against 3.8 s). The limit now allows for what is loaded.
func TestLargeRulebookUnderTheSoftLimit(t *testing.T) {
	dir := t.TempDir()
	han := []rune("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切督随另细游")
	var b strings.Builder
	b.WriteString("name: big\nversion: \"1\"\nrules:\n")
	x := uint64(1)
	for i := range 100000 {
		var p [4]rune
		for j := range p {
			x = x*6364136223846793005 + 1442695040888963407
			p[j] = han[(x>>33)%uint64(len(han))]
		}
		fmt.Fprintf(&b, "  - {id: r%d, kind: forbidden, message: m, phrases: [\"%s\"]}\n", i, string(p[:]))
	}
	writeFile(t, dir, "big.yaml", []byte(b.String()))
	writeFile(t, dir, "call.txt", []byte("坐席：您好，请问有什么可以帮您？\n客户：嗯\n"))
	args := []string{"check", "-q", "-f", "json", "--workers", "2", "--rules", "big.yaml", "call.txt"}
	ours, cpu := timedRun(t, dir, nil, 5*time.Minute, args...)
	theirs, cpuGo := timedRun(t, dir, []string{"GOGC=100"}, 5*time.Minute, args...)
	if ours.code > 1 || theirs.code > 1 || ours.stdout != theirs.stdout {
		t.Fatalf("exit %d and %d, reports differ: %v\n%.500s", ours.code, theirs.code, ours.stdout != theirs.stdout, ours.stderr)
	}
	if cpu > cpuGo*8/5 {
		t.Errorf("%v of CPU under the soft limit, %v with GOGC=100: want at most 1.6×", cpu, cpuGo)
	}
}

// TestSegmentUtteranceLimit: segment read a transcript with no bound on an utterance (20
// million characters: 51 s and 3 GB, or out of memory); it refuses one over
// --max-utterance as check does, with check's error.
func TestSegmentUtteranceLimit(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("好", 20001)
	writeFile(t, dir, "long.txt", []byte("坐席：您好\n客户：嗯\n坐席："+long+"\n"))
	writeFile(t, dir, "long.json", []byte(`[{"role":"agent","text":"您好"},{"role":"customer","text":"`+long+`"}]`))
	writeFile(t, dir, "notes.txt", []byte("一行字\n"+long+"\n"))
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  string
	}{
		{"text", []string{"long.txt"}, "", 2, "long.txt:3: "},
		{"stdin", []string{"-"}, "坐席：" + long + "\n", 2, "-:1: "},
		{"json", []string{"long.json"}, "", 2, "long.json:1: "},
		{"lines", []string{"notes.txt"}, "", 2, "notes.txt:2: "},
		{"argument", []string{long}, "", 2, "utterance longer than 10000 characters"},
		{"raised", []string{"--max-utterance", "30000", "long.txt"}, "", 0, "long.txt:3 坐席"},
		{"zero", []string{"--max-utterance", "0", "long.txt"}, "", 2, "--max-utterance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, append([]string{"segment", "--no-config"}, tc.args...)...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
			cmd.Stdin = strings.NewReader(tc.stdin)
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != tc.code || !strings.Contains(string(out), tc.want) {
				t.Errorf("exit %d (want %d), want %q in\n%.300s", code, tc.code, tc.want, out)
			}
			if tc.code == 2 && tc.name != "zero" && !strings.Contains(string(out), "utterance longer than 10000 characters: not a turn-by-turn transcript (see --max-utterance)") {
				t.Errorf("not check's error:\n%.300s", out)
			}
		})
	}
}

// endless is a reader that never ends: the byte b for ever.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

// TestJSONLinesStdinEnds: JSON Lines on standard input read a line over the size limit
// to its end before naming it, and /dev/zero (or any endless line) for ever at full CPU.
// A line over the limit or with a NUL byte now ends the stream at once with an error
// naming the line. (An empty stream stays no entries, exit 0: an empty Spark partition,
// TestStdinJSONLEmpty.)
func TestJSONLinesStdinEnds(t *testing.T) {
	good := `{"call_id": "a", "turns": [{"role": "agent", "text": "您好"}, {"role": "customer", "text": "嗯"}]}` + "\n"
	for _, tc := range []struct {
		name  string
		stdin io.Reader
		want  string
		calls int // entries with a score
	}{
		{"zeros", endless(0), "-:1: ", 0},
		{"endless line", io.MultiReader(strings.NewReader(good), endless('x')), "-:2: ", 1},
		{"NUL on line 2", strings.NewReader(good + "{\"call_id\": \"b\"\x00}\n" + good), "line 2 has a NUL byte", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "check", "--no-config", "-q", "-f", "json", "--input-format", "jsonl", "-")
			cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
			cmd.Stdin = tc.stdin
			out, err := cmd.Output()
			if ctx.Err() != nil {
				t.Fatal("still reading after a minute")
			}
			var rep badReport
			if jerr := json.Unmarshal(out, &rep); jerr != nil {
				t.Fatalf("%v: %v\n%.300s", err, jerr, out)
			}
			ee, _ := err.(*exec.ExitError)
			scored, named := 0, false
			for _, f := range rep.Files {
				if f.Score != nil {
					scored++
				}
				named = named || strings.Contains(f.Error, tc.want)
			}
			if ee == nil || ee.ExitCode() != 2 || !named || scored != tc.calls {
				t.Errorf("%v, %d calls scored (want %d), want an error with %q:\n%.600s", err, scored, tc.calls, tc.want, out)
			}
		})
	}
}

// TestJSONLinesNotAdjacent: a call's JSON Lines must be adjacent (docs/input-formats.md).
// From a file, lines of call A, then B, then A again were one call A; from standard
// input, two calls A. Both now refuse the line going back, naming it.
func TestJSONLinesNotAdjacent(t *testing.T) {
	dir := t.TempDir()
	turn := func(id, text string) string {
		return fmt.Sprintf(`{"call_id": %q, "role": "agent", "text": %q}`+"\n", id, text)
	}
	for _, tc := range []struct {
		name, lines string
		want        string // in the one error; "" for none
	}{
		{"A B A", turn("A", "您好") + turn("B", "您好") + turn("A", "我也没办法"), `:3: `},
		{"A B B A A", turn("A", "您好") + turn("B", "您好") + turn("B", "嗯") + turn("A", "我也没办法") + turn("A", "嗯"), `:4: `},
		{"A A B", turn("A", "您好") + turn("A", "我也没办法") + turn("B", "您好"), ""},
	} {
		writeFile(t, dir, "calls.jsonl", []byte(tc.lines))
		for _, from := range []string{"file", "stdin"} {
			t.Run(tc.name+" "+from, func(t *testing.T) {
				args := []string{"check", "--no-config", "-q", "-f", "json", "calls.jsonl"}
				stdin := ""
				if from == "stdin" {
					args = []string{"check", "--no-config", "-q", "-f", "json", "--input-format", "jsonl", "-"}
					stdin = tc.lines
				}
				cmd := exec.Command(bin, args...)
				cmd.Dir, cmd.Stdin = dir, strings.NewReader(stdin)
				cmd.Env = append(os.Environ(), "NO_COLOR=1", "ZHIJIAN_LANG=", "ZHIJIAN_CONFIG=")
				out, err := cmd.Output()
				var rep badReport
				if jerr := json.Unmarshal(out, &rep); jerr != nil {
					t.Fatalf("%v: %v\n%.300s", err, jerr, out)
				}
				var errs []string
				for _, f := range rep.Files {
					if f.Error != "" {
						errs = append(errs, f.Error)
					}
				}
				switch {
				case tc.want == "" && len(errs) > 0:
					t.Errorf("errors %q", errs)
				case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.want) ||
					!strings.Contains(errs[0], `call "A", from line 1, goes on here after other calls' lines`)):
					t.Errorf("errors %q, want one naming line %s", errs, tc.want)
				case tc.want != "" && (err == nil || err.(*exec.ExitError).ExitCode() != 2):
					t.Errorf("%v, want exit 2", err)
				}
			})
		}
	}
}

// TestBaselineAndReportOneFile: --write-baseline was left out of the check that no two
// outputs go to one file: -o r.json --write-baseline r.json wrote the report and then
// the baseline over it, exit 0. Now refused before anything is read, naming the file,
// whichever way the two name it.
func TestBaselineAndReportOneFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "call.txt", []byte("坐席：您好\n客户：嗯\n"))
	writeFile(t, dir, "sub/keep", nil)
	for _, tc := range []struct {
		name string
		args []string
		file string // named in the error, and left as it was
	}{
		{"report", []string{"-o", "r.json", "--write-baseline", "r.json"}, "r.json"},
		{"format=", []string{"-o", "json=r.json", "--write-baseline", "r.json"}, "r.json"},
		{"other spelling", []string{"-o", "r.json", "--write-baseline", "sub/../r.json"}, "sub/../r.json"},
		{"summary csv", []string{"--summary-csv", "s.csv", "--write-baseline", "s.csv"}, "s.csv"},
		{"through a link", []string{"-o", "r.json", "--write-baseline", "link.json"}, "link.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, dir, "r.json", []byte("old"))
			writeFile(t, dir, "s.csv", []byte("old"))
			os.Remove(dir + "/link.json")
			if err := os.Symlink("r.json", dir+"/link.json"); err != nil {
				t.Fatal(err)
			}
			r := zhijianIn(t, dir, nil, append(append([]string{"check", "--no-config", "-q"}, tc.args...), "call.txt")...)
			if r.code != 2 || !strings.Contains(r.stderr, "written to "+tc.file) {
				t.Errorf("exit %d, want 2 naming %s\n%s", r.code, tc.file, r.stderr)
			}
			for _, f := range []string{"r.json", "s.csv"} {
				if data, _ := os.ReadFile(dir + "/" + f); string(data) != "old" {
					t.Errorf("%s written: %.100q", f, data)
				}
			}
		})
	}
}

// TestOwnLineNumbers: a U+2028, NEL, vertical tab, form feed or lone CR inside a file of
// LF lines starts an utterance but no line of the file: the 禁语 after one on line 5 was
// reported at line 6 (a customer's line). Lines are counted as grep -n counts them, by
// CRLF as by LF, and by CR in an old Mac file that has no LF.
func TestOwnLineNumbers(t *testing.T) {
	dir := t.TempDir()
	head := []string{"# call_id: L1", "[00:00:01] 坐席：您好，请问有什么可以帮到您？", "[00:00:05] 客户：我想查话费。"}
	tail := []string{"[00:00:10] 客户：好吧。", "[00:00:12] 坐席：谢谢您的来电，再见！"}
	for _, tc := range []struct {
		name, sep, eol string
		want           int
	}{
		{"U+2028", "\u2028", "\n", 4},
		{"U+2029", "\u2029", "\n", 4},
		{"NEL", "\u0085", "\n", 4},
		{"VT", "\v", "\n", 4},
		{"FF", "\f", "\n", 4},
		{"lone CR", "\r", "\n", 4},
		{"U+2028 in CRLF", "\u2028", "\r\n", 4},
		{"lone CR in CRLF", "\r", "\r\n", 4},
		{"LF", "\n", "\n", 5},
		{"old Mac", "\r", "\r", 5},
		{"U+2028 in old Mac", "\u2028", "\r", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line4 := "[00:00:08] 客户：嗯" + tc.sep + "[00:00:09] 坐席：这个我也没办法。"
			text := strings.Join(append(append(append([]string{}, head...), line4), tail...), tc.eol) + tc.eol
			writeFile(t, dir, "call.txt", []byte(text))
			r := zhijianIn(t, dir, nil, "check", "--no-config", "-q", "-f", "json", "call.txt")
			var rep struct {
				Files []struct {
					Error    string
					Findings []struct {
						Rule string
						Line int
						Text string
					}
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Files) != 1 {
				t.Fatalf("%v\n%.300s%s", err, r.stdout, r.stderr)
			}
			found := false
			for _, f := range rep.Files[0].Findings {
				if f.Rule == "forbidden-phrases" {
					found = true
					if f.Line != tc.want {
						t.Errorf("the 禁语 at line %d, want %d", f.Line, tc.want)
					}
				}
			}
			if !found {
				t.Errorf("the 禁语 not found: %+v %s", rep.Files[0].Findings, rep.Files[0].Error)
			}
		})
	}
}
