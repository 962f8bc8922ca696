// Package slack connects the bot to Slack: slash commands, mentions and
// direct messages arrive over Socket Mode or as signed HTTP requests, and
// replies go back in Block Kit. It only translates; the answers come from
// package bot.
//
//	cfg := slack.Config{BotToken: botToken, AppToken: appToken}
//	if err := cfg.Validate(slack.SocketMode); err != nil {
//		return err // says what is missing
//	}
//	err := slack.New(b, cfg).RunSocketMode(ctx) // or RunHTTP(ctx, ":8080"), with a SigningSecret
package slack

import (
	"bytes"
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

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/archivebot/archivebot/bot"
)

// Platform is the name the adapter gives itself in requests.
const Platform = "slack"

// Bot answers requests and describes its commands; *bot.Bot is one.
type Bot interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
	Commands() []bot.Command
}

// Defaults for Config.
const (
	// DefaultAckWithin is how long a slash command waits for its answer
	// to travel with the acknowledgement. Slack allows three seconds for
	// the acknowledgement, network included.
	DefaultAckWithin = 1500 * time.Millisecond
	// DefaultMaxBody bounds an HTTP request. Slack's largest requests are
	// button presses, which carry the message the button is on; ours stay
	// well under this even URL-encoded.
	DefaultMaxBody = 512 << 10
	// DefaultPerMinute and DefaultBurst limit each user's requests.
	DefaultPerMinute   = 20
	DefaultBurst       = 5
	DefaultMaxInFlight = 64
)

// Timeouts of the work done after a request is acknowledged.
const (
	// taskTimeout bounds one answer: the bot's own timeout plus posting
	// the answer, with Slack's retries of rate-limited calls.
	taskTimeout = 30 * time.Second
	// drainTimeout bounds how long shutdown waits for answers still being
	// posted.
	drainTimeout = 10 * time.Second
	// dedupeFor is how long an event id is remembered. Slack retries a
	// delivery after about one and five minutes.
	dedupeFor = 15 * time.Minute
	// replayWindow is how long a signed request's signature is
	// remembered: Slack's signature is good for five minutes either side
	// of its timestamp, so a copy sent again inside that window would
	// verify. maxReplayKeys bounds the memory this takes.
	replayWindow  = 10 * time.Minute
	maxReplayKeys = 100_000
)

// Config configures the adapter. BotToken is always needed; Socket Mode
// needs AppToken too, and HTTP mode SigningSecret.
type Config struct {
	// BotToken is the bot user OAuth token (xoxb-...).
	BotToken string
	// AppToken is the app-level token (xapp-...) with connections:write,
	// for Socket Mode.
	AppToken string
	// SigningSecret verifies the requests of HTTP mode.
	SigningSecret string
	// APIURL is the base URL of Slack's Web API, for GovSlack, a proxy or
	// a fake Slack in tests. Empty means Slack's own.
	APIURL string
	// Logger receives what happened, with a platform attribute, never
	// message text or secrets. Nil discards.
	Logger *slog.Logger
	// PerMinute and Burst limit each user's requests. Zero means the defaults.
	PerMinute, Burst int
	// ChannelPerMinute and ChannelBurst limit the requests made in one
	// channel; zero ChannelPerMinute means no limit per channel, zero
	// ChannelBurst a burst of ChannelPerMinute/4, at least 1.
	ChannelPerMinute, ChannelBurst int
	// RateLimited, when set, is told each request refused by a rate limit
	// and which limit refused it, bot.ScopeUser or bot.ScopeChannel: for
	// metrics.
	RateLimited func(scope string)
	// AllowedTeams and AllowedChannels, when not empty, are the only
	// workspaces and channels where the app answers (a request must pass
	// both lists); anyone else gets a short private refusal. With
	// AllowedChannels set, direct messages are refused unless their
	// channel (D...) is listed.
	AllowedTeams, AllowedChannels []string
	// AckWithin is how long a slash command's acknowledgement waits for
	// the answer to go with it; a later answer goes to the response_url.
	// Zero means DefaultAckWithin; negative means never wait.
	AckWithin time.Duration
	// MaxBody bounds an HTTP request's body. Zero means DefaultMaxBody.
	MaxBody int64
	// MaxInFlight bounds the requests being answered at once. Zero means
	// DefaultMaxInFlight.
	MaxInFlight int
	// HTTPClient calls the Web API and response URLs. Nil means a client
	// with a ten-second timeout.
	HTTPClient *http.Client
}

