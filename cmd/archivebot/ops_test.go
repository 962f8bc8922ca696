package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/index"
)

// running is the program running in the background, as main runs it.
type running struct {
	t              *testing.T
	stdout, stderr *lockedBuffer
	cancel         context.CancelFunc
	done           chan error
}

// start runs the program with env and args until stop or the end of the
// test.
func start(t *testing.T, env map[string]string, stdin io.Reader, args ...string) *running {
	t.Helper()
	if _, ok := env["ARCHIVEBOT_CACHE_DIR"]; !ok {
		env["ARCHIVEBOT_CACHE_DIR"] = t.TempDir()
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	r := &running{t: t, stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- run(ctx, args, func(k string) string { return env[k] }, stdin, r.stdout, r.stderr) }()
	t.Cleanup(func() { r.stop() })
	return r
}

// stop stops the program as SIGTERM would and returns how it ended.
func (r *running) stop() error {
	r.t.Helper()
	r.cancel()
	return r.end()
}

// end waits for the program to end by itself (a shell at the end of its
// input) and returns how it ended.
func (r *running) end() error {
	r.t.Helper()
	select {
	case err, ok := <-r.done:
		if ok {
			close(r.done)
		}
		return err
	case <-time.After(20 * time.Second):
		r.t.Fatalf("the program did not stop\n%s", r.stderr.String())
		return nil
	}
}

// get fetches a URL of the ops listener.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// waitStatus polls url until it answers with status.
func (r *running) waitStatus(url string, status int) {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second) // the first run indexes the sample
	for time.Now().Before(deadline) {
		select {
		case err := <-r.done:
			r.t.Fatalf("the program stopped: %v\n%s", err, r.stderr.String())
		default:
		}
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == status {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.t.Fatalf("%s never answered %d\n%s", url, status, r.stderr.String())
}

// scrape reads the metrics at url: each series, as written (name and
// labels), with its value.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	status, body := get(t, url)
	if status != http.StatusOK {
		t.Fatalf("%s: status %d", url, status)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// names returns the metric names of the series.
func names(series map[string]float64) map[string]bool {
	out := map[string]bool{}
	for s := range series {
		name, _, _ := strings.Cut(s, "{")
		out[name] = true
	}
	return out
}

// TestOpsShell runs the shell with --ops, scrapes its metrics before and
// after a few commands, and checks that the counts moved.
func TestOpsShell(t *testing.T) {
	addr := freeAddrs(t, 1)[0]
	stdin, feed := io.Pipe()
	defer feed.Close()
	r := start(t, map[string]string{}, stdin, "shell", "--ops", addr)
	base := "http://" + addr
	r.waitStatus(base+readyPath, http.StatusOK)
	if status, body := get(t, base+healthPath); status != http.StatusOK || body != "ok\n" {
		t.Errorf("%s: %d %q", healthPath, status, body)
	}
	before := scrape(t, base+metricsPath)
	for _, name := range []string{"archivebot_index_documents", "archivebot_index_age_seconds", "archivebot_index_reloads_total", "go_goroutines", "process_open_fds"} {
		if !names(before)[name] {
			t.Errorf("no %s before any command", name)
		}
	}
	if n := before["archivebot_index_documents"]; n < 1 {
		t.Errorf("archivebot_index_documents = %v, want the sample's documents", n)
	}
	if age := before["archivebot_index_age_seconds"]; age < 0 || age > 3600 {
		t.Errorf("archivebot_index_age_seconds = %v for an index built just now", age)
	}

	io.WriteString(feed, "quote cotton\nquote cotton\nfrobnicate\nquote zeppelin\n")
	tests := []struct {
		series string
		want   float64
	}{
		{`archivebot_commands_total{command="quote",outcome="answer",platform="terminal"}`, 2},
		{`archivebot_commands_total{command="quote",outcome="not_found",platform="terminal"}`, 1},
		{`archivebot_commands_total{command="other",outcome="usage",platform="terminal"}`, 1},
		{`archivebot_command_duration_seconds_count{command="quote",platform="terminal"}`, 3},
		{`archivebot_command_duration_seconds_bucket{command="quote",platform="terminal",le="+Inf"}`, 3},
		{`archivebot_index_reloads_total{result="ok"}`, 0},
	}
	// The series of one command are not updated in one step: wait until
	// every one of them has moved, or the deadline.
	deadline := time.Now().Add(10 * time.Second)
	for {
		after := scrape(t, base+metricsPath)
		var wrong []string
		for _, tt := range tests {
			if got, ok := after[tt.series]; !ok || got != tt.want {
				wrong = append(wrong, fmt.Sprintf("%s = %v (present %v), want %v", tt.series, got, ok, tt.want))
			}
		}
		if len(wrong) == 0 {
			break
		}
		if time.Now().After(deadline) {
			var seen []string
			for k, v := range after {
				if strings.Contains(k, "archivebot_commands_total") {
					seen = append(seen, fmt.Sprintf("%s = %v", k, v))
				}
			}
			t.Fatalf("the counts did not move as expected:\n%s\nall commands: %s", strings.Join(wrong, "\n"), strings.Join(seen, "; "))
		}
		time.Sleep(20 * time.Millisecond)
	}
	feed.Close() // the shell ends at the end of its input, with status 0
	if err := r.end(); err != nil {
		t.Errorf("shell ended with %v", err)
	}
	if _, err := http.Get(base + healthPath); err == nil {
		t.Error("the ops listener still answers after the program ended")
	}
}

// TestReadiness checks /readyz against what it waits for.
func TestReadiness(t *testing.T) {
	live := &index.Live{} // never read: the check only asks whether one is set
	tests := []struct {
		name       string
		live       *index.Live
		adapters   map[string]bool
		wantStatus int
		wantBody   []string
	}{
		{"index not open yet", nil, nil, http.StatusServiceUnavailable, []string{"index: not open"}},
		{"index open, no adapters", live, nil, http.StatusOK, []string{"ready"}},
		{"adapter connected", live, map[string]bool{"discord": true}, http.StatusOK, []string{"ready"}},
		{"adapter not connected", live, map[string]bool{"discord": false}, http.StatusServiceUnavailable, []string{"discord: not connected"}},
		{"nothing ready", nil, map[string]bool{"slack": false}, http.StatusServiceUnavailable, []string{"index: not open", "slack: not connected"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOps()
			o.live = tt.live
			o.allChecksIn()
			for name, ok := range tt.adapters {
				o.needReady(name, func() bool { return ok })
			}
			srv := httptest.NewServer(o.handler())
			defer srv.Close()
			status, body := get(t, srv.URL+readyPath)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			for _, w := range tt.wantBody {
				if !strings.Contains(body, w) {
					t.Errorf("body %q lacks %q", body, w)
				}
			}
			if status, _ := get(t, srv.URL+healthPath); status != http.StatusOK {
				t.Errorf("%s: %d: the process is alive whatever is ready", healthPath, status)
			}
		})
	}
}

func TestNotReadyWhileStarting(t *testing.T) {
	o := newOps()
	o.live = &index.Live{}
	srv := httptest.NewServer(o.handler())
	defer srv.Close()
	if status, body := get(t, srv.URL+readyPath); status != http.StatusServiceUnavailable || !strings.Contains(body, "starting") {
		t.Errorf("before every check is in: %d %q", status, body)
	}
	o.allChecksIn()
	if status, _ := get(t, srv.URL+readyPath); status != http.StatusOK {
		t.Errorf("once every check is in: %d", status)
	}
}

// freeAddrs finds n distinct loopback addresses nothing listens on.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close() // held until all are found, so that none repeats
		out = append(out, ln.Addr().String())
	}
	return out
}

// TestObserveLabels: commands outside the bot's own become "other", and
// failures count under their cause.
func TestObserveLabels(t *testing.T) {
	o := newOps()
	for _, ob := range []bot.Observation{
		{Command: "", Platform: "slack", Kind: bot.KindUsage, Took: time.Millisecond},
		{Command: "quote", Platform: "slack", Kind: bot.KindFailure, Cause: bot.CauseBusy, Took: time.Millisecond},
		{Command: "quote", Platform: "slack", Kind: bot.KindFailure, Cause: bot.CauseTimeout, Took: 2 * time.Second},
	} {
		o.observe(ob)
	}
	limited := o.rateLimitedOn("slack")
	limited(bot.ScopeChannel)
	o.reloaded(nil)
	o.reloaded(errors.New("truncated"))
	o.reloaded(nil)
	srv := httptest.NewServer(o.handler())
	defer srv.Close()
	got := scrape(t, srv.URL+metricsPath)
	for series, want := range map[string]float64{
		`archivebot_commands_total{command="other",outcome="usage",platform="slack"}`:         1,
		`archivebot_commands_total{command="quote",outcome="busy",platform="slack"}`:          1,
		`archivebot_commands_total{command="quote",outcome="timeout",platform="slack"}`:       1,
		`archivebot_command_duration_seconds_bucket{command="quote",platform="slack",le="1"}`: 1,
		`archivebot_command_duration_seconds_bucket{command="quote",platform="slack",le="2"}`: 2,
		`archivebot_rate_limited_total{platform="slack",scope="channel"}`:                     1,
		`archivebot_rate_limited_total{platform="slack",scope="user"}`:                        0,
		`archivebot_index_documents`:                      0,
		`archivebot_index_reloads_total{result="ok"}`:     2,
		`archivebot_index_reloads_total{result="failed"}`: 1,
	} {
		if v, ok := got[series]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", series, v, ok, want)
		}
	}
}

