package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot"
)

// httpApp is the adapter in HTTP mode on loopback, served by Serve as
// archivebot serves it, against a fake Slack.
type httpApp struct {
	fake *fakeSlack
	url  string
	log  *logBuffer
}

// startHTTP runs the adapter in HTTP mode until the test ends, and checks
// that it then shuts down cleanly.
func startHTTP(t *testing.T, b Bot, cfg Config) *httpApp {
	t.Helper()
	fake := newFakeSlack(t)
	logger, buf := newTestLogger(t)
	cfg.BotToken, cfg.SigningSecret, cfg.APIURL, cfg.Logger = testBotToken, testSecret, fake.apiURL(), logger
	if cfg.PerMinute == 0 {
		cfg.PerMinute, cfg.Burst = 6000, 1000 // tests ask quickly; TestHTTPRateLimit sets its own
	}
	if err := cfg.Validate(HTTPMode); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(b, cfg).Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("shutdown: %v", err)
			}
		case <-time.After(waitFor):
			t.Error("HTTP mode did not shut down")
		}
	})
	app := &httpApp{fake: fake, url: "http://" + ln.Addr().String(), log: buf}
	app.waitHealthy(t)
	return app
}

func (h *httpApp) waitHealthy(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		res, err := http.Get(h.url + HealthPath)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("HTTP mode never became healthy")
}

// send posts a request to the events endpoint, signed at ts with secret
// unless secret is empty.
func (h *httpApp) send(t *testing.T, contentType string, body []byte, secret string, ts time.Time) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.url+EventsPath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if secret != "" {
		sign(req.Header, secret, ts, body)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	return res.StatusCode, got
}

const formType = "application/x-www-form-urlencoded"

// triggers numbers the trigger_ids of the test requests: Slack gives
// each request its own, so two requests never have the same body.
var triggers atomic.Int64

func triggerID() string { return fmt.Sprintf("%d.2.3", triggers.Add(1)) }

// slashForm is a slash command as Slack posts it.
func slashForm(command, text, responseURL string) []byte {
	return []byte(url.Values{
		"token": {"deprecated-verification-token"}, "team_id": {testTeam}, "team_domain": {"test"},
		"channel_id": {testChannel}, "channel_name": {"general"}, "user_id": {testUser}, "user_name": {"tester"},
		"command": {command}, "text": {text}, "api_app_id": {"A0APP"},
		"response_url": {responseURL}, "trigger_id": {triggerID()},
	}.Encode())
}

// eventBody is an Events API delivery of an inner event.
func eventBody(id string, inner map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"token": "deprecated", "team_id": testTeam, "api_app_id": "A0APP", "type": "event_callback",
		"event_id": id, "event_time": 1700000000, "event": inner,
	})
	return b
}

func mention(text, ts, thread string) map[string]any {
	m := map[string]any{"type": "app_mention", "user": testUser, "text": text, "ts": ts, "channel": testChannel, "event_ts": ts}
	if thread != "" {
		m["thread_ts"] = thread
	}
	return m
}

func directMessage(text, ts string) map[string]any {
	return map[string]any{"type": "message", "channel_type": "im", "user": testUser, "text": text, "ts": ts, "channel": testDM, "event_ts": ts}
}

// buttonPress is a block_actions interaction as Slack posts it.
func buttonPress(actionID, value, responseURL string, ephemeral bool) map[string]any {
	return map[string]any{
		"type": "block_actions", "team": map[string]any{"id": testTeam}, "user": map[string]any{"id": testUser},
		"channel": map[string]any{"id": testChannel}, "api_app_id": "A0APP", "trigger_id": triggerID(),
		"response_url": responseURL,
		"container":    map[string]any{"type": "message", "message_ts": "1700000000.000100", "channel_id": testChannel, "is_ephemeral": ephemeral},
		"actions": []map[string]any{{
			"action_id": actionID, "block_id": "b1", "type": "button", "value": value, "action_ts": "1700000001.000100",
			"text": map[string]any{"type": "plain_text", "text": "Next"},
		}},
	}
}

