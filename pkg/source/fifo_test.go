//go:build unix

package source_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zhijian-qa/zhijian/pkg/source"
)

// TestReadFIFO checks named pipes: one nobody writes to is an error at once instead of a
// hang (open(2) of a FIFO waits for a writer), and one with a writer is read whole, however
// slowly it writes.
func TestReadFIFO(t *testing.T) {
	dir := t.TempDir()
	idle := filepath.Join(dir, "idle.txt")
	if err := syscall.Mkfifo(idle, 0o600); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := source.Read(source.Input{Path: idle}, nil, source.ReadOptions{})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.HasPrefix(err.Error(), idle+": ") || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("reading a pipe nobody writes to: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a pipe nobody writes to hangs")
	}

	fed := filepath.Join(dir, "fed.txt")
	if err := syscall.Mkfifo(fed, 0o600); err != nil {
		t.Fatal(err)
	}
	const call = "坐席：您好，请问有什么可以帮到您？\n客户：我想查一下话费。\n"
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		// A reader that found no writer yet and gave up makes a write fail: start over.
		for {
			select {
			case <-stop:
				return
			default:
			}
			w, err := os.OpenFile(fed, os.O_WRONLY, 0) // waits for a reader
			if err != nil {
				return
			}
			ok := true
			for _, part := range []string{call[:10], call[10:]} {
				time.Sleep(50 * time.Millisecond)
				if _, err := w.WriteString(part); err != nil {
					ok = false
					break
				}
			}
			w.Close()
			if ok {
				return
			}
		}
	}()
	// The writer opens once the reader has; read until a reader meets it.
	var text string
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if text, err = source.Read(source.Input{Path: fed}, nil, source.ReadOptions{}); err == nil && text == call {
			break
		}
	}
	if err != nil || text != call {
		t.Errorf("reading a pipe with a writer: %q, %v", text, err)
	}
}
