package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	slackadapter "github.com/archivebot/archivebot/adapters/slack"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/daily"
	"github.com/slack-go/slack"
)

const slackUsage = `Usage:
  archivebot slack [--index PATH | --corpus DIR] [--ops ADDR]
      Answer on Slack over Socket Mode: no public URL needed.
      Needs SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-...).
  archivebot slack --http ADDR [--index PATH | --corpus DIR] [--ops ADDR]
      Answer Slack's signed HTTP requests on ADDR (e.g. :8080) at /slack/events.
      Needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.
  archivebot slack manifest [--url URL] [--name NAME]
      Print the app manifest to create the app with: for Socket Mode, or for
      HTTP mode with --url https://HOST/slack/events.

Environment:
  SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET
                             the credentials (never logged); each may instead
                             be read from a file named by the same variable
                             with _FILE, e.g. SLACK_BOT_TOKEN_FILE
  SLACK_API_URL              another Web API base (GovSlack, a proxy)
  SLACK_RATE_PER_MINUTE      requests a user may make a minute (default 20)
  SLACK_RATE_BURST           requests a user may make at once (default 5)
  SLACK_CHANNEL_RATE_PER_MINUTE  requests a minute in one channel (default 60;
                             0 turns the channel limit off)
  SLACK_CHANNEL_RATE_BURST   requests at once in one channel (default 20)
  SLACK_ALLOWED_TEAMS        workspace ids (T...), comma-separated: answer only there
  SLACK_ALLOWED_CHANNELS     channel ids, comma-separated: answer only in these
                             (direct messages too need their D... id listed)
  SLACK_DAILY_CHANNEL        a channel id (C...): post the document of the day there;
                             invite the app to the channel first
  and ARCHIVEBOT_INDEX, ARCHIVEBOT_CORPUS, ARCHIVEBOT_CACHE_DIR, ARCHIVEBOT_STATE,
  ARCHIVEBOT_DAILY_AT, ARCHIVEBOT_TZ, ARCHIVEBOT_OPS, ARCHIVEBOT_LOG_LEVEL,
  ARCHIVEBOT_LOG_FORMAT. archivebot config slack shows them.

Flags:
`

// slack runs the bot on Slack until ctx is done (SIGINT or SIGTERM).
// The configuration is checked before the index is opened or Slack is
// called, so that a missing token stops it at once with a clear message.
func (e env) slack(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "manifest" {
		return e.slackManifest(args[1:])
	}
	fs := e.newFlagSet("slack")
	src := e.sourceFlags(fs)
	addr := fs.String("http", "", "serve HTTP mode on `ADDR`, e.g. :8080, instead of connecting over Socket Mode")
	opsAddr := e.opsFlag(fs)
	if err := parseServeFlags(fs, args, slackUsage); err != nil {
		return err
	}
	mode := slackadapter.SocketMode
	if *addr != "" {
		mode = slackadapter.HTTPMode
	}
	cfg, err := slackConfig(e.getenv, e.log)
	if err != nil {
		return usageErr("cannot start on Slack: %v", err)
	}
	if err := cfg.Validate(mode); err != nil {
		return usageErr("cannot start on Slack: %s", slackConfigProblems(err, cfg))
	}
	dc, err := readDaily(e.getenv, "slack")
	if err == nil {
		err = dailyAllowed(dc, cfg.AllowedChannels, "SLACK_ALLOWED_CHANNELS")
	}
	if err != nil {
		return usageErr("cannot start on Slack: %v", err)
	}
	if err := src.validate(); err != nil {
		return err
	}
	e.logConfiguration("slack")
	o := newOps()
	stopOps, err := e.serveOps(ctx, o, *opsAddr)
	if err != nil {
		return err
	}
	defer stopOps()
	cfg.RateLimited = o.rateLimitedOn(slackadapter.Platform)
	st, where, err := e.openState(ctx, src)
	if err != nil {
		return err
	}
	defer closeState(e.log, st)
	e.log.Debug("state store open", "state", where)
	b, closeFn, err := e.openBot(ctx, src, o, st)
	if err != nil {
		return err
	}
	defer closeFn()
	a := slackadapter.New(b, cfg)
	e.logDaily(dc, slackadapter.Platform, "")
	if dc.on() {
		stop := e.startDaily(ctx, dc, b, st, daily.NewHolder(), slackPoster(a))
		defer stop()
	}
	o.needReady(slackadapter.Platform, a.Ready)
	o.allChecksIn()
	if mode == slackadapter.HTTPMode {
		err = a.RunHTTP(ctx, *addr)
	} else {
		err = a.RunSocketMode(ctx)
	}
	if err != nil {
		return &exitError{code: exitFailure, msg: "slack: " + slackRefusal(err)}
	}
	return nil
}

// slackPoster posts the daily document through the adapter: the key of
// the channel is the bot token's workspace.
func slackPoster(a *slackadapter.Adapter) poster {
	permanent := permanentWhen(slackadapter.ErrChannelRefused)
	return poster{
		platform: slackadapter.Platform,
		key: func(ctx context.Context, _ string) (string, error) {
			team, err := a.TeamID(ctx)
			if err != nil {
				return "", permanent(err)
			}
			return "slack:" + team, nil
		},
		post: func(ctx context.Context, channel string, reply bot.Reply) error {
			return permanent(a.Post(ctx, channel, reply))
		},
	}
}