// Errors of configuration, reported before anything connects.
var (
	ErrNoBotToken      = errors.New("no bot token")
	ErrNoAppToken      = errors.New("no app-level token")
	ErrNoSigningSecret = errors.New("no signing secret")
	ErrBadToken        = errors.New("token of the wrong kind")
	ErrBadAPIURL       = errors.New("bad Web API URL")
)

// Mode is how the adapter connects to Slack.
type Mode int

// The two modes.
const (
	SocketMode Mode = iota // a websocket the adapter opens: no public URL needed
	HTTPMode               // Slack sends signed HTTP requests to a public URL
)

// Validate checks that the configuration has what mode needs. The errors
// name what is missing without showing any secret.
func (c Config) Validate(mode Mode) error {
	var errs []error
	switch {
	case c.BotToken == "":
		errs = append(errs, fmt.Errorf("%w: the bot user OAuth token (xoxb-...) is needed in every mode", ErrNoBotToken))
	case !strings.HasPrefix(c.BotToken, "xoxb-") && !strings.HasPrefix(c.BotToken, "xoxe.xoxb-"):
		errs = append(errs, fmt.Errorf("%w: the bot token should start with xoxb-", ErrBadToken))
	}
	switch mode {
	case SocketMode:
		switch {
		case c.AppToken == "":
			errs = append(errs, fmt.Errorf("%w: Socket Mode needs an app-level token (xapp-...) with the connections:write scope", ErrNoAppToken))
		case !strings.HasPrefix(c.AppToken, "xapp-"):
			errs = append(errs, fmt.Errorf("%w: the app-level token should start with xapp-", ErrBadToken))
		}
	case HTTPMode:
		if c.SigningSecret == "" {
			errs = append(errs, fmt.Errorf("%w: HTTP mode verifies every request with the app's signing secret", ErrNoSigningSecret))
		}
	}
	if c.APIURL != "" {
		if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			// The URL is left out: it may hold a password.
			errs = append(errs, fmt.Errorf("%w: not an http(s) URL", ErrBadAPIURL))
		}
	}
	return errors.Join(errs...)
}

// Adapter connects a Bot to Slack.
type Adapter struct {
	bot       Bot
	cfg       Config
	log       *slog.Logger
	api       *slackapi.Client
	client    *http.Client
	limits    *bot.Limits
	allowed   bot.AllowList
	ready     atomic.Bool
	seen      *dedupe
	signed    *dedupe // signatures of HTTP-mode requests, against replays
	slots     chan struct{}
	tasks     sync.WaitGroup
	names     map[string]bool
	ackWithin time.Duration
	maxBody   int64
}

// New returns an adapter for b. Call Config.Validate first to check the
// configuration for the mode you will run.
func New(b Bot, cfg Config) *Adapter {
	a := &Adapter{bot: b, cfg: cfg, log: cfg.Logger, client: cfg.HTTPClient, ackWithin: cfg.AckWithin, maxBody: cfg.MaxBody}
	if a.log == nil {
		a.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a.log = a.log.With("platform", Platform)
	if a.client == nil {
		a.client = &http.Client{Timeout: 10 * time.Second}
	}
	if a.ackWithin == 0 {
		a.ackWithin = DefaultAckWithin
	}
	if a.maxBody <= 0 {
		a.maxBody = DefaultMaxBody
	}
	perMinute, burst := cfg.PerMinute, cfg.Burst
	if perMinute <= 0 {
		perMinute = DefaultPerMinute
	}
	if burst <= 0 {
		burst = DefaultBurst
	}
	a.limits = &bot.Limits{User: bot.NewLimiter(perMinute, burst), Refused: cfg.RateLimited}
	if cfg.ChannelPerMinute > 0 {
		burst := cfg.ChannelBurst
		if burst <= 0 {
			burst = max(cfg.ChannelPerMinute/4, 1)
		}
		a.limits.Channel = bot.NewLimiter(cfg.ChannelPerMinute, burst)
	}
	a.allowed = bot.NewAllowList(cfg.AllowedTeams, cfg.AllowedChannels)
	a.seen = newDedupe(dedupeFor, 100_000)
	a.signed = newDedupe(replayWindow, maxReplayKeys)
	inFlight := cfg.MaxInFlight
	if inFlight <= 0 {
		inFlight = DefaultMaxInFlight
	}
	a.slots = make(chan struct{}, inFlight)
	a.names = map[string]bool{}
	for _, c := range b.Commands() {
		a.names[c.Name] = true
	}
	opts := []slackapi.Option{
		slackapi.OptionHTTPClient(a.client),
		slackapi.OptionRetry(2), // after OptionHTTPClient, so that it wraps it
		slackapi.OptionLog(logBridge{a.log}),
	}
	if cfg.APIURL != "" {
		opts = append(opts, slackapi.OptionAPIURL(strings.TrimSuffix(cfg.APIURL, "/")+"/"))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slackapi.OptionAppLevelToken(cfg.AppToken))
	}
	a.api = slackapi.New(cfg.BotToken, opts...)
	return a
}

