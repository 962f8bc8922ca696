package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/archivebot/archivebot/adapters/terminal"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/daily"
	"github.com/archivebot/archivebot/index"
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
	// clock times the daily post and the state store's leases; nil means
	// the system's. Tests set a fake one.
	clock daily.Clock
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
		return checkCorpus(s.corpusDir)
	}
	return nil
}

// checkCorpus says what is wrong with a --corpus that is not a folder.
func checkCorpus(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageErr("--corpus %s does not exist", dir)
	case err != nil:
		return usageErr("--corpus %s: %v", dir, errors.Unwrap(err))
	case !info.IsDir():
		return usageErr("--corpus %s is a file, not a folder of documents", dir)
	}
	return nil
}

// maxSkippedNames is how many files noDocuments names.
const maxSkippedNames = 3

// noDocuments explains a corpus folder with no document in it: which
// files are read, and a few of those that were not.
func noDocuments(fsys fs.FS, dir string) string {
	var names []string
	others := 0
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || corpus.IsDocumentFile(p) {
			return nil
		}
		others++
		if len(names) < maxSkippedNames {
			names = append(names, strconv.Quote(p))
		}
		return nil
	})
	msg := fmt.Sprintf("no documents to index in %s: only .txt and .md files are read", dir)
	if others > 0 {
		msg += "; not read: " + strings.Join(names, ", ")
		if more := others - len(names); more > 0 {
			msg += fmt.Sprintf(" and %d more", more)
		}
	}
	return msg
}

func (e env) newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage of archivebot %s:\n", name)
		printFlags(fs)
	}
	return fs
}

// printFlags lists the flags of fs as they are written on the command
// line, with two dashes.
func printFlags(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		fmt.Fprintf(fs.Output(), "%s\n      %s\n", line, usage)
	})
}

// parseServeFlags parses the flags of a command that takes no other
// arguments, showing usage and then the flags for -h.
func parseServeFlags(fs *flag.FlagSet, args []string, usage string) error {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		printFlags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected arguments %q; see archivebot %s --help", strings.Join(fs.Args(), " "), fs.Name())
	}
	return nil
}

// boolFlag is how the flag package tells a flag that takes no value.
type boolFlag interface{ IsBoolFlag() bool }

// parseFlags parses args into fs. Flags are taken wherever they stand
// among the words, up to a "--" after which everything is a word, so
// that archivebot ask quote cotton --json prints JSON. fs.Args() are the
// words. -h or --help shows the usage; an unknown flag or a missing value
// is a short usage error pointing at --help.
func parseFlags(fs *flag.FlagSet, args []string) error {
	help := fmt.Sprintf("see archivebot %s --help", fs.Name())
	var flags, words []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			words = append(words, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' || (a[1] != '-' && !unicode.IsLetter(rune(a[1]))) {
			words = append(words, a) // "-" and "-1957" are words
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		if name == "h" || name == "help" {
			fs.Usage()
			return &exitError{code: 0}
		}
		f := fs.Lookup(name)
		if f == nil {
			return usageErr("unknown flag %s; %s", a, help)
		}
		flags = append(flags, a)
		if b, ok := f.Value.(boolFlag); hasValue || (ok && b.IsBoolFlag()) {
			continue
		}
		if i+1 == len(args) {
			return usageErr("flag --%s needs a value; %s", name, help)
		}
		i++
		flags = append(flags, args[i])
	}
	out := fs.Output()
	fs.SetOutput(io.Discard) // the error is shown below, shorter
	defer fs.SetOutput(out)
	if err := fs.Parse(append(append(flags, "--"), words...)); err != nil {
		return usageErr("%v; %s", err, help)
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
	st := e.lazyState(src)
	defer closeState(e.log, st)
	b, closeFn, err := e.openBot(ctx, src, newOps(), st)
	if err != nil {
		return err
	}
	defer closeFn()
	reply := b.Handle(ctx, bot.Request{
		Text: strings.Join(fs.Args(), " "), Platform: terminal.Platform,
		Conversation: terminal.Conversation, UserName: userName(), CanManage: true,
	})
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

// userName is the name the terminal's saves are shown with: the user's
// login name, or "terminal".
func userName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "terminal"
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
	st := e.lazyState(src)
	defer closeState(e.log, st)
	b, closeFn, err := e.openBot(ctx, src, o, st)
	if err != nil {
		return err
	}
	defer closeFn()
	o.allChecksIn()
	s := terminal.Session{Handler: b, JSON: *asJSON, Prompt: "archive> ", Interactive: isTerminal(e.stdin) && isTerminal(e.stdout), UserName: userName()}
	if !*asJSON {
		s.Width = func() int { return terminalWidth(e.stdout) } // asked at each reply: the window may change
	}
	if s.Interactive {
		// On a terminal, a line editor with history; piped input is read
		// line by line as it comes.
		ed, err := e.promptEditor(src, s.Prompt)
		if err != nil {
			e.log.Debug("no line editing at the prompt", "err", err)
		} else {
			defer ed.Close()
			s.Lines = ed
		}
	}
	return promptEnd(ctx, s.Run(ctx, e.stdin, e.stdout), s.Interactive, e.stdout)
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
	if err := checkCorpus(*corpusDir); err != nil {
		return err
	}
	dir, err := corpus.OpenDir(*corpusDir)
	if err != nil {
		return usageErr("--corpus %s: %v", *corpusDir, err)
	}
	defer dir.Close()
	// The folders the index goes in are made, as mkdir -p would, and
	// readable as the umask allows.
	if parent := filepath.Dir(*indexPath); parent != "" {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("cannot make the folder %s for the index: %v", parent, errors.Unwrap(err))}
		}
	}
	// A corpus.Dir follows a symbolic link only inside the folder and
	// opens no file that could block.
	m, rep, err := buildIndex(ctx, e, dir, *indexPath, isTerminal(e.stderr))
	for _, s := range rep.Skipped {
		fmt.Fprintf(e.stderr, "skipped %s\n", s) // the file name escaped
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(e.stderr, "note %s\n", w)
	}
	if errors.Is(err, index.ErrEmpty) {
		return &exitError{code: exitFailure, msg: noDocuments(dir, *corpusDir)}
	}
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	paragraphs := "paragraphs"
	if m.Paragraphs == 1 {
		paragraphs = "paragraph"
	}
	fmt.Fprintf(e.stdout, "Indexed %s: %s (%d %s) into %s\n", *corpusDir, rep, m.Paragraphs, paragraphs, *indexPath)
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
