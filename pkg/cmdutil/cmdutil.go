// Package cmdutil holds what every command shares: the injected I/O and the exit codes.
package cmdutil

import (
	"fmt"

	"github.com/zhijian-qa/zhijian/pkg/iostreams"
)

// Exit codes are a contract for CI.
const (
	ExitOK = 0
	// ExitFailed: at least one transcript failed.
	ExitFailed = 1
	// ExitInvalid: an input could not be read or parsed, or the rulebook or a flag is
	// invalid.
	ExitInvalid = 2
	// ExitInterrupted: stopped by Ctrl-C or SIGTERM before the batch was done; no
	// report was written as if complete.
	ExitInterrupted = 130
)

// Factory carries what commands need from the outside world, so tests can inject it.
type Factory struct {
	IOStreams *iostreams.IOStreams
	Version   string
}

// ExitError ends a command with a code; a message, when set, has already been printed or
// is printed by main.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// FlagError is a usage error: the command is shown its usage and exits with ExitInvalid.
func FlagError(format string, args ...any) error {
	return &ExitError{Code: ExitInvalid, Err: fmt.Errorf(format, args...)}
}