// logBridge sends slack-go's own log lines to slog at debug level.
type logBridge struct{ log *slog.Logger }

func (l logBridge) Output(_ int, s string) error {
	l.log.Debug("slack-go", "line", strings.TrimSpace(s))
	return nil
}

// checkAuth asks Slack who the bot token belongs to, so that a bad token
// stops the adapter at start.
func (a *Adapter) checkAuth(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("check the bot token with auth.test: %w", redact(err))
	}
	a.log.InfoContext(ctx, "signed in to Slack", "team", res.Team, "team_id", res.TeamID, "bot_user", res.UserID)
	return nil
}

// start runs fn in the background with a context of its own, which the
// end of the request that started it does not cancel. It reports false,
// running nothing, when too many requests are being answered already.
func (a *Adapter) start(ctx context.Context, fn func(ctx context.Context)) bool {
	select {
	case a.slots <- struct{}{}:
	default:
		a.log.WarnContext(ctx, "too busy: request refused", "in_flight", cap(a.slots))
		return false
	}
	a.track(ctx, func(ctx context.Context) {
		defer func() { <-a.slots }()
		fn(ctx)
	})
	return true
}

// track runs fn in the background, detached from ctx's cancellation but
// bounded by taskTimeout; shutdown waits for it.
func (a *Adapter) track(ctx context.Context, fn func(ctx context.Context)) {
	a.tasks.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), taskTimeout)
		defer cancel()
		fn(ctx)
	})
}

// drain waits for background work to finish, for at most drainTimeout.
func (a *Adapter) drain() {
	done := make(chan struct{})
	go func() {
		a.tasks.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(drainTimeout):
		a.log.Warn("shutdown: gave up waiting for answers in progress", "waited", drainTimeout)
	}
}

// Ready reports whether the adapter is connected to Slack (Socket Mode)
// or serving Slack's requests (HTTP mode): for a readiness check.
func (a *Adapter) Ready() bool { return a.ready.Load() }

// ask answers one request where the app may answer, within the user's and
// the channel's rate limits.
func (a *Adapter) ask(ctx context.Context, source, team string, req bot.Request) bot.Reply {
	req.Platform = Platform
	if !a.allowed.Allows(team, req.Channel) {
		a.log.InfoContext(ctx, "not allowed here", "source", source, "team_id", team, "channel", req.Channel)
		return bot.NotHere()
	}
	if !a.limits.Allow(team+"/"+req.User, team+"/"+req.Channel) {
		a.log.InfoContext(ctx, "rate limited", "source", source)
		return bot.SlowDown()
	}
	req.Conversation = "slack:" + team + "/" + req.Channel
	if req.Channel == "" {
		req.Conversation = ""
	}
	if a.needsUser(req.Text) {
		a.lookUpUser(ctx, &req)
	}
	began := time.Now()
	r := a.bot.Handle(ctx, req)
	a.limits.Charge(team+"/"+req.User, r) // a search cut off at its deadline costs more
	a.log.DebugContext(ctx, "answered", "source", source, "command", r.Command, "kind", r.Kind, "took", time.Since(began))
	return r
}

// needsUser reports whether a command shows or checks who asked (save
// shows the saver's name; bibliography clear needs an admin), so that
// the user's record is fetched for these commands only.
func (a *Adapter) needsUser(text string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	name = strings.ToLower(name)
	return name == "save" || name == "bibliography"
}

