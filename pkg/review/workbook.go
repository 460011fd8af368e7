// Package review is the review loop's exchange with people who review in Excel: a
// review batch written as a workbook (one row per finding to confirm or reject, a sheet
// for the violations the machine missed, the transcripts) and read back as reviews.
package review

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/report"
	"github.com/zhijian-qa/zhijian/pkg/store"
)

// Sheet names and the columns of the workbook. The headers are read back by name, so a
// reviewer may reorder or hide columns.
const (
	SheetFindings   = "复核 review"
	SheetMissed     = "漏检 missed"
	SheetTranscript = "转写 transcripts"
)

var (
	findingCols = []string{"批次 batch", "通话 call", "文件 path", "坐席 agent", "得分 score", "行 line", "说话人 role",
		"原话 text", "规则 rule", "说明 message", "问题 finding", "结论 decision", "备注 comment"}
	missedCols     = []string{"批次 batch", "通话 call", "文件 path", "行 line", "概念 concept", "备注 comment"}
	transcriptCols = []string{"通话 call", "文件 path", "行 line", "说话人 role", "时间 time", "原话 text"}
)

// decisionWords are what a reviewer may write in the decision column.
var decisionWords = map[string]string{
	"确认": store.Confirm, "confirm": store.Confirm, "对": store.Confirm, "是": store.Confirm, "✓": store.Confirm, "√": store.Confirm, "y": store.Confirm, "yes": store.Confirm,
	"驳回": store.Reject, "reject": store.Reject, "错": store.Reject, "否": store.Reject, "✗": store.Reject, "×": store.Reject, "n": store.Reject, "no": store.Reject, "误报": store.Reject,
}

// WriteWorkbook writes batch b and its calls as a review workbook.
func WriteWorkbook(w io.Writer, b *store.Batch, calls []store.Call) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", SheetFindings)
	f.NewSheet(SheetMissed)
	f.NewSheet(SheetTranscript)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	header := func(sheet string, cols []string) {
		for i, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellValue(sheet, cell, c)
		}
		last, _ := excelize.CoordinatesToCellName(len(cols), 1)
		f.SetCellStyle(sheet, "A1", last, bold)
		f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	set := func(sheet string, row int, vals ...any) {
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellValue(sheet, cell, v)
		}
	}
	header(SheetFindings, findingCols)
	header(SheetMissed, missedCols)
	header(SheetTranscript, transcriptCols)
	row, mrow, trow := 2, 2, 2
	for _, c := range calls {
		score := ""
		if c.Score != nil {
			score = strconv.FormatFloat(*c.Score, 'f', -1, 64)
		}
		// The columns import reads back (batch, call, finding) are written as they are;
		// the others as the report's workbook shows them: a control character written
		// out (the library made it U+FFFD), an utterance past Excel's 32,767 characters
		// cut visibly around its match (the library kept its start silently: the 禁语 a
		// reviewer was asked to confirm was not in the cell).
		path, agent := shown(c.Path), shown(c.Agent)
		for _, fd := range c.Findings {
			set(SheetFindings, row, b.Name, c.ID, path, agent, score, lineCell(fd.Line), shown(fd.Role),
				report.SheetText(fd.Text, fd.Match, report.LangZH), shown(fd.Rule), shown(fd.Message), fd.ID, "", "")
			row++
		}
		set(SheetMissed, mrow, b.Name, c.ID, path, "", "", "")
		mrow++
		for _, u := range c.Transcript {
			set(SheetTranscript, trow, c.ID, path, u.Line, shown(u.Role), shown(u.Time), shown(u.Text))
			trow++
		}
	}
	decisionCol, _ := excelize.ColumnNumberToName(indexOf(findingCols, "结论 decision") + 1)
	if row > 2 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", decisionCol, decisionCol, row-1)
		dv.SetDropList([]string{"确认", "驳回"})
		f.AddDataValidation(SheetFindings, dv)
	}
	f.SetColWidth(SheetFindings, "H", "H", 48)
	f.SetColWidth(SheetFindings, "J", "J", 36)
	f.SetColWidth(SheetTranscript, "F", "F", 60)
	_, err := f.WriteTo(w)
	return err
}

