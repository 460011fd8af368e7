package cmdutil

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/atomicfile"
	"github.com/zhijian-qa/zhijian/pkg/msg"
)

// forceAfter is how long a command has, after the first Ctrl-C, SIGTERM or SIGHUP, to
// stop by itself before the process ends without it.
const forceAfter = 2 * time.Second

// InterruptContext returns a context cancelled by the first SIGINT, SIGTERM or SIGHUP
// (a closed terminal), for a command that stops its readers and writers through it and
// then exits with ExitInterrupted. Should the command not have returned within
// forceAfter, or a second signal come, the process removes the temporary files of the
// reports being written and exits ExitInterrupted at once: a stuck read must never make
// Ctrl-C useless, nor leave a .tmp file behind. stop ends the watch; call it when the
// command returns.
func InterruptContext(errOut io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	finished := make(chan struct{})
	go func() {
		select {
		case <-signals:
		case <-finished:
			return
		}
		cancel()
		select {
		case <-signals:
		case <-time.After(forceAfter):
		case <-finished:
			return
		}
		atomicfile.RemovePending()
		fmt.Fprintln(errOut, msg.Sprintf("cmdutil.interrupted"))
		os.Exit(ExitInterrupted)
	}()
	return ctx, func() {
		signal.Stop(signals)
		close(finished)
		cancel()
	}
}
