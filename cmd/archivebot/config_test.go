package main

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
)

func TestAccessAndLimitsFromEnvironment(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name                         string
		env                          map[string]string
		wantPlaces, wantChannels     []string
		wantChannelRate, wantChBurst int
		wantErr                      string
	}{
		{"defaults", map[string]string{}, nil, nil, defaultChannelPerMinute, defaultChannelBurst, ""},
		{"lists", map[string]string{"ALLOWED_PLACES": " 1, 2,,", "ALLOWED_CHANNELS": "c1"}, []string{"1", "2"}, []string{"c1"}, defaultChannelPerMinute, defaultChannelBurst, ""},
		{"channel limit off", map[string]string{"CHANNEL_RATE_PER_MINUTE": "0"}, nil, nil, 0, defaultChannelBurst, ""},
		{"channel limit set", map[string]string{"CHANNEL_RATE_PER_MINUTE": "10", "CHANNEL_RATE_BURST": "3"}, nil, nil, 10, 3, ""},
		{"not a number", map[string]string{"CHANNEL_RATE_PER_MINUTE": "lots"}, nil, nil, 0, 0, `CHANNEL_RATE_PER_MINUTE="lots"`},
	}
	for _, tt := range tests {
		for _, platform := range []string{"discord", "slack"} {
			t.Run(platform+" "+tt.name, func(t *testing.T) {
				prefix, places := "DISCORD_", "DISCORD_ALLOWED_GUILDS"
				if platform == "slack" {
					prefix, places = "SLACK_", "SLACK_ALLOWED_TEAMS"
				}
				env := map[string]string{"DISCORD_TOKEN": "t", "SLACK_BOT_TOKEN": "xoxb-t"}
				for k, v := range tt.env {
					if k == "ALLOWED_PLACES" {
						env[places] = v
						continue
					}
					env[prefix+k] = v
				}
				getenv := func(k string) string { return env[k] }
				var gotPlaces, gotChannels []string
				var rate, burst int
				var err error
				if platform == "discord" {
					o, e := discordOptions(getenv, log)
					gotPlaces, gotChannels, rate, burst, err = o.AllowedGuilds, o.AllowedChannels, o.ChannelPerMinute, o.ChannelBurst, e
				} else {
					c, e := slackConfig(getenv, log)
					gotPlaces, gotChannels, rate, burst, err = c.AllowedTeams, c.AllowedChannels, c.ChannelPerMinute, c.ChannelBurst, e
				}
				if tt.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), prefix+tt.wantErr) {
						t.Errorf("error %v, want one about %s%s", err, prefix, tt.wantErr)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(gotPlaces, tt.wantPlaces) || !slices.Equal(gotChannels, tt.wantChannels) || rate != tt.wantChannelRate || burst != tt.wantChBurst {
					t.Errorf("places %q, channels %q, channel limit %d/min burst %d", gotPlaces, gotChannels, rate, burst)
				}
			})
		}
	}
}

// TestDiscordAllowList: with DISCORD_ALLOWED_CHANNELS naming another
// channel, a slash command gets a private refusal and no answer.
func TestDiscordAllowList(t *testing.T) {
	fake := discordtest.NewServer(fakeToken)
	defer fake.Close()
	start(t, map[string]string{"DISCORD_TOKEN": fakeToken, "DISCORD_API_BASE": fake.URL, "DISCORD_ALLOWED_CHANNELS": "999"}, nil, "discord")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitDiscordReady(ctx, t, fake, nil)
	if err := fake.Dispatch("INTERACTION_CREATE", discordtest.SlashCommand("1", "quote", discordtest.Str("words", "cotton"))); err != nil {
		t.Fatal(err)
	}
	c, err := fake.WaitFor(ctx, discordtest.Callback("1"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := discordtest.ReadMessage(c)
	if !strings.Contains(m.Text(), "not available here") || strings.Contains(m.Text(), "textile") || m.Flags&discordtest.Ephemeral == 0 {
		t.Errorf("want a private refusal, got (flags %d):\n%s", m.Flags, m.Text())
	}
}