// shown is a cell only shown to the reviewer, never read back.
func shown(s string) string { return report.SheetText(s, "", report.LangZH) }

func lineCell(n int) any {
	if n == 0 {
		return ""
	}
	return n
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// maxWorkbook and maxUnpacked bound a review workbook, as a file and unpacked: one for
// a batch of thousands of findings is a few MB. A workbook of 2 MB whose shared strings
// unpacked to 2 GB (a zip bomb) ran for minutes and took 6 GB.
const (
	maxWorkbook = 64 << 20
	maxUnpacked = 256 << 20
)

// readBounded reads a workbook and refuses one over maxWorkbook, or whose parts unpack
// to more than maxUnpacked (archive/zip holds each part to the size it declares).
func readBounded(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxWorkbook+1))
	if err != nil {
		return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.not-readable-xlsx-workbook", err.Error())}}
	}
	if len(data) > maxWorkbook {
		return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.workbook-too-large", maxWorkbook>>20)}}
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.not-readable-xlsx-workbook", err.Error())}}
	}
	var unpacked uint64
	for _, f := range z.File {
		unpacked += f.UncompressedSize64
		if unpacked > maxUnpacked {
			return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.workbook-unpacks-too-large", maxUnpacked>>20)}}
		}
	}
	// The spreadsheet library reads a sheet cut short, or otherwise not well-formed XML,
	// up to the damage and says nothing: the decisions after it would be lost without a
	// word. Every XML part is read through first.
	read := readSheets(z)
	for _, f := range z.File {
		if !strings.HasSuffix(strings.ToLower(f.Name), ".xml") && !strings.HasSuffix(strings.ToLower(f.Name), ".rels") {
			continue
		}
		if err := wellFormed(f, read(f.Name)); errors.Is(err, errTooManyCells) {
			return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.workbook-too-many-cells", f.Name, maxCells)}}
		} else if err != nil {
			return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.workbook-damaged", f.Name, err.Error())}}
		}
	}
	return data, nil
}

// maxCells bounds the cells of a sheet as the spreadsheet library reads them: each row
// as wide as its last cell. A workbook of 128 KB whose 20,000 rows each had a cell in the
// last column (XFD, the 16,384th) took 78 s and 9 GB to import; a batch's workbook has
// some thousand rows of 13 cells.
const maxCells = 4 << 20

var errTooManyCells = errors.New("too many cells")

// readSheets says which parts of the workbook are the sheets import reads (the review
// and missed sheets), found through the workbook's list of sheets and its relations;
// when those cannot be read, every worksheet.
func readSheets(z *zip.Reader) func(part string) bool {
	every := func(part string) bool { return strings.HasPrefix(part, "xl/worksheets/") }
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if decodePart(z, "xl/workbook.xml", &wb) != nil || decodePart(z, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return every
	}
	parts := map[string]bool{}
	for _, sh := range wb.Sheets {
		if sh.Name != SheetFindings && sh.Name != SheetMissed {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == sh.ID {
				t := strings.TrimPrefix(r.Target, "/")
				if !strings.HasPrefix(t, "xl/") {
					t = path.Join("xl", t)
				}
				parts[t] = true
			}
		}
	}
	if len(parts) == 0 {
		return every
	}
	return func(part string) bool { return parts[part] }
}

// decodePart decodes the XML part name of z into v.
func decodePart(z *zip.Reader, name string, v any) error {
	f, err := z.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(f).Decode(v)
}

