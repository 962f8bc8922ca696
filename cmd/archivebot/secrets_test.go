package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/gorilla/websocket"
)

// writeSecret writes a secret file with these permissions.
func writeSecret(t *testing.T, content string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // past the umask
		t.Fatal(err)
	}
	return path
}

func TestReadSecret(t *testing.T) {
	const value = "xoxb-secret-value-42"
	dir := t.TempDir()
	big := writeSecret(t, strings.Repeat("x", maxSecretFile+1), 0o600)
	tests := []struct {
		name     string
		env      map[string]string
		want     string
		wantErr  string
		wantWarn bool
	}{
		{"from the variable", map[string]string{"TOKEN": " " + value + "\n"}, value, "", false},
		{"not set", map[string]string{}, "", "", false},
		{"from a file", map[string]string{"TOKEN_FILE": writeSecret(t, value+"\n", 0o600)}, value, "", false},
		{"a file with CRLF", map[string]string{"TOKEN_FILE": writeSecret(t, value+"\r\n", 0o400)}, value, "", false},
		{"a file every user may read", map[string]string{"TOKEN_FILE": writeSecret(t, value, 0o644)}, value, "", true},
		{"both", map[string]string{"TOKEN": value, "TOKEN_FILE": writeSecret(t, value, 0o600)}, "", "both TOKEN and TOKEN_FILE are set", false},
		{"a missing file", map[string]string{"TOKEN_FILE": filepath.Join(dir, "nothing")}, "", "TOKEN_FILE: no file", false},
		{"an empty file", map[string]string{"TOKEN_FILE": writeSecret(t, "\n", 0o600)}, "", "is empty", false},
		{"a folder", map[string]string{"TOKEN_FILE": dir}, "", "is not a file", false},
		{"a big file", map[string]string{"TOKEN_FILE": big}, "", "not a TOKEN", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			got, err := readSecret(func(k string) string { return tt.env[k] }, slog.New(slog.NewTextHandler(&logs, nil)), "TOKEN")
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
			}
			if string(got) != tt.want {
				t.Errorf("read %q, want %q", string(got), tt.want)
			}
			if warned := strings.Contains(logs.String(), "readable by every user"); warned != tt.wantWarn {
				t.Errorf("warned %v, want %v: %s", warned, tt.wantWarn, logs.String())
			}
			if err != nil && strings.Contains(err.Error(), value) || strings.Contains(logs.String(), value) {
				t.Error("the secret's value reached an error or the log")
			}
		})
	}
}

func TestSecretPrintsRedacted(t *testing.T) {
	s := secret("xoxb-do-not-show")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("oops", "token", s)
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%v %s %q %#v %+v", s, s, s, s, s), logs.String()} {
		if strings.Contains(out, "do-not-show") || !strings.Contains(out, redacted) {
			t.Errorf("a secret printed as %q", out)
		}
	}
}

func TestConfigCommand(t *testing.T) {
	const token, appToken = "discord-token-SHOWN-NEVER", "xapp-app-token-SHOWN-NEVER"
	file := writeSecret(t, appToken+"\n", 0o600)
	env := map[string]string{
		"DISCORD_TOKEN": token, "SLACK_APP_TOKEN_FILE": file, "SLACK_SIGNING_SECRET_FILE": "/nonexistent/secret",
		"DISCORD_ALLOWED_GUILDS": "123,456", "ARCHIVEBOT_OPS": "127.0.0.1:9090",
	}
	tests := []struct {
		args    []string
		want    []string
		wantNot []string
	}{
		{[]string{"config"}, []string{
			"DISCORD_TOKEN=***\n", "SLACK_APP_TOKEN=*** (from SLACK_APP_TOKEN_FILE=" + file + ")\n",
			"SLACK_SIGNING_SECRET= (problem: SLACK_SIGNING_SECRET_FILE: no file /nonexistent/secret)\n",
			"SLACK_BOT_TOKEN=\n", "DISCORD_ALLOWED_GUILDS=123,456\n", "ARCHIVEBOT_OPS=127.0.0.1:9090\n",
		}, nil},
		{[]string{"config", "discord"}, []string{"DISCORD_TOKEN=***\n", "ARCHIVEBOT_INDEX=\n"}, []string{"SLACK_"}},
		{[]string{"config", "slack"}, []string{"SLACK_APP_TOKEN=***"}, []string{"DISCORD_"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runMain(t, env, "", tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(r.stdout, w) {
					t.Errorf("output has %q:\n%s", w, r.stdout)
				}
			}
			if strings.Contains(r.stdout+r.stderr, "SHOWN-NEVER") {
				t.Errorf("a secret was printed:\n%s", r.stdout)
			}
		})
	}
	if r := runMain(t, env, "", "config", "irc"); r.code != exitUsage {
		t.Errorf("config irc: exit %d, want %d", r.code, exitUsage)
	}
}

