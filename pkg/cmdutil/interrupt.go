package cmdutil

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
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
	if !early.watch(signals) {
		signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	}
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
		if !early.watch(nil) {
			signal.Stop(signals)
		}
		close(finished)
		cancel()
	}
}

// SignalsReadyEnv names a file CatchSignals creates once its handler is in place, for a
// test that signals the process: before main, Go's runtime handler ends the process
// with the signal itself, and on a loaded machine the start-up can outlast any fixed
// sleep.
const SignalsReadyEnv = "ZHIJIAN_SIGNALS_READY"

// early catches the signals from the start of the process (CatchSignals) and hands
// them to the command watching (InterruptContext), if one is.
var early earlyCatch

type earlyCatch struct {
	sync.Mutex
	caught  bool
	watcher chan<- os.Signal
}

// CatchSignals is called first in main. Until a command watches for interrupts, the
// first SIGINT, SIGTERM or SIGHUP ends the process with ExitInterrupted, as one does
// while a command runs: nothing has been written yet. Without it a signal that comes
// while the process starts (loading the rulebook takes a moment on a busy machine)
// would kill it with the signal instead of the documented exit code.
func CatchSignals(errOut io.Writer) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	early.Lock()
	early.caught = true
	early.Unlock()
	if p := os.Getenv(SignalsReadyEnv); p != "" {
		os.WriteFile(p, nil, 0o600) // best effort: only tests ask for it
	}
	go func() {
		for s := range ch {
			early.Lock()
			w := early.watcher
			early.Unlock()
			if w == nil {
				fmt.Fprintln(errOut, msg.Sprintf("cmdutil.interrupted"))
				os.Exit(ExitInterrupted)
			}
			select {
			case w <- s:
			default:
			}
		}
	}()
}

// watch makes ch (nil: none) receive the signals CatchSignals caught, and reports
// whether it is catching them.
func (e *earlyCatch) watch(ch chan<- os.Signal) bool {
	e.Lock()
	defer e.Unlock()
	e.watcher = ch
	return e.caught
}
