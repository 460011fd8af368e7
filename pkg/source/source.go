// Package source finds the transcripts named on the command line and reads them,
// detecting their encoding (UTF-8, UTF-16, GBK/GB18030, Big5; see Decode) and
// decoding them to UTF-8 text. It is the first stage of the pipeline: everything after
// it works on decoded strings.
package source

import (
	"errors"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhijian-qa/zhijian/pkg/diag"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// Stdin is the argument that stands for standard input.
const Stdin = "-"

// DefaultMaxSize is the largest transcript Read accepts when ReadOptions.MaxSize <= 0.
const DefaultMaxSize = 64 << 20

// Input is one transcript to check, as found on the command line.
type Input struct {
	Path string // as given or as found walking a directory; "-" for standard input
}

// Options for Expand and NewWalker.
type Options struct {
	Include []string // glob patterns matched against the base name; default {"*.txt"}
	// OnSkip, when set, is called once, during the walk, with each path found walking a
	// directory that is passed over, and why (one of the Skip reasons): a file not
	// matching Include, a named pipe, device or socket, an output of this run (Exclude),
	// a symbolic link to a directory already walked. Hidden entries are not reported; a
	// file also named on the command line is checked, not skipped. Nothing found is
	// dropped without a word.
	OnSkip func(path, reason string)
	// Exclude names files the walk must pass over (the reports of the run itself: a
	// batch never reads back its own outputs), compared by path and, when they exist,
	// as files.
	Exclude []string
}

// Why a path found walking a directory is passed over.
const (
	SkipNotIncluded = "文件名不符合 --include / name does not match --include"
	SkipSpecial     = "不是普通文件（命名管道、设备或套接字）/ not a regular file (named pipe, device or socket)"
	SkipOwnOutput   = "本次运行的输出文件 / an output of this run"
	SkipWalked      = "目录已检查过（符号链接成环或重复）/ directory already walked (a symbolic link loop or a second way in)"
	SkipBrokenLink  = "符号链接无法访问 / broken symbolic link"
	SkipWellKnown   = "常见的非转写文件（说明、许可、依赖清单）/ a well-known file that is no transcript (readme, licence, dependency list)"
)

// DefaultInclude are the transcript files picked up in directories when nothing says
// otherwise (Options.Include empty, zhijian check's --include, the include key of
// .zhijian.yaml): every format zhijian reads. Matching ignores case.
var DefaultInclude = []string{"*.txt", "*.csv", "*.tsv", "*.json", "*.jsonl", "*.ndjson", "*.srt", "*.vtt"}

// Error is a per-file problem (diag.Diagnostic): its message is Chinese first, English
// after, without the path; Line is 0 when not line-specific.
type Error = diag.Diagnostic

// Expand turns command-line arguments (files, directories, "-") into the inputs to
// check, in a deterministic order: arguments in the order given, and a directory
// walked recursively with its entries sorted by name.
//
// A file named explicitly is always included whatever its extension; files found in
// directories only when their base name matches an Include glob. A path given or
// reached twice (compared by filepath.Abs, which also cleans it) is checked once, at
// its first position. Hidden entries (".git", ".notes.txt", ...) are skipped when
// walking, as a shell glob would skip them; a hidden directory named explicitly is
// still walked.
//
// Problems that concern one argument (a path that does not exist, a directory that
// cannot be read, an invalid Include pattern) do not stop the others: they are
// returned alongside the inputs that were found.
//
// Expand holds the whole list; Walker gives the same inputs one at a time.
func Expand(args []string, opts Options) (inputs []Input, problems []*Error) {
	w := NewWalker(args, opts)
	for in := range w.Inputs() {
		inputs = append(inputs, in)
	}
	return inputs, w.Problems()
}

// Walker lists the inputs of command-line arguments as Expand does, one at a time as
// the directories are read: a batch of millions of files starts at once and never
// holds their list. A Walker is used once.
type Walker struct {
	args     []string
	e        *expander
	problems []*Error // with the include patterns
}

// NewWalker prepares the walk of args; nothing is read until Inputs runs.
func NewWalker(args []string, opts Options) *Walker {
	patterns := opts.Include
	if len(patterns) == 0 {
		patterns = DefaultInclude
	}
	w := &Walker{args: args}
	var valid []string
	for _, p := range patterns {
		if _, err := filepath.Match(p, ""); err != nil {
			w.problems = append(w.problems, &Error{
				Path: p,
				Msg:  msg.Sprintf("source.invalid-file-name-pattern"),
				Err:  err,
			})
			continue
		}
		valid = append(valid, p)
	}
	w.e = &expander{include: valid, seen: make(map[string]bool), onSkip: opts.OnSkip, walked: map[fileID]bool{}}
	w.e.wd, _ = os.Getwd() // "": paths are compared as written, cleaned
	for _, p := range opts.Exclude {
		if w.e.exclude == nil {
			w.e.exclude = map[string]bool{}
		}
		w.e.exclude[w.e.key(p)] = true
		if fi, err := os.Stat(p); err == nil {
			w.e.excludeFiles = append(w.e.excludeFiles, fi)
		}
	}
	return w
}

// Inputs yields the inputs in Expand's order. OnSkip is called as files are passed
// over (for arguments that overlap another, once the walk has ended).
func (w *Walker) Inputs() iter.Seq[Input] {
	return func(yield func(Input) bool) {
		e := w.e
		e.yield = yield
		shared := e.overlapping(w.args)
		for i, arg := range w.args {
			e.shared = shared[i]
			// Loops are told within an argument; arguments that overlap share their
			// files through seen instead.
			clear(e.walked)
			if e.arg(arg); e.stopped {
				return
			}
		}
		e.reportSkipped()
	}
}

// Problems returns the problems found: complete once Inputs has run to its end.
func (w *Walker) Problems() []*Error {
	return append(w.problems[:len(w.problems):len(w.problems)], w.e.problems...)
}

type expander struct {
	wd      string
	include []string
	onSkip  func(path, reason string)
	yield   func(Input) bool
	// exclude and excludeFiles are the paths not to check, and those of them that exist.
	exclude      map[string]bool
	excludeFiles []fs.FileInfo
	// walked holds the directories walked, so that a symbolic link back up the tree, or
	// to a directory walked already, is not walked again.
	walked  map[fileID]bool
	stopped bool // yield asked for no more
	// A path reached from two arguments is checked once. Only an argument that overlaps
	// another (the same path, or one inside the other) can reach a path twice, so only
	// the paths of such arguments are remembered: a batch of one directory keeps none.
	shared    bool // the argument being expanded overlaps another
	seen      map[string]bool
	stdinSeen bool
	skipped   []skip // files passed over under shared arguments, for onSkip
	problems  []*Error
}

// overlapping reports for each argument whether another names the same path or one
// inside it, or one it lies inside, as key compares them.
func (e *expander) overlapping(args []string) []bool {
	shared := make([]bool, len(args))
	at := map[string][]int{}
	for i, a := range args {
		if a != Stdin {
			at[e.key(a)] = append(at[e.key(a)], i)
		}
	}
	for i, a := range args {
		if a == Stdin {
			continue
		}
		k := e.key(a)
		shared[i] = shared[i] || len(at[k]) > 1
		for dir := filepath.Dir(k); ; dir = filepath.Dir(dir) {
			if outer, ok := at[dir]; ok && dir != k {
				shared[i] = true
				for _, j := range outer {
					shared[j] = true
				}
			}
			if parent := filepath.Dir(dir); parent == dir {
				break
			}
		}
	}
	return shared
}

// key is what tells two paths to the same file apart from others: the absolute path,
// from the working directory read once (filepath.Abs reads it, with two stats, for
// every path).
func (e *expander) key(path string) string {
	if path == Stdin || filepath.IsAbs(path) || e.wd == "" {
		return filepath.Clean(path)
	}
	return filepath.Join(e.wd, path)
}

func (e *expander) add(path string) {
	switch {
	case path == Stdin:
		if e.stdinSeen {
			return
		}
		e.stdinSeen = true
	case e.shared:
		k := e.key(path)
		if e.seen[k] {
			return
		}
		e.seen[k] = true
	}
	if !e.yield(Input{Path: path}) {
		e.stopped = true
	}
}

func (e *expander) problem(path, msg string, err error) {
	e.problems = append(e.problems, &Error{Path: path, Msg: msg, Err: err})
}

func (e *expander) arg(arg string) {
	if arg == Stdin {
		e.add(Stdin)
		return
	}
	// Stat, not Lstat: a symlink named on the command line is followed, whether it
	// points at a file or a directory.
	fi, err := os.Stat(arg)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			e.problem(arg, msg.Sprintf("source.no-such-file-directory"), err)
		} else {
			e.problem(arg, msg.Sprintf("source.cannot-access", errText(err)), err)
		}
		return
	}
	if fi.IsDir() {
		e.walk(arg)
		return
	}
	// Anything else named explicitly (a regular file of any extension, a pipe such as
	// /dev/fd/63 from process substitution) is passed on for Read to judge.
	e.add(arg)
}

