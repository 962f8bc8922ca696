// Command archivebot answers questions from an archive of historical
// documents: in a terminal now, in chat through the adapters.
//
//	archivebot ask "quote cotton"                      one answer from the embedded sample
//	archivebot ask --index PATH --json "cite 115932"   one answer as JSON, from an index
//	archivebot index --corpus DIR --index PATH         build an index from a folder
//	archivebot                                          an interactive prompt
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// The time zone database, for ARCHIVEBOT_TZ where the system has
	// none (a distroless or scratch container image).
	_ "time/tzdata"

	"github.com/agnivade/levenshtein"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ex *exitError
		if errors.As(err, &ex) {
			if ex.msg != "" {
				fmt.Fprintln(os.Stderr, "archivebot:", ex.msg)
			}
			os.Exit(ex.code)
		}
		fmt.Fprintln(os.Stderr, "archivebot:", err)
		os.Exit(1)
	}
}

// exitError ends the program with a code, and a message unless it was
// already shown.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// Exit codes.
const (
	exitFailure = 1 // the archive could not answer: a broken index, a failed build
	exitUsage   = 2 // the command line or the request was wrong
	// A prompt left by a signal exits as shells report a command the
	// signal killed: 128 and the signal's number.
	exitInterrupted = 128 + int(syscall.SIGINT)
	exitTerminated  = 128 + int(syscall.SIGTERM)
)

// signalExit is the exit status for a ctx that ended: exitTerminated when
// SIGTERM ended it (signal.NotifyContext's cause names the signal),
// exitInterrupted for Ctrl-C or any other end.
func signalExit(ctx context.Context) int {
	if cause := context.Cause(ctx); cause != nil && strings.HasPrefix(cause.Error(), syscall.SIGTERM.String()+" ") {
		return exitTerminated
	}
	return exitInterrupted
}

func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, a...)}
}

const usageText = `archivebot: ask an archive of historical documents.

Usage:
  archivebot ask [--index PATH | --corpus DIR] [--json] "COMMAND"
      Answer one command and exit, e.g. archivebot ask "quote cotton".
  archivebot index --corpus DIR --index PATH
      Build an index of the documents under DIR at PATH (swapped in atomically).
  archivebot [shell] [--index PATH | --corpus DIR] [--json] [--ops ADDR]
      Read commands one a line: an interactive prompt on a terminal.
  archivebot discord [--index PATH | --corpus DIR] [--ops ADDR]
      Answer on Discord (bot token in DISCORD_TOKEN); see archivebot discord -h.
  archivebot slack [--http ADDR] [--index PATH | --corpus DIR] [--ops ADDR]
      Answer on Slack, in Socket Mode or, with --http, over HTTP; see archivebot slack -h.
  archivebot slack manifest [--url URL]
      Print the Slack app manifest.
  archivebot config [discord|slack]
      Print the configuration the environment gives, secrets shown as ***.
  archivebot health [--ops ADDR] [--timeout DURATION]
      Exit 0 if the archivebot serving on the ops listener at ADDR is ready, else 1.

With neither --index nor --corpus, the embedded sample corpus is used.
--ops ADDR (e.g. 127.0.0.1:9090) serves /healthz, /readyz and Prometheus /metrics.
Environment: ARCHIVEBOT_INDEX, ARCHIVEBOT_CORPUS, ARCHIVEBOT_CACHE_DIR, ARCHIVEBOT_OPS,
ARCHIVEBOT_LOG_LEVEL (debug, info, warn, error), ARCHIVEBOT_LOG_FORMAT (json, text;
default json unless stderr is a terminal), ARCHIVEBOT_DRAIN_TIMEOUT (how long a reload
or the shutdown waits for searches still using the index; default 10s),
ARCHIVEBOT_STATE (the state store: a file, default state.db in the cache folder, or a
postgres:// URL), ARCHIVEBOT_DAILY_AT and ARCHIVEBOT_TZ (the daily post's time, default
08:00, and time zone, default UTC; its channel is DISCORD_DAILY_CHANNEL or
SLACK_DAILY_CHANNEL).
Type "archivebot ask help" for the commands the archive answers.
`

// run is the whole program; main only calls it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}.run(ctx, args)
}

// run runs the command args name with e's environment, streams and
// clock; it makes e's logger.
func (e env) run(ctx context.Context, args []string) error {
	log, err := newLogger(e.stderr, e.getenv("ARCHIVEBOT_LOG_LEVEL"), e.getenv("ARCHIVEBOT_LOG_FORMAT"))
	if err != nil {
		return usageErr("%v", err)
	}
	routeLibraryLogs(log)
	cmd, rest := "shell", args
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, rest = args[0], args[1:]
	}
	e.log = log
	switch cmd {
	case "ask":
		return e.ask(ctx, rest)
	case "index":
		return e.index(ctx, rest)
	case "shell":
		return e.shell(ctx, rest)
	case "slack":
		return e.slack(ctx, rest)
	case "discord":
		return e.discord(ctx, rest)
	case "config":
		return e.config(rest)
	case "health":
		return e.health(ctx, rest)
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, usageText)
		return nil
	}
	return unknownCommand(cmd)
}

// commandNames are the commands run knows, for "did you mean".
var commandNames = []string{"ask", "index", "shell", "slack", "discord", "config", "health", "help"}

// unknownCommand is the short error for a command run does not know,
// suggesting the nearest name when it is only a typo away.
func unknownCommand(cmd string) error {
	best, bestDist := "", 3 // more than two edits away is no typo
	for _, name := range commandNames {
		if d := levenshtein.ComputeDistance(strings.ToLower(cmd), name); d < bestDist {
			best, bestDist = name, d
		}
	}
	msg := fmt.Sprintf("unknown command %q", cmd)
	if best != "" {
		msg += fmt.Sprintf("; did you mean `%s`?", best)
	}
	return usageErr("%s\nRun archivebot --help for the commands.", msg)
}
