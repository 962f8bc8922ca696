package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	slackadapter "github.com/archivebot/archivebot/adapters/slack"
	"github.com/archivebot/archivebot/bot"
)

const slackUsage = `Usage:
  archivebot slack [--index PATH | --corpus DIR]
      Answer on Slack over Socket Mode: no public URL needed.
      Needs SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-...).
  archivebot slack --http ADDR [--index PATH | --corpus DIR]
      Answer Slack's signed HTTP requests on ADDR (e.g. :8080) at /slack/events.
      Needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.
  archivebot slack manifest [--url URL] [--name NAME]
      Print the app manifest to create the app with: for Socket Mode, or for
      HTTP mode with --url https://HOST/slack/events.

Environment: SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, and
SLACK_API_URL for another Web API base (GovSlack, a proxy); ARCHIVEBOT_INDEX,
ARCHIVEBOT_CORPUS, ARCHIVEBOT_CACHE_DIR, ARCHIVEBOT_LOG_LEVEL.

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
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), slackUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected arguments %q; see archivebot slack -h", strings.Join(fs.Args(), " "))
	}
	mode := slackadapter.SocketMode
	if *addr != "" {
		mode = slackadapter.HTTPMode
	}
	cfg := slackadapter.Config{
		BotToken:      strings.TrimSpace(e.getenv("SLACK_BOT_TOKEN")),
		AppToken:      strings.TrimSpace(e.getenv("SLACK_APP_TOKEN")),
		SigningSecret: strings.TrimSpace(e.getenv("SLACK_SIGNING_SECRET")),
		APIURL:        strings.TrimSpace(e.getenv("SLACK_API_URL")),
		Logger:        e.log,
	}
	if err := cfg.Validate(mode); err != nil {
		return usageErr("cannot start on Slack: %s", slackConfigProblems(err, cfg))
	}
	if err := src.validate(); err != nil {
		return err
	}
	b, closeFn, err := e.openBot(ctx, src)
	if err != nil {
		return err
	}
	defer closeFn()
	a := slackadapter.New(b, cfg)
	if mode == slackadapter.HTTPMode {
		err = a.RunHTTP(ctx, *addr)
	} else {
		err = a.RunSocketMode(ctx)
	}
	if err != nil {
		return &exitError{code: exitFailure, msg: "slack: " + err.Error()}
	}
	return nil
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
		out = append(out, fmt.Sprintf("SLACK_API_URL %q is not an http(s) URL, such as https://slack.com/api/", cfg.APIURL))
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
