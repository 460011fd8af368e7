package report

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// XLSXOptions configures WriteXLSX.
type XLSXOptions struct {
	// Lang picks sheet names, headers and words; Chinese by default.
	Lang Lang
	// AgentOf names a call's agent; nil reads the agent_id metadata.
	AgentOf AgentFunc
}

// xlsxText is every fixed word of the workbook, per language.
type xlsxText struct {
	summary, calls, findings, agents string // sheet names
	callCols, findingCols, agentCols []string
	rulebook, files, passed, failed  string
	errors, skipped, mean, median    string
	histogram, scoreRange, count     string
	ruleCols                         []string
	lowest, topRules                 string
	lowestCols                       []string
}

var xlsxTexts = map[Lang]xlsxText{
	LangZH: {
		summary: "汇总", calls: "通话", findings: "明细", agents: "坐席",
		callCols:    []string{"文件", "通话编号", "坐席", "得分", "结果", "红线", "问题数", "扣分合计", "主要问题", "错误"},
		findingCols: []string{"文件", "通话编号", "坐席", "行号", "时间", "角色", "规则", "级别", "扣分", "红线", "说明", "原话", "命中", "呈现", "证据", "测量值", "上限", "单位"},
		agentCols:   []string{"坐席", "通话", "已评分", "合格", "不合格", "错误", "平均分", "不合格率", "主要问题"},
		rulebook:    "规则库", files: "文件", passed: "合格", failed: "不合格", errors: "错误", skipped: "跳过",
		mean: "平均分", median: "中位数", histogram: "得分分布", scoreRange: "分数段", count: "通话数",
		ruleCols: []string{"规则", "说明", "级别", "次数", "通话", "扣分合计"},
		lowest:   "得分最低的通话", topRules: "违规规则", lowestCols: []string{"文件", "通话编号", "得分", "结果"},
	},
	LangEN: {
		summary: "Summary", calls: "Calls", findings: "Findings", agents: "Agents",
		callCols:    []string{"path", "call_id", "agent", "score", "result", "fatal", "findings", "deducted", "rules", "error"},
		findingCols: []string{"path", "call_id", "agent", "line", "time", "role", "rule", "severity", "deduct", "fatal", "message", "text", "match", "shown", "evidence", "value", "limit", "unit"},
		agentCols:   []string{"agent", "calls", "scored", "passed", "failed", "errors", "mean score", "fail rate", "top rules"},
		rulebook:    "Rulebook", files: "Files", passed: "Passed", failed: "Failed", errors: "Errors", skipped: "Skipped",
		mean: "Mean score", median: "Median score", histogram: "Score distribution", scoreRange: "Scores", count: "Calls",
		ruleCols: []string{"rule", "message", "severity", "findings", "calls", "deducted"},
		lowest:   "Lowest-scoring calls", topRules: "Rules broken", lowestCols: []string{"path", "call_id", "score", "result"},
	},
}

// XLSXSheets returns the workbook's sheet names in order, for lang.
func XLSXSheets(lang Lang) []string {
	x, ok := xlsxTexts[lang]
	if !ok {
		x = xlsxTexts[LangZH]
	}
	return []string{x.summary, x.calls, x.findings, x.agents}
}

// Colours: Excel's own "light red fill with dark red text" and friends, which QA staff
// know from the built-in conditional formats.
const (
	xlRedFill, xlRedText     = "FFC7CE", "9C0006"
	xlGreenFill, xlGreenText = "C6EFCE", "006100"
	xlGrayFill, xlGrayText   = "EDEDED", "595959"
	xlHeaderFill             = "DDEBF7"
	xlMatchText              = "C00000"
)

// WriteXLSX writes r as an Excel workbook with four sheets: 汇总 (summary, score
// distribution, rules, lowest calls), 通话 (a row per call, failed rows red and errored
// rows gray by conditional formatting, scores on a colour scale), 明细 (a row per finding,
// the match in the utterance in bold red) and 坐席 (a row per agent).
func WriteXLSX(w io.Writer, r *Report, opts XLSXOptions) error {
	return writeAll(NewXLSXWriter(w, r.Rulebook, opts), r)
}

