package check

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/iostreams"
	"github.com/zhijian-qa/zhijian/pkg/report"
)

// Formats are the report formats --format and --output FORMAT=FILE accept.
var Formats = report.Formats

// summaryCSV is the per-call CSV of --summary-csv; it has no --format name of its own.
const summaryCSV = "summary-csv"

// stdoutPath names standard output in --output and --summary-csv.
const stdoutPath = "-"

func isFormat(f string) bool { return slices.Contains(Formats, f) }

// looksLikeFormat says whether the part before "=" in --output is meant as a format
// name: a short word of letters, not a path.
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

// streamed says whether report o is written entry by entry as the batch runs, holding
// nothing back; the others (junit, sarif, github: CI formats) need the whole batch and
// are written at the end. A JSON report opens with the rulebook and ends with the
// summary, a text report ends with its tables, a workbook's large sheets are a row per
// call and per finding, and the HTML page's drill-down is a line per call, so they
// stream: a batch of 20,000 calls held for them peaked at 1.1 GB, 0.5 GB, 3.7 GB and
// 0.75 GB. Only a text report on a terminal under a progress bar waits for the bar to
// finish, as QA staff read it there.
func (w *outputs) streamed(o output) bool {
	switch o.format {
	case "json", "jsonl", "csv", summaryCSV, "xlsx", "html":
		return true
	case "text":
		return !(o.path == stdoutPath && w.underBar)
	}
	return false
}

// output is one report to write: a format and a path, "-" for standard output.
type output struct{ format, path string }

// byExtension guesses the format of an --output FILE given without FORMAT=.
var byExtension = report.FormatByExtension

// resolveOutputs turns --format, --output and --summary-csv into the reports to write.
//
//   - --output FILE writes the --format report to FILE instead of standard output; when
//     --format is not given, FILE's extension picks the format (report.html → html).
//   - --output FORMAT=FILE (repeatable) adds a report; FILE "-" is standard output.
//   - Standard output gets the --format report when no --output or --summary-csv is
//     given, or when --format is given explicitly and no --output FILE took it.
func resolveOutputs(opts *Options) ([]output, error) {
	var outs []output
	plain := false
	for _, v := range opts.Output {
		if f, p, ok := strings.Cut(v, "="); ok && isFormat(f) {
			if p == "" {
				return nil, fmt.Errorf("--output %s 缺少文件名 / --output %s needs a file name", v, v)
			}
			outs = append(outs, output{f, p})
			continue
		} else if ok && looksLikeFormat(f) {
			// htm=r.htm: a format name that is not one, not a file called "htm=r.htm".
			return nil, fmt.Errorf("未知的报告格式 %q（可用 %s）/ unknown report format %q (known: %s)",
				f, strings.Join(Formats, "、"), f, strings.Join(Formats, ", "))
		}
		f := opts.Format
		if !opts.formatSet {
			ext := strings.ToLower(filepath.Ext(v))
			if known, ok := byExtension[ext]; ok {
				f = known
			} else if ext != "" {
				// report.xls would silently get a text report: say so instead.
				return nil, fmt.Errorf("无法从扩展名 %s 判断报告格式：请写 FORMAT=%s（可用 %s），或用 --format / cannot tell the report format from the extension %s: write FORMAT=%s (known: %s), or give --format",
					ext, v, strings.Join(Formats, "、"), ext, v, strings.Join(Formats, ", "))
			}
		}
		outs = append(outs, output{f, v})
		plain = true
	}
	if opts.SummaryCSV != "" {
		outs = append(outs, output{summaryCSV, opts.SummaryCSV})
	}
	if len(outs) == 0 || (opts.formatSet && !plain) {
		outs = append([]output{{opts.Format, stdoutPath}}, outs...)
	}
	seen := map[string]bool{}
	for _, o := range outs {
		key := o.path
		if key != stdoutPath {
			key = filepath.Clean(key)
		}
		if seen[key] {
			if o.path == stdoutPath {
				return nil, errors.New("只有一个报告能写到标准输出 / only one report can go to standard output")
			}
			return nil, fmt.Errorf("两个报告写到同一个文件 %s / two reports written to %s", o.path, o.path)
		}
		seen[key] = true
		if o.format == "xlsx" && o.path == stdoutPath && opts.IO.IsStdoutTTY() {
			return nil, errors.New("xlsx 不能输出到终端，请用 --output / xlsx cannot go to a terminal; use --output")
		}
	}
	return outs, nil
}

// wants says whether any report is in format f.
func (opts *Options) wants(f string) bool {
	return slices.ContainsFunc(opts.outputs, func(o output) bool { return o.format == f })
}

// outputs writes every report of a run: the streamed ones as entries come, the others
// at the end from the collected batch.
type outputs struct {
	outs    []output
	opts    *Options
	streams []report.Writer
	sinks   []*fileSink
	// stdout gathers what the streamed reports write to standard output, if any does.
	stdout *stdoutBuffer
	// collect says the batch must be held for a format written at the end.
	collect bool
	// underBar says a progress bar is drawn on the terminal standard output shows.
	underBar bool
}

// batchInfo is what the reports of a run know before its first entry.
type batchInfo struct {
	rulebook report.Rulebook
	// underBar says a progress bar will be drawn on the terminal standard output
	// shows, if it is one.
	underBar bool
	// transcript reads the whole transcript behind an entry, for the HTML drill-down.
	transcript func(report.File) []report.Utterance
}

