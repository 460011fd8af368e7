package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 (OASIS), the format GitHub code scanning and other review tools read:
// every finding is a result placed on its file and line, every rule a reporting
// descriptor with its help text, so a training script in a pull request is annotated
// where it breaks a rule. Findings set aside by a zhijian-disable comment or the
// baseline are results with a suppression. Files that could not be read are tool
// execution notifications. The structs cover the part of the schema zhijian writes; the
// output is validated against the schema in the tests.

// SARIFOptions configures WriteSARIF.
type SARIFOptions struct {
	// Rules describes every rule of the rulebook; rules that fired but are missing get a
	// bare descriptor.
	Rules []RuleInfo
	// Version is zhijian's version.
	Version string
}

// SARIFSchema is the schema URI written in the log.
const SARIFSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// InformationURI is where the tool is described.
const InformationURI = "https://github.com/zhijian-qa/zhijian"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	ColumnKind  string            `json:"columnKind"`
	Properties  map[string]any    `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string       `json:"name"`
	Version        string       `json:"version,omitempty"`
	InformationURI string       `json:"informationUri"`
	Rules          []sarifRule  `json:"rules"`
	Language       string       `json:"language,omitempty"`
	Properties     *sarifRBInfo `json:"properties,omitempty"`
}

type sarifRBInfo struct {
	Rulebook        string `json:"rulebook"`
	RulebookVersion string `json:"rulebookVersion"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     *sarifText     `json:"shortDescription,omitempty"`
	FullDescription      *sarifText     `json:"fullDescription,omitempty"`
	Help                 *sarifText     `json:"help,omitempty"`
	DefaultConfiguration *sarifConfig   `json:"defaultConfiguration,omitempty"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int        `json:"startLine"`
	Snippet   *sarifText `json:"snippet,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(severity string) string {
	switch severity {
	case "error":
		return "error"
	case "info":
		return "note"
	}
	return "warning"
}

// artifactURI turns a report's path into a relative URI reference (forward slashes,
// escaped), or a file URI for an absolute path. A name that is not valid UTF-8 has its
// bytes percent-encoded (a%FE.txt): its display form a\xfe.txt made a%5Cxfe.txt, the
// URI of another file.
func artifactURI(path string) string {
	path = rawPath(path)
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: strings.TrimPrefix(p, "./")}).String()
}

// WriteSARIF writes r as a SARIF 2.1.0 log with one run.
func WriteSARIF(w io.Writer, r *Report, opts SARIFOptions) error {
	run := sarifRun{ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	d := &run.Tool.Driver
	d.Name, d.Version, d.InformationURI, d.Language = "zhijian", opts.Version, InformationURI, "zh-CN"
	d.Properties = &sarifRBInfo{Rulebook: r.Rulebook.Name, RulebookVersion: r.Rulebook.Version}
	d.Rules = []sarifRule{}
	index := map[string]int{}
	addRule := func(ri RuleInfo) int {
		if i, ok := index[ri.ID]; ok {
			return i
		}
		index[ri.ID] = len(d.Rules)
		d.Rules = append(d.Rules, sarifDescriptor(ri))
		return index[ri.ID]
	}
	for _, ri := range opts.Rules {
		addRule(ri)
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, f := range r.Files {
		if f.Error != "" {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifText{Text: f.Error},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: artifactURI(f.Path)}}}},
			})
			continue
		}
		seen := map[string]int{}
		emit := func(fd Finding) {
			i := addRule(RuleInfo{ID: fd.Rule, Kind: fd.Kind, Severity: fd.Severity, Message: fd.Message})
			res := sarifResult{
				RuleID: fd.Rule, RuleIndex: i, Level: sarifLevel(fd.Severity),
				Message:   sarifText{Text: resultMessage(fd)},
				Locations: []sarifLocation{sarifFindingLocation(f.Path, fd)},
				Properties: map[string]any{
					"deduct": fd.Deduct, "score": scoreOrNil(f.Score), "passed": f.Passed,
				},
			}
			// The same finding twice in a file gets a distinct fingerprint, stable across
			// runs as long as the words stay the same (lines may move).
			fp := fingerprint(f.Path, f.Metadata["call_id"], fd)
			seen[fp]++
			res.PartialFingerprints = map[string]string{"zhijian/v1": fmt.Sprintf("%s:%d", fp, seen[fp])}
			switch fd.SuppressedBy {
			case SuppressedInline:
				res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: "zhijian-disable"}}
			case SuppressedBaseline:
				res.Suppressions = []sarifSuppression{{Kind: "external", Justification: "baseline"}}
			}
			if fd.Fatal {
				res.Properties["fatal"] = true
			}
			if id := f.Metadata["call_id"]; id != "" {
				res.Properties["call_id"] = id
			}
			run.Results = append(run.Results, res)
		}
		for _, fd := range f.Findings {
			emit(fd)
		}
		for _, fd := range f.Suppressed {
			emit(fd)
		}
	}
	run.Invocations = []sarifInvocation{inv}
	run.Properties = map[string]any{"summary": r.Summary}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func scoreOrNil(s *float64) any {
	if s == nil {
		return nil
	}
	return *s
}

