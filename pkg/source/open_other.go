//go:build !unix

package source

import (
	"io"
	"os"
)

// openInput opens a named input for reading; only Unix systems need care with named
// pipes (see open_unix.go).
func openInput(path string) (io.ReadCloser, inputInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputInfo{}, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, inputInfo{}, err
	}
	return f, inputInfo{regular: fi.Mode().IsRegular(), dir: fi.IsDir(), size: fi.Size()}, nil
}
