package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func ciReport() *Report {
	score := 55.0
	return &Report{Rulebook: Rulebook{Name: "default", Version: "2"}, Files: []Call{
		{Path: "脚本/a b.txt", Metadata: map[string]string{"call_id": "C1"}, Score: &score, Findings: []Finding{
			{Rule: "forbidden-phrases", Severity: "error", Message: "禁语", Deduct: 15, Line: 3, Text: "你有完没完, 100%", Match: "你有完没完"},
			{Rule: "forbidden-phrases", Severity: "error", Message: "禁语", Deduct: 15, Line: 5, Text: "讲话", Match: "讲话"},
			{Rule: "closing", Severity: "info", Message: "结束语\n第二行", Deduct: 15},
		}, Suppressed: []Finding{{Rule: "filler-words", Severity: "warning", Line: 4, Text: "那个", Match: "那个", SuppressedBy: SuppressedBaseline}}},
		{Path: "b.txt", Error: "b.txt: 无法读取"},
	}}
}

func TestJUnitGroupsFindingsByRule(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, ciReport()); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	cases := doc.Suites[0].Cases
	if doc.Tests != 2 || doc.Failures != 1 || doc.Errors != 1 || len(cases) != 2 {
		t.Fatalf("counts: %+v", doc)
	}
	if f := cases[0].Failures; len(f) != 2 || f[0].Type != "forbidden-phrases" || strings.Count(f[0].Body, "\n") != 1 || f[1].Type != "closing" {
		t.Errorf("failures: %+v", f)
	}
	if !strings.Contains(cases[0].SystemOut, "已抑制 suppressed (baseline): 1") || cases[1].Error == nil {
		t.Errorf("cases: %+v", cases)
	}
}

func TestSARIFLocationsAndSuppressions(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, ciReport(), SARIFOptions{Version: "v1"}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 4 || len(run.Tool.Driver.Rules) != 3 || run.Invocations[0].ExecutionSuccessful {
		t.Fatalf("run: %d results, %d rules, %+v", len(run.Results), len(run.Tool.Driver.Rules), run.Invocations)
	}
	r0 := run.Results[0]
	if r0.Locations[0].PhysicalLocation.ArtifactLocation.URI != "%E8%84%9A%E6%9C%AC/a%20b.txt" || r0.Level != "error" {
		t.Errorf("result 0: %+v", r0)
	}
	if run.Results[0].PartialFingerprints["zhijian/v1"] == run.Results[1].PartialFingerprints["zhijian/v1"] {
		t.Error("two findings share a fingerprint")
	}
	if r := run.Results[2]; r.Level != "note" || r.Locations[0].PhysicalLocation.Region.StartLine != 1 {
		t.Errorf("a finding without a line: %+v", r)
	}
	if r := run.Results[3]; len(r.Suppressions) != 1 || r.Suppressions[0].Kind != "external" {
		t.Errorf("baselined finding: %+v", r)
	}
}

func TestGitHubEscapes(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, ciReport(), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"::error file=脚本/a b.txt,line=3,title=zhijian forbidden-phrases::禁语：“你有完没完”（-15）\n",
		"::notice file=脚本/a b.txt,title=zhijian closing::结束语%0A第二行（本通未说 / not said in this call）（-15）\n",
		"::error file=b.txt,title=zhijian::b.txt: 无法读取\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "filler-words::") {
		t.Error("a set-aside finding was annotated")
	}
	if ghProperty("a,b:c%") != "a%2Cb%3Ac%25" {
		t.Errorf("ghProperty = %q", ghProperty("a,b:c%"))
	}
}

// A file name that is not valid UTF-8 is shown as a\xfe.txt; its SARIF URI has the byte
// percent-encoded (a%FE.txt), not the display form's backslash (a%5Cxfe.txt, the URI of
// another file). The log is valid UTF-8 JSON and every URI parses.
func TestSARIFURIOfInvalidUTF8Name(t *testing.T) {
	for _, tc := range []struct{ raw, uri string }{
		{"calls/a\xfe b.txt", "calls/a%FE%20b.txt"},
		{"a\xff\\q.txt", "a%FF%5Cq.txt"},
		{"/abs/\xe4\xb8.txt", "file:///abs/%E4%B8.txt"},
		{`c\\d%e#f?.txt`, "c%5C%5Cd%25e%23f%3F.txt"}, // valid UTF-8: as written
		{`c\xzz.txt`, "c%5Cxzz.txt"},
		{`a\xfe b.txt`, "a%5Cxfe%20b.txt"}, // as written, not the file with the byte
	} {
		r := &Report{Rulebook: Rulebook{Name: "default"}, Files: []Call{{Path: DisplayPath(tc.raw), Findings: []Finding{{Rule: "r", Severity: "error", Line: 1}}}}}
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, r, SARIFOptions{}); err != nil {
			t.Fatal(err)
		}
		var log sarifLog
		if !utf8.Valid(buf.Bytes()) || json.Unmarshal(buf.Bytes(), &log) != nil {
			t.Fatalf("%q: not a valid log", tc.raw)
		}
		uri := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI
		if uri != tc.uri {
			t.Errorf("%q: uri %q, want %q", tc.raw, uri, tc.uri)
		}
		if u, err := url.Parse(uri); err != nil || u.Path != tc.raw {
			t.Errorf("%q: %q parses to %v, %v", tc.raw, uri, u, err)
		}
	}
}
