package calibrate_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"golang.org/x/text/encoding/simplifiedchinese"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/calibrate"
	calibratecmd "github.com/zhijian-qa/zhijian/pkg/cmd/calibrate"
	"github.com/zhijian-qa/zhijian/pkg/cmdutil"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/rulebook"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// The fixture: three calls checked with the default rulebook, labelled in labels.csv.
//
//	t1.txt  clean; labelled pass, no violations
//	t2.txt  the customer's thanks on line 5 unanswered (answer-thanks, a response rule,
//	        labelled on line 6: paired within 2 lines), no closing (labelled without a
//	        line: paired with the missing step), no welcome back (not labelled: a false
//	        positive); labelled fail, scored 85 (pass): a verdict disagreement
//	t3.txt  never says 先生/女士 (use-customer-title, paired), never asks the name
//	        (ask-surname, not labelled), the reviewer's confirm-understanding on line 4
//	        (no finding: missed); passes on both sides
const (
	labelsCSV = "testdata/labels.csv"
	calls     = "testdata/calls"
)

// run runs the command in-process, without a project configuration.
func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	t.Setenv("ZHIJIAN_LANG", "")
	ios, _, out, errOut := iostreams.Test()
	cmd := calibratecmd.NewCmdCalibrate(&cmdutil.Factory{IOStreams: ios})
	cmd.SetArgs(append([]string{"--no-config"}, args...))
	cmd.SetOut(errOut) // cobra's usage
	cmd.SetErr(errOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	err = cmd.Execute()
	cmdutil.PrintError(errOut, err) // as main does
	return out.String(), errOut.String(), err
}

func exitCode(err error) int { return cmdutil.ExitCode(err) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestText(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			out, errOut, err := run(t, "--lang", lang, labelsCSV, calls)
			if err != nil {
				t.Fatalf("exit %d: %v\n%s", exitCode(err), err, errOut)
			}
			if errOut != "" {
				t.Errorf("stderr: %s", errOut)
			}
			golden(t, "calibrate."+lang+".txt", out)
		})
	}
}

