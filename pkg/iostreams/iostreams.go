// Package iostreams bundles the process's standard streams with what is known about
// them (terminal or not, colour or not), so commands can be tested against buffers and
// never consult os.Stdout directly. Modelled on the GitHub CLI's iostreams package.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"sync"

	"golang.org/x/term"
)

// IOStreams is the set of streams a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdoutTTY    bool
	stderrTTY    bool
	colorEnabled bool
	// out is Out as System made it, remembering the first failed write.
	out *stickyWriter
}

// System returns the process's standard streams. Colour is on only when stdout is a
// terminal (so pipes and files get plain text), NO_COLOR is unset or empty
// (https://no-color.org) and TERM is not "dumb".
func System() *IOStreams {
	out := &stickyWriter{w: os.Stdout}
	s := &IOStreams{
		In:        os.Stdin,
		Out:       out,
		ErrOut:    os.Stderr,
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
		out:       out,
	}
	s.colorEnabled = s.stdoutTTY && colorAllowed(os.Getenv)
	return s
}

// OutError is the first write to standard output that failed (a full disk, a closed
// descriptor), nil if none did or the streams are not System's. A command that prints
// its result and does not look at each write's error would otherwise end 0 with its
// output lost: `zhijian segment … > /dev/full` did.
func (s *IOStreams) OutError() error {
	if s.out == nil {
		return nil
	}
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	return s.out.err
}

// stickyWriter passes writes through and remembers the first error.
type stickyWriter struct {
	w   io.Writer
	mu  sync.Mutex
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
	return n, err
}

// Test returns streams backed by buffers: not a terminal, no colour.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}

// colorAllowed applies the environment conventions; getenv is a parameter so tests
// need not touch the real environment.
func colorAllowed(getenv func(string) string) bool {
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

func (s *IOStreams) ColorEnabled() bool     { return s.colorEnabled }
func (s *IOStreams) SetColorEnabled(v bool) { s.colorEnabled = v }
func (s *IOStreams) IsStdoutTTY() bool      { return s.stdoutTTY }
func (s *IOStreams) SetStdoutTTY(v bool)    { s.stdoutTTY = v }
func (s *IOStreams) IsStderrTTY() bool      { return s.stderrTTY }
func (s *IOStreams) SetStderrTTY(v bool)    { s.stderrTTY = v }

// ColorScheme returns a scheme that colours only if colour is enabled right now.
func (s *IOStreams) ColorScheme() *ColorScheme {
	return NewColorScheme(s.colorEnabled)
}
