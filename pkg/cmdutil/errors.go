package cmdutil

import (
	"errors"
	"fmt"
	"io"

	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// The errors a command returns say how it ended; main maps them to the exit code and
// prints them, once (ExitCode, PrintError), as gh does. A plain error is a problem the
// user must fix: printed, exit ExitInvalid.

// FlagError is a usage error: a bad flag or argument.
type FlagError struct{ Err error }

// FlagErrorf makes a FlagError with the catalogued message key.
func FlagErrorf(key string, args ...any) error {
	return &FlagError{Err: msg.Errorf(key, args...)}
}

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// SilentError ends a command with Code and prints nothing: what went wrong is already
// in the report (a failed call, an input that could not be read).
type SilentError struct{ Code int }

func (e *SilentError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

var (
	// ErrFailed: at least one transcript (or test case) failed.
	ErrFailed = &SilentError{Code: ExitFailed}
	// ErrReported: an input could not be read or parsed, and the report says so.
	ErrReported = &SilentError{Code: ExitInvalid}
)

// CancelError: stopped by Ctrl-C or a signal before the work was done.
type CancelError struct{ Err error }

func (e *CancelError) Error() string { return e.Err.Error() }
func (e *CancelError) Unwrap() error { return e.Err }

// InvalidError is a file the user must fix — a rulebook, the configuration, a label
// file: Problems lists every problem with its place and is printed first, then Err in
// one line.
type InvalidError struct {
	Err      error
	Problems error
}

// Invalid makes an InvalidError.
func Invalid(what string, problems error) error {
	return &InvalidError{Err: errors.New(what), Problems: problems}
}

func (e *InvalidError) Error() string  { return e.Err.Error() }
func (e *InvalidError) Unwrap() error  { return e.Err }
func (e *InvalidError) Details() error { return e.Problems }

// detailed is an error that lists its problems (InvalidError, pipeline.RulebookError).
type detailed interface{ Details() error }

// ExitCode is the exit code for the error a command returned.
func ExitCode(err error) int {
	var silent *SilentError
	var cancel *CancelError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &silent):
		return silent.Code
	case errors.As(err, &cancel):
		return ExitInterrupted
	}
	return ExitInvalid // flags, files to fix, cobra's unknown command or flag
}

// PrintError says on w what the error a command returned means; nothing for a
// SilentError.
func PrintError(w io.Writer, err error) {
	var silent *SilentError
	var d detailed
	switch {
	case err == nil || errors.As(err, &silent):
		return
	case errors.As(err, &d) && d.Details() != nil:
		fmt.Fprintln(w, d.Details())
	}
	fmt.Fprintln(w, "zhijian:", err)
}

// BatchError is how a checked batch ends: ErrReported when an input could not be
// checked, ErrFailed when a call failed, nil when every call passed.
func BatchError(errored, failed int) error {
	switch {
	case errored > 0:
		return ErrReported
	case failed > 0:
		return ErrFailed
	}
	return nil
}
