package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestSlackRefusedTokenIsNamed checks that a token Slack refuses stops
// the start with an error naming the variable that holds it.
func TestSlackRefusedTokenIsNamed(t *testing.T) {
	tests := []struct {
		name               string
		authTest, connOpen string // Slack's error for each call, "" for ok
		args               []string
		want               string
		notWant            string
	}{
		{"bot token refused", "invalid_auth", "", nil, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"},
		{"bot token revoked, HTTP mode", "token_revoked", "", []string{"--http", "127.0.0.1:0"}, "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"},
		{"app token refused", "", "invalid_auth", nil, "SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				refuse := map[string]string{"/api/auth.test": tt.authTest, "/api/apps.connections.open": tt.connOpen}[r.URL.Path]
				if refuse != "" {
					fmt.Fprintf(w, `{"ok":false,"error":%q}`, refuse)
					return
				}
				fmt.Fprint(w, `{"ok":true,"team":"Test","team_id":"T1","user_id":"U1","bot_id":"B1"}`)
			}))
			t.Cleanup(srv.Close)
			env := map[string]string{
				"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s",
				"SLACK_API_URL": srv.URL + "/api/", "ARCHIVEBOT_CACHE_DIR": t.TempDir(),
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var out, errOut strings.Builder
			err := run(ctx, append([]string{"slack"}, tt.args...), func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
			if err == nil || ctx.Err() != nil {
				t.Fatalf("err %v (ctx %v), want a refusal", err, ctx.Err())
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, tt.notWant) {
				t.Errorf("error %q should name %s, not %s", msg, tt.want, tt.notWant)
			}
		})
	}
}
