package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/archivebot/archivebot/adapters/terminal"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/corpus"
	"github.com/mattn/go-isatty"
	"golang.org/x/term"
)

// env is what the commands share: the process's environment and streams.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

// source says where answers come from: a built index, or a corpus folder
// (the embedded sample when both are empty) indexed into the cache.
type source struct {
	indexPath string
	corpusDir string
	cacheDir  string
}

// sourceFlags registers --index and --corpus, defaulting to the environment.
func (e env) sourceFlags(fs *flag.FlagSet) *source {
	s := &source{cacheDir: e.getenv("ARCHIVEBOT_CACHE_DIR")}
	fs.StringVar(&s.indexPath, "index", e.getenv("ARCHIVEBOT_INDEX"), "answer from the index at `PATH` (env ARCHIVEBOT_INDEX)")
	fs.StringVar(&s.corpusDir, "corpus", e.getenv("ARCHIVEBOT_CORPUS"), "answer from the documents under `DIR`, indexed on first use (env ARCHIVEBOT_CORPUS)")
	return s
}

func (s *source) validate() error {
	if s.indexPath != "" && s.corpusDir != "" {
		return usageErr("give --index or --corpus, not both (check ARCHIVEBOT_INDEX and ARCHIVEBOT_CORPUS)")
	}
	if s.corpusDir != "" {
		if info, err := os.Stat(s.corpusDir); err != nil || !info.IsDir() {
			return usageErr("--corpus %s is not a folder", s.corpusDir)
		}
	}
	return nil
}

func (e env) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseServeFlags parses the flags of a command that takes no other
// arguments, showing usage and then the flags for -h.
func parseServeFlags(fs *flag.FlagSet, args []string, usage string) error {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected arguments %q; see archivebot %s -h", strings.Join(fs.Args(), " "), fs.Name())
	}
	return nil
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &exitError{code: 0}
		}
		return &exitError{code: exitUsage} // flag already printed the problem
	}
	return nil
}

// ask answers one command and exits: 0 on an answer or "nothing found",
// 2 on a malformed request, 1 when the archive could not answer.
func (e env) ask(ctx context.Context, args []string) error {
	fs := e.newFlagSet("ask")
	src := e.sourceFlags(fs)
	asJSON := fs.Bool("json", false, "print the reply model as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr(`ask needs a command, e.g. archivebot ask "quote cotton"`)
	}
	if err := src.validate(); err != nil {
		return err
	}
	b, closeFn, err := e.openBot(ctx, src, newOps())
	if err != nil {
		return err
	}
	defer closeFn()
	reply := b.Handle(ctx, bot.Request{Text: strings.Join(fs.Args(), " "), Platform: terminal.Platform})
	if *asJSON {
		err = terminal.RenderJSON(e.stdout, reply)
	} else {
		err = terminal.RenderWidth(e.stdout, reply, terminalWidth(e.stdout))
	}
	if err != nil {
		return err
	}
	switch reply.Kind {
	case bot.KindUsage:
		if reply.Command == "help" {
			return nil
		}
		return &exitError{code: exitUsage}
	case bot.KindFailure:
		return &exitError{code: exitFailure}
	}
	return nil
}

// shell reads commands one a line; on a terminal, with a prompt.
func (e env) shell(ctx context.Context, args []string) error {
	fs := e.newFlagSet("shell")
	src := e.sourceFlags(fs)
	asJSON := fs.Bool("json", false, "print replies as JSON")
	opsAddr := e.opsFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected arguments %q; to answer one command use: archivebot ask \"...\"", strings.Join(fs.Args(), " "))
	}
	if err := src.validate(); err != nil {
		return err
	}
	o := newOps()
	stopOps, err := e.serveOps(ctx, o, *opsAddr)
	if err != nil {
		return err
	}
	defer stopOps()
	b, closeFn, err := e.openBot(ctx, src, o)
	if err != nil {
		return err
	}
	defer closeFn()
	o.allChecksIn()
	s := terminal.Session{Handler: b, JSON: *asJSON, Prompt: "archive> ", Interactive: isTerminal(e.stdin) && isTerminal(e.stdout)}
	if !*asJSON {
		s.Width = func() int { return terminalWidth(e.stdout) } // asked at each reply: the window may change
	}
	if err := s.Run(ctx, e.stdin, e.stdout); err != nil {
		return err
	}
	if ctx.Err() != nil {
		if s.Interactive {
			fmt.Fprintln(e.stdout) // leave the shell's prompt on a line of its own
		}
		return &exitError{code: signalExit(ctx)}
	}
	return nil
}

// index builds an index from a folder of documents.
func (e env) index(ctx context.Context, args []string) error {
	fs := e.newFlagSet("index")
	corpusDir := fs.String("corpus", e.getenv("ARCHIVEBOT_CORPUS"), "read the documents under `DIR` (env ARCHIVEBOT_CORPUS)")
	indexPath := fs.String("index", e.getenv("ARCHIVEBOT_INDEX"), "write the index at `PATH` (env ARCHIVEBOT_INDEX)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *corpusDir == "":
		return usageErr("index needs --corpus DIR, the folder of documents to read")
	case *indexPath == "":
		return usageErr("index needs --index PATH, where to write the index")
	case fs.NArg() > 0:
		return usageErr("unexpected arguments %q", strings.Join(fs.Args(), " "))
	}
	if info, err := os.Stat(*corpusDir); err != nil || !info.IsDir() {
		return usageErr("--corpus %s is not a folder", *corpusDir)
	}
	dir, err := corpus.OpenDir(*corpusDir)
	if err != nil {
		return usageErr("--corpus %s: %v", *corpusDir, err)
	}
	defer dir.Close()
	// A corpus.Dir follows a symbolic link only inside the folder and
	// opens no file that could block.
	m, rep, err := buildIndex(ctx, e, dir, *indexPath, isTerminal(e.stderr))
	for _, s := range rep.Skipped {
		fmt.Fprintf(e.stderr, "skipped %s\n", s) // the file name escaped
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(e.stderr, "note %s\n", w)
	}
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	fmt.Fprintf(e.stdout, "Indexed %s: %s (%d paragraphs) into %s\n", *corpusDir, rep, m.Paragraphs, *indexPath)
	if m.Documents == 0 {
		return &exitError{code: exitFailure, msg: "no documents were read: the index is empty"}
	}
	return nil
}

// terminalWidth is the width in columns of the terminal v writes to, for
// wrapping text to it, or 0 when v is not a terminal (a file, a pipe):
// output that a program reads is never wrapped.
func terminalWidth(v any) int {
	f, ok := v.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil || w < 20 {
		return 0 // too narrow to wrap usefully
	}
	return w - 1 // a full line would leave the cursor past the edge on some terminals
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// newLogger logs to w at level, as JSON lines for a log collector or as
// text for a person at a terminal: format "json" or "text", or empty to
// choose by whether w is a terminal. Each line of a request carries its
// request id.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if level == "" {
		level = "info"
	}
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("ARCHIVEBOT_LOG_LEVEL %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	var h slog.Handler
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "json":
		h = slog.NewJSONHandler(w, opts)
	case "text":
		h = slog.NewTextHandler(w, opts)
	case "":
		if isTerminal(w) {
			h = slog.NewTextHandler(w, opts)
		} else {
			h = slog.NewJSONHandler(w, opts)
		}
	default:
		return nil, fmt.Errorf("ARCHIVEBOT_LOG_FORMAT %q: use json or text", format)
	}
	return slog.New(bot.LogRequestIDs(h)), nil
}
