package source_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhijian-qa/zhijian/pkg/source"
)

// makeTree creates files (and their directories) under root; a name ending in "/" is
// an empty directory.
func makeTree(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, name := range names {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("坐席：您好\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func paths(inputs []source.Input) []string {
	out := []string{}
	for _, in := range inputs {
		out = append(out, in.Path)
	}
	return out
}

func TestExpand(t *testing.T) {
	root := t.TempDir()
	makeTree(t, root,
		"b.txt", "a.txt", "9.txt", "10.txt", "c.md",
		"sub/z.txt", "sub/y.log", "sub/deeper/x.txt",
		".git/x.txt", ".hidden.txt", "empty/",
		"other/notes.md",
	)
	// A symlinked directory pointing back at root: walking it would never end.
	if err := os.Symlink(root, filepath.Join(root, "loop")); err != nil {
		t.Fatal(err)
	}
	// A symlinked file is checked like any other file.
	if err := os.Symlink(filepath.Join(root, "c.md"), filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	all := []string{p("10.txt"), p("9.txt"), p("a.txt"), p("b.txt"), p("link.txt"), p("sub/deeper/x.txt"), p("sub/z.txt")}

	tests := []struct {
		name         string
		args         []string
		include      []string
		want         []string
		wantProblems []string // paths of the problems, in order
	}{
		{
			name: "directory walked sorted, default *.txt, hidden and symlinked dirs skipped",
			args: []string{root},
			want: all,
		},
		{
			name:    "include globs",
			args:    []string{root},
			include: []string{"*.log", "*.md"},
			want:    []string{p("c.md"), p("other/notes.md"), p("sub/y.log")},
		},
		{
			name:    "several include globs keep walk order",
			args:    []string{p("sub")},
			include: []string{"*.txt", "y.*"},
			want:    []string{p("sub/deeper/x.txt"), p("sub/y.log"), p("sub/z.txt")},
		},
		{
			name: "explicit file with another extension included",
			args: []string{p("c.md"), p("other/notes.md")},
			want: []string{p("c.md"), p("other/notes.md")},
		},
		{
			name: "arguments keep their order",
			args: []string{p("sub"), p("c.md"), p("a.txt")},
			want: []string{p("sub/deeper/x.txt"), p("sub/z.txt"), p("c.md"), p("a.txt")},
		},
		{
			name: "duplicates removed",
			args: []string{root, p("a.txt"), root + "/", p("sub/../b.txt"), p("sub")},
			want: all,
		},
		{
			name: "file before its directory keeps first position",
			args: []string{p("sub/z.txt"), p("sub")},
			want: []string{p("sub/z.txt"), p("sub/deeper/x.txt")},
		},
		{
			name: "directory inside another, named after it, adds nothing",
			args: []string{p("sub"), p("sub/deeper"), p("sub/deeper/x.txt")},
			want: []string{p("sub/deeper/x.txt"), p("sub/z.txt")},
		},
		{
			name: "directory inside another, named first, keeps its place",
			args: []string{p("sub/deeper"), root, p("sub")},
			want: append([]string{p("sub/deeper/x.txt")}, slices.DeleteFunc(slices.Clone(all), func(s string) bool { return s == p("sub/deeper/x.txt") })...),
		},
		{
			name: "relative and absolute spellings are the same file",
			args: []string{p("a.txt"), relTo(t, p("a.txt"))},
			want: []string{p("a.txt")},
		},
		{
			name:         "nonexistent path reported, others still returned",
			args:         []string{p("missing.txt"), p("c.md"), p("nodir"), p("sub")},
			want:         []string{p("c.md"), p("sub/deeper/x.txt"), p("sub/z.txt")},
			wantProblems: []string{p("missing.txt"), p("nodir")},
		},
		{
			name: "hidden directory named explicitly is walked",
			args: []string{p(".git")},
			want: []string{p(".git/x.txt")},
		},
		{
			name: "hidden file named explicitly is included",
			args: []string{p(".hidden.txt")},
			want: []string{p(".hidden.txt")},
		},
		{
			name: "symlinked directory named explicitly is walked one level",
			args: []string{p("loop")},
			want: []string{p("loop/10.txt"), p("loop/9.txt"), p("loop/a.txt"), p("loop/b.txt"), p("loop/link.txt"), p("loop/sub/deeper/x.txt"), p("loop/sub/z.txt")},
		},
		{
			name: "empty directory gives nothing",
			args: []string{p("empty")},
			want: []string{},
		},
		{
			name: "stdin passes through, once",
			args: []string{"-", p("c.md"), "-"},
			want: []string{"-", p("c.md")},
		},
		{
			name:         "bad include pattern reported, others used",
			args:         []string{root},
			include:      []string{"[", "*.md"},
			want:         []string{p("c.md"), p("other/notes.md")},
			wantProblems: []string{"["},
		},
		{
			name: "no arguments",
			args: nil,
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, problems := source.Expand(tt.args, source.Options{Include: tt.include})
			if got := paths(inputs); !slices.Equal(got, tt.want) {
				t.Errorf("inputs:\n got  %q\n want %q", got, tt.want)
			}
			var got []string
			for _, pr := range problems {
				got = append(got, pr.Path)
				if !strings.Contains(pr.Error(), pr.Path+": ") {
					t.Errorf("problem %q does not name its path", pr.Error())
				}
			}
			if !slices.Equal(got, tt.wantProblems) {
				t.Errorf("problems: got %q, want %q (%v)", got, tt.wantProblems, problems)
			}
		})
	}
}

// TestWalkerStops checks that the walk goes no further than it is read: a caller that
// stops after the first input never reaches the next argument.
func TestWalkerStops(t *testing.T) {
	root := t.TempDir()
	makeTree(t, root, "a/1.txt", "a/2.txt", "b/3.txt")
	w := source.NewWalker([]string{filepath.Join(root, "a"), filepath.Join(root, "missing")}, source.Options{})
	var got []string
	for in := range w.Inputs() {
		got = append(got, in.Path)
		break
	}
	if want := []string{filepath.Join(root, "a", "1.txt")}; !slices.Equal(got, want) {
		t.Errorf("inputs %q, want %q", got, want)
	}
	if p := w.Problems(); len(p) != 0 {
		t.Errorf("problems %v: the walk went past where it was stopped", p)
	}

	w = source.NewWalker([]string{filepath.Join(root, "a"), filepath.Join(root, "missing")}, source.Options{})
	for range w.Inputs() {
	}
	if p := w.Problems(); len(p) != 1 || p[0].Path != filepath.Join(root, "missing") {
		t.Errorf("problems after the whole walk: %v", p)
	}
}

func relTo(t *testing.T, path string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func TestExpandMissingMessage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.txt")
	_, problems := source.Expand([]string{missing}, source.Options{})
	if len(problems) != 1 {
		t.Fatalf("got %d problems, want 1", len(problems))
	}
	pr := problems[0]
	if !errors.Is(pr, fs.ErrNotExist) {
		t.Errorf("problem %v does not wrap fs.ErrNotExist", pr)
	}
	want := missing + ": 文件或目录不存在 / no such file or directory"
	if pr.Error() != want {
		t.Errorf("got %q, want %q", pr.Error(), want)
	}
}

func TestExpandUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read any directory")
	}
	root := t.TempDir()
	makeTree(t, root, "a.txt", "locked/b.txt", "z/c.txt")
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })

	inputs, problems := source.Expand([]string{root}, source.Options{})
	want := []string{filepath.Join(root, "a.txt"), filepath.Join(root, "z", "c.txt")}
	if got := paths(inputs); !slices.Equal(got, want) {
		t.Errorf("inputs: got %q, want %q", got, want)
	}
	if len(problems) != 1 || problems[0].Path != locked || !errors.Is(problems[0], fs.ErrPermission) {
		t.Errorf("problems: got %v, want one permission problem for %s", problems, locked)
	}
}

func TestErrorFormat(t *testing.T) {
	inner := errors.New("inner")
	tests := []struct {
		err  *source.Error
		want string
	}{
		{&source.Error{Path: "a.txt", Msg: "坏 / bad"}, "a.txt: 坏 / bad"},
		{&source.Error{Path: "a.txt", Line: 3, Msg: "坏 / bad"}, "a.txt:3: 坏 / bad"},
		{&source.Error{Msg: "坏 / bad", Err: inner}, "坏 / bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	if !errors.Is(tests[2].err, inner) {
		t.Error("Unwrap does not return the underlying error")
	}
}