func interactionForm(payload map[string]any) []byte {
	b, _ := json.Marshal(payload)
	return []byte(url.Values{"payload": {string(b)}}.Encode())
}

// slashAnswer reads an HTTP-mode answer to a slash command.
func slashAnswer(t *testing.T, body []byte) posted {
	t.Helper()
	var m struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("answer is not a message: %v\n%s", err, body)
	}
	p := posted{Via: "http", Text: m.Text, Blocks: m.Blocks, ResponseType: m.ResponseType, Raw: body}
	checkPayload(t, p)
	return p
}

func TestHTTPSlashCommands(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{})
	tests := []struct {
		command, text string
		want          []string
		share         bool
	}{
		{"/archive", "quote cotton", []string{"1 passage for “cotton”", "Pyongyang textile mill", "AVPRF F. 0102, Op. 13, Delo 5"}, true},
		{"/quote", "cotton", []string{"Pyongyang textile mill", "paragraph 15"}, true},
		{"/archive", "who Peng Dehuai", []string{"CPC CC Politburo member"}, true},
		{"/when", "Chivu Stoica", []string{"*1958*", "agreed to visit the DPRK in 1958"}, true},
		{"/cite", "115932", []string{"Gary Goldberg", "```"}, true},
		{"/cite", "<https://wilson-center-digital-archive.dvincitest.com/document/115932>", []string{"Gary Goldberg"}, true},
		{"/archive", "search textile mill", []string{"From the Journal of A. M. Puzanov"}, true},
		{"/doc", "115932 15", []string{"Paragraph 15", "Pyongyang textile mill"}, true},
		{"/archive", "help", []string{"`/quote &lt;words", "`/archive who &lt;name&gt;`"}, false},
		{"/archive", "", []string{"Ask the archive"}, false},
		{"/quote", "", []string{"needs something to look for"}, false},
		{"/archive", "frobnicate", []string{"I don't know the command"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.command+" "+tt.text, func(t *testing.T) {
			status, body := app.send(t, formType, slashForm(tt.command, tt.text, app.fake.responseURL("slash")), testSecret, time.Now())
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			p := slashAnswer(t, body)
			if p.ResponseType != "ephemeral" {
				t.Errorf("response_type %q, want ephemeral", p.ResponseType)
			}
			for _, w := range tt.want {
				if !strings.Contains(p.blockText(), w) {
					t.Errorf("answer lacks %q:\n%s", w, p.Blocks)
				}
			}
			if got := strings.Contains(p.blockText(), actionShare); got != tt.share {
				t.Errorf("Share button shown: %v, want %v", got, tt.share)
			}
		})
	}
	app.fake.quiet(t) // everything was answered with the acknowledgement
}

// TestHTTPSlashLater checks the three-second rule: an answer not ready
// when the acknowledgement goes goes to the response_url afterwards.
func TestHTTPSlashLater(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{AckWithin: -1})
	status, body := app.send(t, formType, slashForm("/quote", "cotton", app.fake.responseURL("r1")), testSecret, time.Now())
	if status != http.StatusOK || len(body) != 0 {
		t.Fatalf("acknowledgement: status %d, body %q; want 200 and nothing", status, body)
	}
	p := app.fake.next(t)
	if p.Via != "response" || p.Channel != "r1" || p.ResponseType != "ephemeral" || !strings.Contains(p.blockText(), "Pyongyang textile mill") {
		t.Errorf("answer to the response_url: %+v", p)
	}
	if p.Token != "" {
		t.Error("the response_url was sent a token")
	}
}

