package report

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Format is the record of one report format. zhijian check's --format and -o, zhijian
// merge, the format key of .zhijian.yaml and docs/report-formats.md all read Formats.
type Format struct {
	Name string
	// Extensions are the file extensions that name the format in -o FILE.
	Extensions []string
	// Streamed formats are written entry by entry as the batch runs, holding nothing
	// back; the others (the CI formats junit, sarif and github) need the whole batch and
	// are written at the end. A JSON report opens with the rulebook and ends with the
	// summary, a text report ends with its tables, a workbook's large sheets are a row
	// per call and per finding, and the HTML page's drill-down is a line per call, so
	// they stream: a batch of 20,000 calls held for them peaked at 1.1 GB, 0.5 GB, 3.7 GB
	// and 0.75 GB.
	Streamed bool
	// Binary formats cannot go to a terminal.
	Binary bool
	// Doc says what the format is for: Chinese, " / ", English.
	Doc string
	// open returns the format's streaming writer; write renders a whole report (the
	// formats that are not streamed).
	open  func(w io.Writer, o Options) Writer
	write func(w io.Writer, r *Report, o Options) error
}

// Options are what the writers of a run may need; each format reads its part.
type Options struct {
	Rulebook Rulebook
	Lang     Lang
	// Colors for a text report on a terminal; nil for none.
	Colors  *iostreams.ColorScheme
	GroupBy string
	AgentOf AgentFunc
	// PerCall makes a CSV report one row per call (--summary-csv).
	PerCall bool
	// Rules and Version describe the rulebook and zhijian for SARIF.
	Rules   []RuleInfo
	Version string
	// Hold writes even a streamed format at Close, from the whole batch: a text report
	// on the terminal under a progress bar waits for the bar to finish.
	Hold bool
}

// Formats is the registry of report formats, in the order they are listed.
var Formats = []*Format{
	{Name: "text", Extensions: []string{".txt"}, Streamed: true,
		Doc: msg.Sprintf("report.report-read-terminal-log"),
		open: func(w io.Writer, o Options) Writer {
			return NewTextWriter(w, o.Rulebook, TextOptions{Colors: o.Colors, Lang: o.Lang, GroupBy: o.GroupBy, AgentOf: o.AgentOf})
		}},
	{Name: "json", Extensions: []string{".json"}, Streamed: true,
		Doc:  msg.Sprintf("report.whole-report-contract-programs"),
		open: func(w io.Writer, o Options) Writer { return NewJSONWriter(w, o.Rulebook) }},
	{Name: "jsonl", Extensions: []string{".jsonl", ".ndjson"}, Streamed: true,
		Doc:  msg.Sprintf("report.one-json-line-per-call"),
		open: func(w io.Writer, _ Options) Writer { return NewJSONLWriter(w) }},
	{Name: "csv", Extensions: []string{".csv"}, Streamed: true,
		Doc: msg.Sprintf("report.one-row-per-finding-spreadsheets"),
		open: func(w io.Writer, o Options) Writer {
			return NewCSVWriter(w, CSVOptions{PerCall: o.PerCall, Lang: o.Lang, AgentOf: o.AgentOf})
		}},
	{Name: "xlsx", Extensions: []string{".xlsx"}, Streamed: true, Binary: true,
		Doc: msg.Sprintf("report.excel-workbook-summary-calls-findings"),
		open: func(w io.Writer, o Options) Writer {
			return NewXLSXWriter(w, o.Rulebook, XLSXOptions{Lang: o.Lang, AgentOf: o.AgentOf})
		}},
	{Name: "html", Extensions: []string{".html", ".htm"}, Streamed: true,
		Doc: msg.Sprintf("report.self-contained-page-charts-filters"),
		open: func(w io.Writer, o Options) Writer {
			return NewHTMLWriter(w, o.Rulebook, HTMLOptions{Lang: o.Lang, AgentOf: o.AgentOf})
		}},
	{Name: "junit", Extensions: []string{".xml"},
		Doc:   msg.Sprintf("report.junit-xml-ci-test-views"),
		write: func(w io.Writer, r *Report, _ Options) error { return WriteJUnit(w, r) }},
	{Name: "sarif", Extensions: []string{".sarif"},
		Doc: msg.Sprintf("report.sarif-code-scanning"),
		write: func(w io.Writer, r *Report, o Options) error {
			return WriteSARIF(w, r, SARIFOptions{Rules: o.Rules, Version: o.Version})
		}},
	{Name: "github",
		Doc: msg.Sprintf("report.github-actions-annotation-commands"),
		write: func(w io.Writer, r *Report, o Options) error {
			return WriteGitHub(w, r, TextOptions{Lang: o.Lang, GroupBy: o.GroupBy, AgentOf: o.AgentOf})
		}},
}

// FormatNamed returns the format called name, nil when there is none.
func FormatNamed(name string) *Format {
	for _, f := range Formats {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// FormatNames lists the formats' names, in registry order.
func FormatNames() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = f.Name
	}
	return out
}

// FormatByExtension returns the format a file extension (".html", any case) names.
func FormatByExtension(ext string) (*Format, bool) {
	ext = strings.ToLower(ext)
	for _, f := range Formats {
		if slices.Contains(f.Extensions, ext) {
			return f, true
		}
	}
	return nil, false
}

// unknownFormat is the error for a format name that is none.
func unknownFormat(name string) error {
	return msg.Errorf("report.unknown-report-format-known",
		name, strings.Join(FormatNames(), "、"), strings.Join(FormatNames(), ", "))
}

// Open returns the Writer of report format name to w. A streamed format writes as
// entries come; the others, and any format with o.Hold, gather the batch and write it
// at Close.
func Open(name string, w io.Writer, o Options) (Writer, error) {
	f := FormatNamed(name)
	if f == nil {
		return nil, unknownFormat(name)
	}
	if f.Streamed && !o.Hold {
		return f.open(w, o), nil
	}
	return &gathered{w: w, format: f, opts: o, rep: &Report{Rulebook: o.Rulebook}}, nil
}

// Write renders a whole report in format name.
func Write(name string, w io.Writer, r *Report, o Options) error {
	f := FormatNamed(name)
	if f == nil {
		return unknownFormat(name)
	}
	if f.write != nil {
		return f.write(w, r, o)
	}
	o.Rulebook = r.Rulebook
	return writeAll(f.open(w, o), r)
}

// gathered holds a batch for a report written whole at the end.
type gathered struct {
	w      io.Writer
	format *Format
	opts   Options
	rep    *Report
}

func (g *gathered) Add(f Call) error {
	f.line, f.entry = nil, nil // the JSON entries made ahead are not held with the batch
	if !g.format.Streamed {
		f.Transcript = nil // a CI format never shows it
	}
	g.rep.Files = append(g.rep.Files, f)
	return nil
}

// Close renders the whole report before writing any of it, so a failure cannot leave
// half a report on standard output.
func (g *gathered) Close(s Summary) error {
	g.rep.Summary = s
	var buf bytes.Buffer
	if err := Write(g.format.Name, &buf, g.rep, g.opts); err != nil {
		return err
	}
	_, err := g.w.Write(buf.Bytes())
	return err
}
