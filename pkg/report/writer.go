package report

// Writer writes a report one entry at a time, as the pipeline emits them, so a batch of
// any size is written with flat memory. Close is called once, after the last Add, with
// the batch summary; it flushes what is buffered but does not close the underlying
// io.Writer. After an error the report is incomplete and the caller should discard it.
type Writer interface {
	Add(File) error
	Close(Summary) error
}
