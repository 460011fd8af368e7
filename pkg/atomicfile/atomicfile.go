// Package atomicfile writes files so that readers see either the old content or the
// complete new content, never a half-written report.
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// defaultMode is used for new files; reports are meant to be shared, not secret.
const defaultMode fs.FileMode = 0o644

// WriteFile calls write with a temporary file in path's directory and, if everything
// succeeds, renames it over path. The temp file lives in the same directory because
// rename is only atomic within one filesystem. On any error the temp file is removed
// and path is left as it was.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}

	// Keep an existing file's permissions; CreateTemp makes 0600 files, which would
	// silently make a rewritten report unreadable to others.
	mode := defaultMode
	if fi, statErr := os.Stat(path); statErr == nil {
		mode = fi.Mode().Perm()
	} else if !errors.Is(statErr, fs.ErrNotExist) {
		return statErr
	}

	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close() // may already be closed; the error is irrelevant then
			os.Remove(tmp)
		}
	}()

	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	// Sync before rename so a crash cannot leave the new name pointing at empty data.
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
