// Package cmdutil holds what every command shares: the injected I/O and the exit codes.
package cmdutil

import (
	"context"

	"github.com/spf13/cobra"

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

// Context is the command's context, or a background one when it was run without one
// (tests that call Execute).
func Context(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