// TestOpsDiscord runs archivebot discord with --ops against the fake
// Discord: ready once connected, commands and rate-limit refusals counted.
func TestOpsDiscord(t *testing.T) {
	fake := discordtest.NewServer(fakeToken)
	defer fake.Close()
	addr := freeAddrs(t, 1)[0]
	r := start(t, map[string]string{
		"DISCORD_TOKEN": fakeToken, "DISCORD_API_BASE": fake.URL,
		"DISCORD_RATE_PER_MINUTE": "1", "DISCORD_RATE_BURST": "1",
	}, nil, "discord", "--ops", addr)
	base := "http://" + addr
	r.waitStatus(base+readyPath, http.StatusOK)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, id := range []string{"1", "2"} {
		if err := fake.Dispatch("INTERACTION_CREATE", discordtest.SlashCommand(id, "quote", discordtest.Str("words", "cotton"))); err != nil {
			t.Fatal(err)
		}
		if _, err := fake.WaitFor(ctx, discordtest.Callback(id)); err != nil {
			t.Fatal(err)
		}
	}
	got := scrape(t, base+metricsPath)
	for series, want := range map[string]float64{
		`archivebot_commands_total{command="quote",outcome="answer",platform="discord"}`: 1,
		`archivebot_rate_limited_total{platform="discord",scope="user"}`:                 1,
		`archivebot_rate_limited_total{platform="discord",scope="channel"}`:              0,
	} {
		if v, ok := got[series]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", series, v, ok, want)
		}
	}
	if err := r.stop(); err != nil {
		t.Errorf("archivebot discord ended with %v", err)
	}
}