// XLSXWriter writes the workbook as a batch runs: the rows of 通话 and 明细 as each call
// is added, through excelize's stream writers (which keep them in a temporary file past
// 16 MB), then on Close the 汇总 and 坐席 sheets from the figures gathered on the way.
// Setting a cell at a time instead took a quarter of an hour and 3.7 GB for 20,000 calls.
type XLSXWriter struct {
	w                   io.Writer
	xw                  *xlsxWriter
	rb                  Rulebook
	agg                 *Aggregator
	calls, findings     *excelize.StreamWriter
	callRow, findingRow int // the last row written
	// callsCut and findingsCut count the rows left out past what a sheet holds
	// (excelize.TotalRows, the last row kept for a note saying so): 1,100,000 findings
	// failed the workbook at the row one too many, "cannot convert cell "" to
	// coordinates", and with it every report of the batch.
	callsCut, findingsCut int
	matchFont             *excelize.Font
}

// lastRow is the last row a streamed sheet lists: the one after it says what was cut.
// A variable for the tests, which cannot write a million rows.
var lastRow = excelize.TotalRows - 1

// NewXLSXWriter returns a Writer of the workbook of a batch checked against rb.
func NewXLSXWriter(w io.Writer, rb Rulebook, opts XLSXOptions) *XLSXWriter {
	x, ok := xlsxTexts[opts.Lang]
	if !ok {
		x = xlsxTexts[LangZH]
	}
	xw := &xlsxWriter{f: excelize.NewFile(), x: x, l: labelsFor(opts.Lang), agentOf: opts.AgentOf, lang: opts.Lang}
	f := xw.f
	xw.check(f.SetSheetName("Sheet1", x.summary))
	for _, s := range []string{x.calls, x.findings, x.agents} {
		_, err := f.NewSheet(s)
		xw.check(err)
	}
	xw.header = xw.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill(xlHeaderFill)})
	xw.bold = xw.style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	xw.num1 = xw.style(&excelize.Style{CustomNumFmt: ptr("0.0")})
	xw.pct = xw.style(&excelize.Style{NumFmt: 9}) // 0%
	xw.wrap = xw.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	out := &XLSXWriter{w: w, xw: xw, rb: rb, agg: NewAggregator(opts.AgentOf),
		matchFont: &excelize.Font{Bold: true, Color: xlMatchText}}
	// Widths and the frozen header go before the rows in a streamed sheet.
	out.calls = xw.streamed(x.calls, x.callCols, 40, 20, 10, 8, 8, 6, 8, 10, 40, 40)
	out.findings = xw.streamed(x.findings, x.findingCols, 36, 18, 8, 6, 10, 6, 22, 6, 6, 6, 30, 60, 20, 10, 40, 8, 8, 10)
	out.callRow, out.findingRow = 1, 1
	return out
}

// Add writes f's row on 通话 and its findings' rows on 明细.
func (x *XLSXWriter) Add(f Call) error {
	xw := x.xw
	if xw.err != nil {
		return xw.err
	}
	x.agg.Add(f)
	deducted, rules := callTotals(f)
	var n any
	if f.Error == "" {
		n = len(f.Findings)
	}
	callID, agent := f.Metadata["call_id"], agentOf(xw.agentOf, f)
	if x.callRow < lastRow {
		x.callRow++
		xw.check(x.calls.SetRow(cellName(1, x.callRow), xw.cells(f.Path, callID, agent, scoreCell(f), xw.l.result(f),
			xw.l.yesCell(f.Fatal), n, round2(deducted), rules, f.Error)))
	} else {
		x.callsCut++
	}
	// Notes follow the findings, shown as 备注 with no deduction: listed for audit.
	for _, fd := range append(f.Findings[:len(f.Findings):len(f.Findings)], f.Notes...) {
		if x.findingRow >= lastRow {
			x.findingsCut++
			continue
		}
		match := fd.Match
		switch {
		case ShownOf(fd) == ShownAbsent:
			match = xw.l.notInCall
		case match == "":
			match = xw.l.notFound
		}
		var value, limit any
		if fd.Unit != "" {
			value, limit = round2(fd.Value), round2(fd.Limit)
		}
		var text any = fd.Text
		if pre, m, post, ok := splitMatch(sheetEscape(fd.Text), sheetEscape(fd.Match)); ok {
			pre, m, post = clipRuns(pre, m, post, xw.l)
			runs := []excelize.RichTextRun{{Text: pre}, {Text: m, Font: x.matchFont}, {Text: post}}
			if pre == "" {
				runs = runs[1:]
			}
			if post == "" {
				runs = runs[:len(runs)-1]
			}
			text = runs
		}
		x.findingRow++
		xw.check(x.findings.SetRow(cellName(1, x.findingRow), xw.cells(f.Path, callID, agent, nilIf(fd.Line == 0, fd.Line), fd.Time,
			lookup(xw.l.role, fd.Role), fd.Rule, lookup(xw.l.severity, fd.Severity), fd.Deduct, xw.l.yesCell(fd.Fatal),
			fd.Message, excelize.Cell{Value: text, StyleID: xw.wrap}, match,
			ShownWord(fd, xw.lang), Evidence(fd, xw.lang), value, limit, fd.Unit)))
	}
	return xw.err
}

