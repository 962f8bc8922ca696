package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord"
	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/state"
	"github.com/jonboulle/clockwork"
)

// TestDiscordDailyPost runs `archivebot discord` with a fake clock
// against the fake Discord: it posts the document of the day once, at the
// configured time, to the configured channel; a restart the same day does
// not post again; the next day it posts again (the nearest documents, as
// none is dated November 14).
func TestDiscordDailyPost(t *testing.T) {
	loc := berlinZone(t)
	fake := discordtest.NewServer(fakeToken)
	defer fake.Close()
	dir := t.TempDir()
	// A second channel of the same server: one post a server, so it is
	// left out, with an error in the log.
	const sameServer = "300000000000000002"
	env := dailyDiscordEnv(fake, dir, "DISCORD_DAILY_CHANNEL", discordtest.Channel+","+sameServer)
	posted := discordtest.Posted(discordtest.Channel)

	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 13, 7, 45, 0, 0, loc))
	p := startProgram(t, env, clock, "discord")
	waiting(t, clock, 1, p.stderr)
	if n := fake.Count(func(c discordtest.Call) bool { return c.Method == "GET" && strings.Contains(c.Path, "/channels/") }); n != 2 {
		t.Errorf("looked the channels up %d times, want once each", n)
	}
	advance(t, clock, 1, time.Date(2026, 11, 13, 7, 59, 0, 0, loc), p.stderr)
	if n := fake.Count(posted); n != 0 {
		t.Fatalf("%d posts before 08:00", n)
	}
	advance(t, clock, 1, time.Date(2026, 11, 13, 8, 0, 0, 0, loc), p.stderr)
	c := waitCall(t, fake, posted)
	m, err := discordtest.ReadMessage(c)
	if err != nil {
		t.Fatal(err)
	}
	// The sample's document is dated November 13, 1957: the day's own.
	if text := m.Text(); !strings.Contains(text, "On this day, November 13") || !strings.Contains(text, "AVPRF F. 0102, Op. 13, Delo 5") {
		t.Errorf("the post is not the document of November 13 with its citation:\n%s", text)
	}
	advance(t, clock, 1, time.Date(2026, 11, 13, 12, 0, 0, 0, loc), p.stderr)
	if n := fake.Count(posted); n != 1 {
		t.Errorf("%d posts on the first day, want 1", n)
	}
	log := p.stop()
	if n := fake.Count(discordtest.Posted(sameServer)); n != 0 {
		t.Errorf("%d posts to a second channel of the server", n)
	}
	for _, w := range []string{"daily post on", `"next":"2026-11-13T08:00:00+01:00"`, "daily post sent", "another channel of it is listed first"} {
		if !strings.Contains(log, w) {
			t.Errorf("the log lacks %s:\n%s", w, log)
		}
	}
	if strings.Contains(log, fakeToken) {
		t.Error("the log shows the token")
	}

	// A restart the same day: no second post; the next day, one.
	clock = clockwork.NewFakeClockAt(time.Date(2026, 11, 13, 12, 0, 0, 0, loc))
	p = startProgram(t, env, clock, "discord")
	advance(t, clock, 1, time.Date(2026, 11, 14, 7, 59, 0, 0, loc), p.stderr)
	if n := fake.Count(posted); n != 1 {
		t.Errorf("%d posts after a restart the same day, want still 1", n)
	}
	advance(t, clock, 1, time.Date(2026, 11, 14, 8, 30, 0, 0, loc), p.stderr)
	if n := fake.Count(posted); n != 2 {
		t.Errorf("%d posts by the second day, want 2", n)
	}
	p.stop()
	for _, problem := range fake.Problems() {
		t.Errorf("fake discord: %s", problem)
	}
}

