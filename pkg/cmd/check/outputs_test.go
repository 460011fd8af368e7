package check_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhijian-qa/zhijian/pkg/cmd/check"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

const calls = "../../../testdata/calls"

// countingWriter counts the writes made to it, to see streaming.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

type result struct {
	stdout *countingWriter
	stderr string
	err    error
}

// runCheck runs the command with streams set up by setup (which may be nil).
func runCheck(t *testing.T, setup func(*iostreams.IOStreams), stdin string, args ...string) result {
	t.Helper()
	ios, in, _, errOut := iostreams.Test()
	out := &countingWriter{}
	ios.Out = out
	in.WriteString(stdin)
	if setup != nil {
		setup(ios)
	}
	cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs(args)
	err := cmd.Execute()
	return result{out, errOut.String(), err}
}

func exitCode(err error) int {
	return cmdutil.ExitCode(err)
}

func sampleCount(t *testing.T) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(calls, "*.txt"))
	if err != nil || len(m) == 0 {
		t.Fatal("no sample calls")
	}
	return len(m)
}

// Every format at once: streamed ones and collected ones, each in its file, nothing on
// standard output.
func TestEveryFormatAtOnce(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	r := runCheck(t, nil, "", "-o", "json="+p("r.json"), "-o", "jsonl="+p("r.jsonl"), "-o", "csv="+p("f.csv"),
		"--summary-csv", p("c.csv"), "-o", "xlsx="+p("r.xlsx"), "-o", "html="+p("r.html"), "-o", "text="+p("r.txt"), calls)
	if exitCode(r.err) != cmdutil.ExitFailed {
		t.Fatalf("exit %v, want 1\n%s", r.err, r.stderr)
	}
	if r.stdout.Len() != 0 {
		t.Errorf("stdout should be empty when every report goes to a file:\n%s", r.stdout)
	}
	n := sampleCount(t)
	var rep report.Report
	data, _ := os.ReadFile(p("r.json"))
	if err := json.Unmarshal(data, &rep); err != nil || len(rep.Files) != n {
		t.Fatalf("json: %v, %d files", err, len(rep.Files))
	}
	jsonl, _ := os.ReadFile(p("r.jsonl"))
	if lines := strings.Count(string(jsonl), "\n"); lines != n {
		t.Errorf("jsonl has %d lines, want %d", lines, n)
	}
	for _, csv := range []string{"f.csv", "c.csv"} {
		data, _ := os.ReadFile(p(csv))
		if !bytes.HasPrefix(data, []byte("\uFEFF文件,通话编号,坐席,得分,结果")) {
			t.Errorf("%s does not start with the BOM and header: %.60q", csv, data)
		}
	}
	c, _ := os.ReadFile(p("c.csv"))
	if rows := strings.Count(string(c), "\r\n"); rows != n+1 {
		t.Errorf("summary csv has %d rows, want %d", rows, n+1)
	}
	x, err := excelize.OpenFile(p("r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if rows, _ := x.GetRows("通话"); len(rows) != n+1 {
		t.Errorf("xlsx 通话 has %d rows, want %d", len(rows), n+1)
	}
	for _, f := range []string{"r.html", "r.txt"} {
		if fi, err := os.Stat(p(f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 7 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// JSON Lines goes out as the batch runs, not as one block at the end: the line of a
// checked file reaches standard output while the next input, standard input, is still
// waited for. It is written to standard input only once that line is out.
func TestJSONLStreamsToStdout(t *testing.T) {
	file := filepath.Join(calls, "compliant-billing.txt")
	call, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	stdin, feed := io.Pipe()
	out := &firstWrite{seen: make(chan struct{})}
	go func() {
		select {
		case <-out.seen:
			feed.Write(call)
			feed.Close()
		case <-time.After(10 * time.Second):
			feed.CloseWithError(errors.New("no line on standard output while the batch waited"))
		}
	}()
	ios, _, _, errOut := iostreams.Test()
	ios.In, ios.Out = stdin, out
	cmd := check.NewCmdCheck(&cmdutil.Factory{IOStreams: ios}, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"-f", "jsonl", "--workers", "1", file, "-"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	var paths []string
	sc := bufio.NewScanner(&out.Buffer)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var f report.Call
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil || f.Error != "" {
			t.Fatalf("line %d: %v %q", len(paths)+1, err, sc.Text())
		}
		paths = append(paths, f.Path)
	}
	if want := []string{file, "-"}; !slices.Equal(paths, want) {
		t.Errorf("lines for %q, want %q", paths, want)
	}
}

// firstWrite closes seen at its first write.
type firstWrite struct {
	bytes.Buffer
	seen chan struct{}
	once sync.Once
}

func (w *firstWrite) Write(p []byte) (int, error) {
	defer w.once.Do(func() { close(w.seen) })
	return w.Buffer.Write(p)
}

func TestProgressBarOnlyOnATerminal(t *testing.T) {
	tty := func(ios *iostreams.IOStreams) { ios.SetStderrTTY(true) }
	n := sampleCount(t)
	bar := runCheck(t, tty, "", "-f", "json", calls)
	if !strings.Contains(bar.stderr, "\r") || !strings.Contains(bar.stderr, "/"+strconv.Itoa(n)+" 个文件") {
		t.Errorf("no progress bar on a terminal: %q", bar.stderr)
	}
	if strings.Contains(bar.stdout.String(), "\r") {
		t.Error("the progress bar leaked into stdout")
	}
	for name, r := range map[string]result{
		"pipe":  runCheck(t, nil, "", "-f", "json", calls),
		"quiet": runCheck(t, tty, "", "-f", "json", "--quiet", calls),
	} {
		if r.stderr != "" {
			t.Errorf("%s: stderr should be empty, got %q", name, r.stderr)
		}
	}
	en := runCheck(t, tty, "", "-f", "json", "--lang", "en", calls)
	if !strings.Contains(en.stderr, "/"+strconv.Itoa(n)+" files") {
		t.Errorf("English bar: %q", en.stderr)
	}
}

func TestVerboseReportsEachFile(t *testing.T) {
	r := runCheck(t, nil, "", "-f", "json", "--verbose", calls, "no/such.txt")
	for _, want := range []string{"规则库 ", "compliant-billing.txt  得分 100  合格", "no/such.txt  错误: ", "完成：", "通/秒"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("verbose stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestGroupByAgent(t *testing.T) {
	r := runCheck(t, nil, "", "--group-by", "agent", calls)
	if !strings.Contains(r.stdout.String(), "按坐席：\n  坐席") || !strings.Contains(r.stdout.String(), "违规最多的规则：") {
		t.Errorf("no per-agent table:\n%s", r.stdout)
	}
	// The agent from the file name instead: every sample file is its own "agent".
	byName := runCheck(t, nil, "", "--group-by", "agent", "--agent-pattern", `calls/([a-z]+)-`, calls)
	if !strings.Contains(byName.stdout.String(), "\n  compliant ") {
		t.Errorf("agent not taken from the path:\n%s", byName.stdout)
	}
	for _, args := range [][]string{
		{"--group-by", "team", calls}, {"--agent-pattern", "(", calls}, {"--quiet", "--verbose", calls},
	} {
		if r := runCheck(t, nil, "", args...); exitCode(r.err) != cmdutil.ExitInvalid {
			t.Errorf("%v: exit %v, want a flag error", args, r.err)
		}
	}
}

// The HTML drill-down shows the whole transcript, standard input included.
func TestHTMLDrillDownHasTranscriptFromStdin(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	call := "坐席：喂？\n客户：我想查话费\n坐席：你有完没完\n客户：……\n坐席：再见\n"
	r := runCheck(t, nil, call, "-o", "html="+out, "-")
	if exitCode(r.err) != cmdutil.ExitFailed {
		t.Fatalf("exit %v\n%s", r.err, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	i := strings.Index(page, `id="zj-details">`)
	details := page[i:]
	details = details[:strings.Index(details, "</script>")]
	for _, want := range []string{`"full":true`, "我想查话费", "你有完没完"} {
		if !strings.Contains(details, want) {
			t.Errorf("drill-down data lacks %s: %s", want, details)
		}
	}
}

// JSON Lines on standard input (a Spark or Hadoop pipe stage) are checked a call at a
// time: a broken line is its own error entry, and the calls around it are scored.
func TestStdinJSONLStreamsCalls(t *testing.T) {
	stdin := `{"call_id": "a", "turns": [{"role": "agent", "text": "您好，请问有什么可以帮您？"}]}
{"call_id": "b", "turns": [
{"call_id": "c", "turns": [{"role": "agent", "text": "谢谢您的来电，再见"}]}
`
	r := runCheck(t, nil, stdin, "--input-format", "jsonl", "-f", "jsonl", "-")
	if exitCode(r.err) != 2 {
		t.Errorf("exit %d, want 2 (a broken line)", exitCode(r.err))
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout.String()), "\n") {
		var f report.Call
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		got = append(got, f.Metadata["call_id"]+"|"+f.Error)
	}
	want := []string{"a|", "|-:2: JSON 不完整（文件被截断？）/ unexpected end of JSON (truncated file?)", "c|"}
	if !slices.Equal(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
}

// An empty JSON Lines stream (an empty partition of a Spark job) has no calls: no
// entries, and not an error that would fail the task.
func TestStdinJSONLEmpty(t *testing.T) {
	r := runCheck(t, nil, "\n", "--input-format", "jsonl", "-f", "jsonl", "-")
	if exitCode(r.err) != 0 || r.stdout.Len() != 0 {
		t.Errorf("exit %d, output %q; want 0 and nothing", exitCode(r.err), r.stdout.String())
	}
}

// TestTextReportStreamedOrAtTheEnd: the text report streams to a pipe, and on a terminal
// under a progress bar is written once the bar is done; both are the same report.
func TestTextReportStreamedOrAtTheEnd(t *testing.T) {
	underBar := func(ios *iostreams.IOStreams) {
		ios.SetStdoutTTY(true)
		ios.SetStderrTTY(true)
		ios.SetColorEnabled(false)
	}
	piped := runCheck(t, nil, "", "--group-by", "agent", calls)
	atEnd := runCheck(t, underBar, "", "--group-by", "agent", calls)
	if !strings.Contains(atEnd.stderr, "\r") {
		t.Fatalf("no progress bar: %q", atEnd.stderr)
	}
	if piped.stdout.String() != atEnd.stdout.String() {
		t.Errorf("streamed text report differs from the one written at the end:\n%s\n---\n%s", piped.stdout, atEnd.stdout)
	}
	if !strings.Contains(piped.stdout.String(), "按坐席：") || !strings.Contains(piped.stdout.String(), "违规最多的规则：") {
		t.Errorf("the streamed report lacks its tables:\n%s", piped.stdout)
	}
}
