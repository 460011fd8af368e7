//go:build unix

package source

import (
	"os"
	"syscall"
)

// openFIFO opens a named pipe for reading without waiting for a writer: open(2) of a
// FIFO blocks until one opens the other end, which with none never happens and would
// hang the whole batch. Opened non-blocking and then set back to blocking, reads wait
// for a writer's data as usual, and return end of file at once when there is no writer.
func openFIFO(path string) (*os.File, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		syscall.Close(fd)
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}
