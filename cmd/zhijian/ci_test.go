package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"gopkg.in/yaml.v3"
)

// ciInputs is a batch with passing, failing, suppressed and unreadable files: every case
// the CI formats must carry.
var ciInputs = []string{"testdata/calls/compliant-billing.txt", "testdata/calls/forbidden-service.txt",
	"testdata/calls/hold-without-permission.txt", "no/such/file.txt"}

// xmllint validates XML against an XSD. The test command (.ci/test) installs Debian's libxml2-utils;
// elsewhere the test is skipped only when neither xmllint nor CI is there.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is missing on CI: .ci/test should install libxml2-utils")
		}
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	return path
}

func TestJUnitValidatesAgainstXSD(t *testing.T) {
	lint := xmllint(t)
	r := zhijian(t, "", append([]string{"check", "--format", "junit"}, ciInputs...)...)
	wantCode(t, r, 2) // a file is missing
	golden(t, "ci.junit.xml", r.stdout)
	out := filepath.Join(t.TempDir(), "junit.xml")
	if err := os.WriteFile(out, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	msg, err := exec.Command(lint, "--noout", "--schema", "../../testdata/schemas/junit-10.xsd", out).CombinedOutput()
	if err != nil {
		t.Fatalf("JUnit report does not validate against junit-10.xsd: %v\n%s", err, msg)
	}
	// One test case per call, one failure per failing rule, an error per unreadable file.
	for _, want := range []string{`tests="4" failures="2" errors="1"`, `<failure type="forbidden-phrases" message="使用服务禁语（`,
		`<error type="error" message="no/such/file.txt: `} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("JUnit report lacks %s", want)
		}
	}
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../../testdata/schemas/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF report does not validate against the SARIF 2.1.0 schema:\n%v", err)
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := sarifSchema(t)
	// The schema does check: a driver without a name is not SARIF.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}`))
	if sch.Validate(bad) == nil {
		t.Fatal("the SARIF schema accepts a driver without a name")
	}
	r := zhijian(t, "", append([]string{"check", "--format", "sarif"}, ciInputs...)...)
	wantCode(t, r, 2)
	validateSARIF(t, sch, r.stdout)
	// The version is the build's; the golden file has it out.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string
					Rules   []struct {
						ID   string
						Help struct{ Text, Markdown string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	golden(t, "ci.sarif.json", strings.Replace(r.stdout, `"version": "`+log.Runs[0].Tool.Driver.Version+`"`, `"version": "VERSION"`, 1))
	run := log.Runs[0]
	if len(run.Results) == 0 || len(run.Tool.Driver.Rules) < 40 {
		t.Fatalf("%d results, %d rules", len(run.Results), len(run.Tool.Driver.Rules))
	}
	for _, res := range run.Results {
		rule := run.Tool.Driver.Rules[res.RuleIndex]
		loc := res.Locations[0].PhysicalLocation
		if rule.ID != res.RuleID || rule.Help.Text == "" || loc.Region.StartLine < 1 || !strings.HasPrefix(loc.ArtifactLocation.URI, "testdata/calls/") {
			t.Errorf("result %s: rule %s, help %q, at %s:%d", res.RuleID, rule.ID, rule.Help.Text, loc.ArtifactLocation.URI, loc.Region.StartLine)
		}
	}

	// Suppressed findings are results with a suppression; the training repository has one.
	r = zhijianIn(t, trainingRepo, nil, "check", "--format", "sarif", "scripts/")
	wantCode(t, r, 1)
	validateSARIF(t, sch, r.stdout)
	if !strings.Contains(r.stdout, `"kind": "inSource"`) {
		t.Error("the suppressed finding is not in the SARIF log")
	}
}

func TestGitHubAnnotations(t *testing.T) {
	r := zhijian(t, "", append([]string{"check", "--format", "github"}, ciInputs...)...)
	wantCode(t, r, 2)
	golden(t, "ci.github.txt", r.stdout)
	for _, want := range []string{
		"::error file=testdata/calls/forbidden-service.txt,line=",
		",title=zhijian forbidden-phrases::使用服务禁语：“",
		"::error file=no/such/file.txt,title=zhijian::",
		"::warning file=testdata/calls/hold-without-permission.txt,line=",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in the workflow commands", want)
		}
	}
	// Inside GitHub Actions the annotations come without asking.
	auto := zhijianIn(t, ".", []string{"GITHUB_ACTIONS=true"}, append([]string{"check"}, ciInputs...)...)
	if auto.stdout != r.stdout {
		t.Error("GITHUB_ACTIONS=true does not switch the report to workflow commands")
	}
	// An explicit format wins.
	if txt := zhijianIn(t, ".", []string{"GITHUB_ACTIONS=true"}, "check", "--format", "text", ciInputs[1]); strings.Contains(txt.stdout, "::error") {
		t.Error("--format text still wrote workflow commands")
	}
}