func TestJSON(t *testing.T) {
	out, errOut, err := run(t, "-f", "json", labelsCSV, calls)
	if err != nil {
		t.Fatalf("exit %d: %v\n%s", exitCode(err), err, errOut)
	}
	var r struct {
		Rulebook struct{ Name string } `json:"rulebook"`
		calibrate.Result
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Rulebook.Name != "default" || r.Calls != 3 || r.Unlabelled != 0 {
		t.Errorf("rulebook %q, calls %d, unlabelled %d", r.Rulebook.Name, r.Calls, r.Unlabelled)
	}
	wantVerdict := calibrate.Verdicts{LabelledPass: calibrate.VerdictRow{ToolPass: 2}, LabelledFail: calibrate.VerdictRow{ToolPass: 1}, Agreement: 0.667}
	if r.Verdict != wantVerdict {
		t.Errorf("verdicts %+v, want %+v", r.Verdict, wantVerdict)
	}
	wantOverall := calibrate.Figures{TP: 3, FP: 1, FN: 1, Precision: 0.75, Recall: 0.75, F1: 0.75}
	if r.Overall != wantOverall {
		t.Errorf("overall %+v, want %+v", r.Overall, wantOverall)
	}
	per := map[string][3]int{}
	for _, c := range r.PerConcept {
		per[c.Concept] = [3]int{c.TP, c.FP, c.FN}
	}
	wantPer := map[string][3]int{"answer-thanks": {1, 0, 0}, "closing": {1, 0, 0},
		"use-customer-title": {1, 0, 0}, "ask-surname": {0, 1, 0}, "confirm-understanding": {0, 0, 1}}
	if fmt.Sprint(per) != fmt.Sprint(wantPer) {
		t.Errorf("per concept %v, want %v", per, wantPer)
	}
	var kinds []string
	for _, d := range r.Disagreements {
		kinds = append(kinds, fmt.Sprintf("%s:%d %s %s", filepath.Base(d.File), d.Line, d.Type, d.Concept))
	}
	// ask-surname is missing from the whole call: it has no line, and comes after the lined.
	want := []string{"t2.txt:0 verdict ",
		"t3.txt:4 missed confirm-understanding", "t3.txt:0 false positive ask-surname"}
	if strings.Join(kinds, "|") != strings.Join(want, "|") {
		t.Errorf("disagreements %q, want %q", kinds, want)
	}
	// A missed label quotes its line, read from the transcript.
	if d := r.Disagreements[1]; d.Text != "好的，已经为您办好了。请问还有什么能帮到您？" || d.Role != "agent" || d.Label != "testdata/labels.csv:6" {
		t.Errorf("missed label: %+v", d)
	}
}

// --concept compares only the concepts named.
func TestConceptFilter(t *testing.T) {
	out, _, err := run(t, "-f", "json", "--concept", "answer-thanks", "--concept", "closing", labelsCSV, calls)
	if err != nil {
		t.Fatal(err)
	}
	var r calibrate.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Overall.TP != 2 || r.Overall.FP != 0 || r.Overall.FN != 0 || len(r.PerConcept) != 2 {
		t.Errorf("overall %+v, concepts %+v", r.Overall, r.PerConcept)
	}
}

// A label directory, labels naming calls that were not checked, and a concept no rule
// checks.
func TestProblems(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(labelsCSV)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	more := `{"calls": [{"file": "telecom/t9.txt", "verdict": "pass"},
  {"file": "telecom/t1.txt", "verdict": "pass", "violations": [{"concept": "no-such-concept", "line": 3}]}]}`
	if err := os.WriteFile(filepath.Join(dir, "b.json"), []byte(more), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := run(t, dir, calls)
	if exitCode(err) != cmdutil.ExitInvalid {
		t.Fatalf("exit %d, want 2: %v", exitCode(err), err)
	}
	for _, want := range []string{
		"b.json:1: 标注的通话 telecom/t9.txt 不在检查的文件中 / labelled call telecom/t9.txt is not among the checked files",
		"没有检查概念 no-such-concept 的规则",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	// The rest is still compared and reported.
	if !strings.Contains(out, "总体  TP 3  FP 1  FN 2") {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestBadInvocations(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("file,verdict,concept,line\ntelecom/t1.txt,pass,,\ntelecom/t2.txt,bad,,\ntelecom/t3.txt,fail,closing,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{bad, calls}, []string{bad + `:3: 未知的 verdict "bad"`, bad + `:4: line 应为从 1 起的行号，而不是 "x"`, "标注无效 / invalid labels"}},
		{[]string{"-f", "xml", labelsCSV, calls}, []string{"unknown --format"}},
		{[]string{"--lang", "fr", labelsCSV, calls}, []string{"unknown --lang"}},
		{[]string{"--concept", "", labelsCSV, calls}, []string{"--concept cannot be empty"}},
		{[]string{"--rules", filepath.Join(dir, "none.yaml"), labelsCSV, calls}, []string{"none.yaml", "invalid rulebook"}},
		{[]string{labelsCSV, filepath.Join(dir, "none")}, []string{"none", "不在检查的文件中"}},
	}
	for _, tt := range tests {
		_, errOut, err := run(t, tt.args...)
		if exitCode(err) != cmdutil.ExitInvalid {
			t.Errorf("%v: exit %d, want 2 (%v)", tt.args, exitCode(err), err)
			continue
		}
		all := errOut + "\n" + err.Error()
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, all)
			}
		}
	}
}

// A label file exported from a spreadsheet in GBK beside UTF-8 transcripts: too short to
// tell GBK from Big5, it is refused with the flag that reads it, and read with it.
func TestLabelsEncoding(t *testing.T) {
	dir := t.TempDir()
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("file,verdict,concept,line,note\ntelecom/t1.txt,合格,,,\n")
	if err != nil {
		t.Fatal(err)
	}
	labels := filepath.Join(dir, "reviewed.csv")
	if err := os.WriteFile(labels, []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := run(t, labels, calls)
	if exitCode(err) != cmdutil.ExitInvalid || !strings.Contains(errOut, "--labels-encoding") || strings.Contains(errOut, " --encoding") {
		t.Errorf("without --labels-encoding: exit %d, want 2 naming --labels-encoding:\n%s", exitCode(err), errOut)
	}
	out, errOut, err := run(t, "--labels-encoding", "gbk", labels, calls)
	if err != nil && exitCode(err) != cmdutil.ExitFailed {
		t.Fatalf("with --labels-encoding gbk: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "已标注 1 通") {
		t.Errorf("with --labels-encoding gbk the call is not labelled:\n%s", out)
	}
	if _, _, err := run(t, "--labels-encoding", "klingon", labels, calls); exitCode(err) != cmdutil.ExitInvalid {
		t.Errorf("an unknown encoding: exit %d, want 2", exitCode(err))
	}
}

// The text report lists the first MaxListed disagreements unless asked for all.
func TestWriteLimitsDisagreements(t *testing.T) {
	r := &calibrate.Result{}
	for i := range calibratecmd.MaxListed + 5 {
		r.Disagreements = append(r.Disagreements, calibrate.Disagreement{File: "t.txt", Line: i + 1, Type: calibrate.FalsePositive,
			Concept: "forbidden-phrase", Rule: "forbidden-phrases", Message: "使用服务禁语", Role: "agent", Text: "你有完没完", Match: "你有完没完"})
	}
	rb := &rulebook.Rulebook{Name: "x", Version: "1"}
	for _, all := range []bool{false, true} {
		var b strings.Builder
		if err := calibratecmd.Write(&b, r, rb, calibratecmd.WriteOptions{All: all}); err != nil {
			t.Fatal(err)
		}
		n := strings.Count(b.String(), "误报  forbidden-phrase (forbidden-phrases)  使用服务禁语")
		more := strings.Contains(b.String(), "另有 5 条，--errors 列出全部")
		if all && (n != 25 || more) || !all && (n != 20 || !more) {
			t.Errorf("all=%v: %d listed, more=%v:\n%s", all, n, more, b.String())
		}
		if !strings.Contains(b.String(), "      坐席 【你有完没完】\n") {
			t.Errorf("the utterance is not quoted with its match:\n%s", b.String())
		}
	}
}

// docs/calibration.md shows the real output on the fixture.
func TestDocsShowTheOutput(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/calibration.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/calibrate.zh.txt.golden")
	if err != nil {
		t.Fatal(err)
	}
	block := "$ cd pkg/cmd/calibrate && zhijian calibrate testdata/labels.csv testdata/calls\n" + string(want) + "```"
	if !strings.Contains(string(doc), block) {
		t.Errorf("docs/calibration.md does not show testdata/calibrate.zh.txt.golden after the command:\n%s", want)
	}
	labels, err := os.ReadFile(labelsCSV)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```csv\n"+string(labels)+"```") {
		t.Errorf("docs/calibration.md does not show %s", labelsCSV)
	}
}
