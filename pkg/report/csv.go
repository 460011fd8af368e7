package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVOptions configures a CSVWriter.
type CSVOptions struct {
	// PerCall writes one row per call (the --summary-csv layout) instead of one per
	// finding.
	PerCall bool
	// Lang picks the header and the words in the result, severity and role columns.
	Lang Lang
	// AgentOf fills the agent column; nil reads the agent_id metadata.
	AgentOf AgentFunc
}

// The columns, in order; docs/report-formats.md describes each. Headers are translated,
// the order never changes.
var (
	findingColumns = map[Lang][]string{
		LangZH: {"文件", "通话编号", "坐席", "得分", "结果", "规则", "类型", "级别", "说明", "扣分", "红线", "行号", "轮次", "角色", "时间", "原话", "命中", "错误",
			"呈现", "证据", "结束时间", "测量值", "上限", "单位"},
		LangEN: {"path", "call_id", "agent", "score", "result", "rule", "kind", "severity", "message", "deduct", "fatal", "line", "turn", "role", "time", "text", "match", "error",
			"shown", "evidence", "end", "value", "limit", "unit"},
	}
	callColumns = map[Lang][]string{
		LangZH: {"文件", "通话编号", "坐席", "得分", "结果", "红线", "问题数", "扣分合计", "主要问题", "错误"},
		LangEN: {"path", "call_id", "agent", "score", "result", "fatal", "findings", "deducted", "rules", "error"},
	}
)

// utf8BOM lets Excel on a Chinese Windows tell the file is UTF-8 (it assumes GBK
// otherwise and shows mojibake).
const utf8BOM = "\uFEFF"

// CSVWriter writes CSV for spreadsheets: UTF-8 with a BOM, CRLF line ends, a header
// row, then a row per finding (a file that could not be read gets one row carrying its
// error; a call with no findings gets none) or, with PerCall, a row per call. Each Add
// is flushed, so the rows stream.
type CSVWriter struct {
	w       io.Writer
	cw      *csv.Writer
	opts    CSVOptions
	l       labelSet
	started bool
}

// NewCSVWriter returns a Writer of CSV to w.
func NewCSVWriter(w io.Writer, opts CSVOptions) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &CSVWriter{w: w, cw: cw, opts: opts, l: labelsFor(opts.Lang)}
}

func (c *CSVWriter) start() error {
	if c.started {
		return nil
	}
	c.started = true
	if _, err := io.WriteString(c.w, utf8BOM); err != nil {
		return err
	}
	cols := findingColumns
	if c.opts.PerCall {
		cols = callColumns
	}
	lang := c.opts.Lang
	if _, ok := cols[lang]; !ok {
		lang = LangZH
	}
	return c.cw.Write(cols[lang])
}

// Add writes the rows of one file.
func (c *CSVWriter) Add(f Call) error {
	if err := c.start(); err != nil {
		return err
	}
	score := ""
	if f.Score != nil {
		score = formatNum(*f.Score)
	}
	call := []string{f.Path, f.Metadata["call_id"], agentOf(c.opts.AgentOf, f), score, c.l.result(f)}
	if c.opts.PerCall {
		deducted, rules := callTotals(f)
		n, d := "", ""
		if f.Error == "" {
			n, d = strconv.Itoa(len(f.Findings)), formatNum(deducted)
		}
		c.write(append(call, c.l.yesCell(f.Fatal), n, d, rules, f.Error))
	} else {
		if f.Error != "" {
			c.write(append(call, "", "", "", "", "", "", "", "", "", "", "", "", f.Error, "", "", "", "", "", ""))
		}
		// Notes follow the findings, shown as 备注 with no deduction: listed for audit.
		for _, fd := range append(f.Findings[:len(f.Findings):len(f.Findings)], f.Notes...) {
			c.write(append(call[:len(call):len(call)],
				fd.Rule, fd.Kind, lookup(c.l.severity, fd.Severity), fd.Message, formatNum(fd.Deduct), c.l.yesCell(fd.Fatal),
				num(fd.Line), num(fd.Turn), lookup(c.l.role, fd.Role), fd.Time, fd.Text, fd.Match, "",
				ShownWord(fd, c.opts.Lang), Evidence(fd, c.opts.Lang), fd.End, measure(fd.Value, fd.Unit), measure(fd.Limit, fd.Unit), fd.Unit))
		}
	}
	c.cw.Flush()
	return c.cw.Error()
}

// Close writes the header if no file was added, and flushes.
func (c *CSVWriter) Close(Summary) error {
	if err := c.start(); err != nil {
		return err
	}
	c.cw.Flush()
	return c.cw.Error()
}

// write buffers a row, every cell as a spreadsheet may show it (sheetText) and defused
// (cell); csv.Writer keeps the first error for Flush to report.
func (c *CSVWriter) write(row []string) {
	for i, v := range row {
		row[i] = cell(sheetText(v, c.l))
	}
	_ = c.cw.Write(row)
}

// measure writes a measurement, empty for a finding that is none.
func measure(v float64, unit string) string {
	if unit == "" {
		return ""
	}
	return formatNum(v)
}

// num writes 0 (no line, no turn) as an empty cell.
func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// cell defuses text a spreadsheet would run as a formula (CSV injection): a leading =,
// +, -, @, tab or CR gets a ' in front, which Excel and LibreOffice show as text. A
// number (-5, a measurement before the call began) is left a number. Every cell goes
// through it: a time, a unit, a kind or a rule id of a shard report that merge read
// (anyone can write one) went out as written, =HYPERLINK(…) and all.
func cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && (s[0] == '-' || s[0] == '+') {
		return s
	}
	return "'" + s
}
