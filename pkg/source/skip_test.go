package source_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/source"
)

// TestExpandReportsSkipped checks OnSkip: paths found walking a directory that are passed
// over (not matching the include patterns, broken links, a directory reached a second
// time through a link) are reported once each with their reason; hidden ones not at all,
// nor a file also named on the command line.
func TestExpandReportsSkipped(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.md", "sub/c.pdf", "sub/d.txt", ".hidden.md", ".git/config"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("坐席：您好\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"link.md":  "b.md",       // a link to a file that does not match: skipped
		"dir.link": "sub",        // a link to a directory walked already: passed over
		"loop.md":  "loop.md",    // a link to itself: broken
		"gone.md":  "nothing.md", // a dangling link: broken
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
	}
	explicit := filepath.Join(dir, "sub", "c.pdf") // named: checked, whatever its name

	var skipped []string
	record := func(path, reason string) { skipped = append(skipped, filepath.Base(path)+": "+reason) }
	inputs, problems := source.Expand([]string{dir, dir, explicit}, source.Options{OnSkip: record})
	if len(problems) != 0 {
		t.Errorf("problems: %v", problems)
	}
	var got []string
	for _, in := range inputs {
		got = append(got, in.Path)
	}
	want := []string{filepath.Join(dir, "a.txt"), filepath.Join(dir, "sub", "d.txt"), explicit}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inputs %q, want %q", got, want)
	}
	// sub/c.pdf is named on the command line as well, so it is checked, not skipped.
	wantSkipped := []string{"b.md: " + source.SkipNotIncluded, "gone.md: " + source.SkipBrokenLink,
		"link.md: " + source.SkipNotIncluded, "loop.md: " + source.SkipBrokenLink, "dir.link: " + source.SkipWalked}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped %q, want %q", skipped, wantSkipped)
	}

	// One directory alone: each file passed over is reported as the walk meets it.
	skipped = nil
	source.Expand([]string{dir}, source.Options{OnSkip: record})
	wantSkipped = []string{"b.md: " + source.SkipNotIncluded, "gone.md: " + source.SkipBrokenLink,
		"link.md: " + source.SkipNotIncluded, "loop.md: " + source.SkipBrokenLink,
		"c.pdf: " + source.SkipNotIncluded, "dir.link: " + source.SkipWalked}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("one directory: skipped %q, want %q", skipped, wantSkipped)
	}

	// Without OnSkip nothing changes.
	again, _ := source.Expand([]string{dir, dir, explicit}, source.Options{})
	if !reflect.DeepEqual(again, inputs) {
		t.Errorf("inputs without OnSkip %v, with %v", again, inputs)
	}
}

// TestWellKnownFilesSkipped: walking a repository ("." in CI) passes over the files every
// repository has (README.txt, requirements.txt, package.json) and dependency trees, each
// listed with its reason; named on the command line they are still checked.
func TestWellKnownFilesSkipped(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"README.txt", "requirements-dev.txt", "package.json", "LICENSE.txt",
		"node_modules/x/a.txt", "calls/a.txt", "calls/readme_first.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("坐席：您好\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	skipped := map[string]string{}
	inputs, _ := source.Expand([]string{dir, filepath.Join(dir, "package.json")}, source.Options{
		Include: []string{"*.txt", "*.json"},
		OnSkip:  func(path, reason string) { skipped[filepath.Base(path)] = reason },
	})
	var got []string
	for _, in := range inputs {
		got = append(got, filepath.ToSlash(strings.TrimPrefix(in.Path, dir+string(filepath.Separator))))
	}
	want := []string{"calls/a.txt", "package.json"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inputs %q, want %q", got, want)
	}
	for _, name := range []string{"README.txt", "requirements-dev.txt", "LICENSE.txt", "node_modules", "readme_first.txt"} {
		if skipped[name] != source.SkipWellKnown {
			t.Errorf("%s: skipped %q, want %q", name, skipped[name], source.SkipWellKnown)
		}
	}
}
