package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/archivebot/archivebot/adapters/discord"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/daily"
)

const discordUsage = `Usage:
  archivebot discord [--index PATH | --corpus DIR] [--ops ADDR]
      Answer on Discord through the gateway, as one shard, until stopped
      with SIGINT or SIGTERM. Needs DISCORD_TOKEN, the bot token.

Environment:
  DISCORD_TOKEN              the bot token (required; never logged)
  DISCORD_TOKEN_FILE         or a file that holds it, e.g. /run/secrets/discord_token
  DISCORD_APP_ID             the application id (default: the one Discord reports)
  DISCORD_GUILD_ID           register the slash commands in this server only (development)
  DISCORD_REGISTER_COMMANDS  false leaves the registered commands alone (default true)
  DISCORD_SHARD_ID           this process's shard, from 0 (default 0)
  DISCORD_SHARD_COUNT        the number of shards (default 1)
  DISCORD_MESSAGE_CONTENT    true for !prefix commands and citation cards; enable
                             the Message Content intent first (@mentions and
                             direct messages are answered without it)
  DISCORD_PREFIX             the prefix of message commands (default !)
  DISCORD_UNFURL             false turns citation cards off (default true)
  DISCORD_UNFURL_OFF         channel ids, comma-separated, without citation cards;
                             members with Manage Server can change a channel with /cards
  DISCORD_PRIVATE_ANSWERS    true shows answers to the asker alone, with a Share button
  DISCORD_RATE_PER_MINUTE    requests a user may make a minute (default 20)
  DISCORD_RATE_BURST         requests a user may make at once (default 5)
  DISCORD_CHANNEL_RATE_PER_MINUTE  requests a minute in one channel (default 60;
                             0 turns the channel limit off)
  DISCORD_CHANNEL_RATE_BURST requests at once in one channel (default 20)
  DISCORD_ALLOWED_GUILDS     server ids, comma-separated: answer only in these
                             (direct messages are then refused)
  DISCORD_ALLOWED_CHANNELS   channel ids, comma-separated: answer only in these
  DISCORD_API_BASE           send REST calls and the gateway lookup to this base URL
                             (a REST proxy) instead of https://discord.com
  DISCORD_DAILY_CHANNEL      channel ids, comma-separated, one per server: post the
                             document of the day there (shard 0 posts)
  and ARCHIVEBOT_INDEX, ARCHIVEBOT_CORPUS, ARCHIVEBOT_CACHE_DIR, ARCHIVEBOT_STATE,
  ARCHIVEBOT_DAILY_AT, ARCHIVEBOT_TZ, ARCHIVEBOT_OPS, ARCHIVEBOT_LOG_LEVEL,
  ARCHIVEBOT_LOG_FORMAT. archivebot config discord shows them.

Flags:
`

// discord runs the bot on Discord until ctx is done (SIGINT or SIGTERM).
// The configuration is checked before the index is opened or Discord is
// called, so that a missing token stops it at once with a clear message.
func (e env) discord(ctx context.Context, args []string) error {
	fs := e.newFlagSet("discord")
	src := e.sourceFlags(fs)
	opsAddr := e.opsFlag(fs)
	if err := parseServeFlags(fs, args, discordUsage); err != nil {
		return err
	}
	opts, err := discordOptions(e.getenv, e.log)
	if err != nil {
		return usageErr("cannot start on Discord: %v", err)
	}
	dc, err := readDaily(e.getenv, "discord")
	if err == nil {
		err = dailyAllowed(dc, opts.AllowedChannels, "DISCORD_ALLOWED_CHANNELS")
	}
	if err != nil {
		return usageErr("cannot start on Discord: %v", err)
	}
	if err := src.validate(); err != nil {
		return err
	}
	e.logConfiguration("discord")
	o := newOps()
	stopOps, err := e.serveOps(ctx, o, *opsAddr)
	if err != nil {
		return err
	}
	defer stopOps()
	opts.Logger = e.log
	opts.RateLimited = o.rateLimitedOn(discord.Platform)
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
	a, err := discord.New(b, opts)
	if err != nil {
		return usageErr("cannot start on Discord: %v", err)
	}
	// One shard posts, so that a server is not posted to by each; the
	// store's lease keeps replicas of shard 0 to one post too.
	notHere := ""
	if opts.ShardID != 0 {
		notHere = fmt.Sprintf("this is shard %d; shard 0 posts it", opts.ShardID)
	}
	e.logDaily(dc, discord.Platform, notHere)
	if dc.on() && notHere == "" {
		stop := e.startDaily(ctx, dc, b, st, daily.NewHolder(), discordPoster(a))
		defer stop()
	}
	o.needReady(discord.Platform, a.Ready)
	o.allChecksIn()
	if err := a.Run(ctx); err != nil {
		return &exitError{code: exitFailure, msg: "discord: " + discordAdvice(err)}
	}
	return nil
}

