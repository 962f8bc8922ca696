// Package bot is the platform-neutral core of archivebot: it parses a
// command, asks the archive index and returns a Reply model. It knows
// nothing of Discord, Slack or terminals; adapters translate for it.
//
//	b := bot.New(ix, bot.Options{})
//	reply := b.Handle(ctx, bot.Request{Text: "quote cotton", Platform: "terminal"})
package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// Archive is what the bot needs of the index.
type Archive interface {
	Paragraphs(ctx context.Context, q index.Query) (index.ParagraphResult, error)
	Documents(ctx context.Context, q index.Query) (index.DocumentResult, error)
	Document(ctx context.Context, id string) (corpus.Document, error)
	Names(prefix string, limit int) []index.NameEntry
	Titles(prefix string, limit int) []index.TitleEntry
	Person(name string) (corpus.Person, bool)
	ClosestPeople(name string, n int) []corpus.Person
}

// Request is one command from a person.
type Request struct {
	// Text is the command as typed, e.g. `quote "exact phrase" from:1950`.
	Text string
	// Platform names the adapter, for logs: "terminal", "discord", "slack".
	Platform string
	// User and Channel identify the asker and the place, for logs and rate
	// limits; adapters fill them in where the platform has them.
	User    string
	Channel string
	// Recent lists the documents of the previous reply in this conversation,
	// newest first, so "cite that" can refer to them. May be empty.
	Recent []string
}

// Options configure a Bot.
type Options struct {
	// Logger receives errors with the command and platform, never message
	// text. Nil discards.
	Logger *slog.Logger
	// Timeout bounds one command. Zero means DefaultTimeout.
	Timeout time.Duration
}

// DefaultTimeout bounds one command: chat platforms allow three seconds for
// a first answer, so a search that cannot finish in two is cut off.
const DefaultTimeout = 2 * time.Second

// Bot answers commands from the archive.
type Bot struct {
	archive  Archive
	log      *slog.Logger
	timeout  time.Duration
	commands []Command
}

// New returns a bot that answers from archive.
func New(archive Archive, opts Options) *Bot {
	b := &Bot{archive: archive, log: opts.Logger, timeout: opts.Timeout}
	if b.log == nil {
		b.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if b.timeout <= 0 {
		b.timeout = DefaultTimeout
	}
	b.commands = b.commandSet()
	return b
}

// Commands returns the bot's commands, in help order.
func (b *Bot) Commands() []Command { return b.commands }

// Command finds a command by name.
func (b *Bot) Command(name string) (Command, bool) {
	for _, c := range b.commands {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}

// Handle answers one request. It never fails: problems become a usage or
// failure reply with a short message safe to show, and the cause goes to
// the log.
func (b *Bot) Handle(ctx context.Context, req Request) Reply {
	text := strings.TrimSpace(req.Text)
	if !utf8.ValidString(text) {
		return usageReply("", "I could not read that: it is not valid text.", "Type `help` to see the commands.")
	}
	if utf8.RuneCountInString(text) > MaxRequestChars {
		return usageReply("", "That request is too long: please keep it under 500 characters.", "")
	}
	if text == "" {
		return usageReply("", "Ask me something, for example: quote cotton.", "Type `help` to see the commands.")
	}
	name, rest := splitCommand(text)
	cmd, ok := b.Command(name)
	if !ok {
		return b.unknown(name)
	}
	a, err := parseArgs(rest)
	if err != nil {
		return b.failed(ctx, cmd, req, err)
	}
	if cmd.NeedsArgs && len(a.tokens) == 0 {
		r := usageReply(cmd.Name, "The "+cmd.Name+" command needs something to look for.", "Usage: "+cmd.Usage)
		r.Commands = []CommandHelp{cmd.help()}
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	reply, err := cmd.run(ctx, call{req: req, args: a})
	if err != nil {
		return b.failed(ctx, cmd, req, err)
	}
	reply.Command = cmd.Name
	return reply
}

// splitCommand takes the command word off the front of text, reading a few
// natural phrasings as the command they mean: "who was X", "a quote about X".
func splitCommand(text string) (string, string) {
	lower := strings.ToLower(text)
	for _, p := range []struct{ prefix, cmd string }{
		{"give me a quote about ", "quote"}, {"give me a quote on ", "quote"},
		{"a quote about ", "quote"}, {"quote about ", "quote"}, {"find a quote about ", "quote"},
		{"show me ", "search"}, {"find ", "search"},
	} {
		if strings.HasPrefix(lower, p.prefix) {
			return p.cmd, text[len(p.prefix):]
		}
	}
	name, rest, _ := strings.Cut(text, " ")
	name = strings.ToLower(strings.TrimLeft(name, "/!"))
	return name, strings.TrimSpace(rest)
}

func (b *Bot) unknown(name string) Reply {
	names := make([]string, len(b.commands))
	for i, c := range b.commands {
		names[i] = c.Name
	}
	if utf8.RuneCountInString(name) > 30 {
		name = string([]rune(name)[:30]) + "…"
	}
	return usageReply("", "I don't know the command \u201c"+name+"\u201d.", "Commands: "+strings.Join(names, ", ")+". Type `help` for examples.")
}

// failed turns an error into a reply: the user gets a short safe message,
// the log gets the cause without the request text.
func (b *Bot) failed(ctx context.Context, cmd Command, req Request, err error) Reply {
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		return usageReply(cmd.Name, ue.msg, "Usage: "+cmd.Usage)
	case errors.Is(err, index.ErrBadQuery):
		return usageReply(cmd.Name, "I can't search for that: "+strings.TrimPrefix(err.Error(), "bad query: ")+".", "Usage: "+cmd.Usage)
	case errors.Is(err, index.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		b.log.WarnContext(ctx, "command timed out", "command", cmd.Name, "platform", req.Platform)
		return Reply{Kind: KindFailure, Command: cmd.Name, Headline: "The archive took too long to answer.", Hint: "Try fewer or more specific words.", Private: true}
	}
	b.log.ErrorContext(ctx, "command failed", "command", cmd.Name, "platform", req.Platform, "err", err)
	return Reply{Kind: KindFailure, Command: cmd.Name, Headline: "Sorry, something went wrong while searching the archive.", Hint: "Please try again in a moment.", Private: true}
}

func usageReply(cmd, headline, hint string) Reply {
	return Reply{Kind: KindUsage, Command: cmd, Headline: headline, Hint: hint, Private: true}
}