// tokenErrors are the errors Slack gives for a token it will not take.
var tokenErrors = []string{"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"}

// slackRefusal describes err, naming the variable of the token Slack
// refused: the bot token is checked with auth.test, the app-level token
// when Socket Mode opens a connection.
func slackRefusal(err error) string {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || !slices.Contains(tokenErrors, se.Err) {
		return err.Error()
	}
	if strings.Contains(err.Error(), "auth.test") {
		return fmt.Sprintf("Slack refused the bot token in SLACK_BOT_TOKEN (%s): check it on the app's OAuth & Permissions page", se.Err)
	}
	return fmt.Sprintf("Slack refused the app-level token in SLACK_APP_TOKEN (%s): check it on the app's Basic Information page (it needs connections:write)", se.Err)
}

// slackConfig reads the adapter's configuration from the environment.
// Errors name the variable, never a secret's value.
func slackConfig(getenv func(string) string, log *slog.Logger) (slackadapter.Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	var problems []string
	cred := func(k string) string {
		s, err := readSecret(getenv, log, k)
		if err != nil {
			problems = append(problems, err.Error())
		}
		return string(s)
	}
	numberOr := func(k string, def int) int {
		v := get(k)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			problems = append(problems, fmt.Sprintf("%s=%q: use a whole number, 0 or more", k, v))
		}
		return n
	}
	cfg := slackadapter.Config{
		BotToken:         cred("SLACK_BOT_TOKEN"),
		AppToken:         cred("SLACK_APP_TOKEN"),
		SigningSecret:    cred("SLACK_SIGNING_SECRET"),
		APIURL:           get("SLACK_API_URL"),
		Logger:           log,
		PerMinute:        numberOr("SLACK_RATE_PER_MINUTE", 0),
		Burst:            numberOr("SLACK_RATE_BURST", 0),
		ChannelPerMinute: numberOr("SLACK_CHANNEL_RATE_PER_MINUTE", defaultChannelPerMinute),
		ChannelBurst:     numberOr("SLACK_CHANNEL_RATE_BURST", defaultChannelBurst),
		AllowedTeams:     ids(get("SLACK_ALLOWED_TEAMS")),
		AllowedChannels:  ids(get("SLACK_ALLOWED_CHANNELS")),
	}
	if len(problems) > 0 {
		return cfg, errors.New(strings.Join(problems, "; "))
	}
	return cfg, nil
}

// slackConfigProblems says what is wrong with the configuration in terms
// of the environment variables to set, never showing their values.
func slackConfigProblems(err error, cfg slackadapter.Config) string {
	var out []string
	if errors.Is(err, slackadapter.ErrNoBotToken) {
		out = append(out, "SLACK_BOT_TOKEN is not set: give the app's Bot User OAuth Token (xoxb-...), from OAuth & Permissions")
	}
	if errors.Is(err, slackadapter.ErrNoAppToken) {
		out = append(out, "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-...) with the connections:write scope, from Basic Information, App-Level Tokens (or use HTTP mode: --http :8080)")
	}
	if errors.Is(err, slackadapter.ErrNoSigningSecret) {
		out = append(out, "SLACK_SIGNING_SECRET is not set: HTTP mode verifies every request with the app's Signing Secret, from Basic Information, App Credentials")
	}
	if errors.Is(err, slackadapter.ErrBadToken) {
		if cfg.BotToken != "" && !strings.HasPrefix(cfg.BotToken, "xoxb-") && !strings.HasPrefix(cfg.BotToken, "xoxe.xoxb-") {
			out = append(out, "SLACK_BOT_TOKEN is not a bot token: it should start with xoxb-")
		}
		if cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
			out = append(out, "SLACK_APP_TOKEN is not an app-level token: it should start with xapp-")
		}
	}
	if errors.Is(err, slackadapter.ErrBadAPIURL) {
		out = append(out, fmt.Sprintf("SLACK_API_URL %q is not an http(s) URL, such as https://slack.com/api/", redactURL(cfg.APIURL)))
	}
	if len(out) == 0 {
		return err.Error()
	}
	return strings.Join(out, "; ")
}

// slackManifest prints the Slack app manifest, generated from the bot's
// commands.
func (e env) slackManifest(args []string) error {
	fs := e.newFlagSet("slack manifest")
	requestURL := fs.String("url", "", "the public `URL` of HTTP mode, e.g. https://archive.example.org/slack/events; empty for Socket Mode")
	name := fs.String("name", "archivebot", "the app's `NAME` in Slack")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected arguments %q", strings.Join(fs.Args(), " "))
	}
	if *requestURL != "" && !strings.HasPrefix(*requestURL, "https://") {
		return usageErr("--url must be an https:// URL: Slack sends requests only to HTTPS")
	}
	// The commands are data; no archive is needed to describe them.
	cmds := bot.New(nil, bot.Options{}).Commands()
	_, err := e.stdout.Write(slackadapter.Manifest(cmds, slackadapter.ManifestOptions{Name: *name, RequestURL: *requestURL}))
	return err
}
