//go:build unix

package source

import (
	"io/fs"
	"syscall"
)

// fileID tells directories apart however they are reached (by links or by name).
type fileID struct{ dev, ino uint64 }

func idOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true //nolint:unconvert // widths differ by platform
}