// discordOptions reads the adapter's options from the environment and
// checks them. Errors name the variable, never its value when it is the
// token.
func discordOptions(getenv func(string) string, log *slog.Logger) (discord.Options, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	var problems []string
	token, err := readSecret(getenv, log, "DISCORD_TOKEN")
	if err != nil {
		return discord.Options{}, err
	}
	flag := func(k string, def bool) bool {
		v := get(k)
		if v == "" {
			return def
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s=%q: use true or false", k, v))
		}
		return b
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
	number := func(k string) int { return numberOr(k, 0) }
	opts := discord.Options{
		// A token pasted with its "Bot " prefix works too.
		Token:            strings.TrimSpace(strings.TrimPrefix(string(token), "Bot ")),
		AppID:            get("DISCORD_APP_ID"),
		GuildID:          get("DISCORD_GUILD_ID"),
		SkipRegistration: !flag("DISCORD_REGISTER_COMMANDS", true),
		ShardID:          number("DISCORD_SHARD_ID"),
		ShardCount:       number("DISCORD_SHARD_COUNT"),
		APIBase:          get("DISCORD_API_BASE"),
		MessageContent:   flag("DISCORD_MESSAGE_CONTENT", false),
		Prefix:           get("DISCORD_PREFIX"),
		NoUnfurl:         !flag("DISCORD_UNFURL", true),
		PrivateAnswers:   flag("DISCORD_PRIVATE_ANSWERS", false),
		PerMinute:        number("DISCORD_RATE_PER_MINUTE"),
		Burst:            number("DISCORD_RATE_BURST"),
		ChannelPerMinute: numberOr("DISCORD_CHANNEL_RATE_PER_MINUTE", defaultChannelPerMinute),
		ChannelBurst:     numberOr("DISCORD_CHANNEL_RATE_BURST", defaultChannelBurst),
		UnfurlOff:        ids(get("DISCORD_UNFURL_OFF")),
		AllowedGuilds:    ids(get("DISCORD_ALLOWED_GUILDS")),
		AllowedChannels:  ids(get("DISCORD_ALLOWED_CHANNELS")),
	}
	if len(problems) > 0 {
		return opts, errors.New(strings.Join(problems, "; "))
	}
	if err := opts.Validate(); err != nil {
		switch {
		case errors.Is(err, discord.ErrNoToken):
			return opts, errors.New("DISCORD_TOKEN is not set: give the bot token from the Bot page of your application in the Discord developer portal")
		case errors.Is(err, discord.ErrBadAPIBase):
			return opts, fmt.Errorf("DISCORD_API_BASE %q: %w", redactURL(opts.APIBase), err)
		case opts.ShardID != 0 || opts.ShardCount != 0:
			return opts, fmt.Errorf("%w (DISCORD_SHARD_ID, DISCORD_SHARD_COUNT)", err)
		}
		return opts, err
	}
	return opts, nil
}

// discordPoster posts the daily document through the adapter: the key
// of a channel is its server.
func discordPoster(a *discord.Adapter) poster {
	permanent := permanentWhen(discord.ErrChannelRefused)
	return poster{
		platform: discord.Platform,
		key: func(ctx context.Context, channel string) (string, error) {
			guild, err := a.ChannelGuild(ctx, channel)
			if err != nil {
				return "", permanent(err)
			}
			return "discord:" + guild, nil
		},
		post: func(ctx context.Context, channel string, reply bot.Reply) error {
			return permanent(a.Post(ctx, channel, reply))
		},
	}
}

// discordAdvice adds the environment variable to change to an error that
// means Discord refused the configuration.
func discordAdvice(err error) string {
	switch {
	case errors.Is(err, discord.ErrInvalidToken):
		return err.Error() + " (check DISCORD_TOKEN)"
	case errors.Is(err, discord.ErrDisallowedIntents):
		return err.Error() + " (or set DISCORD_MESSAGE_CONTENT=false)"
	case errors.Is(err, discord.ErrGatewayRefused):
		return err.Error() + " (DISCORD_SHARD_ID, DISCORD_SHARD_COUNT)"
	}
	return err.Error()
}

// The default per-channel rate limit of the chat commands: a busy channel
// of a large server may ask once a second on average, in bursts of 20.
const (
	defaultChannelPerMinute = 60
	defaultChannelBurst     = 20
)

// ids reads a comma-separated list of ids.
func ids(s string) []string {
	var out []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}
