package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
)

// lockedBuffer is a buffer the program and the test can share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const fakeToken = "fake-discord-token-do-not-log"

func TestDiscordConfigurationErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no token", map[string]string{}, "DISCORD_TOKEN is not set"},
		{"blank token", map[string]string{"DISCORD_TOKEN": "  "}, "DISCORD_TOKEN is not set"},
		{"shard out of range", map[string]string{"DISCORD_TOKEN": fakeToken, "DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "2"}, "DISCORD_SHARD_ID"},
		{"shard not a number", map[string]string{"DISCORD_TOKEN": fakeToken, "DISCORD_SHARD_COUNT": "many"}, `DISCORD_SHARD_COUNT="many"`},
		{"not a boolean", map[string]string{"DISCORD_TOKEN": fakeToken, "DISCORD_MESSAGE_CONTENT": "sometimes"}, "DISCORD_MESSAGE_CONTENT"},
		{"bad API base", map[string]string{"DISCORD_TOKEN": fakeToken, "DISCORD_API_BASE": "ftp://x"}, "API base"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, tt.env, "", "discord")
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, want %d; stderr should contain %q:\n%s", r.code, exitUsage, tt.want, r.stderr)
			}
			if strings.Contains(r.stderr, fakeToken) {
				t.Errorf("the token reached the output:\n%s", r.stderr)
			}
		})
	}
}

// discordRun is "archivebot discord" running against a fake Discord.
type discordRun struct {
	t      *testing.T
	stderr *lockedBuffer
	cancel context.CancelFunc
	done   chan error
}

// runDiscord starts "archivebot discord" with the token, against fake.
func runDiscord(t *testing.T, fake *discordtest.Server, token string) *discordRun {
	t.Helper()
	env := map[string]string{
		"DISCORD_TOKEN": token, "DISCORD_API_BASE": fake.URL,
		"ARCHIVEBOT_CACHE_DIR": t.TempDir(), "ARCHIVEBOT_LOG_LEVEL": "debug",
	}
	r := &discordRun{t: t, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() {
		r.done <- run(ctx, []string{"discord"}, func(k string) string { return env[k] }, strings.NewReader(""), &lockedBuffer{}, r.stderr)
	}()
	return r
}

// wait waits for the program to end by itself.
func (r *discordRun) wait() (string, error) {
	r.t.Helper()
	select {
	case err := <-r.done:
		r.cancel()
		return r.stderr.String(), err
	case <-time.After(20 * time.Second):
		r.cancel()
		r.t.Fatalf("archivebot discord did not stop\n%s", r.stderr.String())
		return "", nil
	}
}

// stop stops the program as SIGINT would, and waits for it to end.
func (r *discordRun) stop() (string, error) {
	r.t.Helper()
	r.cancel()
	return r.wait()
}

// TestDiscordAgainstFakeDiscord runs the real program, configured from the
// environment, against a fake Discord on loopback through DISCORD_API_BASE.
func TestDiscordAgainstFakeDiscord(t *testing.T) {
	fake := discordtest.NewServer(fakeToken)
	defer fake.Close()
	r := runDiscord(t, fake, fakeToken)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	waitDiscordReady(ctx, t, fake, func() string {
		stderr, runErr := r.stop()
		return fmt.Sprintf("run: %v\n%s", runErr, stderr)
	})
	if err := fake.Dispatch("INTERACTION_CREATE", discordtest.SlashCommand("1", "quote", discordtest.Str("words", "cotton"))); err != nil {
		t.Fatal(err)
	}
	c, err := fake.WaitFor(ctx, discordtest.Callback("1"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := discordtest.ReadMessage(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text(), "Pyongyang textile mill") {
		t.Errorf("the answer lacks the quote:\n%s", m.Text())
	}
	stderr, err := r.stop()
	if err != nil {
		t.Errorf("archivebot discord ended with %v after SIGINT, want a clean stop\n%s", err, stderr)
	}
	for _, want := range []string{"connected to discord", "registered slash commands", "disconnected from discord"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the log lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, fakeToken) || strings.Contains(stderr, "textile") {
		t.Errorf("the log holds the token or message text:\n%s", stderr)
	}
	for _, p := range fake.Problems() {
		t.Errorf("fake discord: %s", p)
	}
}

func TestDiscordInvalidToken(t *testing.T) {
	fake := discordtest.NewServer(fakeToken)
	defer fake.Close()
	// Discord closes the gateway with 4004: the program stops by itself.
	stderr, err := runDiscord(t, fake, "not-the-token").wait()
	var ex *exitError
	if !errors.As(err, &ex) || ex.code != exitFailure || !strings.Contains(ex.msg, "4004") || !strings.Contains(ex.msg, "DISCORD_TOKEN") {
		t.Errorf("ended with %v, want exit 1 naming close code 4004 and DISCORD_TOKEN\n%s", err, stderr)
	}
	if n := fake.Count(discordtest.Gateway("op2")); n != 1 {
		t.Errorf("identified %d times, want once", n)
	}
	if strings.Contains(stderr, "not-the-token") || (ex != nil && strings.Contains(ex.msg, "not-the-token")) {
		t.Error("the token reached the output")
	}
}

// waitDiscordReady waits until the program has registered its slash
// commands and its gateway connection is ready for events: registration
// may come before the fake has taken the connection. On failure it adds
// what more says (the program's log) to the error.
func waitDiscordReady(ctx context.Context, t *testing.T, fake *discordtest.Server, more func() string) {
	t.Helper()
	_, err := fake.WaitFor(ctx, discordtest.Registered)
	if err == nil {
		err = fake.WaitConnected(ctx)
	}
	if err != nil {
		extra := ""
		if more != nil {
			extra = more()
		}
		t.Fatalf("the bot is not ready: %v\n%s", err, extra)
	}
}
