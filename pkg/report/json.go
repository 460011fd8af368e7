package report

import (
	"bytes"
	"encoding/json"
	"io"
)

// WriteJSON writes r as indented JSON. Empty lists and maps are written as [] and {}
// rather than null so consumers can iterate without nil checks; r itself is not changed.
func WriteJSON(w io.Writer, r *Report) error {
	return writeAll(NewJSONWriter(w, r.Rulebook), r)
}

// JSONWriter writes the JSON report entry by entry as a batch runs: the rulebook, each
// file as it is added, the summary on Close. The bytes are those of the whole Report
// encoded at once, indented by two spaces, with a trailing newline; a batch of any size
// is written without holding it.
type JSONWriter struct {
	w     io.Writer
	rb    Rulebook
	files int
	begun bool
	buf   bytes.Buffer
	// enc encodes each value compact into compact; value indents it into buf.
	compact bytes.Buffer
	enc     *json.Encoder
}

// NewJSONWriter returns a Writer of the JSON report of a batch checked against rb.
func NewJSONWriter(w io.Writer, rb Rulebook) *JSONWriter {
	j := &JSONWriter{w: w, rb: rb}
	j.enc = json.NewEncoder(&j.compact)
	// Quoted utterances contain Chinese and may contain <>&; keep them readable.
	j.enc.SetEscapeHTML(false)
	return j
}

// Add writes f as the next element of "files".
func (j *JSONWriter) Add(f Call) error {
	j.buf.Reset()
	j.begin()
	if j.files == 0 {
		j.buf.WriteString("\n    ")
	} else {
		j.buf.WriteString(",\n    ")
	}
	j.files++
	if err := j.value(normalizedFile(f), "    "); err != nil {
		return err
	}
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

// Close ends "files" and writes the summary.
func (j *JSONWriter) Close(s Summary) error {
	j.buf.Reset()
	j.begin()
	if j.files > 0 {
		j.buf.WriteString("\n  ")
	}
	j.buf.WriteString("],\n  \"summary\": ")
	if s.TopRules == nil {
		s.TopRules = []RuleCount{}
	}
	if s.Lowest == nil {
		s.Lowest = []CallScore{}
	}
	if err := j.value(s, "  "); err != nil {
		return err
	}
	j.buf.WriteString("\n}\n")
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

// begin puts the report's opening, up to "files": [, in buf the first time.
func (j *JSONWriter) begin() {
	if j.begun {
		return
	}
	j.begun = true
	j.buf.WriteString("{\n  \"rulebook\": ")
	_ = j.value(j.rb, "  ") // two strings: cannot fail
	j.buf.WriteString(",\n  \"files\": [")
}

// value appends v to buf indented as a value nested at prefix, without the newline
// Encode ends with.
func (j *JSONWriter) value(v any, prefix string) error {
	j.compact.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	compact := j.compact.Bytes()
	j.buf.Write(appendIndented(j.buf.AvailableBuffer(), compact[:len(compact)-1], prefix, "  "))
	return nil
}

// normalizedFile returns f with a nil metadata map or findings list made empty.
func normalizedFile(f Call) Call {
	if f.Metadata == nil {
		f.Metadata = map[string]string{}
	}
	if f.Findings == nil {
		f.Findings = []Finding{}
	}
	return f
}
