package report

// Writer writes a report one entry at a time, as the pipeline emits them, so a batch of
// any size is written with flat memory. Close is called once, after the last Add, with
// the batch summary; it flushes what is buffered but does not close the underlying
// io.Writer. After an error the report is incomplete and the caller should discard it.
type Writer interface {
	Add(Call) error
	Close(Summary) error
}

// Discarder is a Writer that keeps temporary files (xlsx, html): Discard removes them
// when the report will not be written.
type Discarder interface {
	Discard() error
}

// writeAll writes r through w: its files, then its summary.
func writeAll(w Writer, r *Report) error {
	for _, f := range r.Files {
		if err := w.Add(f); err != nil {
			if d, ok := w.(Discarder); ok {
				_ = d.Discard()
			}
			return err
		}
	}
	return w.Close(r.Summary)
}