func TestSecretFileProblemsStopTheStart(t *testing.T) {
	const token = "xoxb-never-in-output"
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"discord token file missing", map[string]string{"DISCORD_TOKEN_FILE": "/nonexistent/token"}, []string{"discord"}, "DISCORD_TOKEN_FILE: no file /nonexistent/token"},
		{"discord token in both", map[string]string{"DISCORD_TOKEN": token, "DISCORD_TOKEN_FILE": writeSecret(t, token, 0o600)}, []string{"discord"}, "both DISCORD_TOKEN and DISCORD_TOKEN_FILE"},
		{"slack bot token file empty", map[string]string{"SLACK_BOT_TOKEN_FILE": writeSecret(t, "", 0o600), "SLACK_APP_TOKEN": "xapp-1"}, []string{"slack"}, "SLACK_BOT_TOKEN_FILE: "},
		{"slack signing secret file missing", map[string]string{"SLACK_BOT_TOKEN": token, "SLACK_SIGNING_SECRET_FILE": "/nonexistent/s"}, []string{"slack", "--http", ":0"}, "SLACK_SIGNING_SECRET_FILE: no file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, tt.env, "", tt.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, want %d; stderr should contain %q:\n%s", r.code, exitUsage, tt.want, r.stderr)
			}
			if strings.Contains(r.stderr+r.stdout, token) {
				t.Errorf("the token reached the output:\n%s", r.stderr)
			}
		})
	}
}

// Known fake credentials for the full runs: if one shows up in any
// output, it leaked.
const (
	leakDiscordToken = "discord-FAKE-TOKEN-must-never-be-logged"
	leakBotToken     = "xoxb-FAKE-BOT-TOKEN-must-never-be-logged"
	leakAppToken     = "xapp-FAKE-APP-TOKEN-must-never-be-logged"
	leakSecret       = "FAKE-SIGNING-SECRET-must-never-be-logged"
)

// TestSecretsNeverLogged runs each adapter through a whole conversation,
// start to shutdown, against the fakes, with known fake credentials read
// from files and every log line on (debug), and checks that no credential
// appears in the logs, the output, the metrics or the printed
// configuration.
func TestSecretsNeverLogged(t *testing.T) {
	tests := []struct {
		name   string
		format string
		// converse starts its fake platform, then the program with the
		// ops listener on a free address it sets in env (picked while the
		// fake listens, so that the two never share a port).
		converse func(t *testing.T, env map[string]string) *running
	}{
		{"discord", "json", discordConversation},
		{"slack http", "text", slackHTTPConversation},
		{"slack socket mode", "json", slackSocketConversation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{
				"ARCHIVEBOT_LOG_LEVEL": "debug", "ARCHIVEBOT_LOG_FORMAT": tt.format,
				"DISCORD_TOKEN_FILE":        writeSecret(t, leakDiscordToken+"\n", 0o600),
				"SLACK_BOT_TOKEN_FILE":      writeSecret(t, leakBotToken+"\n", 0o600),
				"SLACK_APP_TOKEN_FILE":      writeSecret(t, leakAppToken+"\n", 0o600),
				"SLACK_SIGNING_SECRET_FILE": writeSecret(t, leakSecret+"\n", 0o600),
			}
			r := tt.converse(t, env)
			_, metrics := get(t, "http://"+env["ARCHIVEBOT_OPS"]+metricsPath)
			if err := r.stop(); err != nil {
				t.Errorf("ended with %v", err)
			}
			config := runMain(t, env, "", "config")
			logs := r.stderr.String()
			for _, want := range []string{"configuration", redacted, "request_id"} {
				if !strings.Contains(logs, want) {
					t.Errorf("the debug log lacks %q", want)
				}
			}
			all := logs + r.stdout.String() + metrics + config.stdout + config.stderr
			for _, s := range []string{leakDiscordToken, leakBotToken, leakAppToken, leakSecret} {
				if strings.Contains(all, s) {
					t.Errorf("%s leaked:\n%s", s, logs)
				}
			}
			if t.Failed() {
				t.Logf("log:\n%s", logs)
			}
		})
	}
}