// lookUpUser fills in the asker's display name and whether they may
// manage the conversation, from users.info (the users:read scope):
// workspace admins and owners may, and so may anyone in a direct message
// with the app, which is their own conversation. When the lookup fails,
// the name stays as the request had it and managing is refused.
func (a *Adapter) lookUpUser(ctx context.Context, req *bot.Request) {
	if strings.HasPrefix(req.Channel, "D") {
		req.CanManage = true
	}
	if req.User == "" {
		return
	}
	u, err := a.api.GetUserInfoContext(ctx, req.User)
	if err != nil {
		a.log.WarnContext(ctx, "users.info: the saver's name and role are unknown (does the app have users:read?)", "err", redact(err))
		return
	}
	switch {
	case u.Profile.DisplayName != "":
		req.UserName = u.Profile.DisplayName
	case u.RealName != "":
		req.UserName = u.RealName
	case u.Name != "":
		req.UserName = u.Name
	}
	req.CanManage = req.CanManage || u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
}

// upload posts a reply's file to a channel (in a thread when thread is
// set) with files.getUploadURLExternal, the upload and
// files.completeUploadExternal. It is for a file too long to show as a
// code block; the reply's message says the file is posted.
func (a *Adapter) upload(ctx context.Context, channel, thread string, r bot.Reply) error {
	f := r.Attachment
	_, err := a.api.UploadFileContext(ctx, slackapi.UploadFileParameters{
		Filename: f.Name, Title: f.Name, FileSize: len(f.Content), Reader: bytes.NewReader(f.Content),
		Channel: channel, ThreadTimestamp: thread, SnippetType: "text",
	})
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Name, redact(err))
	}
	return nil
}

// uploads reports whether a reply carries a file to upload rather than
// show in its message.
func uploads(r bot.Reply) bool { return r.Attachment != nil && !inlineFile(r.Attachment) }

// notUploaded is the reply when a file could not be posted: most often
// the app is not in the channel (a slash command works anywhere, an
// upload only where the app is a member).
func notUploaded(r bot.Reply) bot.Reply {
	return bot.Reply{Kind: bot.KindFailure, Command: r.Command, Private: true,
		Headline: "Sorry, I could not post the file " + r.Attachment.Name + " here.",
		Hint:     "Invite the app to this channel with /invite and try again, or ask it in a direct message."}
}

// ackFunc acknowledges a request, with a message to show or nil. It fails
// with errTooBig, sending nothing, when the message cannot travel with the
// acknowledgement.
type ackFunc func(msg *slackapi.WebhookMessage) error

var errTooBig = errors.New("message too big for an acknowledgement")

// slashCommand answers a slash command: privately, with a Share button.
// The answer goes with the acknowledgement when it is ready in time and
// small enough, otherwise to the command's response_url afterwards.
func (a *Adapter) slashCommand(ctx context.Context, sc slackapi.SlashCommand, ack ackFunc) {
	text := slashText(sc.Command, commandText(sc.Text), a.names)
	req := bot.Request{Text: text, User: sc.UserID, Channel: sc.ChannelID, UserName: sc.UserName}
	v := view{command: text, share: true, paging: true, slash: true}
	answer := make(chan *slackapi.WebhookMessage, 1)
	if !a.start(ctx, func(ctx context.Context) {
		r := a.ask(ctx, "slash", sc.TeamID, req)
		if uploads(r) {
			if err := a.upload(ctx, sc.ChannelID, "", r); err != nil {
				a.log.WarnContext(ctx, "post the file of a slash command", "command", r.Command, "err", err)
				r = notUploaded(r)
			}
		}
		answer <- reply(render(r, v), slackapi.ResponseTypeEphemeral)
	}) {
		if err := ack(reply(render(busy(), v), slackapi.ResponseTypeEphemeral)); err != nil {
			a.log.WarnContext(ctx, "acknowledge slash command", "err", err)
		}
		return
	}
	later := func() {
		if err := ack(nil); err != nil {
			a.log.WarnContext(ctx, "acknowledge slash command", "err", err)
			return
		}
		a.track(ctx, func(ctx context.Context) {
			select {
			case msg := <-answer:
				a.respond(ctx, sc.ResponseURL, msg)
			case <-ctx.Done():
			}
		})
	}
	if a.ackWithin < 0 {
		later()
		return
	}
	t := time.NewTimer(a.ackWithin)
	defer t.Stop()
	select {
	case msg := <-answer:
		err := ack(msg)
		if err == nil {
			return
		}
		if !errors.Is(err, errTooBig) {
			a.log.WarnContext(ctx, "acknowledge slash command", "err", err)
			return
		}
		answer <- msg // the channel is empty again: the answer goes later
		later()
	case <-t.C:
		later()
	}
}