// cells is a streamed row's values, an empty string left out (as a cell set one at a
// time, it is no cell at all) and every other string as sheetText shows it.
func (xw *xlsxWriter) cells(values ...any) []any {
	for i, v := range values {
		switch v := v.(type) {
		case string:
			if v == "" {
				values[i] = nil
			} else {
				values[i] = sheetText(v, xw.l)
			}
		case excelize.Cell:
			if s, ok := v.Value.(string); ok {
				v.Value = sheetText(s, xw.l)
				values[i] = v
			}
		}
	}
	return values
}

// Close writes 汇总 and 坐席, ends the streamed sheets and writes the workbook.
func (x *XLSXWriter) Close(s Summary) error {
	xw := x.xw
	defer xw.f.Close()
	agg := x.agg.Result()
	xw.summary(x.rb, s, agg)
	for _, c := range []struct {
		sw  *excelize.StreamWriter
		row *int
		cut int
	}{{x.calls, &x.callRow, x.callsCut}, {x.findings, &x.findingRow, x.findingsCut}} {
		if c.cut > 0 {
			*c.row++
			xw.check(c.sw.SetRow(cellName(1, *c.row), []any{fmt.Sprintf(xw.l.rowsCut, c.cut)}))
		}
	}
	xw.endCalls(x.calls, x.callRow)
	xw.filter(xw.x.findings, len(xw.x.findingCols), x.findingRow)
	xw.check(x.findings.Flush())
	xw.agents(agg)
	xw.f.SetActiveSheet(0)
	if xw.err != nil {
		return xw.err
	}
	return writeCanonical(x.w, xw.f)
}