func TestHTTPMentionsAndDirectMessages(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{})
	tests := []struct {
		name    string
		inner   map[string]any
		via     string
		channel string
		thread  string
		want    string
	}{
		{"mention starts a thread", mention("<@"+testBotUser+"> quote cotton", "1700000000.000100", ""), "chat.postMessage", testChannel, "1700000000.000100", "Pyongyang textile mill"},
		{"mention in a thread answers there", mention("<@"+testBotUser+"> who Peng Dehuai", "1700000000.000300", "1700000000.000200"), "chat.postMessage", testChannel, "1700000000.000200", "CPC CC Politburo member"},
		{"private answer to a mention", mention("<@"+testBotUser+"> frobnicate", "1700000000.000400", ""), "chat.postEphemeral", testChannel, "1700000000.000400", "I don't know the command"},
		{"bare mention gets help", mention("<@"+testBotUser+">", "1700000000.000500", ""), "chat.postEphemeral", testChannel, "1700000000.000500", "Ask the archive"},
		{"direct message", directMessage("quote cotton", "1700000000.000600"), "chat.postMessage", testDM, "", "Pyongyang textile mill"},
		{"direct message, private answer", directMessage("help", "1700000000.000700"), "chat.postMessage", testDM, "", "Ask the archive"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := app.send(t, "application/json", eventBody("Ev"+string(rune('A'+i)), tt.inner), testSecret, time.Now())
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			p := app.fake.next(t)
			if p.Via != tt.via || p.Channel != tt.channel || p.ThreadTS != tt.thread {
				t.Errorf("posted via %s to %s in thread %q; want %s to %s in thread %q", p.Via, p.Channel, p.ThreadTS, tt.via, tt.channel, tt.thread)
			}
			if p.Via == "chat.postEphemeral" && p.User != testUser {
				t.Errorf("ephemeral answer for %q, want %q", p.User, testUser)
			}
			if p.Token != testBotToken {
				t.Errorf("posted with token %q, want the bot token", p.Token)
			}
			if !strings.Contains(p.blockText(), tt.want) {
				t.Errorf("answer lacks %q:\n%s", tt.want, p.Blocks)
			}
		})
	}
}

// TestHTTPIgnoresBotsAndEdits checks that the app does not answer bots
// (its own replies come back as message events) or edited messages.
func TestHTTPIgnoresBotsAndEdits(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{})
	own := directMessage("1 passage for cotton", "1700000000.000800")
	own["bot_id"] = "B0ARCHIVEBOT"
	edit := directMessage("quote cotton", "1700000000.000900")
	edit["subtype"] = "message_changed"
	botMention := mention("<@"+testBotUser+"> quote cotton", "1700000000.001000", "")
	botMention["bot_id"] = "B0OTHER"
	channelMessage := directMessage("quote cotton", "1700000000.001100")
	channelMessage["channel_type"] = "channel"
	for i, inner := range []map[string]any{own, edit, botMention, channelMessage} {
		if status, _ := app.send(t, "application/json", eventBody("EvIgnored"+string(rune('A'+i)), inner), testSecret, time.Now()); status != http.StatusOK {
			t.Errorf("event %d: status %d", i, status)
		}
	}
	app.fake.quiet(t)
}

// TestHTTPHousekeeping covers Slack's requests that ask no question: the
// URL check when the request URL is saved, the SSL check of slash
// commands, and the notice that events are being rate limited.
func TestHTTPHousekeeping(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{})
	const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
	tests := []struct {
		name, contentType, body string
		status                  int
		want                    string
	}{
		{"URL verification", "application/json", `{"token":"deprecated","challenge":"` + challenge + `","type":"url_verification"}`, http.StatusOK, challenge},
		{"SSL check", formType, "ssl_check=1&token=deprecated", http.StatusOK, ""},
		{"events rate limited", "application/json", `{"token":"deprecated","type":"app_rate_limited","team_id":"T0TEST","minute_rate_limited":1518467820,"api_app_id":"A0APP"}`, http.StatusOK, ""},
		{"event of a type not subscribed to", "application/json", string(eventBody("EvOther", map[string]any{"type": "reaction_added", "user": testUser})), http.StatusOK, ""},
		{"form of no known kind", formType, "something=else", http.StatusBadRequest, "unknown request"},
		{"not a form or JSON", "text/plain", "hello", http.StatusUnsupportedMediaType, "unsupported content type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := app.send(t, tt.contentType, []byte(tt.body), testSecret, time.Now())
			if status != tt.status || strings.TrimSpace(string(got)) != tt.want {
				t.Errorf("status %d, body %q; want %d, %q", status, got, tt.status, tt.want)
			}
		})
	}
	app.fake.quiet(t)
}

