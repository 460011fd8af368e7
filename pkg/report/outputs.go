package report

import (
	"bufio"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Output is one report a run writes: a format and a path, Stdout for standard output.
type Output struct{ Format, Path string }

// Stdout names standard output in -o and --summary-csv.
const Stdout = "-"

// SummaryCSV is the per-call CSV of --summary-csv: the csv format, one row per call. It
// has no --format name of its own.
const SummaryCSV = "summary-csv"

// OutputFlags are a command's report flags.
type OutputFlags struct {
	// Values are the -o values: FILE, or FORMAT=FILE.
	Values []string
	// Format is --format; FormatSet says it was given.
	Format    string
	FormatSet bool
	// SummaryCSV is where --summary-csv goes, "" for nowhere.
	SummaryCSV string
	// StdoutIsTTY refuses a binary report to a terminal.
	StdoutIsTTY bool
}

// ResolveOutputs turns the report flags into the reports to write.
//
//   - -o FILE writes the --format report to FILE instead of standard output; when --format
//     is not given, FILE's extension picks the format (report.html → html).
//   - -o FORMAT=FILE (repeatable) adds a report; FILE "-" is standard output.
//   - Standard output gets the --format report when no -o or --summary-csv is given, or
//     when --format is given explicitly and no -o FILE took it.
func ResolveOutputs(fl OutputFlags) ([]Output, error) {
	if FormatNamed(fl.Format) == nil {
		return nil, unknownFormat(fl.Format)
	}
	var outs []Output
	plain := false
	for _, v := range fl.Values {
		if strings.TrimSpace(v) == "" {
			// -o "" named no file: it was renamed to "" at the end, after the whole batch.
			return nil, msg.Errorf("report.output-needs-file-name", `""`)
		}
		if f, p, ok := strings.Cut(v, "="); ok && FormatNamed(f) != nil {
			if p == "" {
				return nil, msg.Errorf("report.output-needs-file-name", v)
			}
			outs = append(outs, Output{f, p})
			continue
		} else if ok && looksLikeFormat(f) {
			// htm=r.htm: a format name that is not one, not a file called "htm=r.htm".
			return nil, unknownFormat(f)
		}
		f := fl.Format
		if !fl.FormatSet {
			ext := filepath.Ext(v)
			if known, ok := FormatByExtension(ext); ok {
				f = known.Name
			} else if ext != "" {
				// report.xls would silently get a text report: say so instead.
				names := FormatNames()
				return nil, msg.Errorf("report.cannot-tell-report-format-from",
					ext, v, strings.Join(names, "、"), strings.Join(names, ", "))
			}
		}
		outs = append(outs, Output{f, v})
		plain = true
	}
	if fl.SummaryCSV != "" {
		outs = append(outs, Output{SummaryCSV, fl.SummaryCSV})
	}
	if len(outs) == 0 || (fl.FormatSet && !plain) {
		outs = append([]Output{{fl.Format, Stdout}}, outs...)
	}
	seen := map[string]bool{}
	for _, o := range outs {
		key := o.Path
		if key != Stdout {
			key = filepath.Clean(key)
		}
		if seen[key] {
			if o.Path == Stdout {
				return nil, msg.Errorf("report.only-one-report-can-go")
			}
			return nil, msg.Errorf("report.two-reports-written", o.Path)
		}
		seen[key] = true
		if f := FormatNamed(o.Format); f != nil && f.Binary && o.Path == Stdout && fl.StdoutIsTTY {
			return nil, msg.Errorf("report.cannot-go-terminal-use-output", o.Format)
		}
	}
	return outs, nil
}

// CheckOutputs reports, before any input is read, the error writing each file of outs
// would meet at the end: a directory in its place, a directory that is missing or not
// writable. A batch of hours must not be checked only to find its report cannot be
// written.
func CheckOutputs(outs []Output) error {
	for _, o := range outs {
		if o.Path == Stdout {
			continue
		}
		if err := atomicfile.Check(o.Path); err != nil {
			return msg.Errorf("report.cannot-write-report-2", o.Path, err)
		}
	}
	return nil
}

// looksLikeFormat says whether the part before "=" in -o is meant as a format name: a
// short word of letters, not a path.
func looksLikeFormat(f string) bool {
	if f == "" || len(f) > 12 {
		return false
	}
	for _, r := range f {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return false
		}
	}
	return true
}

// Outputs writes every report of a run: the streamed ones as entries come, into files
// written atomically (each appears whole, or not at all) or to standard output, the
// others at the end from the batch they gathered.
type Outputs struct {
	outs    []Output
	writers []Writer
	sinks   []*fileSink
	// stdout gathers what the reports write to standard output, if any does.
	stdout *stdoutBuffer
}

// OpenOutputs opens the reports outs to stdout and their files. stdoutOpts are the
// options of the report on standard output (colours, Hold under a progress bar); a file
// gets fileOpts.
func OpenOutputs(outs []Output, stdout io.Writer, stdoutOpts, fileOpts Options) (*Outputs, error) {
	w := &Outputs{outs: outs}
	for _, o := range outs {
		opts, format := fileOpts, o.Format
		if format == SummaryCSV {
			format, opts.PerCall = "csv", true
		}
		var dst io.Writer
		if o.Path == Stdout {
			opts.Colors, opts.Hold = stdoutOpts.Colors, stdoutOpts.Hold
			w.stdout = &stdoutBuffer{w: stdout}
			dst = w.stdout
		} else {
			s := openFileSink(o.Path)
			w.sinks = append(w.sinks, s)
			dst = s
		}
		wr, err := Open(format, dst, opts)
		if err != nil {
			w.Abort(err)
			return nil, err
		}
		w.writers = append(w.writers, wr)
	}
	return w, nil
}

