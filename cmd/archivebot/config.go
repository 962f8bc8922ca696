package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"strings"
	"syscall"
)

// redacted is what a secret shows in place of its value.
const redacted = "***"

// secret is a credential: a token or a signing secret. It prints and logs
// as "***", so that passing one to a logger or a format by mistake shows
// nothing; string(s) is the value, for the adapter that needs it.
type secret string

func (secret) String() string               { return redacted }
func (secret) GoString() string             { return redacted }
func (secret) LogValue() slog.Value         { return slog.StringValue(redacted) }
func (s secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// maxSecretFile bounds a secret file: a token is far smaller, and a big
// file is a wrong path.
const maxSecretFile = 64 << 10

// readSecret reads the credential named by the variable name: from the
// variable itself, or from the file that name_FILE gives (as Docker and
// Kubernetes secrets are mounted), with surrounding white space, such as
// the trailing newline, trimmed. Errors name the variable and the file,
// never the value. A file that every user may read is used, with a
// warning on log: secret mounts often are.
func readSecret(getenv func(string) string, log *slog.Logger, name string) (secret, error) {
	value, path := strings.TrimSpace(getenv(name)), strings.TrimSpace(getenv(name+"_FILE"))
	switch {
	case path == "":
		return secret(value), nil
	case value != "":
		return "", fmt.Errorf("both %s and %s_FILE are set: give one", name, name)
	}
	// Stat before opening: opening a FIFO blocks until a writer comes,
	// and a device may never end. The file is then opened without
	// blocking and checked again, in case it changed in between.
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s_FILE: no file %s", name, path)
		}
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		return "", notRegular(name, path)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		return "", notRegular(name, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	if err != nil {
		return "", fmt.Errorf("%s_FILE: read %s: %w", name, path, err)
	}
	if len(b) > maxSecretFile {
		return "", fmt.Errorf("%s_FILE: %s is over %d KB: not a %s", name, path, maxSecretFile>>10, name)
	}
	s := strings.TrimSpace(string(b))
	if s == "" {
		return "", fmt.Errorf("%s_FILE: %s is empty", name, path)
	}
	if strings.ContainsAny(s, "\r\n") {
		// Two values, or a value and a note: which one is the token is a
		// guess, and a wrong guess fails later and obscurely.
		return "", fmt.Errorf("%s_FILE: %s has more than one line: put the %s alone in it", name, path, name)
	}
	if info.Mode().Perm()&0o004 != 0 {
		log.Warn("a secret file is readable by every user of this machine; chmod 600 it unless only this program's user can reach it", "variable", name+"_FILE", "path", path)
	}
	return secret(s), nil
}

// notRegular is the error for a *_FILE that names a FIFO, a device or a
// folder: reading one could block the start or never end.
func notRegular(name, path string) error {
	return fmt.Errorf("%s_FILE: %s is not a file (a regular file is needed, not a folder, FIFO or device)", name, path)
}

// redactURL returns the URL s with its user information (a user name and
// password, or a token in their place) shown as ***, for logs and errors.
// It works on the text, so that a URL too malformed to parse is redacted
// as well.
func redactURL(s string) string {
	start := 0
	if i := strings.Index(s, "://"); i >= 0 {
		start = i + len("://")
	}
	end := len(s)
	if i := strings.IndexAny(s[start:], "/?#"); i >= 0 {
		end = start + i
	}
	at := strings.LastIndex(s[start:end], "@")
	if at < 0 {
		return s
	}
	return s[:start] + redacted + s[start+at:]
}

// setting is a variable of the environment that configures archivebot.
type setting struct {
	name   string
	secret bool // read with readSecret, shown as ***
	url    bool // a URL, shown without its user name and password
}

// settings are the variables the configuration is read from, by the
// command that reads them; "config" prints them.
var settings = []struct {
	command string
	vars    []setting
}{
	{"all", []setting{
		{name: "ARCHIVEBOT_INDEX"}, {name: "ARCHIVEBOT_CORPUS"}, {name: "ARCHIVEBOT_CACHE_DIR"},
		{name: "ARCHIVEBOT_LOG_LEVEL"}, {name: "ARCHIVEBOT_LOG_FORMAT"}, {name: "ARCHIVEBOT_OPS"},
		{name: "ARCHIVEBOT_DRAIN_TIMEOUT"}, {name: "ARCHIVEBOT_STATE", url: true},
		{name: "ARCHIVEBOT_DAILY_AT"}, {name: "ARCHIVEBOT_TZ"},
	}},
	{"discord", []setting{
		{name: "DISCORD_TOKEN", secret: true}, {name: "DISCORD_APP_ID"}, {name: "DISCORD_GUILD_ID"},
		{name: "DISCORD_REGISTER_COMMANDS"}, {name: "DISCORD_SHARD_ID"}, {name: "DISCORD_SHARD_COUNT"},
		{name: "DISCORD_MESSAGE_CONTENT"}, {name: "DISCORD_PREFIX"}, {name: "DISCORD_UNFURL"}, {name: "DISCORD_UNFURL_OFF"},
		{name: "DISCORD_PRIVATE_ANSWERS"}, {name: "DISCORD_RATE_PER_MINUTE"}, {name: "DISCORD_RATE_BURST"},
		{name: "DISCORD_CHANNEL_RATE_PER_MINUTE"}, {name: "DISCORD_CHANNEL_RATE_BURST"},
		{name: "DISCORD_ALLOWED_GUILDS"}, {name: "DISCORD_ALLOWED_CHANNELS"}, {name: "DISCORD_API_BASE", url: true},
		{name: "DISCORD_DAILY_CHANNEL"},
	}},
	{"slack", []setting{
		{name: "SLACK_BOT_TOKEN", secret: true}, {name: "SLACK_APP_TOKEN", secret: true}, {name: "SLACK_SIGNING_SECRET", secret: true},
		{name: "SLACK_API_URL", url: true}, {name: "SLACK_RATE_PER_MINUTE"}, {name: "SLACK_RATE_BURST"},
		{name: "SLACK_CHANNEL_RATE_PER_MINUTE"}, {name: "SLACK_CHANNEL_RATE_BURST"},
		{name: "SLACK_ALLOWED_TEAMS"}, {name: "SLACK_ALLOWED_CHANNELS"}, {name: "SLACK_DAILY_CHANNEL"},
	}},
}

// configuration describes the variables of the commands named (all of
// them when none is), one "NAME=value" a line, secrets as "***" with
// where they come from. Variables that are not set are left out unless
// all is set.
func (e env) configuration(all bool, commands ...string) []string {
	var lines []string
	for _, group := range settings {
		if len(commands) > 0 && group.command != "all" && !slices.Contains(commands, group.command) {
			continue
		}
		for _, s := range group.vars {
			value := strings.TrimSpace(e.getenv(s.name))
			if s.url {
				value = redactState(value)
			}
			if !s.secret {
				if value != "" || all {
					lines = append(lines, s.name+"="+value)
				}
				continue
			}
			file := strings.TrimSpace(e.getenv(s.name + "_FILE"))
			_, err := readSecret(e.getenv, slog.New(slog.DiscardHandler), s.name)
			switch {
			case err != nil:
				lines = append(lines, s.name+"= (problem: "+err.Error()+")")
			case file != "":
				lines = append(lines, s.name+"="+redacted+" (from "+s.name+"_FILE="+file+")")
			case value != "":
				lines = append(lines, s.name+"="+redacted)
			case all:
				lines = append(lines, s.name+"=")
			}
		}
	}
	return lines
}

// logConfiguration logs the configuration a command reads, with secrets
// redacted, at debug level.
func (e env) logConfiguration(command string) {
	if !e.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	e.log.Debug("configuration", "command", command, "settings", strings.Join(e.configuration(false, command), " "))
}

// config prints the configuration the environment gives, secrets
// redacted: archivebot config [discord|slack].
func (e env) config(args []string) error {
	fs := e.newFlagSet("config")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage:\n  archivebot config [discord|slack]\n      Print the configuration the environment gives, secrets shown as ***.")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, c := range fs.Args() {
		if c != "discord" && c != "slack" {
			return usageErr("config: unknown command %q; use discord or slack", c)
		}
	}
	for _, line := range e.configuration(true, fs.Args()...) {
		fmt.Fprintln(e.stdout, line)
	}
	return nil
}
