package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal: the master end the test types into and
// reads the screen from, and the terminal the program is given.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlock the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("name the pseudo-terminal: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// TestPromptOnPseudoTerminal runs the prompt on a pseudo-terminal as a
// person would: Up and Enter send the last line again (no "[A"), the
// history lands in the cache folder, and Ctrl-C leaves at once with 130.
func TestPromptOnPseudoTerminal(t *testing.T) {
	master, tty := openPTY(t)
	cache := t.TempDir()
	screen := &lockedBuffer{}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := master.Read(b)
			screen.Write(b[:n])
			if err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var stderr lockedBuffer
	go func() {
		done <- run(ctx, []string{"shell"}, func(k string) string {
			return map[string]string{"ARCHIVEBOT_CACHE_DIR": cache}[k]
		}, tty, tty, &stderr)
	}()
	// waitFor waits until the screen shows n answers and then a prompt.
	waitFor := func(answers int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second) // the first run indexes the sample
		for time.Now().Before(deadline) {
			s := screen.String()
			if strings.Count(s, "passage for") == answers && strings.Contains(s[max(0, strings.LastIndex(s, "passage for")):], "archive> ") {
				return
			}
			select {
			case err := <-done:
				t.Fatalf("the prompt ended with %v\n%s\n%s", err, s, stderr.String())
			case <-time.After(20 * time.Millisecond):
			}
		}
		t.Fatalf("the screen does not show %d answers and a prompt:\n%q", answers, screen.String())
	}
	waitFor(0)
	master.Write([]byte("quote cotton\r"))
	waitFor(1)
	master.Write([]byte("\x1b[A\r")) // Up, Enter
	waitFor(2)
	if s := screen.String(); strings.Contains(s, "[A") {
		t.Errorf("the Up arrow reached the screen as text:\n%q", s)
	}
	master.Write([]byte("\x03"))
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl-C did not end the prompt")
	}
	var ex *exitError
	if !errors.As(err, &ex) || ex.code != exitInterrupted {
		t.Errorf("Ctrl-C ended the prompt with %v, want status %d", err, exitInterrupted)
	}
	if b, err := os.ReadFile(filepath.Join(cache, historyName)); err != nil || !strings.Contains(string(b), "quote cotton") {
		t.Errorf("history in the cache folder = %q, %v", b, err)
	}
}
