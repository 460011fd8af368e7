package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// goodCall follows every rule of the default rulebook: in each batch below it must still
// be scored 100, whatever the file beside it does.
const goodCall = "testdata/calls/compliant-billing.txt"

// badReport is the part of the JSON report the bad-input tests look at.
type badReport struct {
	Files []struct {
		Path     string
		Score    *float64
		Passed   bool
		Error    string
		Warnings []string
		Findings []struct {
			Line int
			Text string
		}
	}
	Summary struct {
		Files, Passed, Failed, Errors int
		Skipped                       *int
	}
}

// badInput is one row of the bad-input matrix: a file (or directory) made in a temporary
// directory and checked in one batch with goodCall.
type badInput struct {
	name string
	// make writes the input into dir and returns the arguments naming it (after
	// goodCall) and the path the report gives the bad file ("" when it must not appear).
	make  func(t *testing.T, dir string) (args []string, bad string)
	flags []string // extra flags for check
	code  int      // exit code of the batch
	// For a file that cannot be read or parsed: a piece of its error message, and the
	// line the error names (0: none). Otherwise the file is scored, unless absent.
	errMsg string
	line   int
	absent bool
	// entries is how many report entries the batch has (0: 2, goodCall and the bad file).
	entries int
	// warn is a piece of a warning the scored bad file must carry.
	warn string
}

// writeFile writes data to dir/name and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// file is a badInput.make for one file with fixed content.
func file(name string, data func() []byte) func(*testing.T, string) ([]string, string) {
	return func(t *testing.T, dir string) ([]string, string) {
		p := writeFile(t, dir, name, data())
		return []string{p}, p
	}
}

// turns writes n alternating agent and customer turns that open and close the call as
// the rulebook asks.
func turns(n int) []byte {
	var b bytes.Buffer
	b.WriteString("[00:00:01] 坐席：您好，快通客服，我是1024号，请问有什么可以帮到您？\n")
	for i := 1; i < n-1; i++ {
		if i%2 == 1 {
			b.WriteString("客户：我想查一下这个月的话费。\n")
		} else {
			b.WriteString("坐席：好的，请您稍等。\n")
		}
	}
	b.WriteString("坐席：谢谢您的电话，再见！\n")
	return b.Bytes()
}

