package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/archivebot/archivebot/bot"
)

// socketApp is the adapter in Socket Mode, connected to a fake Slack.
type socketApp struct {
	fake *fakeSlack
	log  *logBuffer
}

// startSocket runs the adapter in Socket Mode until the test ends, and
// checks that it then shuts down cleanly.
func startSocket(t *testing.T, b Bot, cfg Config) *socketApp {
	t.Helper()
	return startSocketWith(t, b, cfg)
}

// startSocketWith is startSocket with extra handlers on the fake Slack.
func startSocketWith(t *testing.T, b Bot, cfg Config, extra ...slacktest.Binder) *socketApp {
	t.Helper()
	fake := newFakeSlack(t, extra...)
	logger, buf := newTestLogger(t)
	cfg.BotToken, cfg.AppToken, cfg.APIURL, cfg.Logger = testBotToken, testAppToken, fake.apiURL(), logger
	if cfg.PerMinute == 0 {
		cfg.PerMinute, cfg.Burst = 6000, 1000
	}
	if err := cfg.Validate(SocketMode); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(b, cfg).RunSocketMode(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("shutdown: %v", err)
			}
		case <-time.After(waitFor):
			t.Error("Socket Mode did not shut down")
		}
	})
	fake.waitConn(t)
	if token := <-fake.opened; token != testAppToken {
		t.Errorf("apps.connections.open called with %q, want the app-level token", token)
	}
	return &socketApp{fake: fake, log: buf}
}

// slashPayload is a slash command as Socket Mode delivers it.
func slashPayload(command, text, responseURL string) map[string]any {
	return map[string]any{
		"token": "deprecated", "team_id": testTeam, "team_domain": "test", "channel_id": testChannel,
		"channel_name": "general", "user_id": testUser, "user_name": "tester", "command": command, "text": text,
		"api_app_id": "A0APP", "is_enterprise_install": "false", "response_url": responseURL, "trigger_id": "1.2.3",
	}
}

func TestSocketModeSlashCommands(t *testing.T) {
	t.Parallel()
	app := startSocket(t, testBot, Config{})
	tests := []struct {
		command, text string
		want          string
	}{
		{"/archive", "quote cotton", "Pyongyang textile mill"},
		{"/quote", "tungsten", "Page 1 of 4"},
		{"/archive", "who Peng Dehuai", "CPC CC Politburo member"},
		{"/when", "Chivu Stoica", "agreed to visit the DPRK in 1958"},
		{"/cite", "115932", "Gary Goldberg"},
		{"/archive", "search textile mill", "Puzanov"},
		{"/doc", "115932", "Original language"},
		{"/archive", "help", "/archive who &lt;name&gt;"},
	}
	for i, tt := range tests {
		t.Run(tt.command+" "+tt.text, func(t *testing.T) {
			envelope := fmt.Sprintf("env-slash-%d", i)
			app.fake.envelope(t, "slash_commands", envelope, slashPayload(tt.command, tt.text, app.fake.responseURL("s")), 0)
			ack := app.fake.ack(t)
			if ack.Channel != envelope {
				t.Fatalf("acknowledged %q, want %q", ack.Channel, envelope)
			}
			if ack.ResponseType != "ephemeral" || !strings.Contains(ack.blockText(), tt.want) {
				t.Errorf("acknowledgement (%s) lacks %q:\n%s", ack.ResponseType, tt.want, ack.Raw)
			}
		})
	}
	app.fake.quiet(t)
}

// TestSocketModeLargeAnswer checks that an answer too big for a Socket
// Mode acknowledgement is never sent in one: the acknowledgement goes
// empty and the answer to the response_url.
func TestSocketModeLargeAnswer(t *testing.T) {
	t.Parallel()
	// Cyrillic text takes two bytes a character, and escaped & three
	// times its length: a message within Slack's limits can still be far
	// over 20 KB.
	huge := bot.Reply{Kind: bot.KindAnswer, Command: "quote", Headline: "Many passages & more"}
	for i := range 8 {
		text := strings.Repeat(fmt.Sprintf("Товарищ Ким Ир Сен сказал & <%d>. ", i), 60)
		huge.Passages = append(huge.Passages, bot.Passage{Text: text, DocID: "1", Paragraph: i + 1})
	}
	msg := reply(render(huge, view{command: "quote huge", share: true, paging: true, slash: true}), "ephemeral")
	if js, _ := json.Marshal(msg); len(js) < maxAck {
		t.Fatalf("the test answer is only %d bytes: it must not fit an acknowledgement", len(js))
	}
	app := startSocket(t, stubBot{testBot, map[string]bot.Reply{"quote huge": huge}}, Config{})
	app.fake.envelope(t, "slash_commands", "env-huge", slashPayload("/archive", "quote huge", app.fake.responseURL("huge")), 0)
	ack := app.fake.ack(t)
	if ack.Channel != "env-huge" || ack.Blocks != nil {
		t.Errorf("acknowledgement of %d bytes carries the answer: %.300s", len(ack.Raw), ack.Raw)
	}
	p := app.fake.next(t)
	if p.Via != "response" || p.Channel != "huge" || p.ResponseType != "ephemeral" || !strings.Contains(p.blockText(), "Ким Ир Сен сказал &amp;") {
		t.Errorf("the answer did not go to the response_url: %s %s %.300s", p.Via, p.Channel, p.Raw)
	}
}

