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
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
	"github.com/archivebot/archivebot/state"
)

// Archive is what the bot needs of the index.
type Archive interface {
	Paragraphs(ctx context.Context, q index.Query) (index.ParagraphResult, error)
	Documents(ctx context.Context, q index.Query) (index.DocumentResult, error)
	Events(ctx context.Context, q index.Query) (index.EventResult, error)
	Document(ctx context.Context, id string) (corpus.Document, error)
	Names(prefix string, limit int) []index.NameEntry
	Titles(prefix string, limit int) []index.TitleEntry
	TitledExactly(title string) []index.TitleEntry
	Person(name string) (corpus.Person, bool)
	ClosestPeople(name string, n int) []corpus.Person
	Mentions(ctx context.Context, word string) (bool, error)
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
	// RecentPassages lists the paragraphs the previous reply quoted or
	// pinpointed, in its order, so "save that" can save the paragraph.
	// RecentOf fills Recent and RecentPassages from a reply. May be empty.
	RecentPassages []PassageRef
	// Conversation keys the conversation's saved state (its
	// bibliography): "discord:<channel or thread id>",
	// "slack:<team>/<channel>", "terminal". Empty where there is none;
	// the bibliography commands then say they cannot be used there.
	Conversation string
	// UserName is the asker's display name, shown beside what they save;
	// it is shown as text, never as a mention.
	UserName string
	// CanManage says the asker may manage the conversation (a Discord
	// member who may manage the channel or server, a Slack workspace
	// admin or owner, the terminal's user): only they may clear its
	// bibliography.
	CanManage bool
}

// PassageRef names a paragraph of a document; Paragraph 0 is the whole
// document.
type PassageRef struct {
	DocID     string
	Paragraph int
}

// RecentOf lists what a reply showed, for the Recent and RecentPassages
// of the request that follows it in the same conversation: its cited
// documents, and the paragraphs it quoted or pinpointed (a passage of the
// archive's summary counts as its document).
func RecentOf(r Reply) (docs []string, passages []PassageRef) {
	for _, c := range r.Citations {
		docs = append(docs, c.DocID)
	}
	for _, p := range r.Passages {
		passages = append(passages, PassageRef{DocID: p.DocID, Paragraph: p.Paragraph})
	}
	for _, c := range r.Citations {
		if c.Paragraph > 0 {
			passages = append(passages, PassageRef{DocID: c.DocID, Paragraph: c.Paragraph})
		}
	}
	return docs, passages
}

// Options configure a Bot.
type Options struct {
	// Logger receives errors with the command and platform, never message
	// text. Nil discards.
	Logger *slog.Logger
	// Timeout bounds one command. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxInFlight bounds the searches run at once; zero means
	// DefaultMaxInFlight. A search that finds no free slot within
	// QueueWait (zero: DefaultQueueWait) is told the bot is busy.
	// Commands that need no search (cite by id, doc, help) take no slot.
	MaxInFlight int
	QueueWait   time.Duration
	// MaxUserInFlight bounds the searches of one user (Request.User, on
	// one platform) running at once, those abandoned at their deadline
	// included; zero means DefaultMaxUserInFlight.
	MaxUserInFlight int
	// MaxAbandoned bounds the searches abandoned at their deadline that
	// may run on in the background after freeing their slots; zero means
	// DefaultMaxAbandoned.
	MaxAbandoned int
	// State keeps each conversation's bibliography. Nil: the bibliography
	// commands answer that saving is not set up.
	State state.Store
	// Now is the bot's clock, for the date of today and of a save. Nil
	// means time.Now.
	Now func() time.Time
	// Observe, when set, is told the outcome of every request Handle
	// answers, for metrics. It is called on the request's goroutine and
	// should return quickly.
	Observe func(Observation)
}

// Defaults for Options: on two cores, 16 searches at once keep both busy
// while a queue of a quarter second keeps answers inside chat deadlines.
const (
	DefaultMaxInFlight = 16
	DefaultQueueWait   = 250 * time.Millisecond
)

// DefaultTimeout bounds one command: chat platforms allow three seconds for
// a first answer, so a search that cannot finish in two is cut off.
const DefaultTimeout = 2 * time.Second

// Bot answers commands from the archive.
type Bot struct {
	// acquire returns the archive one command reads and its release.
	acquire  func() (Archive, func())
	log      *slog.Logger
	timeout  time.Duration
	searches *searches
	observe  func(Observation)
	commands []Command
	state    state.Store
	now      func() time.Time
}