// writeCanonical writes the workbook with its zip entries in name order and no
// timestamps: excelize writes them in the order of its maps, so the same batch gave
// different bytes one run in eight, and a report kept under version control or compared
// by checksum changed for nothing. The entries are copied as compressed, not redone.
func writeCanonical(w io.Writer, f *excelize.File) error {
	tmp, err := os.CreateTemp("", "zhijian-xlsx-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	size, err := f.WriteTo(tmp)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(tmp, size)
	if err != nil {
		return err
	}
	entries := slices.Clone(zr.File)
	slices.SortFunc(entries, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	for _, e := range entries {
		h := e.FileHeader
		h.Modified, h.ModifiedTime, h.ModifiedDate, h.Extra = time.Time{}, 0, 0, nil
		raw, err := e.OpenRaw()
		if err != nil {
			return err
		}
		dst, err := zw.CreateRaw(&h)
		if err != nil {
			return err
		}
		if _, err := io.Copy(dst, raw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Discard ends a workbook that will not be written, removing its temporary files.
func (x *XLSXWriter) Discard() error { return x.xw.f.Close() }

type xlsxWriter struct {
	f       *excelize.File
	x       xlsxText
	l       labelSet
	agentOf AgentFunc
	lang    Lang
	err     error // the first error; later calls do nothing

	header, bold, num1, pct, wrap int
}

// streamed opens a stream writer on sheet with its column widths, its header row
// frozen, and the header written.
func (xw *xlsxWriter) streamed(sheet string, cols []string, widths ...float64) *excelize.StreamWriter {
	sw, err := xw.f.NewStreamWriter(sheet)
	if err != nil {
		xw.check(err)
		return nil
	}
	for i, w := range widths {
		xw.check(sw.SetColWidth(i+1, i+1, w))
	}
	xw.check(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{Value: c, StyleID: xw.header}
	}
	xw.check(sw.SetRow("A1", head))
	return sw
}

func (xw *xlsxWriter) check(err error) {
	if xw.err == nil && err != nil {
		xw.err = err
	}
}

func (xw *xlsxWriter) style(s *excelize.Style) int {
	id, err := xw.f.NewStyle(s)
	xw.check(err)
	return id
}

func fill(color string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
}

func ptr[T any](v T) *T { return &v }

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row) // never fails for col, row >= 1
	return name
}

func (xw *xlsxWriter) row(sheet string, row int, values ...any) {
	for i, v := range values {
		if s, ok := v.(string); ok {
			values[i] = sheetText(s, xw.l)
		}
	}
	xw.check(xw.f.SetSheetRow(sheet, cellName(1, row), &values))
}

// table writes a header row with the header style at row and returns the next row.
func (xw *xlsxWriter) table(sheet string, row int, cols []string) int {
	vals := make([]any, len(cols))
	for i, c := range cols {
		vals[i] = c
	}
	xw.row(sheet, row, vals...)
	xw.check(xw.f.SetCellStyle(sheet, cellName(1, row), cellName(len(cols), row), xw.header))
	return row + 1
}

// frozen freezes the header row of a sheet and lets it be filtered.
func (xw *xlsxWriter) frozen(sheet string, cols, lastRow int) {
	xw.check(xw.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	xw.filter(sheet, cols, lastRow)
}

// filter lets a sheet's rows be filtered by their header; a streamed sheet takes it
// before it is flushed.
func (xw *xlsxWriter) filter(sheet string, cols, lastRow int) {
	xw.check(xw.f.AutoFilter(sheet, cellName(1, 1)+":"+cellName(cols, max(lastRow, 2)), nil))
}

func (xw *xlsxWriter) widths(sheet string, widths ...float64) {
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		xw.check(xw.f.SetColWidth(sheet, col, col, w))
	}
}

// score is a cell value for a score: a number, or empty for a file without one.
func scoreCell(f Call) any {
	if f.Score == nil {
		return nil
	}
	return round2(*f.Score)
}

func (xw *xlsxWriter) summary(rb Rulebook, s Summary, agg Aggregate) {
	sh, x := xw.x.summary, xw.x
	row := 1
	xw.row(sh, row, x.rulebook, strings.TrimSpace(rb.Name+" "+rb.Version))
	row += 2
	scored := s.Files - s.Errors
	for _, kv := range []struct {
		k string
		v any
	}{
		{x.files, s.Files}, {x.passed, s.Passed}, {x.failed, s.Failed}, {x.errors, s.Errors}, {x.skipped, s.Skipped},
		{x.mean, nilIf(scored == 0, s.MeanScore)}, {x.median, nilIf(scored == 0, s.MedianScore)},
	} {
		xw.row(sh, row, kv.k, kv.v)
		row++
	}
	xw.check(xw.f.SetCellStyle(sh, "A1", cellName(1, row-1), xw.bold))
	xw.check(xw.f.SetCellStyle(sh, cellName(2, row-2), cellName(2, row-1), xw.num1))

	row++
	xw.row(sh, row, x.histogram)
	xw.check(xw.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), xw.bold))
	row = xw.table(sh, row+1, []string{x.scoreRange, x.count})
	for i, n := range agg.Histogram {
		xw.row(sh, row, binLabel(i), n)
		row++
	}

	row++
	xw.row(sh, row, x.topRules)
	xw.check(xw.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), xw.bold))
	row = xw.table(sh, row+1, x.ruleCols)
	for _, rr := range agg.Rules {
		xw.row(sh, row, rr.Rule, rr.Message, lookup(xw.l.severity, rr.Severity), rr.Findings, rr.Calls, rr.Deducted)
		row++
	}

	row++
	xw.row(sh, row, x.lowest)
	xw.check(xw.f.SetCellStyle(sh, cellName(1, row), cellName(1, row), xw.bold))
	row = xw.table(sh, row+1, x.lowestCols)
	for _, c := range s.Lowest {
		res := xw.l.pass
		if !c.Passed {
			res = xw.l.fail
		}
		xw.row(sh, row, c.Path, c.CallID, c.Score, res)
		row++
	}
	xw.widths(sh, 36, 40, 10, 10, 10, 10)
}