// wellFormed reads the XML part f to its end and returns the first error: bad XML, a
// part cut short, an entity XML does not define, damaged compression; or, for a sheet
// import reads (counted), errTooManyCells past maxCells.
func wellFormed(f *zip.File, counted bool) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	// Token, unlike RawToken, matches every end tag with its start tag.
	d := xml.NewDecoder(rc)
	depth := 0
	cells, width, next := 0, 0, 0 // the sheet's cells so far, the row's width, its next column
	for {
		t, err := d.Token()
		if errors.Is(err, io.EOF) {
			if depth != 0 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "row":
				width, next = 0, 0
			case "c":
				next++
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if c := column(a.Value); c > 0 {
							next = c
						}
					}
				}
				width = max(width, next)
			}
		case xml.EndElement:
			depth--
			if t.Name.Local == "row" && counted {
				if cells += width; cells > maxCells {
					return errTooManyCells
				}
			}
		}
	}
}

// column is the 1-based column of a cell reference ("XFD100": 16384), 0 when it has none.
func column(ref string) int {
	c := 0
	for i := 0; i < len(ref) && i < 4; i++ {
		ch := ref[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		c = c*26 + int(ch-'a'+1)
	}
	return c
}

// ReadWorkbook reads the decisions of a review workbook: a review per finding row with
// a decision, and per row of the missed sheet with a concept. name is the workbook's
// name for messages; every problem is reported with its sheet and row.
func ReadWorkbook(r io.Reader, name, reviewer string) ([]store.Review, error) {
	data, err := readBounded(r, name)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnpacked})
	if err != nil {
		return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.not-readable-xlsx-workbook", err.Error())}}
	}
	defer f.Close()
	var out []store.Review
	var errs diag.List
	bad := func(sheet string, row int, key string, args ...any) {
		errs = append(errs, &diag.Diagnostic{Path: name, Line: row, Msg: sheet + "：" + msg.Sprintf(key, args...)})
	}
	// A row copied and decided again: the same decision is kept once; another decision
	// or comment is refused (the later row silently replaced the earlier, and the
	// import counted both).
	type seenRow struct {
		row  int
		what string
	}
	seen := map[string]seenRow{}
	once := func(sheet string, row int, key, what string) bool {
		prev, ok := seen[sheet+"\x00"+key]
		if !ok {
			seen[sheet+"\x00"+key] = seenRow{row, what}
			return true
		}
		if prev.what != what {
			bad(sheet, row, "review.decided-twice", prev.row)
		}
		return false
	}
	rows, err := sheetRows(f, SheetFindings)
	if re, ok := err.(*rowError); ok {
		return nil, diag.List{{Path: name, Line: re.row, Msg: msg.Sprintf("review.workbook-damaged", SheetFindings, re.Error())}}
	}
	if err != nil {
		return nil, diag.List{{Path: name, Msg: msg.Sprintf("review.no-sheet", SheetFindings)}}
	}
	col := columns(rows, findingCols)
	if c := missingColumn(col, "批次 batch", "通话 call", "问题 finding", "结论 decision"); c != "" {
		return nil, diag.List{{Path: name, Line: 1, Msg: SheetFindings + "：" + msg.Sprintf("review.no-column", c)}}
	}
	for i, r := range rows {
		if i == 0 {
			continue
		}
		word := strings.ToLower(strings.TrimSpace(cell(r, col["结论 decision"])))
		if word == "" {
			continue
		}
		d, ok := decisionWords[word]
		if !ok {
			bad(SheetFindings, i+1, "review.decision-confirm-or-reject", word)
			continue
		}
		rv := store.Review{Batch: cell(r, col["批次 batch"]), CallID: cell(r, col["通话 call"]), Finding: cell(r, col["问题 finding"]),
			Decision: d, Comment: strings.TrimSpace(cell(r, col["备注 comment"])), Reviewer: reviewer}
		if rv.Batch == "" || rv.CallID == "" || rv.Finding == "" {
			bad(SheetFindings, i+1, "review.batch-call-finding-id-missing")
			continue
		}
		if !once(SheetFindings, i+1, rv.Batch+"\x00"+rv.CallID+"\x00"+rv.Finding, rv.Decision+"\x00"+rv.Comment) {
			continue
		}
		out = append(out, rv)
	}
	rows, err = sheetRows(f, SheetMissed)
	if re, ok := err.(*rowError); ok {
		return nil, diag.List{{Path: name, Line: re.row, Msg: msg.Sprintf("review.workbook-damaged", SheetMissed, re.Error())}}
	}
	if err == nil {
		col := columns(rows, missedCols)
		if c := missingColumn(col, "批次 batch", "通话 call", "概念 concept"); c != "" {
			return nil, diag.List{{Path: name, Line: 1, Msg: SheetMissed + "：" + msg.Sprintf("review.no-column", c)}}
		}
		for i, r := range rows {
			if i == 0 {
				continue
			}
			concept := strings.TrimSpace(cell(r, col["概念 concept"]))
			if concept == "" {
				continue
			}
			line := 0
			if s := strings.TrimSpace(cell(r, col["行 line"])); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < 1 {
					bad(SheetMissed, i+1, "review.line-number-from-one", s)
					continue
				}
				line = n
			}
			rv := store.Review{Batch: cell(r, col["批次 batch"]), CallID: cell(r, col["通话 call"]), Decision: store.Missed,
				Concept: concept, Line: line, Comment: strings.TrimSpace(cell(r, col["备注 comment"])), Reviewer: reviewer}
			if rv.Batch == "" || rv.CallID == "" {
				bad(SheetMissed, i+1, "review.batch-call-id-missing")
				continue
			}
			if !once(SheetMissed, i+1, rv.Batch+"\x00"+rv.CallID+"\x00"+rv.Concept+"\x00"+strconv.Itoa(rv.Line), rv.Comment) {
				continue
			}
			out = append(out, rv)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// rowError is a row of a sheet that could be opened but not read to its end.
type rowError struct {
	row int
	err error
}

func (e *rowError) Error() string { return e.err.Error() }

// sheetRows is excelize's GetRows, but a row it cannot read (a cell reference past the
// last row Excel has, a bad row number) is an error: GetRows stops there and returns the
// rows before it, and the decisions after it would be lost without a word.
func sheetRows(f *excelize.File, sheet string) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	var out [][]string
	cur := 0
	for rows.Next() {
		cur++
		row, err := rows.Columns()
		if err != nil {
			rows.Close()
			return nil, &rowError{cur, err}
		}
		if len(row) > 0 {
			for len(out) < cur-1 {
				out = append(out, nil)
			}
			out = append(out, row)
		}
	}
	if err := rows.Error(); err != nil {
		rows.Close()
		return nil, &rowError{cur + 1, err}
	}
	return out, rows.Close()
}

// columns finds each known header in the first row: written whole ("结论 decision"), or
// only its Chinese or its English part, as a reviewer tidying the sheet may leave it.
func columns(rows [][]string, known []string) map[string]int {
	col := map[string]int{}
	for _, k := range known {
		col[k] = -1
	}
	if len(rows) > 0 {
		for i, h := range rows[0] {
			h = strings.ToLower(strings.Join(strings.Fields(h), " "))
			if h == "" {
				continue
			}
			for _, k := range known {
				zh, en, _ := strings.Cut(k, " ")
				if col[k] < 0 && (h == strings.ToLower(k) || h == zh || h == en) {
					col[k] = i
				}
			}
		}
	}
	return col
}

// missingColumn is the first of want the header row has not, "" when it has them all.
// Without it every row would read as undecided and the sheet's decisions be lost
// without a word.
func missingColumn(col map[string]int, want ...string) string {
	for _, k := range want {
		if col[k] < 0 {
			return k
		}
	}
	return ""
}

func cell(r []string, i int) string {
	if i < 0 || i >= len(r) {
		return ""
	}
	return r[i]
}