// TestHTTPRetriedEvent checks that a delivery Slack retries (same event
// id) is answered once.
func TestHTTPRetriedEvent(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{})
	body := eventBody("Ev0RETRIED", mention("<@"+testBotUser+"> quote cotton", "1700000001.000100", ""))
	for attempt := range 3 {
		if status, _ := app.send(t, "application/json", body, testSecret, time.Now()); status != http.StatusOK {
			t.Fatalf("attempt %d: status %d", attempt, status)
		}
	}
	app.fake.next(t)
	app.fake.quiet(t)
	// The same message arriving as another event is answered once too.
	again := eventBody("Ev0OTHER", mention("<@"+testBotUser+"> quote cotton", "1700000001.000100", ""))
	app.send(t, "application/json", again, testSecret, time.Now())
	app.fake.quiet(t)
}

func TestHTTPButtons(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{})
	tests := []struct {
		name      string
		action    string
		value     string
		ephemeral bool
		want      []posted // Via, ResponseType, ReplaceOriginal, DeleteOriginal
		contains  string
	}{
		{"next page of a private answer", actionNext, "quote tungsten page:2", true,
			[]posted{{ResponseType: "ephemeral", ReplaceOriginal: true}}, "Page 2 of 4"},
		{"previous page in a thread", actionPrev, "quote tungsten", false,
			[]posted{{ResponseType: "in_channel", ReplaceOriginal: true}}, "Page 1 of 4"},
		{"a choice", actionChoice + "1", "cite 115932", true,
			[]posted{{ResponseType: "ephemeral", ReplaceOriginal: true}}, "Gary Goldberg"},
		{"share in channel", actionShare, "quote cotton", true,
			[]posted{{ResponseType: "in_channel"}, {DeleteOriginal: true}}, "shared this answer"},
		{"a private reply is not shared", actionShare, "frobnicate", true,
			[]posted{{ResponseType: "ephemeral"}}, "I can't follow that button"},
		{"tampered value", actionNext, "<!channel> rm -rf /", true,
			[]posted{{ResponseType: "ephemeral"}}, "I can't follow that button"},
		{"unknown action", "some_other_app_action", "quote cotton", true,
			[]posted{{ResponseType: "ephemeral"}}, "I can't follow that button"},
		{"over-long value", actionNext, "quote " + strings.Repeat("x", 600), true,
			[]posted{{ResponseType: "ephemeral"}}, "I can't follow that button"},
		{"usage reply to a thread button goes to the presser", actionNext, "quote tungsten page:99", false,
			[]posted{{ResponseType: "ephemeral"}}, "page:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := interactionForm(buttonPress(tt.action, tt.value, app.fake.responseURL("button"), tt.ephemeral))
			status, body := app.send(t, formType, form, testSecret, time.Now())
			if status != http.StatusOK || len(body) != 0 {
				t.Fatalf("acknowledgement: status %d, body %q", status, body)
			}
			for i, want := range tt.want {
				p := app.fake.next(t)
				if p.Via != "response" || p.ResponseType != want.ResponseType || p.ReplaceOriginal != want.ReplaceOriginal || p.DeleteOriginal != want.DeleteOriginal {
					t.Errorf("post %d: %s response_type=%q replace=%v delete=%v; want %q replace=%v delete=%v",
						i, p.Via, p.ResponseType, p.ReplaceOriginal, p.DeleteOriginal, want.ResponseType, want.ReplaceOriginal, want.DeleteOriginal)
				}
				if i == 0 && !strings.Contains(p.blockText(), tt.contains) {
					t.Errorf("post lacks %q:\n%s", tt.contains, p.Blocks)
				}
			}
			app.fake.quiet(t)
		})
	}
}

