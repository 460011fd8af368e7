package report

import (
	"fmt"
	"io"
)

// Formats are the report formats, in the order they are listed (zhijian check --format
// and -o FORMAT=FILE, zhijian merge, the format key of .zhijian.yaml): the one list.
var Formats = []string{"text", "json", "jsonl", "csv", "xlsx", "html", "junit", "sarif", "github"}

// FormatByExtension is the format an --output FILE's extension names.
var FormatByExtension = map[string]string{
	".txt": "text", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
	".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html",
	".xml": "junit", ".sarif": "sarif",
}

// NewWriter returns the Writer of report format to w, for a batch checked against rb:
// the streamed formats write as entries come; junit, sarif and github, which need the
// whole batch, gather it and write at Close. (zhijian merge uses it; zhijian check opens
// its reports itself, with what only it knows: colours, the transcripts behind the
// HTML drill-down.)
func NewWriter(format string, w io.Writer, rb Rulebook, lang Lang) (Writer, error) {
	switch format {
	case "text":
		return NewTextWriter(w, rb, TextOptions{Lang: lang}), nil
	case "json":
		return NewJSONWriter(w, rb), nil
	case "jsonl":
		return NewJSONLWriter(w), nil
	case "csv":
		return NewCSVWriter(w, CSVOptions{Lang: lang}), nil
	case "xlsx":
		return NewXLSXWriter(w, rb, XLSXOptions{Lang: lang}), nil
	case "html":
		return NewHTMLWriter(w, rb, HTMLOptions{Lang: lang}), nil
	case "junit", "sarif", "github":
		return &gathered{w: w, format: format, rep: &Report{Rulebook: rb}, lang: lang}, nil
	}
	return nil, fmt.Errorf("未知的报告格式 %q / unknown report format %q", format, format)
}

// gathered holds a batch for a format written whole at the end.
type gathered struct {
	w      io.Writer
	format string
	rep    *Report
	lang   Lang
}

func (g *gathered) Add(f File) error {
	g.rep.Files = append(g.rep.Files, f)
	return nil
}

func (g *gathered) Close(s Summary) error {
	g.rep.Summary = s
	switch g.format {
	case "junit":
		return WriteJUnit(g.w, g.rep)
	case "sarif":
		return WriteSARIF(g.w, g.rep, SARIFOptions{})
	}
	return WriteGitHub(g.w, g.rep, TextOptions{Lang: g.lang})
}
