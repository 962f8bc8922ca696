package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSecretFileMustBeOneLineInARegularFile: a *_FILE naming a FIFO must
// be refused at once, not block the start; a token file of two lines is a
// wrong file, not a token.
func TestSecretFileMustBeOneLineInARegularFile(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		want    string
		wantErr string
	}{
		{"a FIFO", fifo, "", "is not a file"},
		{"a link to a FIFO", link, "", "is not a file"},
		{"a character device", os.DevNull, "", "is not a file"},
		{"two lines", writeSecret(t, "xoxb-first\nxoxb-second\n", 0o600), "", "more than one line"},
		{"two lines apart", writeSecret(t, "xoxb-first\n\n\nsecond", 0o600), "", "more than one line"},
		{"one line and a newline", writeSecret(t, "xoxb-only\n", 0o600), "xoxb-only", ""},
		{"one line and blank lines", writeSecret(t, "xoxb-only\r\n\r\n", 0o600), "xoxb-only", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type result struct {
				s   secret
				err error
			}
			done := make(chan result, 1)
			go func() {
				s, err := readSecret(func(k string) string {
					if k == "TOKEN_FILE" {
						return tt.path
					}
					return ""
				}, slog.New(slog.DiscardHandler), "TOKEN")
				done <- result{s, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(3 * time.Second):
				// Unblock the reader so that the test ends.
				if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					f.Close()
				}
				t.Fatal("readSecret blocked")
			}
			switch {
			case tt.wantErr == "" && r.err != nil:
				t.Fatalf("error %v", r.err)
			case tt.wantErr != "" && (r.err == nil || !strings.Contains(r.err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one saying %q", r.err, tt.wantErr)
			}
			if string(r.s) != tt.want {
				t.Errorf("read %q, want %q", string(r.s), tt.want)
			}
			if r.err != nil && (strings.Contains(r.err.Error(), "xoxb-") || strings.Contains(r.err.Error(), "second")) {
				t.Errorf("the error shows the file's content: %v", r.err)
			}
		})
	}
}

// TestAPIURLPasswordNeverShown: a password in SLACK_API_URL or
// DISCORD_API_BASE must not reach the debug configuration line, the config
// command or a startup error.
func TestAPIURLPasswordNeverShown(t *testing.T) {
	const password = "PASSWORD-never-shown"
	tests := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"slack, a bad URL", map[string]string{"SLACK_API_URL": "ftp://user:" + password + "@127.0.0.1:1/api/"}, []string{"slack"}},
		{"slack, an unparsable URL", map[string]string{"SLACK_API_URL": "http://user:" + password + "@bad host/api/"}, []string{"slack"}},
		{"slack, unreachable", map[string]string{"SLACK_API_URL": "http://user:" + password + "@127.0.0.1:1/api/"}, []string{"slack", "--http", "127.0.0.1:0"}},
		{"discord, a bad URL", map[string]string{"DISCORD_API_BASE": "ftp://user:" + password + "@127.0.0.1:1"}, []string{"discord"}},
		{"discord, an unparsable URL", map[string]string{"DISCORD_API_BASE": "http://user:" + password + "@bad host"}, []string{"discord"}},
		{"discord, unreachable", map[string]string{"DISCORD_API_BASE": "http://user:" + password + "@127.0.0.1:1"}, []string{"discord"}},
		{"config", map[string]string{"SLACK_API_URL": "https://user:" + password + "@proxy.example/api/", "DISCORD_API_BASE": "https://" + password + "@proxy.example"}, []string{"config"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{
				"ARCHIVEBOT_LOG_LEVEL": "debug", "ARCHIVEBOT_LOG_FORMAT": "json",
				"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s",
				"DISCORD_TOKEN": "d", "DISCORD_REGISTER_COMMANDS": "false",
			}
			for k, v := range tt.env {
				env[k] = v
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			var out, errOut bytes.Buffer
			err := run(ctx, tt.args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
			all := out.String() + errOut.String()
			if err != nil {
				all += err.Error()
			}
			if strings.Contains(all, password) {
				t.Errorf("the password was shown:\n%s", all)
			}
			if tt.name == "config" && !strings.Contains(all, "proxy.example") {
				t.Errorf("config lost the URL:\n%s", all)
			}
		})
	}
}
