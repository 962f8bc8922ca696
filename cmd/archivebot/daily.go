package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/daily"
)

// The daily post's settings.
const (
	envDailyAt      = "ARCHIVEBOT_DAILY_AT"
	envTZ           = "ARCHIVEBOT_TZ"
	envDiscordDaily = "DISCORD_DAILY_CHANNEL"
	envSlackDaily   = "SLACK_DAILY_CHANNEL"
	defaultDailyAt  = "08:00"
	dailyUser       = "daily"
)

// dailyConfig is the daily post of one platform, read from the
// environment. No channels means no daily post.
type dailyConfig struct {
	variable string // DISCORD_DAILY_CHANNEL or SLACK_DAILY_CHANNEL
	channels []string
	at       daily.TimeOfDay
	loc      *time.Location
}

func (c dailyConfig) on() bool { return len(c.channels) > 0 }

// Channel ids: a Discord snowflake; a Slack public (C) or private (G)
// channel.
var (
	discordChannelID = regexp.MustCompile(`^[0-9]{17,20}$`)
	slackChannelID   = regexp.MustCompile(`^[CG][A-Z0-9]{8,20}$`)
)

// readDaily reads the daily post's settings for platform ("discord" or
// "slack") and checks them all, even when no channel is set, so that a
// mistake shows at start. Errors name the variable and say what to write.
func readDaily(getenv func(string) string, platform string) (dailyConfig, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	var problems []string
	c := dailyConfig{variable: envDiscordDaily}
	if platform == "slack" {
		c.variable = envSlackDaily
	}
	at := get(envDailyAt)
	if at == "" {
		at = defaultDailyAt
	}
	t, err := daily.ParseTimeOfDay(at)
	if err != nil {
		problems = append(problems, envDailyAt+": "+err.Error())
	}
	c.at = t
	c.loc, err = loadZone(get(envTZ))
	if err != nil {
		problems = append(problems, err.Error())
	}
	seen := map[string]bool{}
	for _, ch := range ids(get(c.variable)) {
		switch {
		case seen[ch]:
			problems = append(problems, fmt.Sprintf("%s lists %s twice", c.variable, ch))
		case platform == "discord" && !discordChannelID.MatchString(ch):
			problems = append(problems, fmt.Sprintf("%s=%q: use the channel's id, a number of 17 to 20 digits (with Developer Mode on, right-click the channel and Copy Channel ID)", c.variable, clip(ch)))
		case platform == "slack" && !slackChannelID.MatchString(ch):
			problems = append(problems, fmt.Sprintf("%s=%q: use the channel's id, such as C0123456789 (at the bottom of the channel's details in Slack), not its name", c.variable, clip(ch)))
		}
		seen[ch] = true
		c.channels = append(c.channels, ch)
	}
	if platform == "slack" && len(c.channels) > 1 {
		problems = append(problems, fmt.Sprintf("%s: give one channel: a bot token belongs to one workspace, which gets one daily post", c.variable))
	}
	if len(problems) > 0 {
		return c, errors.New(strings.Join(problems, "; "))
	}
	return c, nil
}