// reply turns a rendered message into a response for a response_url or
// an acknowledgement.
func reply(m message, responseType string) *slackapi.WebhookMessage {
	no := false
	return &slackapi.WebhookMessage{
		Text:         m.Text,
		Blocks:       &slackapi.Blocks{BlockSet: m.Blocks},
		ResponseType: responseType,
		UnfurlLinks:  &no,
		UnfurlMedia:  &no,
	}
}

// respond posts to a response_url. The URL is a credential of sorts (it
// lets anyone post to the conversation for a while), so it never appears
// in the log. A response_url that does not lead to Slack (see
// slackResponseURL) is dropped with a log line naming only its host. It
// reports whether the post went through.
func (a *Adapter) respond(ctx context.Context, responseURL string, msg *slackapi.WebhookMessage) bool {
	if responseURL == "" {
		a.log.WarnContext(ctx, "no response_url to answer to")
		return false
	}
	if ok, host := slackResponseURL(responseURL, a.cfg.APIURL); !ok {
		a.log.WarnContext(ctx, "response_url refused: not a Slack host", "host", host)
		return false
	}
	if err := slackapi.PostWebhookCustomHTTPContext(ctx, responseURL, a.client, msg); err != nil {
		a.log.WarnContext(ctx, "post to response_url", "err", redact(err))
		return false
	}
	return true
}

// slackResponseURL reports whether raw is a response_url the adapter may
// post to: https on hooks.slack.com or another host under slack.com (on
// the default port), or the scheme and host (with its port) of the
// configured Web API URL, apiURL, when there is one. It also returns the
// URL's host, for the log. The request naming the URL is signed, but a
// response_url Slack did not write must not make the adapter post inside
// the network it runs in (an ops listener on loopback, a cloud metadata
// address).
func slackResponseURL(raw, apiURL string) (bool, string) {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" || u.Opaque != "" {
		return false, ""
	}
	host := strings.ToLower(u.Hostname())
	if u.Scheme == "https" && (u.Port() == "" || u.Port() == "443") &&
		(host == "hooks.slack.com" || strings.HasSuffix(host, ".slack.com")) {
		return true, host
	}
	if apiURL != "" {
		api, err := url.Parse(apiURL)
		if err == nil && api.Host != "" && u.Scheme == api.Scheme && strings.EqualFold(u.Host, api.Host) {
			return true, host
		}
	}
	return false, host
}

// redact takes URLs out of an error from the HTTP client: a response_url
// must not reach the log.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// event handles an Events API event: a mention in a channel, answered in
// a thread, or a direct message. Retried deliveries are answered once.
func (a *Adapter) event(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
		if !a.seen.first("event " + cb.EventID) {
			a.log.DebugContext(ctx, "duplicate event ignored", "event_id", cb.EventID)
			return
		}
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" {
			return // never answer bots: two bots could answer each other forever
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		a.converse(ctx, incoming{source: "mention", team: ev.TeamID, user: e.User, channel: e.Channel, ts: e.TimeStamp, thread: thread, text: e.Text, inChannel: true})
	case *slackevents.MessageEvent:
		// Only new messages from people in a direct message: not edits,
		// not bots (our own replies come back as message events too).
		if e.ChannelType != "im" || e.SubType != "" || e.BotID != "" || e.User == "" {
			return
		}
		a.converse(ctx, incoming{source: "dm", team: ev.TeamID, user: e.User, channel: e.Channel, ts: e.TimeStamp, thread: e.ThreadTimeStamp, text: e.Text})
	}
}

// incoming is a message to the app: a mention or a direct message.
type incoming struct {
	source    string // "mention" or "dm", for the log
	team      string
	user      string
	channel   string
	ts        string // the message's own timestamp, its id in the channel
	thread    string // the thread to answer in; empty for none
	text      string
	inChannel bool // in a channel, where others see the answer
}