// TestHTTPRefusesUnverified checks that only requests Slack signed, and
// signed lately, are read, and that the log says why a request was
// refused without showing what it held.
func TestHTTPRefusesUnverified(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{MaxBody: 8 << 10})
	const marker = "SECRET-BODY-MARKER"
	body := slashForm("/quote", marker, app.fake.responseURL("refused"))
	tests := []struct {
		name   string
		body   []byte
		secret string
		ts     time.Time
		status int
		reason string
	}{
		{"bad signature", body, "some-other-secret", time.Now(), http.StatusUnauthorized, "signature does not match"},
		{"no signature", body, "", time.Now(), http.StatusUnauthorized, "no signature"},
		{"stale timestamp", body, testSecret, time.Now().Add(-6 * time.Minute), http.StatusUnauthorized, "timestamp more than five minutes off"},
		{"future timestamp", body, testSecret, time.Now().Add(6 * time.Minute), http.StatusUnauthorized, "timestamp more than five minutes off"},
		{"over-size body", append(body, []byte("&padding="+strings.Repeat("x", 9<<10))...), testSecret, time.Now(), http.StatusRequestEntityTooLarge, "body too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _ := app.send(t, formType, tt.body, tt.secret, tt.ts)
			if status != tt.status {
				t.Errorf("status %d, want %d", status, tt.status)
			}
			if !strings.Contains(app.log.String(), tt.reason) {
				t.Errorf("the log does not say %q", tt.reason)
			}
		})
	}
	// A body signed for one request and sent with another's signature.
	req, _ := http.NewRequest(http.MethodPost, app.url+EventsPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", formType)
	sign(req.Header, testSecret, time.Now(), slashForm("/quote", "cotton", ""))
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Errorf("body with another body's signature: %v %v", res.StatusCode, err)
	}
	if strings.Contains(app.log.String(), marker) {
		t.Error("the log shows the body of a refused request")
	}
	app.fake.quiet(t)
	if res, err := http.Get(app.url + EventsPath); err != nil || res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %v, want 405", EventsPath, err)
	}
}

// TestHTTPRateLimit checks the per-user rate limit.
func TestHTTPRateLimit(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{PerMinute: 1, Burst: 2})
	var last posted
	for range 3 {
		_, body := app.send(t, formType, slashForm("/quote", "cotton", app.fake.responseURL("rl")), testSecret, time.Now())
		last = slashAnswer(t, body)
	}
	if !strings.Contains(last.blockText(), "slow down") {
		t.Errorf("third request in a minute, over a burst of 2, was answered:\n%s", last.Blocks)
	}
}

// TestHTTPHostileArchiveText drives hostile archive text through the
// real handler and checks what reaches Slack.
func TestHTTPHostileArchiveText(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, stubBot{testBot, map[string]bot.Reply{"quote evil": hostileReply()}}, Config{})
	_, body := app.send(t, formType, slashForm("/archive", "quote evil", app.fake.responseURL("h")), testSecret, time.Now())
	p := slashAnswer(t, body) // checkPayload refuses <!...>, <@...> and unescaped markup
	for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<@U999>", "@here", "@channel", "@everyone"} {
		if strings.Contains(p.Text, bad) || strings.Contains(p.blockText(), bad) {
			t.Errorf("%q reached Slack", bad)
		}
	}
	app.send(t, "application/json", eventBody("EvHostile", mention("<@"+testBotUser+"> quote evil", "1700000002.000100", "")), testSecret, time.Now())
	app.fake.next(t)
}