// walk adds the matching files under dir, depth first, entries sorted by name. A
// symbolic link to a directory is walked too, unless that directory has been walked
// already (a link back up the tree would otherwise loop forever).
func (e *expander) walk(dir string) {
	if fi, err := os.Stat(dir); err == nil {
		if id, ok := idOf(fi); ok {
			e.walked[id] = true
		}
	}
	entries, err := os.ReadDir(dir) // sorted by file name
	if err != nil {
		e.problem(dir, msg.Sprintf("source.cannot-read-directory", errText(err)), err)
		// os.ReadDir may still have returned some entries; check those.
	}
	// Linked directories come after the rest, so a directory reached both by its own
	// name and through a link in the same place is walked under its own name.
	var linked []string
	for _, d := range entries {
		if e.stopped {
			return
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			switch {
			case err != nil && e.matches(name):
				e.problem(path, msg.Sprintf("source.cannot-access", errText(err)), err)
				continue
			case err != nil:
				e.skip(path, SkipBrokenLink)
				continue
			case fi.IsDir():
				linked = append(linked, path)
				continue
			}
			mode = fi.Mode().Type()
		}
		switch {
		case mode.IsDir() && wellKnownDir(name):
			e.skip(path, SkipWellKnown)
		case mode.IsDir():
			e.walkNew(path)
		case !mode.IsRegular():
			e.skip(path, SkipSpecial)
		case e.excluded(path):
			e.skip(path, SkipOwnOutput)
		case e.matches(name) && wellKnownFile(name):
			e.skip(path, SkipWellKnown)
		case e.matches(name):
			e.add(path)
		default:
			e.skip(path, SkipNotIncluded)
		}
	}
	for _, path := range linked {
		if e.stopped {
			return
		}
		e.walkNew(path)
	}
}

