package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// leftovers reports any temp files WriteFile failed to clean up.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriteFileNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := WriteFile(path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "new" {
		t.Errorf("content = %q, want %q", got, "new")
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o644 {
			t.Errorf("mode = %v, want 0644", perm)
		}
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func TestWriteFileReplaceKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil { // umask-proof
		t.Fatal(err)
	}
	if err := WriteFile(path, writeString("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "new" {
		t.Errorf("content = %q, want %q", got, "new")
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(path)
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("mode = %v, want 0600 (kept from existing file)", perm)
		}
	}
}

func TestWriteFileWriteErrorKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "old" {
		t.Errorf("content = %q, want old content kept", got)
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temp files left: %v", l)
	}
}

func TestWriteFileMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "out.json")
	called := false
	err := WriteFile(path, func(io.Writer) error { called = true; return nil })
	if err == nil {
		t.Fatal("want error for missing directory")
	}
	if called {
		t.Error("write func called although the temp file could not be created")
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("target exists after failed write: %v", statErr)
	}
}

func TestWriteFileRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteFile("out.txt", writeString("x")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile("out.txt"); string(got) != "x" {
		t.Errorf("content = %q", got)
	}
}

// A file name of up to 255 bytes is written, and checked first: the temporary file's name
// keeps only as much of it as fits ("file name too long" for a report named with 80
// Chinese characters, 245 bytes, a legal name).
func TestWriteFileLongName(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{strings.Repeat("报", 80) + ".json", strings.Repeat("x", 255), strings.Repeat("报", 83) + ".xlsx"} {
		path := filepath.Join(dir, name)
		if err := Check(path); err != nil {
			t.Errorf("Check(%d bytes): %v", len(name), err)
		}
		if err := WriteFile(path, writeString("ok")); err != nil {
			t.Errorf("WriteFile(%d bytes): %v", len(name), err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != "ok" {
			t.Errorf("%d bytes: %q, %v", len(name), got, err)
		}
		if l := leftovers(t, dir); len(l) > 0 {
			t.Errorf("left %v", l)
		}
		if p := tempPattern(name); len(p)-1+10 > 255 || !utf8.ValidString(p) {
			t.Errorf("pattern of %d bytes (%q)", len(p), p)
		}
	}
}