// converse answers a message that mentions the app or is sent to it
// directly. In a channel, a private reply (help, a mistake, "slow down")
// is shown to the asker alone.
func (a *Adapter) converse(ctx context.Context, in incoming) {
	if !a.seen.first("message " + in.channel + " " + in.ts) {
		return // one message can arrive as two events: app_mention and message.im
	}
	cmd := commandText(in.text)
	if cmd == "" {
		cmd = "help"
	}
	r := a.ask(ctx, in.source, in.team, bot.Request{Text: cmd, User: in.user, Channel: in.channel})
	m := render(r, view{command: cmd, paging: true})
	opts := []slackapi.MsgOption{
		slackapi.MsgOptionText(m.Text, false),
		slackapi.MsgOptionBlocks(m.Blocks...),
		slackapi.MsgOptionDisableLinkUnfurl(),
		slackapi.MsgOptionDisableMediaUnfurl(),
		slackapi.MsgOptionLinkNames(false),
	}
	if in.thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(in.thread))
	}
	var err error
	if r.Private && in.inChannel {
		_, err = a.api.PostEphemeralContext(ctx, in.channel, in.user, opts...)
	} else {
		_, _, err = a.api.PostMessageContext(ctx, in.channel, opts...)
	}
	if err != nil {
		a.log.WarnContext(ctx, "post reply", "source", in.source, "command", r.Command, "err", redact(err))
		return
	}
	if uploads(r) {
		if err := a.upload(ctx, in.channel, in.thread, r); err != nil {
			a.log.WarnContext(ctx, "post the file of a reply", "source", in.source, "command", r.Command, "err", err)
			m := render(notUploaded(r), view{})
			opts := []slackapi.MsgOption{slackapi.MsgOptionText(m.Text, false), slackapi.MsgOptionBlocks(m.Blocks...)}
			if in.thread != "" {
				opts = append(opts, slackapi.MsgOptionTS(in.thread))
			}
			if _, _, err := a.api.PostMessageContext(ctx, in.channel, opts...); err != nil {
				a.log.WarnContext(ctx, "post reply", "source", in.source, "command", r.Command, "err", redact(err))
			}
		}
	}
}

// interaction handles a button press. Paging and choices replace the
// message the button is on; Share posts the answer in the channel and
// removes the private one.
func (a *Adapter) interaction(ctx context.Context, ic slackapi.InteractionCallback) {
	if ic.Type != slackapi.InteractionTypeBlockActions || len(ic.ActionCallback.BlockActions) == 0 {
		return
	}
	act := ic.ActionCallback.BlockActions[0]
	command, err := buttonCommand(act.ActionID, act.Value, a.names)
	if err != nil {
		a.log.WarnContext(ctx, "button refused", "action_id", clip(act.ActionID, 40), "err", err)
		a.respond(ctx, ic.ResponseURL, newMessage(render(badButton(), view{slash: true}), false))
		return
	}
	private := ic.Container.IsEphemeral
	r := a.ask(ctx, "button", ic.Team.ID, bot.Request{Text: command, User: ic.User.ID, Channel: ic.Channel.ID})
	if act.ActionID == actionShare {
		if r.Kind != bot.KindAnswer || r.Private {
			a.respond(ctx, ic.ResponseURL, newMessage(render(r, view{slash: true}), false))
			return
		}
		shared := reply(render(r, view{sharedBy: ic.User.ID}), slackapi.ResponseTypeInChannel)
		if a.respond(ctx, ic.ResponseURL, shared) {
			// The private copy goes only once the shared one is there.
			a.respond(ctx, ic.ResponseURL, &slackapi.WebhookMessage{DeleteOriginal: true})
		}
		return
	}
	if r.Private && !private {
		// Not for everyone who sees the message: show it to the presser.
		a.respond(ctx, ic.ResponseURL, newMessage(render(r, view{}), false))
		return
	}
	m := render(r, view{command: command, paging: true, share: private, slash: private})
	msg := newMessage(m, !private)
	msg.ReplaceOriginal = true
	a.respond(ctx, ic.ResponseURL, msg)
}

// newMessage is a response_url message, for everyone in the conversation
// or for the user alone.
func newMessage(m message, public bool) *slackapi.WebhookMessage {
	if public {
		return reply(m, slackapi.ResponseTypeInChannel)
	}
	return reply(m, slackapi.ResponseTypeEphemeral)
}
