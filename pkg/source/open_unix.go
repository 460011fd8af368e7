//go:build unix

package source

import (
	"io"
	"os"
	"syscall"
)

// openInput opens a named input for reading; what it is comes from one fstat of the open
// file, not from a stat of the name before opening it.
//
// It is always opened non-blocking: open(2) of a named pipe blocks until a writer opens
// the other end, which with none never happens and would hang the whole batch. A pipe or
// device is then set back to blocking, so reads wait for a writer's data as usual and
// return end of file at once when there is none. A regular file is read with plain
// read(2) calls (non-blocking mode does not apply to it), without an *os.File: a batch
// opens files by the hundred thousand, and os.Open's try of the network poller costs
// more system calls than the read itself.
func openInput(path string) (r io.ReadCloser, info inputInfo, err error) {
	const flags = syscall.O_RDONLY | syscall.O_NONBLOCK | syscall.O_CLOEXEC
	fd, err := syscall.Open(path, flags, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, flags, 0)
	}
	if err != nil {
		return nil, info, &os.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, info, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
		return fileFD(fd), inputInfo{regular: true, size: st.Size}, nil
	case syscall.S_IFDIR:
		return fileFD(fd), inputInfo{dir: true}, nil
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		syscall.Close(fd)
		return nil, info, &os.PathError{Op: "open", Path: path, Err: err}
	}
	fifo := st.Mode&syscall.S_IFMT == syscall.S_IFIFO
	return os.NewFile(uintptr(fd), path), inputInfo{fifo: fifo}, nil
}

// fileFD reads a regular file by its descriptor.
type fileFD int

func (f fileFD) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(int(f), p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f fileFD) Close() error { return syscall.Close(int(f)) }
