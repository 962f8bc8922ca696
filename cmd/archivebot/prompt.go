package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/chzyer/readline"
	"golang.org/x/term"

	"github.com/archivebot/archivebot/adapters/terminal"
)

// historyLimit is the number of lines the prompt's history keeps; older
// ones are dropped from the file when the prompt starts.
const historyLimit = 1000

// historyName is the prompt's history file in the cache folder.
const historyName = "history"

// lineEditor is the prompt's line editor on a terminal, chzyer/readline:
// arrows, Ctrl-R to search the history, Ctrl-L to clear the screen. It is
// a terminal.LineReader.
type lineEditor struct{ rl *readline.Instance }

// ReadLine reads a line; Ctrl-C gives terminal.ErrInterrupted and Ctrl-D
// on an empty line io.EOF.
func (l lineEditor) ReadLine() (string, error) {
	line, err := l.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return "", terminal.ErrInterrupted
	}
	return line, err
}

// Close gives the terminal back as it was and ends a pending ReadLine.
func (l lineEditor) Close() error { return l.rl.Close() }

// editorConfig is the editor's configuration: the prompt, and the history
// kept in the file history (none when it is "").
func editorConfig(prompt, history string) *readline.Config {
	return &readline.Config{
		Prompt:            prompt,
		HistoryFile:       history,
		HistoryLimit:      historyLimit,
		HistorySearchFold: true, // Ctrl-R ignores case
	}
}

// newLineEditor makes the editor of cfg. A history file that cannot be
// written is logged at debug and the prompt goes on without keeping its
// history; the file is made readable by its owner only.
func newLineEditor(cfg *readline.Config, log *slog.Logger) (lineEditor, error) {
	if cfg.HistoryFile != "" {
		if err := prepareHistory(cfg.HistoryFile); err != nil {
			log.Debug("the prompt's history is not kept", "file", cfg.HistoryFile, "err", err)
			cfg.HistoryFile = ""
		}
	}
	rl, err := readline.NewEx(cfg)
	if err != nil {
		return lineEditor{}, fmt.Errorf("line editor: %w", err)
	}
	if cfg.HistoryFile != "" {
		// readline rewrites a history over its limit through a new file,
		// made as the umask allows: make it private again.
		if err := os.Chmod(cfg.HistoryFile, 0o600); err != nil {
			log.Debug("the prompt's history file", "file", cfg.HistoryFile, "err", err)
		}
	}
	return lineEditor{rl: rl}, nil
}

// prepareHistory makes the history file, and its folder, when they are
// missing, and checks that the file can be written.
func prepareHistory(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("history folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("history file: %w", err)
	}
	return f.Close()
}

// promptEditor is the line editor of the prompt on the terminal stdin and
// stdout, with its history in the cache folder.
func (e env) promptEditor(src *source, prompt string) (lineEditor, error) {
	cfg := editorConfig(prompt, filepath.Join(src.cacheFolder(), historyName))
	in, ok := e.stdin.(*os.File)
	if !ok {
		return lineEditor{}, errors.New("line editor: stdin is not a terminal")
	}
	cfg.Stdin = readline.NewCancelableStdin(in)
	cfg.Stdout = e.stdout
	cfg.Stderr = e.stderr
	cfg.FuncIsTerminal = func() bool { return isTerminal(e.stdin) && isTerminal(e.stdout) }
	// readline's defaults work on os.Stdin and os.Stdout: use the
	// terminal the prompt was given.
	var (
		mu    sync.Mutex
		saved *term.State
	)
	cfg.FuncMakeRaw = func() error {
		mu.Lock()
		defer mu.Unlock()
		st, err := term.MakeRaw(int(in.Fd()))
		if err != nil {
			return fmt.Errorf("raw mode: %w", err)
		}
		saved = st
		return nil
	}
	cfg.FuncExitRaw = func() error {
		mu.Lock()
		defer mu.Unlock()
		if saved == nil {
			return nil
		}
		st := saved
		saved = nil
		return term.Restore(int(in.Fd()), st)
	}
	cfg.FuncGetWidth = func() int {
		if f, ok := e.stdout.(*os.File); ok {
			if w, _, err := term.GetSize(int(f.Fd())); err == nil {
				return w
			}
		}
		return 80
	}
	return newLineEditor(cfg, e.log)
}

// promptEnd is the shell's result for how its session ended: status 130
// for Ctrl-C at the editor, as for SIGINT, and the signal's status when a
// signal ended it.
func promptEnd(ctx context.Context, err error, interactive bool, out io.Writer) error {
	if errors.Is(err, terminal.ErrInterrupted) {
		return &exitError{code: exitInterrupted} // the editor wrote ^C and a newline
	}
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		if interactive {
			fmt.Fprintln(out) // leave the shell's prompt on a line of its own
		}
		return &exitError{code: signalExit(ctx)}
	}
	return nil
}