func sarifFindingLocation(path string, fd Finding) sarifLocation {
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: artifactURI(path)}}}
	// A finding with no utterance to point at (a required phrase in an empty window)
	// is placed on the first line: review tools need a line.
	line := max(fd.Line, 1)
	reg := &sarifRegion{StartLine: line}
	if fd.Text != "" {
		reg.Snippet = &sarifText{Text: fd.Text}
	}
	loc.PhysicalLocation.Region = reg
	return loc
}

// resultMessage says a finding in one line: the rule's message, what matched, the points.
func resultMessage(fd Finding) string {
	var b strings.Builder
	b.WriteString(fd.Message)
	switch ShownOf(fd) {
	case ShownSaid:
		fmt.Fprintf(&b, "：“%s”", fd.Match)
	case ShownUnanswered:
		fmt.Fprint(&b, msg.Sprintf("report.no-due-reply-after-it", fd.Match))
	case ShownMeasured:
		b.WriteString("：" + fd.Detail)
	case ShownAbsent:
		b.WriteString(msg.Sprintf("report.not-said-this-call"))
	default:
		b.WriteString(msg.Sprintf("report.not-found-2"))
	}
	if fd.Deduct > 0 {
		fmt.Fprintf(&b, "（-%s）", numText(fd.Deduct))
	}
	if fd.Fatal {
		b.WriteString(msg.Sprintf("report.fatal-2"))
	}
	return b.String()
}

// FindingFingerprint is a finding's stable fingerprint, as SARIF reports it
// (partialFingerprints) and the store keeps it: the path, the call's call_id, the rule,
// the utterance and the match — not its line, so editing elsewhere in a file keeps it.
func FindingFingerprint(path, call string, fd Finding) string { return fingerprint(path, call, fd) }

func fingerprint(path, call string, fd Finding) string {
	h := sha256.Sum256([]byte(strings.Join([]string{filepath.ToSlash(path), call, fd.Rule, strings.TrimSpace(fd.Text), fd.Match}, "\x00")))
	return hex.EncodeToString(h[:8])
}

func sarifDescriptor(ri RuleInfo) sarifRule {
	sr := sarifRule{ID: ri.ID, Name: ri.ID, DefaultConfiguration: &sarifConfig{Level: sarifLevel(ri.Severity)}}
	if ri.Message != "" {
		sr.ShortDescription = &sarifText{Text: ri.Message}
	}
	var full []string
	if ri.Help != "" {
		full = append(full, ri.Help)
	}
	if ri.Source != "" {
		full = append(full, "依据 source: "+ri.Source)
	}
	if len(full) > 0 {
		sr.FullDescription = &sarifText{Text: strings.Join(full, "\n")}
	}
	help := ri.Message
	md := "**" + ri.Message + "**"
	if ri.Kind != "" {
		help += "\n类型 kind: " + ri.Kind
		md += "\n\n类型 kind: `" + ri.Kind + "`"
	}
	if ri.Help != "" {
		help += "\n" + ri.Help
		md += "\n\n" + ri.Help
	}
	if ri.Deduct > 0 {
		d := fmt.Sprintf("扣分 deduct: %s", numText(ri.Deduct))
		if ri.MaxDeduct > 0 {
			d += msg.Sprintf("report.most-call", numText(ri.MaxDeduct))
		}
		if ri.Fatal {
			d += msg.Sprintf("report.fatal")
		}
		help += "\n" + d
		md += "\n\n" + d
	}
	if ri.Source != "" {
		help += "\n依据 source: " + ri.Source
		md += "\n\n依据 source: " + ri.Source
	}
	help += "\n`zhijian explain " + ri.ID + msg.Sprintf("report.explains-rule-with-examples")
	md += "\n\n`zhijian explain " + ri.ID + msg.Sprintf("report.explains-rule-with-examples")
	sr.Help = &sarifText{Text: help, Markdown: md}
	props := map[string]any{"tags": []string{"zhijian", ri.Kind}}
	if ri.Kind == "" {
		props["tags"] = []string{"zhijian"}
	}
	if ri.Deduct > 0 {
		props["deduct"] = ri.Deduct
	}
	if ri.Fatal {
		props["fatal"] = true
	}
	if ri.File != "" {
		props["rulebook_file"] = ri.File
	}
	sr.Properties = props
	return sr
}
