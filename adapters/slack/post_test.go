package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/slack-go/slack/slacktest"

	"github.com/archivebot/archivebot/bot"
)

// TestPost posts a reply to a channel with the real slack-go client,
// against the fake Slack, and finds the workspace with auth.test.
func TestPost(t *testing.T) {
	t.Parallel()
	reply := testBot.Handle(context.Background(), bot.Request{Text: "cite 115932", Platform: Platform})
	refuse := func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, `{"ok":false,"error":"not_in_channel"}`)
		})
	}
	tests := []struct {
		name     string
		cfg      Config
		extra    []slacktest.Binder
		wantTeam string
		teamErr  error
		postErr  error
	}{
		{name: "posted", wantTeam: "T024BE7LD"},
		{name: "the app is not in the channel", extra: []slacktest.Binder{refuse}, wantTeam: "T024BE7LD", postErr: ErrChannelRefused},
		{name: "channel not allowed", cfg: Config{AllowedChannels: []string{"C0OTHER"}}, wantTeam: "T024BE7LD", postErr: ErrChannelRefused},
		{name: "workspace not allowed", cfg: Config{AllowedTeams: []string{"T0OTHER"}}, teamErr: ErrChannelRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeSlack(t, tt.extra...)
			logger, _ := newTestLogger(t)
			cfg := tt.cfg
			cfg.BotToken, cfg.APIURL, cfg.Logger = testBotToken, fake.apiURL(), logger
			a := New(testBot, cfg)
			ctx := withTimeout(t)
			team, err := a.TeamID(ctx)
			if !errors.Is(err, tt.teamErr) || team != tt.wantTeam {
				t.Errorf("TeamID = %q, %v; want %q, %v", team, err, tt.wantTeam, tt.teamErr)
			}
			err = a.Post(ctx, testChannel, reply)
			if tt.postErr != nil || tt.teamErr != nil {
				if tt.postErr != nil && !errors.Is(err, tt.postErr) {
					t.Errorf("Post: %v, want %v", err, tt.postErr)
				}
				if err != nil && strings.Contains(err.Error(), "SECRET") {
					t.Errorf("the error shows the token: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Post: %v", err)
			}
			p := fake.next(t)
			if p.Via != "chat.postMessage" || p.Channel != testChannel || p.ThreadTS != "" {
				t.Errorf("posted %s to %s (thread %q), want chat.postMessage to %s", p.Via, p.Channel, p.ThreadTS, testChannel)
			}
			if !strings.Contains(p.blockText(), "AVPRF F. 0102, Op. 13, Delo 5") {
				t.Errorf("the post lacks the citation: %.300s", p.Blocks)
			}
			checkPayload(t, p)
		})
	}
}
