package report

import (
	"bytes"
	"io"
	"os"
)

// LooksLikeReport says whether the file at path holds a report zhijian wrote (in any
// format, or a baseline), as far as its first and last few kilobytes tell: a run may write over its
// own earlier report in a directory it checks, never over a transcript there. A file
// that cannot be read is no report.
func LooksLikeReport(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	var tail []byte
	if fi, err := f.Stat(); err == nil && fi.Size() > int64(len(head)) {
		tail = make([]byte, 16<<10)
		off := max(fi.Size()-int64(len(tail)), int64(len(head)))
		n, _ := f.ReadAt(tail, off)
		tail = tail[:n]
	}
	return looksLikeReport(head, tail)
}

// looksLikeReport is LooksLikeReport on a file's head and the tail after it.
func looksLikeReport(head, tail []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n")
	first, _, _ := bytes.Cut(h, []byte("\n"))
	has := func(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }
	switch {
	case bytes.HasPrefix(h, []byte("PK\x03\x04")): // a workbook: no transcript is a zip
		return true
	case bytes.HasPrefix(h, []byte("{\n  \"rulebook\"")), bytes.HasPrefix(h, []byte(`{"rulebook"`)):
		return true // json
	case bytes.HasPrefix(h, []byte("{")) && has(h, `"$schema"`) && has(h, "sarif"):
		return true
	case bytes.HasPrefix(h, []byte("{")) && has(h, `"tool": "zhijian"`):
		return true // a baseline
	case bytes.HasPrefix(first, []byte(`{"path":`)), bytes.HasPrefix(first, []byte(`{"summary":`)):
		return true // jsonl: an entry or the summary line
	case bytes.HasPrefix(first, []byte("文件,通话编号,")), bytes.HasPrefix(first, []byte("path,call_id,")):
		return true // csv and the per-call csv
	case bytes.HasPrefix(h, []byte("<?xml")) && has(h, `<testsuites name="zhijian"`):
		return true
	case bytes.HasPrefix(h, []byte("<!DOCTYPE html")) && has(h, "zhijian"):
		return true
	case bytes.HasPrefix(h, []byte("::")):
		return true // github annotations
	}
	// A text report ends with its summary: the rulebook line, then the counts.
	all := append(append([]byte("\n"), h...), tail...)
	for _, rb := range []string{"\n规则库 ", "\nRulebook "} {
		if i := bytes.LastIndex(all, []byte(rb)); i >= 0 {
			rest := all[i+1:]
			if _, next, ok := bytes.Cut(rest, []byte("\n")); ok &&
				(bytes.HasPrefix(next, []byte("文件 ")) || bytes.HasPrefix(next, []byte("Files "))) {
				return true
			}
		}
	}
	return false
}