func TestHTTPShutdownWaitsForAnswers(t *testing.T) {
	t.Parallel()
	slow := slowBot{Bot: testBot, delay: 300 * time.Millisecond}
	fake := newFakeSlack(t)
	logger, _ := newTestLogger(t)
	a := New(slow, Config{BotToken: testBotToken, SigningSecret: testSecret, APIURL: fake.apiURL(), Logger: logger, AckWithin: -1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	app := &httpApp{fake: fake, url: "http://" + ln.Addr().String()}
	app.waitHealthy(t)
	app.send(t, formType, slashForm("/quote", "cotton", fake.responseURL("late")), testSecret, time.Now())
	cancel() // SIGTERM while the answer is being looked up
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	select {
	case p := <-fake.posts:
		checkPayload(t, p)
		if !strings.Contains(p.blockText(), "Pyongyang") {
			t.Errorf("late answer: %s", p.Blocks)
		}
	default:
		t.Error("shutdown did not wait for the answer in progress")
	}
}

// slowBot is the real bot, slowed down.
type slowBot struct {
	*bot.Bot
	delay time.Duration
}

func (s slowBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	time.Sleep(s.delay)
	return s.Bot.Handle(ctx, req)
}

// TestHTTPReplayedRequest: a signed request sent again with the same
// timestamp and signature, inside the five minutes Slack's signature is
// good for, is acknowledged and answered once, and the log says so. The
// same command signed anew (another request) is answered again.
func TestHTTPReplayedRequest(t *testing.T) {
	t.Parallel()
	app := startHTTP(t, testBot, Config{})
	tests := []struct {
		name string
		body []byte
	}{
		{"slash command", slashForm("/cite", "115932", app.fake.responseURL("replay"))},
		{"button press", interactionForm(buttonPress(actionNext, "quote tungsten page:2", app.fake.responseURL("replay"), true))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := time.Now().Add(-time.Minute)
			answers := 0
			for range 3 {
				status, body := app.send(t, formType, tt.body, testSecret, ts)
				if status != http.StatusOK {
					t.Fatalf("status %d", status)
				}
				if len(body) > 0 {
					answers++
				}
			}
			if strings.HasPrefix(string(tt.body), "payload=") {
				app.fake.next(t) // the button's answer, at its response_url
			} else if answers != 1 {
				t.Errorf("the command was answered %d times, want once", answers)
			}
			app.fake.quiet(t)
			if n := strings.Count(app.log.String(), "a replay of one already answered"); n < 2 {
				t.Errorf("%d replays logged, want at least 2", n)
			}
		})
	}
	// The same text in a new request (a new trigger_id, signed now) is answered.
	_, body := app.send(t, formType, slashForm("/cite", "115932", app.fake.responseURL("again")), testSecret, time.Now())
	if len(body) == 0 {
		t.Error("a new request with the same text was not answered")
	}
}

// TestHTTPTimeoutCostsMore: a command cut off at its deadline costs its
// user bot.TimeoutCost requests of their rate budget, so that a burst of
// heavy questions cannot keep the archive busy.
func TestHTTPTimeoutCostsMore(t *testing.T) {
	t.Parallel()
	timedOut := bot.Reply{Kind: bot.KindFailure, Command: "quote", Headline: "The archive took too long to answer.", Private: true, Cost: bot.TimeoutCost}
	app := startHTTP(t, stubBot{testBot, map[string]bot.Reply{"quote heavy": timedOut}}, Config{PerMinute: 1, Burst: bot.TimeoutCost})
	_, body := app.send(t, formType, slashForm("/quote", "heavy", app.fake.responseURL("t1")), testSecret, time.Now())
	if p := slashAnswer(t, body); !strings.Contains(p.Text, "took too long") {
		t.Fatalf("the heavy question: %q", p.Text)
	}
	_, body = app.send(t, formType, slashForm("/cite", "115932", app.fake.responseURL("t2")), testSecret, time.Now())
	if p := slashAnswer(t, body); !strings.Contains(p.blockText(), "slow down") {
		t.Errorf("after a timed-out question, within a burst of %d, the next was answered: %q", bot.TimeoutCost, p.Text)
	}
}