// openOutputs opens the reports of a batch.
func openOutputs(opts *Options, b batchInfo) (*outputs, error) {
	w := &outputs{outs: opts.outputs, opts: opts, underBar: b.underBar && opts.IO.IsStdoutTTY()}
	for _, o := range opts.outputs {
		if !w.streamed(o) {
			w.collect = true
			continue
		}
		if o.path == stdoutPath {
			w.stdout = &stdoutBuffer{w: opts.IO.Out}
		}
		var dst io.Writer = w.stdout
		if o.path != stdoutPath {
			s := openFileSink(o.path)
			w.sinks = append(w.sinks, s)
			dst = s
		}
		switch o.format {
		case "text":
			var colors *iostreams.ColorScheme // none in a file
			if o.path == stdoutPath {
				colors = opts.IO.ColorScheme()
			}
			w.streams = append(w.streams, report.NewTextWriter(dst, b.rulebook, report.TextOptions{
				Colors: colors, Lang: report.Lang(opts.Lang), GroupBy: opts.GroupBy, AgentOf: opts.agentOf}))
		case "json":
			w.streams = append(w.streams, report.NewJSONWriter(dst, b.rulebook))
		case "xlsx":
			w.streams = append(w.streams, report.NewXLSXWriter(dst, b.rulebook,
				report.XLSXOptions{Lang: report.Lang(opts.Lang), AgentOf: opts.agentOf}))
		case "html":
			w.streams = append(w.streams, report.NewHTMLWriter(dst, b.rulebook,
				report.HTMLOptions{Lang: report.Lang(opts.Lang), AgentOf: opts.agentOf, Transcript: b.transcript}))
		case "jsonl":
			w.streams = append(w.streams, report.NewJSONLWriter(dst))
		case "csv", summaryCSV:
			w.streams = append(w.streams, report.NewCSVWriter(dst, report.CSVOptions{
				PerCall: o.format == summaryCSV, Lang: report.Lang(opts.Lang), AgentOf: opts.agentOf}))
		}
	}
	return w, nil
}

// stdoutFormat is the format written to standard output, "" if none.
func (w *outputs) stdoutFormat() string {
	for _, o := range w.outs {
		if o.path == stdoutPath {
			return o.format
		}
	}
	return ""
}

func (w *outputs) add(f report.File) error {
	for _, s := range w.streams {
		if err := s.Add(f); err != nil {
			return fmt.Errorf("无法写入报告 / cannot write report: %w", err)
		}
	}
	return nil
}

// abort discards the streamed files: their old contents stay. Standard output gets the
// lines of the files checked so far, as it would have without the buffer.
func (w *outputs) abort(err error) {
	for _, s := range w.streams {
		if d, ok := s.(report.Discarder); ok {
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

type renderOptions struct {
	lang    report.Lang
	groupBy string
	agentOf report.AgentFunc
	// rules and version describe the rulebook and zhijian for SARIF.
	rules   []report.RuleInfo
	version string
}

// finish closes the streamed reports and writes the collected ones.
func (w *outputs) finish(rep *report.Report, ro renderOptions) error {
	var errs []error
	for _, s := range w.streams {
		errs = append(errs, s.Close(rep.Summary))
	}
	if w.stdout != nil {
		errs = append(errs, w.stdout.Close())
	}
	abort := errors.Join(errs...)
	for _, s := range w.sinks {
		if err := s.finish(abort); err != nil && abort == nil {
			errs = append(errs, fmt.Errorf("无法写入报告 / cannot write report %s: %w", s.path, err))
		}
	}
	for _, o := range w.outs {
		if w.streamed(o) {
			continue
		}
		if o.path == stdoutPath {
			// Render fully before writing so a failure cannot leave half a report.
			var buf bytes.Buffer
			err := render(o.format, &buf, rep, ro, w.opts.IO.ColorScheme())
			if err == nil {
				_, err = w.opts.IO.Out.Write(buf.Bytes())
			}
			errs = append(errs, err)
			continue
		}
		err := atomicfile.WriteFile(o.path, func(f io.Writer) error {
			bw := bufio.NewWriterSize(f, 64<<10)
			if err := render(o.format, bw, rep, ro, nil); err != nil {
				return err
			}
			return bw.Flush()
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("无法写入报告 / cannot write report %s: %w", o.path, err))
		}
	}
	return errors.Join(errs...)
}

func render(format string, w io.Writer, rep *report.Report, ro renderOptions, colors *iostreams.ColorScheme) error {
	switch format {
	case "junit":
		return report.WriteJUnit(w, rep)
	case "sarif":
		return report.WriteSARIF(w, rep, report.SARIFOptions{Rules: ro.rules, Version: ro.version})
	case "github":
		return report.WriteGitHub(w, rep, report.TextOptions{Lang: ro.lang, GroupBy: ro.groupBy, AgentOf: ro.agentOf})
	}
	return report.WriteText(w, rep, report.TextOptions{Colors: colors, Lang: ro.lang, GroupBy: ro.groupBy, AgentOf: ro.agentOf})
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

// stdoutBuffer gathers the lines streamed to standard output and writes them together:
// when 32 KB have gathered, and at least every stdoutFlushEvery, so a consumer piping the
// output still sees results while the batch runs, with one write(2) for dozens of files
// instead of one each.
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
