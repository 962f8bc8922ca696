package discord

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/index"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// testBot answers from a real index of the sample, the corpus test
// documents and this package's own test document (id 950001, whose text
// holds mentions, markdown and an over-long paragraph). Only the tests
// import index and corpus; the adapter imports bot alone.
var testBot *bot.Bot

// testArchiveIndex is testBot's index, for tests that need a bot of their own.
var testArchiveIndex *index.Index

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "discord-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	ix, err := bottest.OpenArchive(context.Background(), dir, "../../corpus/testdata/archive", "testdata/archive")
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	testArchiveIndex = ix
	// The package's tests run in parallel, most asking as one test user:
	// let a user search as often at once as the bot can.
	testBot = bot.New(ix, bot.Options{MaxUserInFlight: bot.DefaultMaxInFlight})
	return m.Run(), nil
}

const testToken = "test-token-not-a-secret"

// harness is a running adapter, with the real discordgo session, connected
// to a fake Discord on loopback.
type harness struct {
	t       *testing.T
	fake    *discordtest.Server
	adapter *Adapter
	handled chan string
	seq     int
}

// timeout bounds every wait in these tests.
const timeout = 10 * time.Second

// start runs an adapter for b against a new fake Discord until the test
// ends, then checks that it shut down cleanly and that nothing it sent
// would have been refused by Discord or could have pinged anyone.
func start(t *testing.T, b Bot, opts Options, tweak func(*Adapter, *discordtest.Server)) *harness {
	t.Helper()
	fake := discordtest.NewServer(testToken)
	if opts.Token == "" {
		opts.Token = testToken
	}
	opts.APIBase = fake.URL
	if opts.PerMinute == 0 {
		opts.PerMinute, opts.Burst = 6000, 100 // conversations ask quickly; TestRateLimit sets its own
	}
	a, err := New(b, opts)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, fake: fake, adapter: a, handled: make(chan string, 1000)}
	a.deferAfter = 2 * time.Second // the race detector slows the index; tests of deferral set less
	a.reconnectWait = 10 * time.Millisecond
	a.handled = func(event string) {
		select {
		case h.handled <- event:
		default:
		}
	}
	if tweak != nil {
		tweak(a, fake)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after ctx was cancelled, want nil", err)
			}
		case <-time.After(timeout):
			t.Error("Run did not return after ctx was cancelled")
		}
		fake.Close()
		for _, p := range fake.Problems() {
			t.Errorf("fake discord: %s", p)
		}
	})
	wctx, wcancel := context.WithTimeout(context.Background(), timeout)
	defer wcancel()
	if err := fake.WaitConnected(wctx); err != nil {
		select {
		case err := <-done:
			t.Fatalf("Run ended before connecting: %v", err)
		default:
		}
		t.Fatal(err)
	}
	if !opts.SkipRegistration && opts.ShardID == 0 {
		if _, err := fake.WaitFor(wctx, discordtest.Registered); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// id returns a fresh interaction or message id.
func (h *harness) id() string {
	h.seq++
	return fmt.Sprintf("%d", 700000000000000000+h.seq)
}

// dispatch sends an event to the bot.
func (h *harness) dispatch(event string, payload any) {
	h.t.Helper()
	if err := h.fake.Dispatch(event, payload); err != nil {
		h.t.Fatal(err)
	}
}

// wait returns the first call match accepts, failing the test after timeout.
func (h *harness) wait(match func(discordtest.Call) bool) discordtest.Call {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	c, err := h.fake.WaitFor(ctx, match)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// waitHandled waits until the adapter has handled an event of this kind.
func (h *harness) waitHandled(event string) {
	h.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case e := <-h.handled:
			if e == event {
				return
			}
		case <-deadline:
			h.t.Fatalf("the adapter did not handle a %s event", event)
		}
	}
}

// slash runs a slash command and returns the bot's response to it.
func (h *harness) slash(name string, opts ...discordtest.Option) (discordtest.Response, discordtest.Message) {
	h.t.Helper()
	id := h.id()
	h.dispatch("INTERACTION_CREATE", discordtest.SlashCommand(id, name, opts...))
	return h.response(id)
}

// press presses a button and returns the bot's response to it.
func (h *harness) press(customID string, ephemeral bool) (discordtest.Response, discordtest.Message) {
	h.t.Helper()
	id := h.id()
	h.dispatch("INTERACTION_CREATE", discordtest.Press(id, customID, ephemeral))
	return h.response(id)
}

func (h *harness) response(id string) (discordtest.Response, discordtest.Message) {
	h.t.Helper()
	c := h.wait(discordtest.Callback(id))
	r, err := discordtest.ReadResponse(c)
	if err != nil {
		h.t.Fatal(err)
	}
	m, err := discordtest.ReadMessage(c)
	if err != nil {
		h.t.Fatal(err)
	}
	return r, m
}