func TestSocketModeEvents(t *testing.T) {
	t.Parallel()
	app := startSocket(t, testBot, Config{})
	tests := []struct {
		name    string
		id      string
		inner   map[string]any
		retry   int
		channel string
		thread  string
		want    string
	}{
		{"mention", "EvS1", mention("<@"+testBotUser+"> quote cotton", "1700000010.000100", ""), 0, testChannel, "1700000010.000100", "Pyongyang textile mill"},
		{"direct message", "EvS2", directMessage("when Chivu Stoica", "1700000010.000200"), 0, testDM, "", "agreed to visit the DPRK in 1958"},
		{"retried mention", "EvS1", mention("<@"+testBotUser+"> quote cotton", "1700000010.000100", ""), 1, "", "", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			envelope := fmt.Sprintf("env-event-%d", i)
			app.fake.envelope(t, "events_api", envelope, json.RawMessage(eventBody(tt.id, tt.inner)), tt.retry)
			if ack := app.fake.ack(t); ack.Channel != envelope || ack.Blocks != nil {
				t.Errorf("acknowledgement %s, %s; want %s and no payload", ack.Channel, ack.Raw, envelope)
			}
			if tt.want == "" {
				app.fake.quiet(t)
				return
			}
			p := app.fake.next(t)
			if p.Via != "chat.postMessage" || p.Channel != tt.channel || p.ThreadTS != tt.thread || p.Token != testBotToken {
				t.Errorf("posted via %s to %s in thread %q; want chat.postMessage to %s in thread %q with the bot token", p.Via, p.Channel, p.ThreadTS, tt.channel, tt.thread)
			}
			if !strings.Contains(p.blockText(), tt.want) {
				t.Errorf("answer lacks %q:\n%s", tt.want, p.Blocks)
			}
		})
	}
}

func TestSocketModeButtons(t *testing.T) {
	t.Parallel()
	app := startSocket(t, testBot, Config{})
	app.fake.envelope(t, "interactive", "env-button", buttonPress(actionNext, "quote tungsten page:3", app.fake.responseURL("b"), true), 0)
	if ack := app.fake.ack(t); ack.Channel != "env-button" || ack.Blocks != nil {
		t.Errorf("acknowledgement: %s", ack.Raw)
	}
	p := app.fake.next(t)
	if !p.ReplaceOriginal || p.ResponseType != "ephemeral" || !strings.Contains(p.blockText(), "Page 3 of 4") {
		t.Errorf("page 3: replace=%v type=%q\n%s", p.ReplaceOriginal, p.ResponseType, p.Blocks)
	}
	app.fake.envelope(t, "interactive", "env-share", buttonPress(actionShare, "quote cotton", app.fake.responseURL("b"), true), 0)
	app.fake.ack(t)
	if p := app.fake.next(t); p.ResponseType != "in_channel" || !strings.Contains(p.blockText(), "<@"+testUser+"> shared") {
		t.Errorf("shared answer: %s %s", p.ResponseType, p.Blocks)
	}
	if p := app.fake.next(t); !p.DeleteOriginal {
		t.Errorf("the private answer was not removed after sharing: %s", p.Raw)
	}
}

// TestSocketModeReconnect checks that the app reconnects when Slack asks
// it to, and answers on the new connection.
func TestSocketModeReconnect(t *testing.T) {
	t.Parallel()
	app := startSocket(t, testBot, Config{})
	if err := app.fake.write([]byte(`{"type":"disconnect","reason":"refresh_requested","debug_info":{"host":"fake"}}`)); err != nil {
		t.Fatal(err)
	}
	app.fake.waitConn(t)
	app.fake.envelope(t, "slash_commands", "env-after", slashPayload("/quote", "cotton", app.fake.responseURL("s")), 0)
	if ack := app.fake.ack(t); !strings.Contains(ack.blockText(), "Pyongyang textile mill") {
		t.Errorf("no answer after reconnecting: %.300s", ack.Raw)
	}
}

// TestSocketModeRefusedToken checks that a token Slack refuses stops the
// adapter at start with an error that says so and shows no token.
func TestSocketModeRefusedToken(t *testing.T) {
	t.Parallel()
	fake := newFakeSlack(t, func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, `{"ok":false,"error":"invalid_auth"}`)
		})
	})
	logger, _ := newTestLogger(t)
	a := New(testBot, Config{BotToken: testBotToken, AppToken: testAppToken, APIURL: fake.apiURL(), Logger: logger})
	err := a.RunSocketMode(withTimeout(t))
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("RunSocketMode with a refused token: %v", err)
	}
}