// TestDailyReplicas: two replicas, each with its own adapter and the
// program's daily wiring, share one state store and post once a day.
func TestDailyReplicas(t *testing.T) {
	loc := berlinZone(t)
	fake := discordtest.NewServer(fakeToken)
	defer fake.Close()
	clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 7, 0, 0, 0, loc))
	vars := map[string]string{"ARCHIVEBOT_CACHE_DIR": t.TempDir(), "DISCORD_DAILY_CHANNEL": discordtest.Channel, "ARCHIVEBOT_TZ": "Europe/Berlin"}
	e := testEnv(vars, io.Discard, clock)
	e.log = slog.New(slog.DiscardHandler)
	ctx := context.Background()
	src := &source{cacheDir: vars["ARCHIVEBOT_CACHE_DIR"]}
	b, closeBot, err := e.openBot(ctx, src, newOps(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeBot()
	st, err := state.Open(ctx, filepath.Join(t.TempDir(), "state.db"), state.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dc, err := readDaily(e.getenv, "discord")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		a, err := discord.New(b, discord.Options{Token: fakeToken, APIBase: fake.URL})
		if err != nil {
			t.Fatal(err)
		}
		stop := e.startDaily(ctx, dc, b, st, fmt.Sprintf("replica-%d", i), discordPoster(a))
		defer stop()
	}
	advance(t, clock, 2, time.Date(2026, 6, 3, 9, 0, 0, 0, loc), &lockedBuffer{})
	if n := fake.Count(discordtest.Posted(discordtest.Channel)); n != 3 {
		t.Errorf("%d posts in three days by two replicas, want 3", n)
	}
}

// TestSlackDailyPost runs `archivebot slack --http` with a fake clock
// against a fake Slack Web API: it posts once at the time, with the
// workspace from auth.test; a channel the app is not in is given up on
// for the day, not retried.
func TestSlackDailyPost(t *testing.T) {
	loc := berlinZone(t)
	tests := []struct {
		name      string
		answer    string // chat.postMessage's answer
		wantPosts int    // attempts over two days
		wantLog   string
	}{
		{"posted", `{"ok":true,"channel":"C0123456789","ts":"1.2"}`, 2, "daily post sent"},
		{"not in the channel", `{"ok":false,"error":"not_in_channel"}`, 2, "not trying again today"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var posts []url.Values
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				switch r.URL.Path {
				case "/api/auth.test":
					fmt.Fprint(w, `{"ok":true,"team":"Ostland Archive","team_id":"T0OSTLAND","user_id":"U1","bot_id":"B1"}`)
				case "/api/chat.postMessage":
					_ = r.ParseForm()
					mu.Lock()
					posts = append(posts, r.PostForm)
					mu.Unlock()
					fmt.Fprint(w, tt.answer)
				default:
					fmt.Fprint(w, `{"ok":true}`)
				}
			}))
			defer api.Close()
			dir := t.TempDir()
			env := map[string]string{
				"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "test-signing-secret", "SLACK_API_URL": api.URL + "/api",
				"ARCHIVEBOT_CACHE_DIR": dir, "ARCHIVEBOT_LOG_LEVEL": "debug", "ARCHIVEBOT_TZ": "Europe/Berlin",
				"ARCHIVEBOT_DAILY_AT": "07:30", "SLACK_DAILY_CHANNEL": "C0123456789",
			}
			clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 7, 0, 0, 0, loc))
			p := startProgram(t, env, clock, "slack", "--http", slackFreeAddr(t))
			advance(t, clock, 1, time.Date(2026, 6, 2, 12, 0, 0, 0, loc), p.stderr)
			log := p.stop()
			mu.Lock()
			defer mu.Unlock()
			if len(posts) != tt.wantPosts {
				t.Errorf("%d posts, want %d\n%s", len(posts), tt.wantPosts, log)
			}
			for _, f := range posts {
				if f.Get("channel") != "C0123456789" || f.Get("thread_ts") != "" || !strings.Contains(f.Get("blocks"), "June") {
					t.Errorf("posted %v", f)
				}
			}
			if !strings.Contains(log, tt.wantLog) || !strings.Contains(log, "slack:T0OSTLAND") {
				t.Errorf("the log lacks %q or the workspace key:\n%s", tt.wantLog, log)
			}
		})
	}
}
