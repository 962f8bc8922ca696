// Package discord connects the bot to Discord: slash commands with
// autocomplete, message commands, Previous/Next and Share buttons, and
// short citation cards for archive links. It only translates between
// Discord and package bot, which does the answering.
//
//	a, err := discord.New(b, discord.Options{Token: token, Logger: log})
//	if err != nil { ... }
//	err = a.Run(ctx) // until ctx ends, or Discord refuses the configuration
package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Platform is the name the adapter gives itself in requests.
const Platform = "discord"

// Bot is what the adapter needs of the bot; *bot.Bot is one.
type Bot interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Commands() []bot.Command
	Complete(command, typed string) []bot.Suggestion
}

// Options configure the adapter. Only Token is required.
type Options struct {
	// Token is the bot token. It goes to Discord only; it is never logged.
	Token string
	// AppID is the application's id; empty means the one Discord reports
	// when the bot connects.
	AppID string
	// GuildID registers the slash commands in that server only, where
	// changes show at once (for development); empty registers them
	// globally.
	GuildID string
	// SkipRegistration leaves the registered slash commands as they are.
	// Only shard 0 registers them in any case.
	SkipRegistration bool
	// ShardID and ShardCount run this process as one shard of several; a
	// zero ShardCount means one shard.
	ShardID, ShardCount int
	// APIBase sends REST calls and the gateway lookup to another base URL,
	// e.g. a REST proxy that shares rate limits between shards, or a fake
	// Discord in tests. Empty means Discord's own.
	APIBase string
	// MessageContent asks for the privileged Message Content intent, which
	// prefix commands ("!quote cotton") and citation cards need. It must be
	// switched on in the developer portal as well. Without it the bot
	// answers slash commands, messages that mention it and direct
	// messages, whose text Discord sends without the intent.
	MessageContent bool
	// Prefix starts a message command, as in "!quote cotton"; empty means "!".
	Prefix string
	// NoUnfurl turns citation cards for archive links off everywhere;
	// UnfurlOff turns them off in the channels with these ids.
	NoUnfurl  bool
	UnfurlOff []string
	// PrivateAnswers shows answers to the asker alone, with a Share button,
	// unless they ask otherwise. By default answers are public.
	PrivateAnswers bool
	// PerMinute and Burst limit how often each user may ask; zero means
	// DefaultPerMinute and DefaultBurst.
	PerMinute, Burst int
	// ChannelPerMinute and ChannelBurst limit how often anyone may ask in
	// one channel; zero ChannelPerMinute means no limit per channel, zero
	// ChannelBurst a burst of ChannelPerMinute/4, at least 1.
	ChannelPerMinute, ChannelBurst int
	// RateLimited, when set, is told each request refused by a rate limit
	// and which limit refused it, bot.ScopeUser or bot.ScopeChannel: for
	// metrics.
	RateLimited func(scope string)
	// AllowedGuilds and AllowedChannels, when not empty, are the only
	// servers and channels where the bot answers (a request must pass
	// both lists); elsewhere a slash command or a button gets a short
	// private refusal and messages are ignored. With AllowedGuilds set,
	// direct messages are refused.
	AllowedGuilds, AllowedChannels []string
	// ButtonSecret signs the ids of buttons. Empty derives it from Token, so
	// that every replica of one bot accepts the others' buttons.
	ButtonSecret string
	// Logger receives what happens, never message text or the token. Nil
	// discards.
	Logger *slog.Logger
}

// Default rate limit per user.
const (
	DefaultPerMinute = 20
	DefaultBurst     = 5
)

// Errors that mean the configuration is wrong; Run returns them wrapped,
// with advice, instead of reconnecting forever.
var (
	ErrNoToken           = errors.New("no Discord bot token")
	ErrInvalidToken      = errors.New("discord refused the bot token")
	ErrDisallowedIntents = errors.New("discord refused the gateway intents")
	ErrGatewayRefused    = errors.New("discord refused the gateway connection")
	ErrBadAPIBase        = errors.New("bad API base")
)