// clip shortens a value shown in an error.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// loadZone reads ARCHIVEBOT_TZ: an IANA time zone name; empty means UTC.
// The zone database is embedded in the program (time/tzdata), so a
// container without /usr/share/zoneinfo knows every zone too.
func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if name == "Local" || strings.ContainsAny(name, `\`) || strings.HasPrefix(name, "/") {
		return nil, fmt.Errorf("%s=%q: use an IANA time zone name such as Europe/Berlin, America/New_York or UTC", envTZ, clip(name))
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%s=%q is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC", envTZ, clip(name))
	}
	return loc, nil
}

// poster is what the daily post needs of an adapter.
type poster struct {
	platform string
	// key returns the store's key for channel's server or workspace, e.g.
	// "discord:<guild id>"; an error marked daily.Permanent means the
	// channel cannot be posted to at all.
	key func(ctx context.Context, channel string) (string, error)
	// post sends a reply to the channel; an error marked daily.Permanent
	// needs someone to change the channel or the bot's rights.
	post func(ctx context.Context, channel string, reply bot.Reply) error
}

// dailyTimeouts: a key lookup is retried this often at most, and each
// takes this long at most.
const (
	keyLookupTimeout  = 30 * time.Second
	firstKeyRetryWait = 5 * time.Second
	maxKeyRetryWait   = 10 * time.Minute
)

// startDaily runs the daily post of c in the background until ctx ends
// or stop is called, and returns stop, which waits for it to end. It
// posts the reply of "today <date>" from b, for the local date of the
// post.
func (e env) startDaily(ctx context.Context, c dailyConfig, b *bot.Bot, st daily.Store, holder string, p poster) (stop func()) {
	log := e.log.With("platform", p.platform)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var targets []daily.Target
		channelOf := map[string]string{}
		for _, ch := range c.channels {
			key, err := e.dailyKey(ctx, log, p, ch)
			if err != nil {
				continue // said in the log; ctx ended, or a permanent refusal
			}
			if other, ok := channelOf[key]; ok {
				log.Error("daily post off for this channel: one post a server or workspace, and another channel of it is listed first", "channel", ch, "key", key, "posting_to", other)
				continue
			}
			channelOf[key] = ch
			targets = append(targets, daily.Target{Key: key, Channel: ch, Post: func(ctx context.Context, day string) error {
				return postToday(ctx, b, p, ch, day)
			}})
		}
		if len(targets) == 0 {
			return
		}
		s, err := daily.New(daily.Config{
			At: c.at, Location: c.loc, Store: st, Holder: holder, Targets: targets,
			Clock: e.clock, Logger: log,
		})
		if err != nil {
			log.Error("daily post off", "err", err)
			return
		}
		_ = s.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}

// dailyKey finds the store's key of channel, retrying with back-off
// while the platform cannot be reached; a channel it refuses is logged
// and left out.
func (e env) dailyKey(ctx context.Context, log *slog.Logger, p poster, channel string) (string, error) {
	after := time.After
	if e.clock != nil {
		after = e.clock.After
	}
	wait := firstKeyRetryWait
	for {
		kctx, cancel := context.WithTimeout(ctx, keyLookupTimeout)
		key, err := p.key(kctx, channel)
		cancel()
		switch {
		case err == nil:
			return key, nil
		case ctx.Err() != nil:
			return "", ctx.Err()
		case daily.IsPermanent(err):
			log.Error("daily post off for this channel", "channel", channel, "err", err)
			return "", err
		}
		log.Warn("daily post: look up the channel", "channel", channel, "retry_in", wait, "err", err)
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-after(wait):
		}
		wait = min(wait*2, maxKeyRetryWait)
	}
}

// postToday posts the reply of "today <day>" to channel. A reply that is
// a failure is retried; one that is not an answer (nothing found, a usage
// message) will not change that day, so it stops the day's post.
func postToday(ctx context.Context, b *bot.Bot, p poster, channel, day string) error {
	reply := b.Handle(ctx, bot.Request{Text: "today " + day, Platform: p.platform, User: dailyUser, Channel: channel})
	switch reply.Kind {
	case bot.KindAnswer:
	case bot.KindNotFound:
		// No dated document at all: nothing to post today, nor on any
		// day until the archive changes.
		return daily.Permanent(fmt.Errorf("today %s: no document to post: %s", day, reply.Headline))
	case bot.KindFailure:
		return fmt.Errorf("the archive did not answer today %s: %s", day, reply.Headline)
	default:
		return daily.Permanent(fmt.Errorf("today %s is not an answer: %s", day, reply.Headline))
	}
	return p.post(ctx, channel, reply)
}

// logDaily logs whether and when the daily post runs, at start.
func (e env) logDaily(c dailyConfig, p string, why string) {
	if !c.on() {
		return
	}
	if why != "" {
		e.log.Info("daily post not run by this process", "platform", p, "reason", why)
		return
	}
	now := time.Now()
	if e.clock != nil {
		now = e.clock.Now()
	}
	e.log.Info("daily post on", "platform", p, "channels", strings.Join(c.channels, ","), "at", c.at.String(), "time_zone", c.loc.String(),
		"next", daily.NextPostTime(now, c.at, c.loc).Format(time.RFC3339))
}

// dailyAllowed checks that the daily channels are among the allowed
// channels, when the variable named allowedVar lists some.
func dailyAllowed(c dailyConfig, allowed []string, allowedVar string) error {
	if len(allowed) == 0 {
		return nil
	}
	for _, ch := range c.channels {
		if !slices.Contains(allowed, ch) {
			return fmt.Errorf("%s %s is not in %s: add it there, or the bot may not post in it", c.variable, ch, allowedVar)
		}
	}
	return nil
}

// permanentWhen marks an error of a post as permanent for the day (see
// daily.Permanent) when it is the platform's refusal of the channel.
func permanentWhen(refused error) func(error) error {
	return func(err error) error {
		if errors.Is(err, refused) {
			return daily.Permanent(err)
		}
		return err
	}
}