func TestOpsBadAddress(t *testing.T) {
	res := runMain(t, nil, "", "shell", "--ops", "not-an-address")
	if res.code != exitUsage || !strings.Contains(res.stderr, "--ops not-an-address") {
		t.Errorf("exit %d, stderr:\n%s", res.code, res.stderr)
	}
}

func TestLogFormat(t *testing.T) {
	tests := []struct {
		name, format string
		code         int
		json         bool
	}{
		{"JSON when asked", "json", 0, true},
		{"text when asked", "text", 0, false},
		{"JSON when stderr is not a terminal", "", 0, true},
		{"any case", "TEXT", 0, false},
		{"unknown format", "yaml", exitUsage, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, map[string]string{"ARCHIVEBOT_LOG_FORMAT": tt.format, "ARCHIVEBOT_LOG_LEVEL": "debug"}, "", "ask", "quote secret cotton")
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			if tt.code != 0 {
				if !strings.Contains(r.stderr, "ARCHIVEBOT_LOG_FORMAT") {
					t.Errorf("the error does not name the variable: %s", r.stderr)
				}
				return
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			var answered string
			for _, line := range lines {
				isJSON := json.Valid([]byte(line))
				if isJSON != tt.json {
					t.Errorf("JSON=%v, want %v: %s", isJSON, tt.json, line)
				}
				if strings.Contains(line, "request answered") {
					answered = line
				}
			}
			if !strings.Contains(answered, "request_id") || !strings.Contains(answered, "quote") {
				t.Errorf("no request id or command on the request's line: %q", answered)
			}
			if strings.Contains(r.stderr, "secret") {
				t.Errorf("the log holds the user's text:\n%s", r.stderr)
			}
		})
	}
}

// TestOpsListenerClosesIdleConnections: a client that keeps a connection
// open without using it, before or after a request, is cut off.
func TestOpsListenerClosesIdleConnections(t *testing.T) {
	const limit = 200 * time.Millisecond
	tests := []struct {
		name    string
		request bool // send a keep-alive request first
	}{
		{"idle after a request", true},
		{"silent from the start", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOps()
			o.timeouts = serverTimeouts{readHeader: limit, read: limit, write: limit, idle: limit}
			addr := freeAddrs(t, 1)[0]
			e := env{log: slog.New(slog.DiscardHandler)}
			stop, err := e.serveOps(context.Background(), o, addr)
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			br := bufio.NewReader(conn)
			if tt.request {
				if _, err := io.WriteString(conn, "GET "+healthPath+" HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
					t.Fatal(err)
				}
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.Close {
					t.Fatal("the server closed a keep-alive connection at once")
				}
			}
			// The server must close the connection well before the
			// test's own deadline.
			_ = conn.SetReadDeadline(time.Now().Add(20 * limit))
			_, err = br.ReadByte()
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("the connection was still open after %v idle", 20*limit)
			}
		})
	}
}
