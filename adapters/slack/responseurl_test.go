package slack

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestSlackResponseURL(t *testing.T) {
	const api = "http://127.0.0.1:8123/api/"
	tests := []struct {
		name, url, apiURL string
		want              bool
	}{
		{"Slack's hooks host", "https://hooks.slack.com/commands/T1/2/abc", "", true},
		{"another host under slack.com", "https://example.slack.com/actions/T1/2/abc", "", true},
		{"upper case", "https://HOOKS.SLACK.COM/commands/T1/2/abc", "", true},
		{"explicit https port", "https://hooks.slack.com:443/commands/x", "", true},
		{"plain http", "http://hooks.slack.com/commands/x", "", false},
		{"another port", "https://hooks.slack.com:8443/commands/x", "", false},
		{"look-alike", "https://hooks.slack.com.evil.example/commands/x", "", false},
		{"suffix without a dot", "https://evilslack.com/commands/x", "", false},
		{"user info", "https://evil.example@hooks.slack.com/commands/x", "", false},
		{"loopback", "http://127.0.0.1:9090/metrics", "", false},
		{"metadata address", "http://169.254.169.254/latest/meta-data/", "", false},
		{"not a URL", "::", "", false},
		{"no host", "https:///commands/x", "", false},
		{"the configured API host", "http://127.0.0.1:8123/response/1", api, true},
		{"Slack stays allowed with an API URL", "https://hooks.slack.com/commands/x", api, true},
		{"the API host on another port", "http://127.0.0.1:9090/metrics", api, false},
		{"the API host with another scheme", "https://127.0.0.1:8123/response/1", api, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := slackResponseURL(tt.url, tt.apiURL); got != tt.want {
				t.Errorf("slackResponseURL(%q, %q) = %v, want %v", tt.url, tt.apiURL, got, tt.want)
			}
		})
	}
}

// TestHTTPResponseURLElsewhere: a signed slash command or button press
// whose response_url names a host that is neither Slack's nor the
// configured Web API's (here another listener on loopback, as an ops
// listener would be) gets nothing posted there, and the log says why.
func TestHTTPResponseURLElsewhere(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	defer other.Close()
	app := startHTTP(t, testBot, Config{AckWithin: -1})
	elsewhere := other.URL + "/metrics"
	for _, body := range [][]byte{
		slashForm("/quote", "cotton", elsewhere),
		interactionForm(buttonPress(actionNext, "quote tungsten page:2", elsewhere, true)),
	} {
		if status, _ := app.send(t, formType, body, testSecret, time.Now()); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
	}
	deadline := time.Now().Add(waitFor)
	for strings.Count(app.log.String(), "response_url refused") < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := strings.Count(app.log.String(), "response_url refused"); n != 2 {
		t.Errorf("%d refusals logged, want 2", n)
	}
	if hits.Load() != 0 {
		t.Errorf("the app posted %d times to a response_url on another host", hits.Load())
	}
	app.fake.quiet(t)
}