// New returns a bot that answers from archive.
func New(archive Archive, opts Options) *Bot {
	return newBot(func() (Archive, func()) { return archive, func() {} }, opts)
}

// NewLive returns a bot over an index that can be reloaded while it
// serves. Each command reads one snapshot of it, so an answer never mixes
// the old index and the new.
func NewLive(live *index.Live, opts Options) *Bot {
	return newBot(func() (Archive, func()) { return live.Acquire() }, opts)
}

func newBot(acquire func() (Archive, func()), opts Options) *Bot {
	b := &Bot{acquire: acquire, log: opts.Logger, timeout: opts.Timeout, observe: opts.Observe, state: opts.State, now: opts.Now}
	if b.now == nil {
		b.now = time.Now
	}
	if b.log == nil {
		b.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if b.timeout <= 0 {
		b.timeout = DefaultTimeout
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	if opts.QueueWait <= 0 {
		opts.QueueWait = DefaultQueueWait
	}
	if opts.MaxUserInFlight <= 0 {
		opts.MaxUserInFlight = DefaultMaxUserInFlight
	}
	if opts.MaxAbandoned <= 0 {
		opts.MaxAbandoned = DefaultMaxAbandoned
	}
	b.searches = newSearches(opts.MaxInFlight, opts.MaxAbandoned, opts.MaxUserInFlight, opts.QueueWait)
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
// the log. Its log lines carry the request id of ctx (see WithRequestID),
// or a new one.
func (b *Bot) Handle(ctx context.Context, req Request) Reply {
	if RequestID(ctx) == "" {
		ctx = WithRequestID(ctx, NewRequestID())
	}
	began := time.Now()
	reply, cause := b.handle(ctx, req)
	o := Observation{Command: reply.Command, Platform: req.Platform, Kind: reply.Kind, Cause: cause, Took: time.Since(began)}
	b.log.DebugContext(ctx, "request answered", "command", o.Command, "platform", o.Platform, "outcome", o.Outcome(), "took", o.Took)
	if b.observe != nil {
		b.observe(o)
	}
	return reply
}

// handle answers a request, and says why when the reply is a failure.
func (b *Bot) handle(ctx context.Context, req Request) (Reply, string) {
	if !utf8.ValidString(req.Text) {
		return usageReply("", "I could not read that: it is not valid text.", "Type `help` to see the commands."), ""
	}
	text := strings.TrimSpace(cleanInput(req.Text))
	if utf8.RuneCountInString(text) > MaxRequestChars {
		return usageReply("", "That request is too long: please keep it under 500 characters.", ""), ""
	}
	if text == "" {
		return usageReply("", "Ask me something, for example: quote cotton.", "Type `help` to see the commands."), ""
	}
	name, rest := splitCommand(text)
	cmd, ok := b.Command(name)
	if !ok {
		return b.unknown(name), ""
	}
	a, err := parseArgs(rest)
	if err != nil && !cmd.raw {
		return b.failed(ctx, cmd, req, err)
	}
	if cmd.NeedsArgs && len(a.tokens) == 0 && (!cmd.raw || rest == "") {
		r := usageReply(cmd.Name, "The "+cmd.Name+" command needs something to look for.", "Usage: "+cmd.Usage)
		r.Commands = []CommandHelp{cmd.help()}
		return r, ""
	}
	if n := a.wordCount(); n > MaxQueryWords && cmd.Name != "help" && !cmd.raw && !cmd.wordsChecked {
		return usageReply(cmd.Name, fmt.Sprintf("I can't search for %d words at once: please use at most %d (small words such as “the” and “of” do not count).", n, MaxQueryWords), "Usage: "+cmd.Usage), ""
	}
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	archive, release := b.acquire()
	snap := &snapshot{refs: 1, release: release}
	defer snap.done()
	user := ""
	if req.User != "" {
		user = req.Platform + "\x00" + req.User
	}
	reply, cause := b.run(ctx, cmd, call{req: req, args: a, rest: rest, archive: gated{Archive: archive, b: b, user: user, snap: snap}})
	if cause == CauseTimeout {
		reply.Cost = TimeoutCost
	}
	if reply.Kind == KindAnswer || reply.Kind == KindNotFound {
		reply.Source = sourceOf(archive)
	}
	return reply, cause
}

// manifested is an Archive that can say which build it is (*index.Index
// and *index.Live are); test fakes need not be.
type manifested interface {
	Manifest() index.Manifest
}

// sourceOf describes the archive a reply came from, or nil when the
// archive cannot say.
func sourceOf(a Archive) *Source {
	m, ok := a.(manifested)
	if !ok {
		return nil
	}
	man := m.Manifest()
	return &Source{BuiltAt: man.BuiltAt.UTC(), Documents: man.Documents, Fingerprint: man.Fingerprint}
}

// run runs a command; a panic inside it is logged with the command's name
// (never the user's text) and answered with an apology.
func (b *Bot) run(ctx context.Context, cmd Command, c call) (reply Reply, cause string) {
	defer func() {
		if p := recover(); p != nil {
			b.log.ErrorContext(ctx, "command panicked", "command", cmd.Name, "platform", c.req.Platform,
				"panic", fmt.Sprintf("%T", p), "stack", string(debug.Stack()))
			reply = Reply{Kind: KindFailure, Command: cmd.Name, Headline: "Sorry, something went wrong while answering that.", Hint: "Please try again, or try other words.", Private: true}
			cause = CausePanic
		}
	}()
	reply, err := cmd.run(ctx, c)
	if err != nil {
		return b.failed(ctx, cmd, c.req, err)
	}
	reply.Command = cmd.Name
	return reply, ""
}

// Busy is the reply when every search slot stays taken.
func Busy() Reply {
	return Reply{Kind: KindFailure, Headline: "I'm busy answering others: please try again in a moment.", Private: true}
}

// cleanInput drops what never belongs in a search and could disguise or
// garble text when a reply repeats it: control characters (line breaks
// become spaces), bidirectional overrides and zero-width characters.
func cleanInput(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r), IsBidiControl(r), r == '\u200e', r == '\u200f',
			r >= '\u200b' && r <= '\u200d', r == '\u2060', r == '\ufeff':
			return -1
		}
		return r
	}, s)
}