func TestSeveralOutputsInOneRun(t *testing.T) {
	dir := t.TempDir()
	junit, sarif := filepath.Join(dir, "r.xml"), filepath.Join(dir, "r.sarif")
	r := zhijian(t, "", "check", "--format", "text", "-o", "junit="+junit, "-o", "sarif="+sarif, ciInputs[1])
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, "使用服务禁语") {
		t.Errorf("no text report on stdout:\n%s", r.stdout)
	}
	x, err1 := os.ReadFile(junit)
	s, err2 := os.ReadFile(sarif)
	if err1 != nil || err2 != nil || !strings.Contains(string(x), "<testsuites") || !strings.Contains(string(s), `"version": "2.1.0"`) {
		t.Errorf("reports not written: %v %v", err1, err2)
	}
}

func TestFailLevel(t *testing.T) {
	// wrong-number.txt has warnings only and scores above the pass mark.
	call := "testdata/calls/hold-without-permission.txt"
	base := zhijian(t, "", "check", "--format", "json", call)
	var rep struct{ Files []struct{ Passed bool } }
	if err := json.Unmarshal([]byte(base.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Files[0].Passed {
		t.Skip("the sample call fails on its score; pick another for --fail-level")
	}
	wantCode(t, base, 0)
	wantCode(t, zhijian(t, "", "check", "--fail-level", "error", call), 0)
	wantCode(t, zhijian(t, "", "check", "--fail-level", "warning", call), 1)
	wantCode(t, zhijian(t, "", "check", "--fail-level", "fatal", call), 2)
}

// copyTree copies the training repository so a test can change it.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestAdoptWithBaseline is the story of the README: a team adopts zhijian on scripts
// that already break rules, fails CI only on what is new, and suppresses a wrong example
// on purpose.
func TestAdoptWithBaseline(t *testing.T) {
	repo := copyTree(t, "../../"+trainingRepo)
	r := zhijianIn(t, repo, nil, "check", "scripts/")
	wantCode(t, r, 1) // fees.txt breaks a rule today

	r = zhijianIn(t, repo, nil, "check", "--write-baseline", ".zhijian-baseline.json", "scripts/")
	wantCode(t, r, 0)
	if !strings.Contains(r.stderr, "1 findings") {
		t.Errorf("stderr: %s", r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(repo, ".zhijian-baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "baseline.json", string(data))

	r = zhijianIn(t, repo, nil, "check", "--baseline", ".zhijian-baseline.json", "--format", "json", "scripts/")
	wantCode(t, r, 0)
	var rep struct {
		Files []struct {
			Path       string
			Suppressed []struct {
				Rule         string
				SuppressedBy string `json:"suppressed_by"`
			}
		}
		Summary struct{ Suppressed, Baselined int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Suppressed != 1 || rep.Summary.Baselined != 1 {
		t.Errorf("summary: %+v", rep.Summary)
	}

	// A new finding fails, the known one stays set aside; the line it is on may move.
	fees := filepath.Join(repo, "scripts", "wealth", "fees.txt")
	old, _ := os.ReadFile(fees)
	changed := strings.Replace(string(old), "[00:00:27] 理财顾问：赵先生", "[00:00:25] 客户：快点。\n[00:00:27] 理财顾问：赵先生", 1)
	changed = strings.Replace(changed, "[00:00:37.5] 客户：那算了。", "[00:00:37.5] 客户：那算了。\n[00:00:38.5] 理财顾问：你有完没完？", 1)
	writeTestFile(t, fees, changed)
	// The configuration names the baseline from now on.
	cfg, _ := os.ReadFile(filepath.Join(repo, ".zhijian.yaml"))
	writeTestFile(t, filepath.Join(repo, ".zhijian.yaml"), string(cfg)+"baseline: .zhijian-baseline.json\n")
	r = zhijianIn(t, repo, nil, "check", "--format", "github", "scripts/")
	wantCode(t, r, 1)
	if n := strings.Count(r.stdout, "::error "); n != 1 || !strings.Contains(r.stdout, "“你有完没完”") {
		t.Errorf("want exactly the new finding annotated, got %d:\n%s", n, r.stdout)
	}
}

func TestSuppressionComments(t *testing.T) {
	in := "坐席：您好，请问有什么可以帮到您？\n" +
		"# zhijian-disable-next-line forbidden-phrases -- 反面教材\n" +
		"坐席：你有完没完？\n" +
		"# zhijian-disable forbidden-phrase\n" + // a typo: warned about, suppresses nothing
		"坐席：你有完没完？\n" +
		"客户：没有了\n坐席：请问还有什么能帮到您？\n客户：没有了\n坐席：谢谢您的电话，再见！\n"
	r := zhijian(t, in, "check", "-")
	wantCode(t, r, 1)
	golden(t, "suppress.txt", r.stdout)
	if !strings.Contains(r.stdout, "已抑制 1 条") || !strings.Contains(r.stdout, `zhijian-disable names no rule "forbidden-phrase"`) {
		t.Errorf("report:\n%s", r.stdout)
	}
}

// TestReadmeTrainingRepoExample runs the worked example of a training-script repository
// the README shows; its output must appear there verbatim.
func TestReadmeTrainingRepoExample(t *testing.T) {
	r := zhijianIn(t, trainingRepo, nil, "check", "scripts/")
	wantCode(t, r, 1)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), r.stdout) {
		t.Errorf("README.md does not show the training repository's output as it is now:\n%s", r.stdout)
	}
	for _, f := range []string{"action.yml", ".pre-commit-hooks.yaml", trainingRepo + "/.github/workflows/zhijian.yml"} {
		if _, err := os.Stat("../../" + f); err != nil {
			t.Error(err)
		}
	}
}

// TestHooksAndActionDefaults: the pre-commit hook never hands check the files every
// repository has, and the action builds without touching the job's PATH or a cache outside
// the workspace, and writes its reports even when the rulebook tests failed.
func TestHooksAndActionDefaults(t *testing.T) {
	var hooks []struct {
		ID      string
		Files   string
		Exclude string
	}
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	files, exclude := regexp.MustCompile(hooks[0].Files), regexp.MustCompile(hooks[0].Exclude)
	for path, want := range map[string]bool{
		"README.txt": false, "docs/readme.txt": false, "requirements.txt": false, "requirements-dev.txt": false,
		"package.json": false, "web/package-lock.json": false, "LICENSE.txt": false, "rules/tests/a.txt": false,
		"scripts/day1.txt": true, "calls/a.json": true, "calls/readmeing.txt": true,
	} {
		if got := files.MatchString(path) && !exclude.MatchString(path); got != want {
			t.Errorf("hook checks %s: %v, want %v", path, got, want)
		}
	}
	action, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"setup-go", "cache-dependency-path"} {
		if strings.Contains(string(action), "uses: actions/"+bad) || strings.Contains(string(action), bad+":") {
			t.Errorf("action.yml uses %s", bad)
		}
	}
	if !strings.Contains(string(action), "if: ${{ !cancelled() }}") {
		t.Error("the check step of action.yml does not run after failed rulebook tests")
	}
}