// Timings. Discord allows 3 seconds for the first answer to an
// interaction; an answer not ready after deferAfter is deferred, which
// leaves time for the acknowledgement itself to arrive.
const (
	defaultDeferAfter = 1500 * time.Millisecond
	// A handler gets at most this long: a command takes at most
	// bot.DefaultTimeout, the rest is for Discord's REST API, whose rate
	// limits can make a call wait.
	defaultHandleTimeout = 30 * time.Second
	firstReconnectWait   = time.Second
	maxReconnectWait     = 2 * time.Minute
)

// Adapter connects one bot to Discord as one shard.
type Adapter struct {
	bot       Bot
	opts      Options
	log       *slog.Logger
	render    renderer
	limits    *bot.Limits
	notices   *bot.Limiter // at most one "slow down" message a minute per user
	allowed   bot.AllowList
	cards     cardSettings
	apiBase   *url.URL
	commands  map[string]bool
	inflight  inflight
	connected atomic.Bool

	// sess is the one discordgo session: Run's gateway connection, and
	// the REST calls of Post, which share its rate limits.
	sessOnce sync.Once
	sess     *discordgo.Session
	sessErr  error

	// Timings; tests shorten them.
	deferAfter    time.Duration
	handleTimeout time.Duration
	reconnectWait time.Duration
	// handled, when set, is told each time an event has been handled; tests
	// wait on it.
	handled func(event string)
}

// Validate reports what is wrong with the options, before anything
// connects. New calls it; a program can call it earlier, before it opens
// the index.
func (o Options) Validate() error {
	if strings.TrimSpace(o.Token) == "" {
		return ErrNoToken
	}
	count := max(o.ShardCount, 1)
	if o.ShardCount < 0 || o.ShardID < 0 || o.ShardID >= count {
		return fmt.Errorf("shard %d of %d: the shard id must be from 0 to the shard count less one", o.ShardID, count)
	}
	if strings.ContainsAny(o.Prefix, " \t\n") || length(o.Prefix) > 10 {
		return fmt.Errorf("prefix %q: use up to 10 characters without spaces", o.Prefix)
	}
	if o.PerMinute < 0 || o.Burst < 0 {
		return fmt.Errorf("rate limit %d a minute in bursts of %d: use positive numbers", o.PerMinute, o.Burst)
	}
	if o.ChannelPerMinute < 0 || o.ChannelBurst < 0 {
		return fmt.Errorf("channel rate limit %d a minute in bursts of %d: use positive numbers", o.ChannelPerMinute, o.ChannelBurst)
	}
	if o.APIBase != "" {
		if _, err := parseAPIBase(o.APIBase); err != nil {
			return err
		}
	}
	return nil
}