// Check reports whether text is a command the bot would run, without
// running it: for adapters that carry commands in buttons and must refuse
// one a user tampered with. The error is safe to show.
func (b *Bot) Check(text string) error {
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxRequestChars || text != cleanInput(text) {
		return usagef("That is not a command I can run.")
	}
	name, rest := splitCommand(strings.TrimSpace(text))
	cmd, ok := b.Command(name)
	if !ok {
		return usagef("I don't know the command \u201c%s\u201d.", clip(name, 30))
	}
	a, err := parseArgs(rest)
	if err != nil && !cmd.raw {
		return err
	}
	if cmd.NeedsArgs && len(a.tokens) == 0 && (!cmd.raw || rest == "") {
		return usagef("The %s command needs something to look for.", cmd.Name)
	}
	return nil
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
// the log gets the cause without the request text. It says why a failure
// reply is one.
func (b *Bot) failed(ctx context.Context, cmd Command, req Request, err error) (Reply, string) {
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		return usageReply(cmd.Name, ue.msg, "Usage: "+cmd.Usage), ""
	case errors.Is(err, errBusy):
		b.log.WarnContext(ctx, "busy", "command", cmd.Name, "platform", req.Platform)
		r := Busy()
		r.Command = cmd.Name
		return r, CauseBusy
	case errors.Is(err, errUserBusy):
		b.log.InfoContext(ctx, "user busy: a search of theirs is still running", "command", cmd.Name, "platform", req.Platform)
		r := UserBusy()
		r.Command = cmd.Name
		return r, ""
	case errors.Is(err, index.ErrBadQuery):
		return usageReply(cmd.Name, "I can't search for that: "+strings.TrimPrefix(err.Error(), "bad query: ")+".", "Usage: "+cmd.Usage), ""
	case errors.Is(err, index.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		b.log.WarnContext(ctx, "command timed out", "command", cmd.Name, "platform", req.Platform)
		return Reply{Kind: KindFailure, Command: cmd.Name, Headline: "The archive took too long to answer.", Hint: "Try fewer or more specific words.", Private: true}, CauseTimeout
	}
	b.log.ErrorContext(ctx, "command failed", "command", cmd.Name, "platform", req.Platform, "err", err)
	return Reply{Kind: KindFailure, Command: cmd.Name, Headline: "Sorry, something went wrong while searching the archive.", Hint: "Please try again in a moment.", Private: true}, CauseError
}

func usageReply(cmd, headline, hint string) Reply {
	return Reply{Kind: KindUsage, Command: cmd, Headline: headline, Hint: hint, Private: true}
}
