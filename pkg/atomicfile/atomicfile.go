// Package atomicfile writes files so that readers see either the old content or the
// complete new content, never a half-written report.
package atomicfile

import (
	"errors"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"unicode/utf8"
)

// defaultMode is used for new files; reports are meant to be shared, not secret.
const defaultMode fs.FileMode = 0o644

// WriteFile calls write with a temporary file in path's directory and, if everything
// succeeds, renames it over path. The temp file lives in the same directory because
// rename is only atomic within one filesystem. On any error the temp file is removed
// and path is left as it was.
//
// What path names is kept, never replaced by a regular file:
//   - a symbolic link is followed, and the file it points to is written (atomically, in
//     that file's directory), so the link stays a link;
//   - a special file (a named pipe, a character device such as /dev/null or
//     /dev/stdout, a socket) is written through, in place: renaming over it would
//     destroy it, and as root in a CI container that is /dev/null itself.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	target, fi, through, err := destination(path)
	if err != nil {
		return err
	}
	if through {
		return writeThrough(target, write)
	}
	path = target
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}

	// Keep an existing file's permissions; CreateTemp makes 0600 files, which would
	// silently make a rewritten report unreadable to others.
	mode := defaultMode
	if fi != nil {
		mode = fi.Mode().Perm()
	}

	f, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		return err
	}
	tmp := f.Name()
	pending.add(tmp)
	defer func() {
		if err != nil {
			f.Close() // may already be closed; the error is irrelevant then
			os.Remove(tmp)
		}
		pending.remove(tmp)
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

// maxTempBase is the most of the file's name a temporary file's name keeps: with the dot
// before it and ".tmp-" and CreateTemp's ten digits after it, it stays within the 255
// bytes a file name may have. A report named with 245 bytes (80 Chinese characters) is a
// legal name, but the temporary name made from it was not: "file name too long".
const maxTempBase = 255 - len(".") - len(".tmp-") - 10

// tempPattern is the CreateTemp pattern for a temporary file beside the file base.
func tempPattern(base string) string {
	if len(base) > maxTempBase {
		cut := maxTempBase
		for cut > 0 && !utf8.RuneStart(base[cut]) {
			cut--
		}
		base = base[:cut]
	}
	return "." + base + ".tmp-*"
}

// destination is the file path names once links are followed, its FileInfo (nil when it
// does not exist yet), and whether it is a special file written through in place; a
// directory there is an error.
func destination(path string) (target string, fi fs.FileInfo, through bool, err error) {
	if path == "" {
		return "", nil, false, &fs.PathError{Op: "write", Path: path, Err: fs.ErrInvalid}
	}
	// A special file reached through links the kernel follows but no path names:
	// /dev/stdout is /proc/self/fd/1, a link to "pipe:[1649456]" when standard output is
	// a pipe, and following it by hand led nowhere ("no such file or directory").
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return path, fi, true, nil
	}
	if target, fi, err = resolve(path); err != nil {
		return "", nil, false, err
	}
	if fi != nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return "", nil, false, &fs.PathError{Op: "write", Path: path, Err: msg.Errorf("atomicfile.directory")}
		}
		return target, fi, true, nil
	}
	return target, fi, false, nil
}

// Target is the absolute name of the file WriteFile(path) writes: links followed, the
// last one to a file that may not exist yet, and the links among its directories. Two
// outputs with one Target are one file though neither exists yet (r.json, and a link
// to it): the later would replace the earlier.
func Target(path string) (string, error) {
	target, _, _, err := destination(path)
	if err != nil {
		return "", err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return filepath.Abs(filepath.Join(dir, base))
}

// Check reports, before any work is done, the error WriteFile would meet creating path:
// a directory in its place, a directory that is missing or not writable. A run that
// writes its file at the end (a baseline) must not find that out after hours of work.
func Check(path string) error {
	target, _, through, err := destination(path)
	if err != nil || through {
		return err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, tempPattern(base))
	if err != nil {
		// Name the file asked for, not the temporary file that could not be made.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return &fs.PathError{Op: "create", Path: path, Err: pe.Err}
		}
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// resolve follows symbolic links from path to what they point at, and returns it with
// its FileInfo (nil when it does not exist yet: a link may point at a file to create).
func resolve(path string) (string, fs.FileInfo, error) {
	for range 40 { // as many links as Linux follows before ELOOP
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return path, nil, nil
		case err != nil:
			return "", nil, err
		case fi.Mode()&fs.ModeSymlink == 0:
			return path, fi, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", nil, &fs.PathError{Op: "open", Path: path, Err: msg.Errorf("atomicfile.too-many-levels-symbolic-links")}
}

// writeThrough writes to a special file in place: it cannot be replaced, and what is
// written is gone as it is read anyway.
func writeThrough(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// pending holds the temporary files being written, so that a process that must exit
// at once (a second Ctrl-C) can remove them first.
var pending = tempFiles{paths: map[string]bool{}}

type tempFiles struct {
	mu    sync.Mutex
	paths map[string]bool
}

func (t *tempFiles) add(p string) {
	t.mu.Lock()
	t.paths[p] = true
	t.mu.Unlock()
}

func (t *tempFiles) remove(p string) {
	t.mu.Lock()
	delete(t.paths, p)
	t.mu.Unlock()
}

// RemovePending removes the temporary files of every WriteFile still in progress. It is
// for a process about to exit without waiting for them; their targets keep their old
// content.
func RemovePending() {
	pending.mu.Lock()
	defer pending.mu.Unlock()
	for p := range pending.paths {
		os.Remove(p)
		delete(pending.paths, p)
	}
}