// New checks the options and returns an adapter for b. It does not connect.
func New(b Bot, opts Options) (*Adapter, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts.ShardCount = max(opts.ShardCount, 1)
	if opts.Prefix == "" {
		opts.Prefix = "!"
	}
	if opts.PerMinute == 0 {
		opts.PerMinute = DefaultPerMinute
	}
	if opts.Burst == 0 {
		opts.Burst = DefaultBurst
	}
	a := &Adapter{
		bot: b, opts: opts, log: opts.Logger,
		limits:        &bot.Limits{User: bot.NewLimiter(opts.PerMinute, opts.Burst), Refused: opts.RateLimited},
		notices:       bot.NewLimiter(1, 1),
		allowed:       bot.NewAllowList(opts.AllowedGuilds, opts.AllowedChannels),
		cards:         cardSettings{off: map[string]bool{}},
		commands:      map[string]bool{},
		deferAfter:    defaultDeferAfter,
		handleTimeout: defaultHandleTimeout,
		reconnectWait: firstReconnectWait,
	}
	if a.log == nil {
		a.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a.log = a.log.With("platform", Platform, "shard", opts.ShardID)
	if opts.APIBase != "" {
		a.apiBase, _ = parseAPIBase(opts.APIBase) // checked by Validate
	}
	if opts.ChannelPerMinute > 0 {
		burst := opts.ChannelBurst
		if burst == 0 {
			burst = max(opts.ChannelPerMinute/4, 1)
		}
		a.limits.Channel = bot.NewLimiter(opts.ChannelPerMinute, burst)
	}
	for _, id := range opts.UnfurlOff {
		a.cards.off[strings.TrimSpace(id)] = true
	}
	for _, c := range b.Commands() {
		a.commands[c.Name] = true
	}
	secret := opts.ButtonSecret
	if secret == "" {
		secret = opts.Token
	}
	a.render = renderer{signer: newSigner(secret), commands: a.commands}
	return a, nil
}

// Run connects to Discord, registers the slash commands (on shard 0) and
// answers until ctx ends, when it closes the session, lets the answers
// under way finish, and returns nil. It returns an error at once when
// Discord refuses the configuration (a bad token, intents not enabled), and
// resumes the session after any other disconnection. Run may be called
// once.
func (a *Adapter) Run(ctx context.Context) error {
	s, err := a.session()
	if err != nil {
		return err
	}
	// Handlers finish what they started after ctx ends, each within its own
	// timeout, so that a shutdown does not cut an answer off.
	hctx := context.WithoutCancel(ctx)
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		a.dispatch(hctx, "interaction", func(ctx context.Context) { a.onInteraction(ctx, s, ic.Interaction) })
	})
	s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		a.dispatch(hctx, "message", func(ctx context.Context) { a.onMessage(ctx, s, selfID(s), mc.Message) })
	})
	lost := make(chan struct{}, 1)
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		a.connected.Store(false)
		select {
		case lost <- struct{}{}:
		default:
		}
	})

	if err := a.connect(ctx, s); err != nil {
		a.inflight.closeAndWait()
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.connected.Store(true)
	a.log.Info("connected to discord", "user", selfID(s), "shards", a.opts.ShardCount)
	if a.opts.MessageContent {
		a.log.Info("message commands on", "prefix", a.opts.Prefix, "unfurl", !a.opts.NoUnfurl)
	} else {
		a.log.Info("message content intent not requested: answering slash commands, mentions and direct messages; prefix commands and citation cards are off")
	}
	if err := a.register(ctx, s); err != nil {
		a.shutdown(s)
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	for {
		select {
		case <-ctx.Done():
			a.shutdown(s)
			return nil
		case <-lost:
			if ctx.Err() != nil {
				continue
			}
			a.log.Warn("lost the gateway connection; resuming")
			if err := a.connect(ctx, s); err != nil {
				a.shutdown(s)
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
			a.connected.Store(true)
			a.log.Info("gateway connection back")
		}
	}
}

// session returns the discordgo session, made on first use: one shard,
// no state cache, no reconnecting of its own (Run does that, so that it
// can tell a wrong configuration from a network problem).
func (a *Adapter) session() (*discordgo.Session, error) {
	a.sessOnce.Do(func() { a.sess, a.sessErr = a.newSession() })
	return a.sess, a.sessErr
}

func (a *Adapter) newSession() (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + a.opts.Token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	s.ShouldReconnectOnError = false
	s.StateEnabled = false
	s.ShardID, s.ShardCount = a.opts.ShardID, a.opts.ShardCount
	// Messages that mention the bot and direct messages arrive with their
	// text without the privileged intent; other messages arrive empty.
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if a.opts.MessageContent {
		s.Identify.Intents |= discordgo.IntentMessageContent
	}
	if a.apiBase != nil {
		s.Client = &http.Client{Timeout: s.Client.Timeout, Transport: rebase{base: a.apiBase, host: discordHost(), next: http.DefaultTransport}}
		if a.apiBase.Scheme == "http" && !isLoopback(a.apiBase.Hostname()) {
			a.log.Warn("the API base is plain http: the bot token travels unencrypted", "host", a.apiBase.Host)
		}
	}
	return s, nil
}

// connect opens the gateway connection (resuming the session when there is
// one), retrying with back-off until ctx ends, unless Discord refuses the
// configuration.
func (a *Adapter) connect(ctx context.Context, s *discordgo.Session) error {
	wait := a.reconnectWait
	for attempt := 1; ; attempt++ {
		err := s.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			return nil
		}
		if refused := refusal(err); refused != nil {
			a.log.Error("discord refused the connection", "err", refused)
			return refused
		}
		a.log.Warn("connect to the discord gateway", "attempt", attempt, "retry_in", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, maxReconnectWait)
	}
}

// refusal explains an error that no retry can cure, or returns nil.
func refusal(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return fmt.Errorf("%w (gateway close code 4004): use the token from the Bot page of the application in the Discord developer portal", ErrInvalidToken)
		case 4014:
			return fmt.Errorf("%w (gateway close code 4014): the Message Content intent is not enabled for this application; switch it on under Bot, Privileged Gateway Intents, in the developer portal, or run without prefix commands and citation cards: mentions and direct messages need no privileged intent", ErrDisallowedIntents)
		case 4013:
			return fmt.Errorf("%w (gateway close code 4013): invalid intents", ErrDisallowedIntents)
		case 4010, 4011, 4012:
			return fmt.Errorf("%w (gateway close code %d): %s; check the shard settings", ErrGatewayRefused, ce.Code, ce.Text)
		}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		return fmt.Errorf("%w (HTTP 401): use the token from the Bot page of the application in the Discord developer portal", ErrInvalidToken)
	}
	return nil
}

