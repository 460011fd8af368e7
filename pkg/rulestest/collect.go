package rulestest

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/internal/smallfile"
	"github.com/zhijian-qa/zhijian/pkg/msg"
	"github.com/zhijian-qa/zhijian/pkg/source"
	"github.com/zhijian-qa/zhijian/rules"
)

// Ext is the extension of test transcripts found in directories.
const Ext = ".txt"

// Collect reads the cases in paths: files as given, directories walked for *.txt in
// name order. Files without annotations are left out (a directory of plain transcripts
// holds no tests); a file that cannot be read or parsed is an error.
func Collect(paths []string) ([]*Case, []error) {
	var cases []*Case
	var errs []error
	add := func(p string, explicit bool) {
		data, err := smallfile.Read(p, smallfile.Small)
		if err != nil {
			errs = append(errs, cannotRead(p, err))
			return
		}
		// Decoded as check decodes a transcript: a case in UTF-16 or GBK was read as
		// UTF-8 ("first utterance has no speaker label"), a NUL byte passed unseen.
		text, _, err := source.Decode(data, "")
		if err != nil {
			var se *source.Error
			if errors.As(err, &se) {
				d := *se
				d.Path = p
				err = &d
			} else {
				err = &diag.Diagnostic{Path: p, Msg: err.Error(), Err: err}
			}
			errs = append(errs, err)
			return
		}
		c, err := Parse(p, text)
		if err != nil {
			errs = append(errs, err)
			return
		}
		if c.Tested() || explicit {
			cases = append(cases, c)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, cannotRead(p, err))
			continue
		}
		if !fi.IsDir() {
			add(p, true)
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				// A directory that cannot be read is an error; the rest of the walk goes on.
				errs = append(errs, cannotRead(q, err))
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() && q != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(q, Ext) {
				files = append(files, q)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		sort.Strings(files)
		for _, q := range files {
			add(q, false)
		}
	}
	return cases, errs
}

// Shipped reads the shipped rulebooks' tests from the binary; their paths read
// rules/tests/….
func Shipped() ([]*Case, error) {
	var cases []*Case
	err := fs.WalkDir(rules.FS, rules.TestsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, Ext) {
			return err
		}
		data, err := fs.ReadFile(rules.FS, p)
		if err != nil {
			return err
		}
		c, err := Parse(path.Join("rules", p), string(data))
		if err != nil {
			return err
		}
		if c.Tested() {
			cases = append(cases, c)
		}
		return nil
	})
	return cases, err
}

// cannotRead names a test file or directory that cannot be read, in both languages as
// every unreadable input is ("stat x.txt: too many levels of symbolic links" was English
// alone).
func cannotRead(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &diag.Diagnostic{Path: path, Msg: msg.Sprintf("source.cannot-read-file", err.Error()), Err: err}
}
