package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
)

// TestPost posts a reply to a channel through the real discordgo session,
// against the fake Discord: with the gateway connected, and without it.
func TestPost(t *testing.T) {
	reply := testBot.Handle(context.Background(), bot.Request{Text: "cite 115932", Platform: Platform})
	if reply.Kind != bot.KindAnswer {
		t.Fatalf("cite: %v", reply.Kind)
	}
	tests := []struct {
		name      string
		connected bool
		opts      Options
		channel   string
		gone      bool
		wantGuild string
		wantErr   error
	}{
		{name: "connected", connected: true, channel: discordtest.Channel, wantGuild: discordtest.GuildID},
		{name: "REST only", channel: discordtest.Channel, wantGuild: discordtest.GuildID},
		{name: "unknown channel", channel: "300000000000000009", gone: true, wantErr: ErrChannelRefused},
		{name: "channel not allowed", opts: Options{AllowedChannels: []string{"300000000000000002"}}, channel: discordtest.Channel, wantErr: ErrChannelRefused},
		{name: "server not allowed", opts: Options{AllowedGuilds: []string{"200000000000000002"}}, channel: discordtest.Channel, wantErr: ErrChannelRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			var a *Adapter
			var fake *discordtest.Server
			if tt.connected {
				h := start(t, testBot, tt.opts, nil)
				a, fake = h.adapter, h.fake
			} else {
				fake = discordtest.NewServer(testToken)
				defer fake.Close()
				opts := tt.opts
				opts.Token, opts.APIBase = testToken, fake.URL
				var err error
				if a, err = New(testBot, opts); err != nil {
					t.Fatal(err)
				}
			}
			if tt.gone {
				fake.RemoveChannel(tt.channel)
			}
			guild, gerr := a.ChannelGuild(ctx, tt.channel)
			perr := a.Post(ctx, tt.channel, reply)
			if tt.wantErr != nil {
				if !errors.Is(gerr, tt.wantErr) {
					t.Errorf("ChannelGuild: %v, want %v", gerr, tt.wantErr)
				}
				if tt.name != "server not allowed" && !errors.Is(perr, tt.wantErr) {
					t.Errorf("Post: %v, want %v", perr, tt.wantErr)
				}
				if strings.Contains(fmt.Sprint(gerr, perr), testToken) {
					t.Error("an error shows the token")
				}
				return
			}
			if gerr != nil || guild != tt.wantGuild {
				t.Errorf("ChannelGuild = %q, %v; want %q", guild, gerr, tt.wantGuild)
			}
			if perr != nil {
				t.Fatalf("Post: %v", perr)
			}
			c := fake.Calls()
			if n := fake.Count(discordtest.Posted(tt.channel)); n != 1 {
				t.Fatalf("%d posts to the channel, want 1: %v", n, c)
			}
			posted, err := fake.WaitFor(ctx, discordtest.Posted(tt.channel))
			if err != nil {
				t.Fatal(err)
			}
			m, err := discordtest.ReadMessage(posted)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(m.Text(), "AVPRF F. 0102, Op. 13, Delo 5") {
				t.Errorf("the post lacks the citation:\n%s", m.Text())
			}
			for _, p := range fake.Problems() {
				t.Errorf("fake discord: %s", p)
			}
		})
	}
}