// discordConversation answers a slash command against the fake Discord.
func discordConversation(t *testing.T, env map[string]string) *running {
	t.Helper()
	fake := discordtest.NewServer(leakDiscordToken)
	t.Cleanup(fake.Close)
	env["DISCORD_API_BASE"] = fake.URL
	env["ARCHIVEBOT_OPS"] = freeAddrs(t, 1)[0]
	r := start(t, env, nil, "discord")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitDiscordReady(ctx, t, fake, r.stderr.String)
	if err := fake.Dispatch("INTERACTION_CREATE", discordtest.SlashCommand("1", "quote", discordtest.Str("words", "cotton"))); err != nil {
		t.Fatal(err)
	}
	c, err := fake.WaitFor(ctx, discordtest.Callback("1"))
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := discordtest.ReadMessage(c); !strings.Contains(m.Text(), "Pyongyang textile mill") {
		t.Errorf("the answer lacks the quote:\n%s", m.Text())
	}
	return r
}

// fakeSlack is enough of Slack for a full run of either mode: the Web API
// calls the adapter makes, response URLs, and a Socket Mode websocket that
// sends one slash command and records the acknowledgement.
type fakeSlack struct {
	srv  *httptest.Server
	acks chan string
	mu   sync.Mutex
	auth []string // the tokens the Web API calls carried, as "Bearer ..."
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{acks: make(chan string, 10)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		f.auth = append(f.auth, r.Header.Get("Authorization"), "Bearer "+r.PostForm.Get("token"))
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/auth.test":
			fmt.Fprint(w, `{"ok":true,"team":"Test","team_id":"T1","user_id":"U1","bot_id":"B1"}`)
		case "/api/apps.connections.open":
			fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/socket"}`, r.Host)
		default:
			fmt.Fprint(w, `{"ok":true}`)
		}
	})
	mux.HandleFunc("/hook", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("/socket", func(w http.ResponseWriter, r *http.Request) {
		up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		payload, _ := json.Marshal(map[string]any{
			"team_id": "T1", "channel_id": "C1", "user_id": "U2", "command": "/quote", "text": "cotton",
			"api_app_id": "A1", "response_url": "http://" + r.Host + "/hook", "trigger_id": "1.2.3",
		})
		for _, msg := range []string{
			`{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"},"debug_info":{"host":"fake"}}`,
			`{"type":"slash_commands","envelope_id":"env-1","accepts_response_payload":true,"payload":` + string(payload) + `}`,
		} {
			if conn.WriteMessage(websocket.TextMessage, []byte(msg)) != nil {
				return
			}
		}
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			f.acks <- string(data)
		}
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// slackHTTPConversation answers a signed slash command in HTTP mode.
func slackHTTPConversation(t *testing.T, env map[string]string) *running {
	t.Helper()
	fake := newFakeSlack(t)
	env["SLACK_API_URL"] = fake.srv.URL + "/api"
	addrs := freeAddrs(t, 2)
	env["ARCHIVEBOT_OPS"] = addrs[0]
	addr := addrs[1]
	r := start(t, env, nil, "slack", "--http", addr)
	r.waitStatus("http://"+env["ARCHIVEBOT_OPS"]+readyPath, http.StatusOK)
	form := []byte(url.Values{"command": {"/quote"}, "text": {"cotton"}, "user_id": {"U2"}, "team_id": {"T1"}, "channel_id": {"C1"}, "response_url": {fake.srv.URL + "/hook"}}.Encode())
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/events", bytes.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ts := fmt.Sprint(time.Now().Unix())
	mac := hmac.New(sha256.New, []byte(leakSecret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, form)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%v\n%s", err, r.stderr.String())
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Pyongyang textile mill") {
		t.Errorf("signed /quote cotton: %d %.300s", res.StatusCode, body)
	}
	fake.checkAuth(t)
	return r
}

// slackSocketConversation answers a slash command over Socket Mode.
func slackSocketConversation(t *testing.T, env map[string]string) *running {
	t.Helper()
	fake := newFakeSlack(t)
	env["SLACK_API_URL"] = fake.srv.URL + "/api"
	env["ARCHIVEBOT_OPS"] = freeAddrs(t, 1)[0]
	r := start(t, env, nil, "slack")
	r.waitStatus("http://"+env["ARCHIVEBOT_OPS"]+readyPath, http.StatusOK)
	select {
	case ack := <-fake.acks:
		if !strings.Contains(ack, "env-1") || !strings.Contains(ack, "Pyongyang textile mill") {
			t.Errorf("acknowledgement %.300s", ack)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("no acknowledgement\n%s", r.stderr.String())
	}
	fake.checkAuth(t)
	return r
}

// checkAuth checks that the Web API got the tokens from the files: the
// run used them, so their absence from the logs means something.
func (f *fakeSlack) checkAuth(t *testing.T) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	joined := strings.Join(f.auth, " ")
	if !strings.Contains(joined, "Bearer "+leakBotToken) {
		t.Errorf("the Web API never saw the bot token from the file: %d calls", len(f.auth))
	}
}
