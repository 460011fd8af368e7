// Package smallfile reads the files a command reads whole besides its transcripts — a
// rulebook, the configuration, a baseline, a label file, a rule test — refusing what is
// not a regular file of sensible size. A mistaken path (/dev/zero, a named pipe nobody
// writes to, a huge export) must be an error naming it, not a read that never ends.
package smallfile

import (
	"bytes"
	"io"
	"os"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Sizes the callers use: a rulebook, a configuration or a test is a few KB; a baseline
// or a label file of a large batch some MB.
const (
	Small = 16 << 20
	Large = 256 << 20
)

// Read reads the regular file path, of at most max bytes.
func Read(path string, max int64) ([]byte, error) {
	f, st, err := openRegular(path, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The size was looked at before the open: a file growing since is cut at max.
	// Read into a buffer of the size found, not one grown by doubling (which held about
	// twice the file at its peak).
	buf := bytes.NewBuffer(make([]byte, 0, min(st.Size(), max)+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(f, max+1))
	data := buf.Bytes()
	if err == nil && int64(len(data)) > max {
		return nil, &os.PathError{Op: "read", Path: path, Err: msg.Errorf("rulebook.file-too-large", int64(len(data))>>20, max>>20)}
	}
	return data, err
}

// Open opens the regular file path, of at most max bytes, to be read as a stream: a
// reading past max bytes (the file grew since it was looked at) fails.
func Open(path string, max int64) (io.ReadCloser, error) {
	f, _, err := openRegular(path, max)
	if err != nil {
		return nil, err
	}
	return &limited{f: f, path: path, left: max, max: max}, nil
}

// openRegular opens path after checking that it is a regular file of at most max bytes.
func openRegular(path string, max int64) (*os.File, os.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, nil, &os.PathError{Op: "read", Path: path, Err: msg.Errorf("rulebook.not-regular-file")}
	}
	if st.Size() > max {
		return nil, nil, &os.PathError{Op: "read", Path: path, Err: msg.Errorf("rulebook.file-too-large", st.Size()>>20, max>>20)}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, st, nil
}

type limited struct {
	f         *os.File
	path      string
	left, max int64
}

func (l *limited) Read(p []byte) (int, error) {
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.f.Read(p)
	if l.left -= int64(n); l.left < 0 {
		return 0, &os.PathError{Op: "read", Path: l.path, Err: msg.Errorf("rulebook.file-too-large", (l.max-l.left)>>20, l.max>>20)}
	}
	return n, err
}

func (l *limited) Close() error { return l.f.Close() }
