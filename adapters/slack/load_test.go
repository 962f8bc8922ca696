package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// loadSlash are the slash commands of the load test: every command.
var loadSlash = []struct{ command, text string }{
	{"/quote", "cotton"}, {EntryCommand, "who Puzanov"}, {EntryCommand, "search tungsten"}, {"/cite", "115932"},
	{"/doc", "115932 15"}, {"/when", "Chivu Stoica"}, {"/quote", "tungsten page:2"}, {EntryCommand, `quote "friendly advice"`},
	{"/cite", "900001 bibtex"}, {EntryCommand, "help quote"},
}

// TestHTTPLoad sends 10,000 slash commands, signed as Slack signs them,
// through HTTP mode on loopback from 64 clients at once. The adapter and
// the bot have room for all 64: no request may be lost, refused, told the
// bot is busy or answered differently from the same command alone. An
// answer too slow for the acknowledgement goes to the response_url, as it
// would in Slack, and counts when it arrives there. It logs the latency
// percentiles, from sending the request to having the answer, and the
// throughput.
func TestHTTPLoad(t *testing.T) {
	const concurrency = 64
	n := bottest.LoadSize()
	b := loadBot(t, concurrency)
	fake := newFakeSlack(t) // for auth.test
	sink := newResponseSink(t, fake)
	var logs logBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a := New(b, Config{
		BotToken: testBotToken, SigningSecret: testSecret, APIURL: sink.srv.URL + "/", Logger: logger,
		MaxInFlight: 2 * concurrency, // an answered request's slot frees just after its answer: room for the next
		PerMinute:   1 << 30, Burst: 1 << 20,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	app := &httpApp{fake: fake, url: "http://" + ln.Addr().String()}
	app.waitHealthy(t)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}}
	defer client.CloseIdleConnections()

	// What each command gets alone.
	want := make([]string, len(loadSlash))
	for i, c := range loadSlash {
		text, err := slashRoundTrip(client, app.url, sink, fmt.Sprintf("alone-%d", i), c.command, c.text)
		if err != nil {
			t.Fatalf("%s %s: %v", c.command, c.text, err)
		}
		want[i] = text
	}

	var (
		next     atomic.Int64
		mu       sync.Mutex
		failures []string
		took     = make([]time.Duration, n)
		wg       sync.WaitGroup
	)
	lateBefore := sink.late.Load()
	deadline := time.Now().Add(bottest.LoadBudget())
	began := time.Now()
	for range concurrency {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || time.Now().After(deadline) {
					return
				}
				c := loadSlash[i%len(loadSlash)]
				start := time.Now()
				text, err := slashRoundTrip(client, app.url, sink, fmt.Sprint(i), c.command, c.text)
				took[i] = time.Since(start)
				if err == nil && text != want[i%len(loadSlash)] {
					err = fmt.Errorf("answered %q, alone %q", text, want[i%len(loadSlash)])
				}
				if err != nil {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%s %s: %v", c.command, c.text, err))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	answered := 0
	for _, d := range took {
		if d > 0 {
			answered++
		}
	}
	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed, e.g. %s", len(failures), answered, failures[0])
	}
	if answered < n {
		t.Fatalf("only %d of %d requests were sent within %v", answered, n, bottest.LoadBudget())
	}
	if strings.Contains(logs.String(), "busy") {
		t.Errorf("the adapter was too busy:\n%.2000s", logs.String())
	}
	t.Logf("slack http: signed slash commands: %s; %d answered at the response_url",
		bottest.Latency(took, elapsed, concurrency), sink.late.Load()-lateBefore)
}

// TestHTTPBusyPastTheLimit: with the adapter's every slot taken by
// commands the bot is still answering, a burst of 64 more are each told at
// once, in the acknowledgement, that the bot is busy; those in the slots
// are answered at their response_url once the bot is done.
func TestHTTPBusyPastTheLimit(t *testing.T) {
	t.Parallel()
	const (
		slots = 4
		burst = 64
	)
	gate := make(chan struct{})
	app := startHTTP(t, gatedBot{testBot, gate}, Config{MaxInFlight: slots, AckWithin: -1})
	type result struct {
		body []byte
		took time.Duration
		err  error
	}
	results := make(chan result, burst)
	for i := range burst {
		go func() {
			body := slashForm("/quote", "cotton", app.fake.responseURL(fmt.Sprint("busy-", i)))
			start := time.Now()
			got, err := post(http.DefaultClient, app.url, formType, body)
			results <- result{got, time.Since(start), err}
		}()
	}
	accepted, busyReplies := 0, 0
	for range burst {
		r := <-results
		switch {
		case r.err != nil:
			t.Fatal(r.err)
		case len(r.body) == 0:
			accepted++ // the answer goes to the response_url
		default:
			p := slashAnswer(t, r.body)
			if !strings.Contains(p.Text, "answering a lot of questions") || p.ResponseType != "ephemeral" {
				t.Errorf("past the limit, the acknowledgement says %q (%s)", p.Text, p.ResponseType)
			}
			if r.took > 2*time.Second {
				t.Errorf("a busy reply took %v", r.took)
			}
			busyReplies++
		}
	}
	if accepted != slots || busyReplies != burst-slots {
		t.Errorf("%d accepted and %d told the bot is busy; want %d and %d", accepted, busyReplies, slots, burst-slots)
	}
	close(gate)
	for range accepted {
		if p := app.fake.next(t); !strings.Contains(p.blockText(), "Pyongyang textile mill") {
			t.Errorf("an accepted command was answered with %q", p.Text)
		}
	}
	app.fake.quiet(t)
}

// gatedBot is the real bot, answering only once its gate is open.
type gatedBot struct {
	*bot.Bot
	gate chan struct{}
}

func (g gatedBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	select {
	case <-g.gate:
	case <-ctx.Done():
	}
	return g.Bot.Handle(ctx, req)
}

// loadBot is the real bot over its own index of the test documents, with
// slots searches at once and room to queue: testBot keeps the defaults,
// made for two cores and a chat's three seconds, not for a load test
// under the race detector. Every request of the load tests comes from the
// one test user, so that user may have all the slots.
func loadBot(t *testing.T, slots int) *bot.Bot {
	t.Helper()
	path := filepath.Join(t.TempDir(), "index")
	src := func(ctx context.Context, fn func(corpus.Document) error) (corpus.Report, error) {
		var all corpus.Report
		for _, fsys := range []fs.FS{corpus.Sample(), os.DirFS("../../corpus/testdata/archive")} {
			rep, err := corpus.Walk(ctx, fsys, fn)
			if err != nil {
				return all, err
			}
			all.Read += rep.Read
		}
		return all, nil
	}
	if _, _, err := index.Build(context.Background(), path, src, index.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return bot.New(ix, bot.Options{MaxInFlight: slots, MaxUserInFlight: slots, QueueWait: 30 * time.Second, Timeout: 30 * time.Second})
}

// post sends a body to the events endpoint, signed now, and returns the
// body of a 200 answer.
func post(client *http.Client, base, contentType string, body []byte) ([]byte, error) {
	req, err := http.NewRequest(http.MethodPost, base+EventsPath, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	sign(req.Header, testSecret, time.Now(), body)
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %.200s", res.StatusCode, got)
	}
	return got, nil
}

// slashRoundTrip sends a slash command and returns the fallback text of its
// answer, from the acknowledgement or else from the response_url.
func slashRoundTrip(client *http.Client, base string, sink *responseSink, id, command, text string) (string, error) {
	answer := sink.expect(id)
	body, err := post(client, base, formType, slashForm(command, text, sink.url(id)))
	if err != nil {
		sink.forget(id)
		return "", err
	}
	if len(body) == 0 {
		select {
		case body = <-answer:
			sink.late.Add(1)
		case <-time.After(30 * time.Second):
			sink.forget(id)
			return "", fmt.Errorf("no answer at the response_url")
		}
	} else {
		sink.forget(id)
	}
	var m struct {
		Text   string          `json:"text"`
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return "", fmt.Errorf("answer is not a message: %w", err)
	}
	if len(m.Blocks) < 3 {
		return "", fmt.Errorf("answer without blocks: %.200s", body)
	}
	return m.Text, nil
}

// responseSink is the response_urls of the load test: each answer posted
// to one is handed to whoever expects it. It passes the Web API's calls on
// to the fake Slack, so that it can be the adapter's API URL: the adapter
// posts only to response_urls on Slack's hosts or the API URL's.
type responseSink struct {
	srv  *httptest.Server
	mu   sync.Mutex
	wait map[string]chan []byte
	late atomic.Int64 // counts the answers that came this way
}

func newResponseSink(t *testing.T, fake *fakeSlack) *responseSink {
	t.Helper()
	s := &responseSink{wait: map[string]chan []byte{}}
	api, err := url.Parse(fake.apiURL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(api)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/response/") {
			proxy.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		c := s.wait[strings.TrimPrefix(r.URL.Path, "/response/")]
		s.mu.Unlock()
		if c == nil {
			t.Errorf("an answer posted to an unexpected response_url %s", r.URL.Path)
			http.Error(w, "unknown response_url", http.StatusNotFound)
			return
		}
		select {
		case c <- body:
		default:
			t.Errorf("two answers posted to %s", r.URL.Path)
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *responseSink) url(id string) string { return s.srv.URL + "/response/" + id }

// expect makes ready for an answer at id's response_url.
func (s *responseSink) expect(id string) <-chan []byte {
	c := make(chan []byte, 1)
	s.mu.Lock()
	s.wait[id] = c
	s.mu.Unlock()
	return c
}

func (s *responseSink) forget(id string) {
	s.mu.Lock()
	delete(s.wait, id)
	s.mu.Unlock()
}
