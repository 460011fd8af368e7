//go:build !unix

package source

import "os"

// openFIFO opens a named pipe; only Unix systems need care (see fifo_unix.go).
func openFIFO(path string) (*os.File, error) { return os.Open(path) }
