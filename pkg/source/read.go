package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"
)

// ReadOptions are the options of Read and ReadDecoded.
type ReadOptions struct {
	// MaxSize is the largest input accepted, in bytes; <= 0 means DefaultMaxSize.
	MaxSize int64
	// Encoding forces an encoding (any name CanonicalEncoding accepts: "gbk",
	// "GB2312", "big5", "utf-16le" ...); "" or "auto" detects it, see Decode.
	Encoding string
	// Context, when cancelled, ends a read that waits on a pipe, a FIFO or standard
	// input: Read returns ErrInterrupted at once. nil never cancels.
	Context context.Context
}

// ErrInterrupted is the error of a read given up because its context was cancelled.
var ErrInterrupted = msg.Errorf("source.interrupted")

// Read reads one input and decodes it to UTF-8 text; stdin is read for "-". Inputs
// larger than opts.MaxSize bytes are refused. Every error it returns is an *Error
// naming the input, with the line when one line is at fault.
//
// The encoding is opts.Encoding or detected: UTF-8 with or without a BOM, UTF-16
// LE/BE with a BOM, GBK/GB2312/GB18030 and Big5; see Decode. Text containing NUL
// bytes is taken to be a binary file; text that does not decode cleanly, or decodes
// to what does not look like Chinese, is an error rather than a wrong guess.
func Read(in Input, stdin io.Reader, opts ReadOptions) (string, error) {
	text, _, err := ReadDecoded(in, stdin, opts)
	return text, err
}

// ReadDecoded is Read that also returns the canonical name of the encoding used
// ("utf-8", "gbk", "big5" ...).
func ReadDecoded(in Input, stdin io.Reader, opts ReadOptions) (text, encoding string, err error) {
	// An unknown encoding name is refused before reading anything.
	if _, err := CanonicalEncoding(opts.Encoding); err != nil {
		return "", "", withPath(in.Path, err)
	}
	maxSize := opts.MaxSize
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	data, err := readLimited(opts.Context, in, stdin, maxSize)
	if err != nil {
		return "", "", err
	}
	text, encoding, err = decode(data, opts.Encoding, true) // data was read for this alone
	if err != nil {
		return "", "", withPath(in.Path, err)
	}
	return text, encoding, nil
}

// withPath names the input in err, which Decode returns without a Path.
func withPath(path string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		e.Path = path
		return e
	}
	return &Error{Path: path, Msg: err.Error(), Err: err}
}

// readLimited returns the raw bytes of in, refusing anything over maxSize.
func readLimited(ctx context.Context, in Input, stdin io.Reader, maxSize int64) ([]byte, error) {
	var r io.Reader
	fifo := false
	hint := int64(bytes.MinRead)
	if in.Path == Stdin {
		if stdin == nil {
			return nil, &Error{Path: in.Path, Msg: msg.Sprintf("source.no-standard-input")}
		}
		r = stdin
	} else {
		f, info, err := openInput(in.Path)
		if err != nil {
			return nil, cannotRead(in.Path, err)
		}
		defer f.Close()
		if info.dir {
			return nil, &Error{Path: in.Path, Msg: msg.Sprintf("source.directory-not-file")}
		}
		// Refuse big regular files before reading them; pipes and devices have no
		// useful size and are caught by the limit below.
		if info.regular && info.size > maxSize {
			return nil, tooLarge(in.Path, info.size, maxSize)
		}
		r, fifo = f, info.fifo
		if info.regular && info.size > 0 {
			return readSized(in.Path, f, info.size)
		}
	}

	data, err := readAllContext(ctx, r, maxSize+1, hint)
	if errors.Is(err, ErrInterrupted) {
		return nil, &Error{Path: in.Path, Msg: ErrInterrupted.Error(), Err: err}
	}
	if err != nil {
		return nil, cannotRead(in.Path, err)
	}
	if int64(len(data)) > maxSize {
		return nil, tooLarge(in.Path, -1, maxSize)
	}
	if fifo && len(data) == 0 {
		return nil, &Error{Path: in.Path, Msg: msg.Sprintf("source.nothing-read-from-named-pipe")}
	}
	return data, nil
}

// readAllContext reads r to its end or to limit bytes. A pipe, a FIFO or a terminal may
// never deliver (a writer that stalls), and a blocked read(2) cannot be interrupted: the
// read runs on a goroutine of its own, given up when ctx is cancelled (it ends with
// the process, or when the writer delivers).
func readAllContext(ctx context.Context, r io.Reader, limit, hint int64) ([]byte, error) {
	read := func() ([]byte, error) {
		buf := bytes.NewBuffer(make([]byte, 0, hint))
		_, err := buf.ReadFrom(io.LimitReader(r, limit))
		return buf.Bytes(), err
	}
	if ctx == nil || ctx.Done() == nil {
		return read()
	}
	type result struct {
		data []byte
		err  error
	}
	got := make(chan result, 1)
	go func() {
		data, err := read()
		got <- result{data, err}
	}()
	select {
	case res := <-got:
		return res.data, res.err
	case <-ctx.Done():
		if f, ok := r.(*os.File); ok && f != os.Stdin {
			f.Close() // an *os.File is closed once however often Close is called
		}
		return nil, ErrInterrupted
	}
}

// readSized reads a regular file of the size fstat gave, as it was then: the bytes it
// had when opened, without the read that would only find its end (a batch reads files
// by the hundred thousand; that read was a sixth of its system calls). A file still
// being written is read up to that size; one cut shorter since, up to its end.
func readSized(path string, r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, size)
	n, err := io.ReadFull(r, data)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, cannotRead(path, err)
	}
	return data[:n], nil
}

// inputInfo is what openInput learnt of an opened input.
type inputInfo struct {
	regular, dir, fifo bool
	size               int64 // of a regular file
}

// InvalidLine returns the 1-based line of the first byte of data that is not part of
// valid UTF-8, 0 when data is valid UTF-8.
func InvalidLine(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	return lineOf(data, firstInvalid(data))
}

// firstInvalid returns the offset of the first byte that is not part of valid UTF-8.
func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// lineOf returns the 1-based line number of the byte at offset.
func lineOf(data []byte, offset int) int {
	return 1 + bytes.Count(data[:offset], []byte{'\n'})
}

func cannotRead(path string, err error) *Error {
	return &Error{Path: path, Msg: msg.Sprintf("source.cannot-read-file", errText(err)), Err: err}
}

// tooLarge reports a file over the limit; size < 0 when it is not known (standard
// input, pipes), because reading stopped at the limit.
func tooLarge(path string, size, limit int64) *Error {
	lim := formatSize(limit)
	if size < 0 {
		return &Error{Path: path, Msg: msg.Sprintf("source.file-too-large-over-limit", lim)}
	}
	s := formatSize(size)
	return &Error{Path: path, Msg: msg.Sprintf("source.file-too-large-limit", s, lim)}
}

// formatSize formats n bytes as "64 MB", "70.1 MB", "12.5 KB" or "900 B". Fractions
// are rounded up so that a file just over the limit never prints as equal to it.
func formatSize(n int64) string {
	unit, div := "B", int64(1)
	switch {
	case n >= 1<<20:
		unit, div = "MB", 1<<20
	case n >= 1<<10:
		unit, div = "KB", 1<<10
	}
	if n%div == 0 {
		return fmt.Sprintf("%d %s", n/div, unit)
	}
	v := math.Ceil(float64(n)/float64(div)*10) / 10
	s := strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0")
	return s + " " + unit
}
