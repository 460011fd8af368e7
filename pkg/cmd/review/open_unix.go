//go:build unix

package review

import (
	"os"
	"syscall"
)

// openWorkbook opens a workbook without waiting for a writer: open(2) of a named pipe
// nobody writes to blocks for ever (review import hung). Opened non-blocking, it reads
// as empty; a pipe with a writer is read as it delivers.
func openWorkbook(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
