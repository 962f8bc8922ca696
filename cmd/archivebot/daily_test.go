package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/state"
	"github.com/jonboulle/clockwork"
)

// TestDailyConfigErrors: a mistake in the daily post's settings stops the
// program at start, saying which variable and what to write.
func TestDailyConfigErrors(t *testing.T) {
	discordEnv := func(kv ...string) map[string]string {
		env := map[string]string{"DISCORD_TOKEN": fakeToken}
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	slackEnv := func(kv ...string) map[string]string {
		env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test"}
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	tests := []struct {
		name    string
		command string
		env     map[string]string
		want    []string
	}{
		{"time past midnight", "discord", discordEnv("ARCHIVEBOT_DAILY_AT", "24:00"), []string{"ARCHIVEBOT_DAILY_AT", "24-hour time such as 08:00"}},
		{"time in words", "slack", slackEnv("ARCHIVEBOT_DAILY_AT", "8am", "SLACK_DAILY_CHANNEL", "C0123456789"), []string{"ARCHIVEBOT_DAILY_AT", `"8am"`}},
		{"unknown zone", "discord", discordEnv("ARCHIVEBOT_TZ", "Ostland/Valdoria"), []string{"ARCHIVEBOT_TZ", "not a time zone", "Europe/Berlin"}},
		{"a path for a zone", "discord", discordEnv("ARCHIVEBOT_TZ", "../../../etc/passwd"), []string{"ARCHIVEBOT_TZ", "IANA"}},
		{"the local zone by name", "discord", discordEnv("ARCHIVEBOT_TZ", "Local"), []string{"ARCHIVEBOT_TZ", "IANA"}},
		{"a channel's name on Discord", "discord", discordEnv("DISCORD_DAILY_CHANNEL", "#reading-room"), []string{"DISCORD_DAILY_CHANNEL", "17 to 20 digits", "Copy Channel ID"}},
		{"a mention for a channel", "discord", discordEnv("DISCORD_DAILY_CHANNEL", "@everyone"), []string{"DISCORD_DAILY_CHANNEL", "channel's id"}},
		{"a bidi control in a channel id", "discord", discordEnv("DISCORD_DAILY_CHANNEL", "\u202e300000000000000001"), []string{"DISCORD_DAILY_CHANNEL", `\u202e`}},
		{"a huge value", "discord", discordEnv("DISCORD_DAILY_CHANNEL", strings.Repeat("9", 5000)), []string{"DISCORD_DAILY_CHANNEL", "…"}},
		{"one channel twice", "discord", discordEnv("DISCORD_DAILY_CHANNEL", "300000000000000001,300000000000000001"), []string{"twice"}},
		{"not an allowed channel", "discord", discordEnv("DISCORD_DAILY_CHANNEL", "300000000000000001", "DISCORD_ALLOWED_CHANNELS", "300000000000000002"), []string{"DISCORD_ALLOWED_CHANNELS"}},
		{"a channel's name on Slack", "slack", slackEnv("SLACK_DAILY_CHANNEL", "#general"), []string{"SLACK_DAILY_CHANNEL", "not its name"}},
		{"two Slack channels", "slack", slackEnv("SLACK_DAILY_CHANNEL", "C0123456789,C0123456780"), []string{"SLACK_DAILY_CHANNEL", "one channel"}},
		{"a Slack user for a channel", "slack", slackEnv("SLACK_DAILY_CHANNEL", "U0123456789"), []string{"SLACK_DAILY_CHANNEL"}},
		{"not an allowed Slack channel", "slack", slackEnv("SLACK_DAILY_CHANNEL", "C0123456789", "SLACK_ALLOWED_CHANNELS", "C0123456780"), []string{"SLACK_ALLOWED_CHANNELS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runMain(t, tt.env, "", tt.command)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d\n%s", r.code, exitUsage, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			if strings.Contains(r.stderr, fakeToken) {
				t.Error("the token reached the output")
			}
		})
	}
}

// TestStatePasswordRedacted: a PostgreSQL URL's password shows as ***
// in `archivebot config`, in the debug log of the configuration and in
// the error when the store cannot be opened.
func TestStatePasswordRedacted(t *testing.T) {
	const password = "hunter2-Valdoria"
	for _, where := range []string{
		"postgres://archivebot:" + password + "@127.0.0.1:1/archive?sslmode=disable",
		"postgresql://archivebot@127.0.0.1:1/archive?password=" + password + "&sslmode=disable",
	} {
		t.Run(where[:10], func(t *testing.T) {
			r := runMain(t, map[string]string{"ARCHIVEBOT_STATE": where}, "", "config")
			if r.code != 0 || !strings.Contains(r.stdout, "ARCHIVEBOT_STATE=postgres") || !strings.Contains(r.stdout, "***") || strings.Contains(r.stdout, password) {
				t.Errorf("config (exit %d):\n%s", r.code, r.stdout)
			}
			if got := redactState(where); strings.Contains(got, password) || !strings.Contains(got, "127.0.0.1:1/archive") {
				t.Errorf("redactState(%q) = %q", where, got)
			}
			r = runMain(t, map[string]string{"ARCHIVEBOT_STATE": where, "DISCORD_TOKEN": fakeToken, "ARCHIVEBOT_LOG_LEVEL": "debug"}, "", "discord")
			if r.code == 0 || !strings.Contains(r.stderr, "state store") || strings.Contains(r.stderr, password) {
				t.Errorf("discord with an unreachable PostgreSQL (exit %d):\n%s", r.code, r.stderr)
			}
		})
	}
}

// program is archivebot running in the test with a fake clock.
type program struct {
	t      *testing.T
	stderr *lockedBuffer
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// startProgram runs archivebot with args, env and clock until the test
// stops it.
func startProgram(t *testing.T, env map[string]string, clock fakeClock, args ...string) *program {
	t.Helper()
	p := &program{t: t, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	e := testEnv(env, p.stderr, clock)
	go func() { p.done <- e.run(ctx, args) }()
	t.Cleanup(func() { p.stop() })
	return p
}

// fakeClock is the clock the tests give the program.
type fakeClock = *clockwork.FakeClock

func testEnv(vars map[string]string, stderr io.Writer, clock fakeClock) env {
	return env{getenv: func(k string) string { return vars[k] }, stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr, clock: clock}
}

// stop ends the program as SIGINT would and waits for it; it may be
// called again.
func (p *program) stop() string {
	p.t.Helper()
	p.cancel()
	p.once.Do(func() {
		select {
		case err := <-p.done:
			if err != nil {
				p.t.Errorf("archivebot ended with %v\n%s", err, p.stderr.String())
			}
		case <-time.After(20 * time.Second):
			p.t.Errorf("archivebot did not stop\n%s", p.stderr.String())
		}
	})
	return p.stderr.String()
}

// waiting waits until n goroutines wait on the clock; log is the
// program's, shown on failure.
func waiting(t *testing.T, clock fakeClock, n int, log fmt.Stringer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := clock.BlockUntilContext(ctx, n); err != nil {
		t.Fatalf("the daily post does not wait on the clock: %v\n%s", err, log)
	}
}

// advance moves the clock to when, a quarter of an hour at a time, each
// time n goroutines wait on it.
func advance(t *testing.T, clock fakeClock, n int, when time.Time, log fmt.Stringer) {
	t.Helper()
	for clock.Now().Before(when) {
		waiting(t, clock, n, log)
		clock.Advance(min(when.Sub(clock.Now()), 15*time.Minute))
	}
	waiting(t, clock, n, log)
}

func berlinZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// dailyDiscordEnv is the environment of a bot posting daily at 08:00
// Berlin time to the fake's channel, with its state in dir.
func dailyDiscordEnv(fake *discordtest.Server, dir string, kv ...string) map[string]string {
	env := map[string]string{
		"DISCORD_TOKEN": fakeToken, "DISCORD_API_BASE": fake.URL, "ARCHIVEBOT_CACHE_DIR": dir,
		"ARCHIVEBOT_LOG_LEVEL": "debug", "ARCHIVEBOT_DAILY_AT": "08:00", "ARCHIVEBOT_TZ": "Europe/Berlin",
		"DISCORD_DAILY_CHANNEL": discordtest.Channel, "ARCHIVEBOT_STATE": filepath.Join(dir, "daily-state.db"),
	}
	for i := 0; i < len(kv); i += 2 {
		env[kv[i]] = kv[i+1]
	}
	return env
}

// TestDiscordDailyPostNotHere: nothing is posted when no daily channel
// is set, nor by a shard other than 0; a channel Discord refuses is
// logged once, not retried all day.
func TestDiscordDailyPostNotHere(t *testing.T) {
	loc := berlinZone(t)
	tests := []struct {
		name    string
		env     []string
		gone    bool
		waiters int // goroutines of the daily post waiting on the clock
		wantLog string
	}{
		{"no daily channel", []string{"DISCORD_DAILY_CHANNEL", ""}, false, 0, ""},
		{"shard 1", []string{"DISCORD_SHARD_ID", "1", "DISCORD_SHARD_COUNT", "2"}, false, 0, "shard 0 posts it"},
		{"a channel Discord refuses", nil, true, 0, "daily post off for this channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := discordtest.NewServer(fakeToken)
			defer fake.Close()
			if tt.gone {
				fake.RemoveChannel(discordtest.Channel)
			}
			env := dailyDiscordEnv(fake, t.TempDir(), tt.env...)
			clock := clockwork.NewFakeClockAt(time.Date(2026, 6, 1, 7, 0, 0, 0, loc))
			p := startProgram(t, env, clock, "discord")
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := fake.WaitConnected(ctx); err != nil { // shard 1 registers no commands
				t.Fatalf("%v\n%s", err, p.stderr)
			}
			if tt.wantLog != "" {
				waitLog(t, p, tt.wantLog)
			}
			// Nothing waits on the clock: a day later, nothing is posted.
			clock.Advance(26 * time.Hour)
			log := p.stop()
			if n := fake.Count(discordtest.Posted(discordtest.Channel)); n != 0 {
				t.Errorf("%d posts, want none", n)
			}
			if tt.wantLog == "" && strings.Contains(log, "daily post") {
				t.Errorf("the log speaks of a daily post:\n%s", log)
			}
		})
	}
}

// waitLog waits until the program's log holds s.
func waitLog(t *testing.T, p *program, s string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(p.stderr.String(), s); {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", s, p.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func waitCall(t *testing.T, fake *discordtest.Server, match func(discordtest.Call) bool) discordtest.Call {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := fake.WaitFor(ctx, match)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAskState: ask and the prompt open the state store only for a
// command that needs it; saves last from one run to the next; a store
// another process holds fails the bibliography commands politely and
// nothing else.
func TestAskState(t *testing.T) {
	cache := t.TempDir()
	env := map[string]string{"ARCHIVEBOT_CACHE_DIR": cache}
	file := filepath.Join(cache, "state.db")
	if r := runMain(t, env, "", "ask", "quote cotton"); r.code != 0 {
		t.Fatalf("ask quote: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a question that saves nothing made the state file (%v)", err)
	}
	if r := runMain(t, env, "", "ask", "save 115932 ¶2 for the Valdoria seminar"); r.code != 0 {
		t.Fatalf("ask save: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runMain(t, env, "", "ask", "bibliography")
	if r.code != 0 || !strings.Contains(r.stdout, "115932") || !strings.Contains(r.stdout, "Valdoria seminar") {
		t.Errorf("ask bibliography after a save in another run (exit %d):\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Another process holds the file: saving fails politely, asking works.
	st, err := state.Open(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r = runMain(t, env, "", "ask", "save 115932")
	if r.code != exitFailure || !strings.Contains(r.stdout, "bibliographies") {
		t.Errorf("save with the file held elsewhere (exit %d):\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runMain(t, env, "", "ask", "cite 115932"); r.code != 0 {
		t.Errorf("cite with the state file held elsewhere: exit %d\n%s", r.code, r.stderr)
	}
}