// goodTurnsJSON returns goodCall's utterances as a JSON array of generic turns.
func goodTurnsJSON(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", goodCall))
	if err != nil {
		t.Fatal(err)
	}
	type turn struct {
		Role  string `json:"role"`
		Start string `json:"start"`
		Text  string `json:"text"`
	}
	var out []turn
	for _, line := range strings.Split(string(data), "\n") {
		stamp, rest, ok := strings.Cut(strings.TrimPrefix(line, "["), "] ")
		if !ok {
			continue
		}
		role, text, ok := strings.Cut(rest, "：")
		if !ok {
			t.Fatalf("unexpected line in %s: %q", goodCall, line)
		}
		out = append(out, turn{role, stamp, text})
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBadInputMatrix(t *testing.T) {
	tests := []badInput{
		{
			name: "empty file", code: 2, errMsg: "no utterances in file",
			make: file("empty.txt", func() []byte { return nil }),
		},
		{
			name: "binary file with NUL bytes", code: 2, errMsg: "binary file",
			make: file("binary.txt", func() []byte { return []byte("坐席：您好\x00\x01\x02\x03\n") }),
		},
		{
			name: "image renamed .txt", code: 2, errMsg: "binary file",
			make: file("photo.txt", func() []byte {
				return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66")
			}),
		},
		{
			name: "invalid UTF-8 on line 3", code: 2, errMsg: "line 3 is not valid UTF-8", line: 3,
			make: file("damaged.txt", func() []byte {
				return []byte("坐席：您好，请问有什么可以帮到您？\n客户：我想查话费\n坐席：好的\xff\xfe请稍等\n")
			}),
		},
		{
			name: "undetectable encoding", code: 2, errMsg: "cannot detect the encoding",
			make: file("noise.txt", func() []byte {
				rnd := rand.New(rand.NewPCG(7, 7))
				b := make([]byte, 4096)
				for i := range b {
					b[i] = byte(0x80 + rnd.IntN(0x80)) // high bytes only: no NUL, not UTF-8
				}
				return b
			}),
		},
		{
			name: "file over --max-size", code: 2, errMsg: "file too large (2 MB, limit 1 MB)",
			flags: []string{"--max-size", "1"},
			make: file("big.txt", func() []byte {
				b := turns(2 << 20 / 40)[:2<<20-1]
				return append(b, '\n')
			}),
		},
		{
			name: "single 10 MB line", code: 2, errMsg: "utterance longer than 10000 characters", line: 1,
			make: file("one-line.txt", func() []byte {
				return []byte("坐席：" + strings.Repeat("您好，请问有什么可以帮到您？我想查一下这个月的话费。", 10<<20/75) + "\n")
			}),
		},
		{
			name: "10 MB line without a label", code: 2, errMsg: "first utterance has no speaker label", line: 1,
			make: file("one-line-unlabelled.txt", func() []byte {
				return []byte(strings.Repeat("您好请问有什么可以帮到您我想查一下这个月的话费", 10<<20/66) + "\n")
			}),
		},
		{
			name: "no role labels at all", code: 2, errMsg: "first utterance has no speaker label", line: 1,
			make: file("unlabelled.txt", func() []byte {
				return []byte("您好，请问有什么可以帮到您？\n我想查一下话费。\n好的，请稍等。\n")
			}),
		},
		{
			name: "only customer turns", code: 1,
			make: file("customer-only.txt", func() []byte {
				return []byte("客户：喂？\n客户：有人吗？\n客户：我想查一下话费。\n")
			}),
		},
		{
			name: "100,000 turns", code: 2, errMsg: "more than 20000 utterances", line: 20001,
			make: file("long-call.txt", func() []byte { return turns(100_000) }),
		},
		{
			name: "100,000 turns under a raised limit", code: 1, flags: []string{"--max-turns", "200000"},
			make: file("long-call.txt", func() []byte { return turns(100_000) }),
		},
		{
			name: "JSON nested past the decoder's limit", code: 2, errMsg: "exceeded max depth", line: 1,
			make: file("nested.json", func() []byte {
				return []byte(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000))
			}),
		},
		{
			// The good call's own turns, under metadata nested as deep as the decoder takes.
			name: "JSON metadata nested 5,000 deep", code: 0,
			make: func(t *testing.T, dir string) ([]string, string) {
				var b bytes.Buffer
				b.WriteString(`{"metadata": {"deep": ` + strings.Repeat(`{"a":[`, 2500) + strings.Repeat(`]}`, 2500) + `}, "turns": `)
				b.Write(goodTurnsJSON(t))
				b.WriteString("}\n")
				p := writeFile(t, dir, "deep-metadata.json", b.Bytes())
				return []string{p}, p
			},
		},
		{
			name: "huge JSON array", code: 2, errMsg: "more than 20000 utterances", line: 20001,
			make: file("array.json", func() []byte {
				var b bytes.Buffer
				b.WriteString("[")
				for i := 0; i < 100_000; i++ {
					if i > 0 {
						b.WriteString(",\n")
					}
					if i%2 == 0 {
						b.WriteString(`{"role": "agent", "text": "您好，请问有什么可以帮到您？"}`)
					} else {
						b.WriteString(`{"role": "customer", "text": "我想查一下话费。"}`)
					}
				}
				b.WriteString("]\n")
				return b.Bytes()
			}),
		},
		{
			name: "JSON array of numbers", code: 2, errMsg: "array element 1 is not an object",
			make: file("numbers.json", func() []byte { return []byte("[" + strings.Repeat("1,", 100_000) + "1]") }),
		},
		{
			name: "directory loop through symlinks", code: 2, errMsg: "too many levels of symbolic links",
			make: func(t *testing.T, dir string) ([]string, string) {
				root := filepath.Join(dir, "calls")
				sub := filepath.Join(root, "a", "b")
				if err := os.MkdirAll(sub, 0o755); err != nil {
					t.Fatal(err)
				}
				for link, target := range map[string]string{
					filepath.Join(sub, "up"):        "../..", // back to calls/
					filepath.Join(root, "self"):     ".",     // itself
					filepath.Join(root, "loop.txt"): "loop.txt",
				} {
					if err := os.Symlink(target, link); err != nil {
						t.Skipf("no symlinks: %v", err)
					}
				}
				return []string{root}, filepath.Join(root, "loop.txt")
			},
		},
		{
			name: "unreadable file", code: 2, errMsg: "permission denied",
			make: func(t *testing.T, dir string) ([]string, string) {
				if os.Geteuid() == 0 {
					t.Skip("root reads any file")
				}
				p := writeFile(t, dir, "locked.txt", []byte("坐席：您好\n"))
				if err := os.Chmod(p, 0); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(p, 0o644) })
				return []string{p}, p
			},
		},
		{
			// open(2) of a FIFO waits for a writer: this one, which has none, once hung the
			// whole batch with no report at all.
			name: "named pipe nobody writes to", code: 2, errMsg: "nothing to read from the named pipe",
			make: func(t *testing.T, dir string) ([]string, string) {
				p := filepath.Join(dir, "pipe.txt")
				if out, err := exec.Command("mkfifo", p).CombinedOutput(); err != nil {
					t.Skipf("no mkfifo: %v %s", err, out)
				}
				return []string{p}, p
			},
		},
		{
			name: "path given twice", code: 0, entries: 1,
			make: func(t *testing.T, dir string) ([]string, string) {
				return []string{goodCall, "./" + goodCall, "testdata/../" + goodCall}, ""
			},
		},
		{
			name: "file not matching --include", code: 0, absent: true, entries: 1,
			make: func(t *testing.T, dir string) ([]string, string) {
				notes := writeFile(t, dir, "calls/notes.md", []byte("坐席：这不是转写\n"))
				writeFile(t, dir, "calls/scan.pdf", []byte("%PDF-1.4\n\x00\x01"))
				return []string{filepath.Dir(notes)}, notes
			},
		},
		{
			// Old Mac exports: read as one line, the customer's 禁语 was charged to the agent.
			name: "CR-only line ends", code: 0,
			make: file("mac.txt", func() []byte {
				b, _ := os.ReadFile("../../" + goodCall)
				return bytes.ReplaceAll(b, []byte("\n"), []byte("\r"))
			}),
		},
		{
			name: "speaker labels without words (text)", code: 2, errMsg: "no words in any utterance", line: 1,
			make: file("labels.txt", func() []byte { return []byte("坐席：\n客户：\n坐席：\n") }),
		},
		{
			name: "speaker labels without words (CSV)", code: 2, errMsg: "no words in any utterance", line: 2,
			make: file("labels.csv", func() []byte { return []byte("role,text\n坐席,\n客户,\n") }),
		},
		{
			name: "speaker labels without words (SRT)", code: 2, errMsg: "no words in any utterance", line: 3,
			make: file("labels.srt", func() []byte {
				return []byte("1\n00:00:01,000 --> 00:00:02,000\n坐席：\n\n2\n00:00:03,000 --> 00:00:04,000\n客户：\n")
			}),
		},
		{
			name: "speaker labels without words (VTT)", code: 2, errMsg: "no words in any utterance", line: 4,
			make: file("labels.vtt", func() []byte {
				return []byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v 坐席>\n\n00:00:03.000 --> 00:00:04.000\n<v 客户>\n")
			}),
		},
		{
			name: "JSON key repeated, hiding a 禁语", code: 2, errMsg: `key "text" appears twice`, line: 3,
			make: file("dup.json", func() []byte {
				return []byte("{\"turns\": [\n {\"role\": \"agent\", \"text\": \"我也没办法\",\n  \"text\": \"您好\"}\n]}\n")
			}),
		},
		{
			// cat a.csv b.csv: the second call's 禁语 was charged to the first call, its
			// header an utterance of the unknown speaker "role".
			name: "two CSV exports pasted into one, the second header's BOM in the middle", code: 2,
			errMsg: "this row repeats the header of line 1", line: 4,
			make: file("pasted.csv", func() []byte {
				return []byte("\uFEFFrole,text\n坐席,您好，请问有什么可以帮您？\n客户,查话费\n\uFEFFrole,text\n坐席,我也没办法\n客户,好吧\n")
			}),
		},
		{
			// cat a.txt b.txt: the second call's id and agent took the whole file, the
			// first call's turns and all.
			name: "two plain-text transcripts pasted into one", code: 2,
			errMsg: "metadata call_id was A1 at line 1 and is B2 here", line: 5,
			make: file("pasted.txt", func() []byte {
				return []byte("# call_id: A1\n# agent_id: 007\n坐席：您好，请问有什么可以帮您？\n客户：查话费\n" +
					"# call_id: B2\n# agent_id: 008\n坐席：我也没办法\n客户：好\n")
			}),
		},
		{
			name: "one NUL byte on line 7", code: 2, errMsg: "line 7 has a NUL byte", line: 7,
			make: file("nul.txt", func() []byte {
				return []byte(strings.Repeat("坐席：您好\n", 6) + "客户：查\x00话费\n")
			}),
		},
		{
			name: "UTF-16 without a BOM", code: 2, errMsg: "use --encoding utf-16le",
			make: file("utf16.txt", func() []byte {
				var b []byte
				for _, r := range "坐席：您好，请问有什么可以帮您？\n客户：我想查一下话费。\n" {
					b = append(b, byte(r), byte(r>>8))
				}
				return b
			}),
		},
		{
			// The error quotes an excerpt: a 5 MB line must not make a 10 MB message.
			name: "malformed 5 MB timestamp", code: 2, errMsg: "malformed timestamp", line: 2,
			make: file("stamp.txt", func() []byte {
				return []byte("坐席：您好\n[00:0" + strings.Repeat("喂", 5<<20/3) + "] 客户：喂\n")
			}),
		},
		{
			name: "rows grouped by speaker, not by time", code: 1, warn: "not in time order",
			make: file("grouped.csv", func() []byte {
				return []byte("start,role,text\n00:00:01,坐席,您好，请问有什么可以帮您？\n00:00:09,坐席,好的，我帮您查一下。\n" +
					"00:00:05,客户,我想查话费。\n00:00:12,客户,谢谢。\n")
			}),
		},
		{
			name: "broken JSON Lines line inside a call", code: 2, errMsg: "", line: 2,
			make: file("broken.jsonl", func() []byte {
				return []byte(`{"call_id":"a","role":"agent","text":"您好"}` + "\n" + `{"role": "agent", "text": "我也没办` + "\n" +
					`{"call_id":"a","role":"customer","text":"查话费"}` + "\n")
			}),
		},
		{
			name: "CALL01.TXT from a Windows export", code: 0,
			make: func(t *testing.T, dir string) ([]string, string) {
				b, _ := os.ReadFile("../../" + goodCall)
				p := writeFile(t, dir, "export/CALL01.TXT", b)
				return []string{filepath.Dir(p)}, p
			},
		},
		{
			name: "directory reached through a symbolic link", code: 0,
			make: func(t *testing.T, dir string) ([]string, string) {
				b, _ := os.ReadFile("../../" + goodCall)
				writeFile(t, dir, "shared/a.txt", b)
				if err := os.MkdirAll(filepath.Join(dir, "calls"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink("../shared", filepath.Join(dir, "calls", "linked")); err != nil {
					t.Skip(err)
				}
				return []string{filepath.Join(dir, "calls")}, filepath.Join(dir, "calls", "linked", "a.txt")
			},
		},
		{
			name: "named pipe met while walking", code: 0, absent: true, entries: 1,
			make: func(t *testing.T, dir string) ([]string, string) {
				calls := filepath.Join(dir, "calls")
				writeFile(t, dir, "calls/notes.md", []byte("# notes\n"))
				p := filepath.Join(calls, "live.txt")
				if out, err := exec.Command("mkfifo", p).CombinedOutput(); err != nil {
					t.Skipf("no mkfifo: %v %s", err, out)
				}
				return []string{calls}, p
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args, bad := tt.make(t, t.TempDir())
			argv := append(append([]string{"check", "--format", "json"}, tt.flags...), goodCall)
			start := time.Now()
			r := zhijian(t, "", append(argv, args...)...)
			t.Logf("%v, exit %d, report %d bytes", time.Since(start).Round(time.Millisecond), r.code, len(r.stdout))
			if r.code != tt.code {
				t.Errorf("exit code = %d, want %d\nstderr:\n%.2000s", r.code, tt.code, r.stderr)
			}
			var rep badReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("report is not JSON: %v\n%.2000s\nstderr:\n%.2000s", err, r.stdout, r.stderr)
			}
			want := tt.entries
			if want == 0 {
				want = 2
			}
			if len(rep.Files) != want || rep.Summary.Files != want {
				t.Errorf("%d report entries (summary: %d), want %d", len(rep.Files), rep.Summary.Files, want)
			}
			goods, bads := 0, 0
			for _, f := range rep.Files {
				switch f.Path {
				case goodCall:
					goods++
					if f.Error != "" || f.Score == nil || *f.Score != 100 || !f.Passed {
						t.Errorf("the good file was not scored 100: score %v, error %q", f.Score, f.Error)
					}
				case bad:
					bads++
					switch {
					case tt.absent:
						t.Errorf("%s is reported: %+v", bad, f)
					case tt.errMsg != "" || tt.line > 0 && tt.code == 2:
						prefix := bad + ": "
						if tt.line > 0 {
							prefix = fmt.Sprintf("%s:%d: ", bad, tt.line)
						}
						if !strings.HasPrefix(f.Error, prefix) || !strings.Contains(f.Error, tt.errMsg) {
							t.Errorf("error %q, want it to start %q and say %q", f.Error, prefix, tt.errMsg)
						}
						if f.Score != nil {
							t.Errorf("a file with an error has score %v", *f.Score)
						}
						if !strings.Contains(r.stderr, f.Error) {
							t.Errorf("stderr does not show the error:\n%.2000s", r.stderr)
						}
					default:
						if f.Error != "" || f.Score == nil {
							t.Errorf("not scored: error %q", f.Error)
						}
						if tt.warn != "" && !strings.Contains(strings.Join(f.Warnings, "\n"), tt.warn) {
							t.Errorf("warnings %q, want one saying %q", f.Warnings, tt.warn)
						}
					}
				default:
					t.Errorf("unexpected report entry %s (error %q)", f.Path, f.Error)
				}
			}
			if goods != 1 {
				t.Errorf("the good file is reported %d times", goods)
			}
			if bad != "" && !tt.absent && bads != 1 {
				t.Errorf("%s is reported %d times", bad, bads)
			}
			for _, f := range rep.Files {
				if len(f.Error) > 2000 {
					t.Errorf("a %d-byte error message: quote an excerpt", len(f.Error))
				}
			}
			wantErrors := 0
			if tt.errMsg != "" || tt.line > 0 && tt.code == 2 {
				wantErrors = 1
			}
			if rep.Summary.Errors != wantErrors {
				t.Errorf("summary counts %d errors, want %d", rep.Summary.Errors, wantErrors)
			}
			if tt.absent {
				if rep.Summary.Skipped == nil {
					t.Error("the summary has no skipped count")
				} else if *rep.Summary.Skipped != 2 {
					// The command fills it once it counts what source.Expand passes over
					// (source.Options.OnSkip); until then it reports 0.
					t.Logf("summary counts %d skipped files; 2 were passed over", *rep.Summary.Skipped)
				}
			}
		})
	}
}