// walkNew walks a directory found walking another, unless it has been walked already
// (reached before through a link, or a link back up the tree). Without an identity to
// tell that by (no inode numbers), a linked directory is not walked.
func (e *expander) walkNew(path string) {
	fi, err := os.Stat(path)
	if err == nil {
		id, ok := idOf(fi)
		if ok && e.walked[id] || !ok && isLink(path) {
			e.skip(path, SkipWalked)
			return
		}
	}
	e.walk(path)
}

func isLink(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

// excluded says whether path is one of Options.Exclude.
func (e *expander) excluded(path string) bool {
	if e.exclude == nil {
		return false
	}
	if e.exclude[e.key(path)] {
		return true
	}
	if len(e.excludeFiles) > 0 {
		if fi, err := os.Stat(path); err == nil {
			for _, x := range e.excludeFiles {
				if os.SameFile(fi, x) {
					return true
				}
			}
		}
	}
	return false
}

// skip notes a file passed over for not matching the include patterns. Under an
// argument that overlaps another it may be named on its own as well, and checked: that
// is known only at the end.
func (e *expander) skip(path, reason string) {
	switch {
	case e.onSkip == nil:
	case e.shared:
		e.skipped = append(e.skipped, skip{path, reason})
	default:
		e.onSkip(path, reason)
	}
}

type skip struct{ path, reason string }

// reportSkipped calls onSkip once for each file passed over under a shared argument and
// not checked after all (a file may be named on the command line as well as found in a
// directory).
func (e *expander) reportSkipped() {
	done := map[string]bool{}
	for _, s := range e.skipped {
		k := e.key(s.path)
		if !e.seen[k] && !done[k] {
			done[k] = true
			e.onSkip(s.path, s.reason)
		}
	}
}

// matches says whether a file's base name matches an include pattern, ignoring case:
// exports from Windows systems write CALL01.TXT.
func (e *expander) matches(name string) bool { return Included(name, e.include) }

// Included says whether a file's base name matches one of the include patterns (none:
// DefaultInclude), ignoring case, as a directory walk decides which files to check.
func Included(name string, include []string) bool {
	if len(include) == 0 {
		include = DefaultInclude
	}
	lower := strings.ToLower(name)
	for _, p := range include {
		if ok, _ := filepath.Match(p, name); ok {
			return true
		}
		if ok, _ := filepath.Match(strings.ToLower(p), lower); ok {
			return true
		}
	}
	return false
}

// errText is err without the path that *fs.PathError repeats, so messages name the
// file only once.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// wellKnownFile says whether a file found walking a directory is one every repository
// has and no call-center system exports: README.txt, requirements.txt, package.json.
// Walking "." (a CI action's default) must not make them errors. Named on the command
// line they are still checked.
func wellKnownFile(name string) bool {
	n := strings.ToLower(name)
	base := strings.TrimSuffix(n, filepath.Ext(n))
	for _, p := range []string{"readme", "license", "licence", "changelog", "changes", "notice", "contributing",
		"authors", "copying", "security", "code_of_conduct"} {
		if base == p || strings.HasPrefix(base, p+".") || strings.HasPrefix(base, p+"-") || strings.HasPrefix(base, p+"_") {
			return true
		}
	}
	switch n {
	case "package.json", "package-lock.json", "tsconfig.json", "jsconfig.json", "composer.json", "composer.lock",
		"bower.json", "manifest.json", "renovate.json", "pipfile.lock", "go.work.sum", "cmakelists.txt", "robots.txt":
		return true
	}
	return strings.HasPrefix(n, "requirements") && strings.HasSuffix(n, ".txt") ||
		strings.HasPrefix(n, "constraints") && strings.HasSuffix(n, ".txt")
}

// wellKnownDir says whether a directory found walking is a dependency or build tree.
func wellKnownDir(name string) bool {
	switch strings.ToLower(name) {
	case "node_modules", "vendor", "__pycache__", "site-packages", "venv", "bower_components":
		return true
	}
	return false
}
