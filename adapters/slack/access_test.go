package slack

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot"
)

const (
	otherTeam    = "T0OTHER"
	otherChannel = "C0OTHER"
)

// slashFrom is a slash command from a user in a workspace and channel.
func slashFrom(team, channel, user, text, responseURL string) []byte {
	return []byte(url.Values{
		"team_id": {team}, "channel_id": {channel}, "user_id": {user}, "command": {"/archive"}, "text": {text},
		"api_app_id": {"A0APP"}, "response_url": {responseURL}, "trigger_id": {"1.2.3"},
	}.Encode())
}

func TestHTTPAllowList(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{AllowedTeams: []string{testTeam}, AllowedChannels: []string{testChannel}})

	t.Run("slash commands", func(t *testing.T) {
		tests := []struct {
			name          string
			team, channel string
			allowed       bool
		}{
			{"listed workspace and channel", testTeam, testChannel, true},
			{"another workspace", otherTeam, testChannel, false},
			{"another channel", testTeam, otherChannel, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, body := app.send(t, formType, slashFrom(tt.team, tt.channel, testUser, "doc 115932", app.fake.responseURL("a")), testSecret, time.Now())
				p := slashAnswer(t, body)
				refused := strings.Contains(p.blockText(), "not available here")
				if refused == tt.allowed || p.ResponseType != "ephemeral" {
					t.Errorf("allowed=%v, got a %s answer:\n%s", tt.allowed, p.ResponseType, p.Blocks)
				}
				if !tt.allowed && strings.Contains(p.blockText(), "Puzanov") {
					t.Error("the refusal holds the answer")
				}
			})
		}
	})

	t.Run("mention in another channel", func(t *testing.T) {
		m := mention("<@"+testBotUser+"> doc 115932", "1700000000.000900", "")
		m["channel"] = otherChannel
		if status, _ := app.send(t, "application/json", eventBody("Ev-allow-1", m), testSecret, time.Now()); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		p := app.fake.next(t)
		if p.Via != "chat.postEphemeral" || p.User != testUser || !strings.Contains(p.blockText(), "not available here") {
			t.Errorf("want a private refusal to the asker, got %s to %q:\n%s", p.Via, p.User, p.Blocks)
		}
	})

	t.Run("direct message not listed", func(t *testing.T) {
		if status, _ := app.send(t, "application/json", eventBody("Ev-allow-2", directMessage("doc 115932", "1700000000.000901")), testSecret, time.Now()); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		p := app.fake.next(t)
		if p.Channel != testDM || !strings.Contains(p.blockText(), "not available here") {
			t.Errorf("want a refusal in the direct message, got %s in %s:\n%s", p.Via, p.Channel, p.Blocks)
		}
	})

	t.Run("button in another channel", func(t *testing.T) {
		press := buttonPress(actionNext, "doc 115932", app.fake.responseURL("b"), false)
		press["channel"] = map[string]any{"id": otherChannel}
		if status, _ := app.send(t, formType, interactionForm(press), testSecret, time.Now()); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		p := app.fake.next(t)
		if p.Via != "response" || p.ResponseType != "ephemeral" || p.ReplaceOriginal || !strings.Contains(p.blockText(), "not available here") {
			t.Errorf("want a private refusal that leaves the message alone, got %+v", p)
		}
	})
}

func TestHTTPChannelRateLimit(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	refused := map[string]int{}
	app := startHTTP(t, testBot, Config{
		PerMinute: 6000, Burst: 100, ChannelPerMinute: 1, ChannelBurst: 2,
		RateLimited: func(scope string) {
			mu.Lock()
			defer mu.Unlock()
			refused[scope]++
		},
	})
	ask := func(user, channel string) posted {
		t.Helper()
		_, body := app.send(t, formType, slashFrom(testTeam, channel, user, "doc 115932", app.fake.responseURL("rl")), testSecret, time.Now())
		return slashAnswer(t, body)
	}
	for i, user := range []string{"U1", "U2"} {
		if p := ask(user, testChannel); strings.Contains(p.blockText(), "slow down") {
			t.Fatalf("request %d in the channel was limited", i+1)
		}
	}
	if p := ask("U3", testChannel); !strings.Contains(p.blockText(), "slow down") {
		t.Errorf("a third request in a channel with a burst of 2 was answered:\n%s", p.Blocks)
	}
	if p := ask("U3", otherChannel); strings.Contains(p.blockText(), "slow down") {
		t.Error("a request in another channel was limited")
	}
	mu.Lock()
	defer mu.Unlock()
	if refused[bot.ScopeChannel] != 1 || refused[bot.ScopeUser] != 0 {
		t.Errorf("refusals reported %v, want one by the channel limit", refused)
	}
}

// waitReady polls a's readiness until it is want.
func waitReady(t *testing.T, a *Adapter, want bool) {
	t.Helper()
	for deadline := time.Now().Add(waitFor); a.Ready() != want; {
		if time.Now().After(deadline) {
			t.Fatalf("Ready() stayed %v", !want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestReadiness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mode Mode
	}{{"http", HTTPMode}, {"socket mode", SocketMode}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeSlack(t)
			logger, _ := newTestLogger(t)
			cfg := Config{BotToken: testBotToken, AppToken: testAppToken, SigningSecret: testSecret, APIURL: fake.apiURL(), Logger: logger}
			a := New(testBot, cfg)
			if a.Ready() {
				t.Error("ready before starting")
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			if tt.mode == HTTPMode {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				go func() { done <- a.Serve(ctx, ln) }()
			} else {
				go func() { done <- a.RunSocketMode(ctx) }()
				fake.waitConn(t)
			}
			waitReady(t, a, true)
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("shutdown: %v", err)
				}
			case <-time.After(waitFor):
				t.Fatal("did not shut down")
			}
			if a.Ready() {
				t.Error("ready after shutdown")
			}
		})
	}
}

// TestRequestIDs: the adapter's and the bot's log lines of one request
// carry the same request id.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	buf := &logBuffer{}
	log := slog.New(bot.LogRequestIDs(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	b := bot.New(nil, bot.Options{Logger: log})
	fake := newFakeSlack(t)
	a := New(b, Config{BotToken: testBotToken, SigningSecret: testSecret, APIURL: fake.apiURL(), Logger: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &httpApp{fake: fake, url: "http://" + ln.Addr().String(), log: buf}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	srv.waitHealthy(t)

	_, body := srv.send(t, formType, slashForm("/archive", "help", fake.responseURL("id")), testSecret, time.Now())
	slashAnswer(t, body)
	byID := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec struct {
			Msg       string `json:"msg"`
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		if rec.RequestID != "" {
			byID[rec.RequestID] = append(byID[rec.RequestID], rec.Msg)
		}
	}
	if len(byID) != 1 {
		t.Fatalf("request ids %v, want one for the one command", byID)
	}
	for _, msgs := range byID {
		if !slices.Contains(msgs, "answered") || !slices.Contains(msgs, "request answered") {
			t.Errorf("the request's lines are %q, want the adapter's and the bot's", msgs)
		}
	}
}
