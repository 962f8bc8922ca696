package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSlackConfig checks that a missing or wrong token stops `archivebot
// slack` at once, saying which variable to set and showing no secret.
func TestSlackConfig(t *testing.T) {
	const secret = "s3cr3t-value"
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"nothing set", nil, nil, []string{"SLACK_BOT_TOKEN is not set", "SLACK_APP_TOKEN is not set"}},
		{"no app token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-" + secret}, nil, []string{"SLACK_APP_TOKEN is not set", "connections:write"}},
		{"no signing secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-" + secret}, []string{"--http", ":0"}, []string{"SLACK_SIGNING_SECRET is not set"}},
		{"tokens swapped", map[string]string{"SLACK_BOT_TOKEN": "xapp-" + secret, "SLACK_APP_TOKEN": "xoxb-" + secret}, nil, []string{"SLACK_BOT_TOKEN is not a bot token", "SLACK_APP_TOKEN is not an app-level token"}},
		{"bad API URL", map[string]string{"SLACK_BOT_TOKEN": "xoxb-" + secret, "SLACK_APP_TOKEN": "xapp-" + secret, "SLACK_API_URL": "slack.example"}, nil, []string{"SLACK_API_URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, tt.env, "", append([]string{"slack"}, tt.args...)...)
			if r.code != exitUsage {
				t.Errorf("exit code %d, want %d", r.code, exitUsage)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if strings.Contains(r.stderr+r.stdout, secret) {
				t.Errorf("the output shows a secret:\n%s", r.stderr)
			}
		})
	}
}

func TestSlackManifest(t *testing.T) {
	r := runMain(t, nil, "", "slack", "manifest")
	want, err := os.ReadFile("../../adapters/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r.code != 0 || r.stdout != string(want) {
		t.Errorf("archivebot slack manifest (exit %d) differs from adapters/slack/manifest.yaml:\n%s", r.code, r.stdout)
	}
	r = runMain(t, nil, "", "slack", "manifest", "--url", "https://archive.example.org/slack/events")
	if r.code != 0 || !strings.Contains(r.stdout, `request_url: "https://archive.example.org/slack/events"`) {
		t.Errorf("HTTP-mode manifest (exit %d):\n%s", r.code, r.stdout)
	}
	if r := runMain(t, nil, "", "slack", "manifest", "--url", "http://insecure.example"); r.code != exitUsage {
		t.Errorf("a plain-http URL: exit %d, want %d", r.code, exitUsage)
	}
}

// TestSlackHTTPMode runs `archivebot slack --http` as main would, against
// a fake Slack Web API named by SLACK_API_URL: it answers a signed slash
// command from the embedded sample, refuses an unsigned one, and shuts
// down cleanly when its context ends, as on SIGTERM.
func TestSlackHTTPMode(t *testing.T) {
	var mu sync.Mutex
	var posted []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		posted = append(posted, r.URL.Path+" "+string(body))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/auth.test":
			fmt.Fprint(w, `{"ok":true,"team":"Test","team_id":"T1","user_id":"U1","bot_id":"B1"}`)
		default:
			fmt.Fprint(w, `{"ok":true}`)
		}
	}))
	defer api.Close()

	addr := slackFreeAddr(t)
	const secret = "test-signing-secret"
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": secret, "SLACK_API_URL": api.URL + "/api",
		"ARCHIVEBOT_CACHE_DIR": t.TempDir(),
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr slackOutput
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"slack", "--http", addr}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	base := "http://" + addr
	slackWaitServing(t, base+"/healthz", done)

	form := []byte(url.Values{"command": {"/quote"}, "text": {"cotton"}, "user_id": {"U2"}, "team_id": {"T1"}, "channel_id": {"C1"}, "response_url": {api.URL + "/hook"}}.Encode())
	post := func(signed bool) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, base+"/slack/events", bytes.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if signed {
			ts := fmt.Sprint(time.Now().Unix())
			mac := hmac.New(sha256.New, []byte(secret))
			fmt.Fprintf(mac, "v0:%s:%s", ts, form)
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if status, body := post(true); status != http.StatusOK || !strings.Contains(body, "Pyongyang textile mill") {
		t.Errorf("signed /quote cotton: %d %.300s", status, body)
	}
	if status, _ := post(false); status != http.StatusUnauthorized {
		t.Errorf("unsigned request: %d, want 401", status)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("archivebot slack did not shut down")
	}
	for _, s := range []string{secret, "xoxb-test"} {
		if strings.Contains(stderr.String(), s) {
			t.Errorf("the log shows a secret:\n%s", stderr.String())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posted) == 0 || !strings.HasPrefix(posted[0], "/api/auth.test") {
		t.Errorf("the bot token was not checked at start: %q", posted)
	}
}

// slackFreeAddr finds a loopback address nothing listens on.
func slackFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func slackWaitServing(t *testing.T, url string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // the first run indexes the sample
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("archivebot slack stopped: %v", err)
		default:
		}
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("archivebot slack never served")
}

// slackOutput is a buffer the program's goroutines may write to at once.
type slackOutput struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *slackOutput) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *slackOutput) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
