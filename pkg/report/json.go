package report

import "io"

// WriteJSON writes r as indented JSON. Empty lists and maps are written as [] and {}
// rather than null so consumers can iterate without nil checks; r itself is not changed.
func WriteJSON(w io.Writer, r *Report) error {
	return writeAll(NewJSONWriter(w, r.Rulebook), r)
}

// JSONWriter writes the JSON report entry by entry as a batch runs: the rulebook, each
// file as it is added, the summary on Close. The bytes are those of the whole Report
// encoded at once by encoding/json, indented by two spaces, with a trailing newline; a
// batch of any size is written without holding it.
type JSONWriter struct {
	w     io.Writer
	rb    Rulebook
	files int
	begun bool
	buf   []byte
}

// NewJSONWriter returns a Writer of the JSON report of a batch checked against rb.
func NewJSONWriter(w io.Writer, rb Rulebook) *JSONWriter {
	return &JSONWriter{w: w, rb: rb}
}

// The indentation of an entry of "files", and what comes before each but the first.
const (
	jsonEntryPrefix    = "    "
	jsonEntrySeparator = ",\n" + jsonEntryPrefix
)

// Add writes f as the next element of "files".
func (j *JSONWriter) Add(f Call) error {
	if f.entry != nil { // encoded ahead (EncodeEntry), with the separator
		entry := f.entry
		if j.files == 0 {
			entry = entry[1:] // no comma before the first
		}
		if !j.begun {
			j.buf = append(j.begin(j.buf[:0]), entry...)
			entry = j.buf
		}
		j.files++
		_, err := j.w.Write(entry)
		return err
	}
	buf := j.begin(j.buf[:0])
	if j.files == 0 {
		buf = append(buf, jsonEntrySeparator[1:]...)
	} else {
		buf = append(buf, jsonEntrySeparator...)
	}
	e := jsonEncoder{indent: true, prefix: jsonEntryPrefix}
	j.buf = e.call(buf, &f)
	if e.err != nil {
		return e.err
	}
	j.files++
	_, err := j.w.Write(j.buf)
	return err
}

// EncodeEntry makes f's entry of the JSON report now, for JSONWriter.Add to write as it
// is, as EncodeLine does for JSON Lines. f must not change afterwards.
func (f *Call) EncodeEntry() error {
	entry, err := encodeEntry(f, true, jsonEntryPrefix, jsonEntrySeparator, "")
	if err != nil {
		return err
	}
	f.entry = entry
	return nil
}

// Close ends "files" and writes the summary.
func (j *JSONWriter) Close(s Summary) error {
	buf := j.begin(j.buf[:0])
	if j.files > 0 {
		buf = append(buf, "\n  "...)
	}
	buf = append(buf, "],\n  \"summary\": "...)
	e := jsonEncoder{indent: true, prefix: "  "}
	j.buf = append(e.summary(buf, &s), "\n}\n"...)
	if e.err != nil {
		return e.err
	}
	_, err := j.w.Write(j.buf)
	return err
}

// begin appends the report's opening, up to "files": [, to buf the first time.
func (j *JSONWriter) begin(buf []byte) []byte {
	if j.begun {
		return buf
	}
	j.begun = true
	e := jsonEncoder{indent: true, prefix: "  "}
	buf = e.rulebook(append(buf, "{\n  \"rulebook\": "...), &j.rb)
	return append(buf, ",\n  \"files\": ["...)
}