func nilIf(cond bool, v any) any {
	if cond {
		return nil
	}
	return v
}

// binLabel names histogram bin i: "0–9", …, "90–100".
func binLabel(i int) string {
	lo, hi := i*(100/Bins), (i+1)*(100/Bins)-1
	if i == Bins-1 {
		hi = 100
	}
	return strconv.Itoa(lo) + "–" + strconv.Itoa(hi)
}

// endCalls ends the streamed 通话 sheet, whose last row is last: filters and colours.
func (xw *xlsxWriter) endCalls(sw *excelize.StreamWriter, last int) {
	sh := xw.x.calls
	xw.filter(sh, len(xw.x.callCols), last)
	defer func() { xw.check(sw.Flush()) }()
	if last < 2 {
		return
	}
	// Whole rows coloured by their result, and scores on a red–yellow–green scale. These
	// are Excel conditional formats, so they follow the data when QA staff edit or sort.
	red := xw.condStyle(xlRedFill, xlRedText)
	gray := xw.condStyle(xlGrayFill, xlGrayText)
	green := xw.condStyle(xlGreenFill, xlGreenText)
	rows := fmt.Sprintf("A2:%s", cellName(len(xw.x.callCols), last))
	xw.check(xw.f.SetConditionalFormat(sh, rows, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: fmt.Sprintf("$E2=%q", xw.l.errored), Format: &gray, StopIfTrue: true},
		{Type: "formula", Criteria: fmt.Sprintf("$E2=%q", xw.l.fail), Format: &red},
	}))
	xw.check(xw.f.SetConditionalFormat(sh, fmt.Sprintf("E2:E%d", last), []excelize.ConditionalFormatOptions{
		{Type: "cell", Criteria: "==", Value: strconv.Quote(xw.l.pass), Format: &green},
	}))
	xw.check(xw.f.SetConditionalFormat(sh, fmt.Sprintf("D2:D%d", last), []excelize.ConditionalFormatOptions{
		{Type: "3_color_scale", Criteria: "=", MinType: "num", MinValue: "0", MidType: "num", MidValue: "80", MaxType: "num", MaxValue: "100",
			MinColor: "F8696B", MidColor: "FFEB84", MaxColor: "63BE7B"},
	}))
}

func (xw *xlsxWriter) condStyle(fillColor, text string) int {
	id, err := xw.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: text}, Fill: fill(fillColor)})
	xw.check(err)
	return id
}

func (xw *xlsxWriter) agents(agg Aggregate) {
	sh := xw.x.agents
	row := xw.table(sh, 1, xw.x.agentCols)
	for _, a := range agg.Agents {
		name := a.Agent
		if name == "" {
			name = xw.l.unknownAgent
		}
		var top []string
		for _, rc := range a.TopRules {
			top = append(top, rc.Rule+"×"+strconv.Itoa(rc.Findings))
		}
		xw.row(sh, row, name, a.Calls, a.Scored, a.Passed, a.Failed, a.Errors,
			nilIf(a.Scored == 0, a.MeanScore), nilIf(a.Scored == 0, a.FailRate), strings.Join(top, " "))
		row++
	}
	last := row - 1
	xw.frozen(sh, len(xw.x.agentCols), last)
	xw.widths(sh, 14, 8, 8, 8, 8, 8, 10, 10, 50)
	if last >= 2 {
		xw.check(xw.f.SetCellStyle(sh, "G2", fmt.Sprintf("G%d", last), xw.num1))
		xw.check(xw.f.SetCellStyle(sh, "H2", fmt.Sprintf("H%d", last), xw.pct))
		red := xw.condStyle(xlRedFill, xlRedText)
		xw.check(xw.f.SetConditionalFormat(sh, fmt.Sprintf("H2:H%d", last), []excelize.ConditionalFormatOptions{
			{Type: "cell", Criteria: ">", Value: "0", Format: &red},
		}))
	}
}

// splitMatch cuts text around the first occurrence of match. ok is false when there is
// nothing to highlight (no match, or the match is not in the text).
func splitMatch(text, match string) (pre, m, post string, ok bool) {
	if match == "" {
		return text, "", "", false
	}
	i := strings.Index(text, match)
	if i < 0 {
		return text, "", "", false
	}
	return text[:i], match, text[i+len(match):], true
}