// register overwrites the application's slash commands with the bot's,
// in one guild or globally. Only shard 0 does it: one call is enough.
func (a *Adapter) register(ctx context.Context, s *discordgo.Session) error {
	if a.opts.SkipRegistration || a.opts.ShardID != 0 {
		return nil
	}
	appID := a.opts.AppID
	if appID == "" {
		s.State.RLock()
		switch {
		case s.State.Application != nil && s.State.Application.ID != "":
			appID = s.State.Application.ID
		case s.State.User != nil:
			appID = s.State.User.ID
		}
		s.State.RUnlock()
	}
	if appID == "" {
		return errors.New("register slash commands: discord did not say the application id; set it in the configuration")
	}
	cmds := slashCommands(a.bot.Commands())
	if a.cardsCommandOn() {
		cmds = append(cmds, cardsCommand())
	}
	if _, err := s.ApplicationCommandBulkOverwrite(appID, a.opts.GuildID, cmds, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("register slash commands: %w", err)
	}
	scope := "global"
	if a.opts.GuildID != "" {
		scope = "guild " + a.opts.GuildID
	}
	a.log.Info("registered slash commands", "count", len(cmds), "scope", scope)
	return nil
}

// Ready reports whether the adapter is connected to the gateway and
// answering: for a readiness check.
func (a *Adapter) Ready() bool { return a.connected.Load() }

// shutdown closes the session and waits for the answers under way.
func (a *Adapter) shutdown(s *discordgo.Session) {
	a.connected.Store(false)
	if err := s.Close(); err != nil {
		a.log.Warn("close the discord session", "err", err)
	}
	a.inflight.closeAndWait()
	a.log.Info("disconnected from discord")
}

// dispatch runs one event's handler with its own timeout, counting it as
// under way, and keeps a panic in it from ending the process.
func (a *Adapter) dispatch(ctx context.Context, event string, handle func(context.Context)) {
	if !a.inflight.start() {
		return // shutting down
	}
	defer a.inflight.done()
	ctx = bot.WithRequestID(ctx, bot.NewRequestID())
	ctx, cancel := context.WithTimeout(ctx, a.handleTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("event handler panicked", "event", event, "panic", p)
		}
		if a.handled != nil {
			a.handled(event)
		}
	}()
	handle(ctx)
}

// selfID is the bot's own user id, known once the gateway said READY.
func selfID(s *discordgo.Session) string {
	if s.State == nil {
		return ""
	}
	s.State.RLock()
	defer s.State.RUnlock()
	if s.State.User == nil {
		return ""
	}
	return s.State.User.ID
}

// rest is what the adapter asks of Discord's REST API; *discordgo.Session
// is one.
type rest interface {
	InteractionRespond(i *discordgo.Interaction, r *discordgo.InteractionResponse, opts ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	InteractionResponseDelete(i *discordgo.Interaction, opts ...discordgo.RequestOption) error
	FollowupMessageCreate(i *discordgo.Interaction, wait bool, p *discordgo.WebhookParams, opts ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(channelID string, m *discordgo.MessageSend, opts ...discordgo.RequestOption) (*discordgo.Message, error)
}

// inflight counts the handlers under way, so that a shutdown can wait for
// them, and refuses new ones once it has begun.
type inflight struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (f *inflight) start() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return false
	}
	f.wg.Add(1)
	return true
}

func (f *inflight) done() { f.wg.Done() }

func (f *inflight) closeAndWait() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	f.wg.Wait()
}
