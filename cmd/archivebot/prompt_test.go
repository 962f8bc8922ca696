package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/terminal"
	"github.com/archivebot/archivebot/bot"
)

// keyboard is a line editor as the prompt makes it, on a pipe that the
// test types keys into, with history in the file history.
type keyboard struct {
	t    *testing.T
	ed   lineEditor
	keys *io.PipeWriter
}

func newKeyboard(t *testing.T, history string, log *slog.Logger) *keyboard {
	t.Helper()
	r, w := io.Pipe()
	cfg := editorConfig("archive> ", history)
	cfg.Stdin = r
	cfg.Stdout = &lockedBuffer{} // readline writes from its own goroutines
	cfg.FuncIsTerminal = func() bool { return true }
	cfg.FuncMakeRaw = func() error { return nil }
	cfg.FuncExitRaw = func() error { return nil }
	cfg.FuncGetWidth = func() int { return 80 }
	ed, err := newLineEditor(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	k := &keyboard{t: t, ed: ed, keys: w}
	t.Cleanup(func() { k.close() })
	return k
}

func (k *keyboard) close() {
	k.keys.Close()
	k.ed.Close()
}

// typeLine types keys, in the background as a person would, and returns
// the line the editor reads.
func (k *keyboard) typeLine(keys string) (string, error) {
	k.t.Helper()
	go k.keys.Write([]byte(keys)) // returns when the editor has read the keys, or fails once closed
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		l, err := k.ed.ReadLine()
		done <- result{l, err}
	}()
	select {
	case r := <-done:
		return r.line, r.err
	case <-time.After(10 * time.Second):
		k.t.Fatalf("the editor read no line for %q", keys)
		return "", nil
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestLineEditorHistory: Up brings back the last line, in the same
// session and, through the history file in the cache folder, in the next;
// Ctrl-R finds a line by its words. The file is private.
func TestLineEditorHistory(t *testing.T) {
	history := filepath.Join(t.TempDir(), "cache", historyName)
	first := newKeyboard(t, history, discardLog())
	steps := []struct{ keys, want string }{
		{"quote cotton\r", "quote cotton"},
		{"who Tomas Vrell\r", "who Tomas Vrell"},
		{"\x1b[A\x1b[A\r", "quote cotton"},                // Up, Up, Enter
		{"\x1b[A\x1b[A\x1b[A\x1b[B\r", "who Tomas Vrell"}, // Up 3 times, Down
		{"\x12COTT\r", "quote cotton"},                    // Ctrl-R, case folded
		{"\x0c\r", ""},                                    // Ctrl-L clears the screen, the line is empty
	}
	for _, s := range steps {
		got, err := first.typeLine(s.keys)
		if err != nil || got != s.want {
			t.Fatalf("keys %q: got %q, %v; want %q", s.keys, got, err, s.want)
		}
	}
	first.close()

	b, err := os.ReadFile(history)
	if err != nil {
		t.Fatalf("no history file in the cache folder: %v", err)
	}
	if !strings.Contains(string(b), "quote cotton\n") {
		t.Errorf("history file = %q, want the lines typed", b)
	}
	if fi, err := os.Stat(history); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("history file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}

	second := newKeyboard(t, history, discardLog())
	if got, err := second.typeLine("\x1b[A\r"); err != nil || got != "quote cotton" {
		t.Errorf("a second prompt's Up gave %q, %v; want the last line of the first, \"quote cotton\"", got, err)
	}
}

// TestLineEditorHistoryBounded: a history over the limit is cut to the
// newest historyLimit lines when the prompt starts, and made private.
func TestLineEditorHistoryBounded(t *testing.T) {
	history := filepath.Join(t.TempDir(), historyName)
	var b strings.Builder
	for i := range historyLimit + 500 {
		fmt.Fprintf(&b, "quote line %d\n", i)
	}
	if err := os.WriteFile(history, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	k := newKeyboard(t, history, discardLog())
	if got, err := k.typeLine("\x1b[A\r"); err != nil || got != fmt.Sprintf("quote line %d", historyLimit+499) {
		t.Errorf("Up gave %q, %v; want the newest line", got, err)
	}
	k.close()
	f, err := os.Open(history)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		n++
	}
	if n > historyLimit+1 {
		t.Errorf("history file has %d lines, want at most %d", n, historyLimit+1)
	}
	if fi, err := os.Stat(history); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("history file mode = %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

// TestLineEditorHistoryUnwritable: a history that cannot be kept (its
// folder is a file) is logged at debug; the prompt works without it.
func TestLineEditorHistoryUnwritable(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "cache")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	k := newKeyboard(t, filepath.Join(blocker, historyName), log)
	for _, s := range []struct{ keys, want string }{{"quote cotton\r", "quote cotton"}, {"\x1b[A\r", "quote cotton"}} {
		if got, err := k.typeLine(s.keys); err != nil || got != s.want {
			t.Fatalf("keys %q: got %q, %v; want %q", s.keys, got, err, s.want)
		}
	}
	if l := logs.String(); !strings.Contains(l, "level=DEBUG") || !strings.Contains(l, "history") {
		t.Errorf("the unkept history was not logged at debug:\n%s", l)
	}
}

// echo answers every request with its text.
type echo struct{}

func (echo) Handle(_ context.Context, req bot.Request) bot.Reply {
	return bot.Reply{Kind: bot.KindAnswer, Headline: "asked: " + req.Text}
}

// TestLineEditorKeysEnd: at the prompt, Ctrl-C leaves at once with status
// 130, as SIGINT does, and Ctrl-D leaves with 0.
func TestLineEditorKeysEnd(t *testing.T) {
	tests := []struct {
		name string
		keys string
		code int // 0: no error
	}{
		{"Ctrl-C", "\x03", exitInterrupted},
		{"Ctrl-C on a typed line", "quote cot\x03", exitInterrupted},
		{"Ctrl-D", "\x04", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKeyboard(t, filepath.Join(t.TempDir(), historyName), discardLog())
			s := terminal.Session{Handler: echo{}, Interactive: true, Lines: k.ed}
			var out bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- s.Run(context.Background(), nil, &out) }()
			go k.keys.Write([]byte("quote cotton\r" + tt.keys))
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("the prompt did not leave on %q", tt.keys)
			}
			if !strings.Contains(out.String(), "asked: quote cotton") {
				t.Errorf("the line before was not answered:\n%s", out.String())
			}
			err = promptEnd(context.Background(), err, true, &out)
			var ex *exitError
			switch {
			case tt.code == 0 && err != nil:
				t.Errorf("the prompt ended with %v, want status 0", err)
			case tt.code != 0 && (!errors.As(err, &ex) || ex.code != tt.code):
				t.Errorf("the prompt ended with %v, want status %d", err, tt.code)
			}
		})
	}
}