// StdoutFormat is the format written to standard output, "" if none.
func (w *Outputs) StdoutFormat() string {
	for _, o := range w.outs {
		if o.Path == Stdout {
			return o.Format
		}
	}
	return ""
}

// Add writes one entry to every report.
func (w *Outputs) Add(f Call) error {
	for _, s := range w.writers {
		if err := s.Add(f); err != nil {
			return msg.Errorf("report.cannot-write-report", err)
		}
	}
	return nil
}

// Abort discards the files: their old contents stay. Standard output gets the lines of
// the entries written so far, as it would have without the buffer.
func (w *Outputs) Abort(err error) {
	for _, s := range w.writers {
		if d, ok := s.(Discarder); ok {
			_ = d.Discard() // the temporary files of a workbook or a page
		}
	}
	for _, s := range w.sinks {
		s.finish(err)
	}
	if w.stdout != nil {
		w.stdout.Close()
	}
}

// Discard drops every report (report.Discarder): the files keep their old contents.
func (w *Outputs) Discard() error {
	w.Abort(errDiscarded)
	return nil
}

var errDiscarded = msg.Errorf("report.report-discarded")

// Close ends every report with the batch summary and commits the files: Outputs is the
// Writer of all of a run's reports.
func (w *Outputs) Close(s Summary) error {
	var errs []error
	for i, wr := range w.writers {
		if err := wr.Close(s); err != nil {
			errs = append(errs, msg.Errorf("report.cannot-write-report-2", w.outs[i].Path, err))
		}
	}
	if w.stdout != nil {
		errs = append(errs, w.stdout.Close())
	}
	abort := errors.Join(errs...)
	for _, s := range w.sinks {
		if err := s.finish(abort); err != nil && abort == nil {
			errs = append(errs, msg.Errorf("report.cannot-write-report-2", s.path, err))
		}
	}
	return errors.Join(errs...)
}

// fileSink streams into a file written atomically: atomicfile.WriteFile runs in its own
// goroutine reading a pipe, and the file appears only when finish says all went well.
type fileSink struct {
	path string
	pw   *io.PipeWriter
	bw   *bufio.Writer
	done chan error
}

func openFileSink(path string) *fileSink {
	pr, pw := io.Pipe()
	s := &fileSink{path: path, pw: pw, bw: bufio.NewWriterSize(pw, 64<<10), done: make(chan error, 1)}
	go func() {
		err := atomicfile.WriteFile(path, func(w io.Writer) error {
			_, err := io.Copy(w, pr)
			return err
		})
		// If the file could not even be created, make the writer's next Write fail.
		pr.CloseWithError(err)
		s.done <- err
	}()
	return s
}

func (s *fileSink) Write(p []byte) (int, error) { return s.bw.Write(p) }

// finish ends the file: committed when abort is nil, discarded otherwise.
func (s *fileSink) finish(abort error) error {
	if abort == nil {
		abort = s.bw.Flush()
		if abort == nil {
			s.pw.Close()
			return <-s.done
		}
	}
	s.pw.CloseWithError(abort)
	<-s.done
	return abort
}

// stdoutBuffer gathers the lines written to standard output and writes them together:
// when 32 KB have gathered, and at least every stdoutFlushEvery, so a consumer piping the
// output still sees results while the batch runs, with one write(2) for dozens of files
// instead of one each. A report written whole at the end is one write.
type stdoutBuffer struct {
	w      io.Writer
	mu     sync.Mutex
	buf    []byte
	err    error // the first write error, returned by every later call
	ticker *time.Ticker
	done   chan struct{}
}

const (
	stdoutFlushSize  = 32 << 10
	stdoutFlushEvery = 100 * time.Millisecond
)

func (b *stdoutBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return 0, b.err
	}
	if b.ticker == nil { // the first line: start the clock
		b.ticker, b.done = time.NewTicker(stdoutFlushEvery), make(chan struct{})
		go b.tick(b.ticker, b.done)
	}
	b.buf = append(b.buf, p...)
	if len(b.buf) >= stdoutFlushSize {
		b.flushLocked()
	}
	return len(p), b.err
}

func (b *stdoutBuffer) tick(t *time.Ticker, done chan struct{}) {
	for {
		select {
		case <-t.C:
			b.mu.Lock()
			b.flushLocked()
			b.mu.Unlock()
		case <-done:
			return
		}
	}
}

func (b *stdoutBuffer) flushLocked() {
	if len(b.buf) == 0 || b.err != nil {
		return
	}
	_, b.err = b.w.Write(b.buf)
	b.buf = b.buf[:0]
}

// Close writes what is left and stops the clock.
func (b *stdoutBuffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ticker != nil {
		b.ticker.Stop()
		close(b.done)
		b.ticker = nil
	}
	b.flushLocked()
	return b.err
}
