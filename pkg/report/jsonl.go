package report

import "io"

// JSONLWriter writes JSON Lines: each report entry (File) as one line of compact JSON,
// written as soon as it is added, so a consumer piping the output sees results while the
// batch runs. There is no header or summary line: every line has the same shape.
type JSONLWriter struct {
	w   io.Writer
	buf []byte
}

// NewJSONLWriter returns a Writer of JSON Lines to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	return &JSONLWriter{w: w}
}

// Add writes f as one line, with a single Write so lines never interleave.
func (j *JSONLWriter) Add(f Call) error {
	if f.line != nil { // encoded ahead (EncodeLine)
		_, err := j.w.Write(f.line)
		return err
	}
	var e jsonEncoder
	j.buf = append(e.call(j.buf[:0], &f), '\n')
	if e.err != nil {
		return e.err
	}
	_, err := j.w.Write(j.buf)
	return err
}

// EncodeLine makes f's JSON Lines entry now, for JSONLWriter.Add to write as it is: a
// batch's workers encode their files side by side, and the writer, one for all of them,
// only writes. f must not change afterwards.
func (f *Call) EncodeLine() error {
	line, err := encodeEntry(f, false, "", "", "\n")
	if err != nil {
		return err
	}
	f.line = line
	return nil
}

// Close has nothing left to write.
func (j *JSONLWriter) Close(Summary) error { return nil }
