package slack

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestManifestFile keeps manifest.yaml what the code generates from the
// bot's commands: go test -update rewrites it.
func TestManifestFile(t *testing.T) {
	got := Manifest(testBot.Commands(), ManifestOptions{})
	if *update {
		writeFile(t, "manifest.yaml", got)
		return
	}
	want, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("manifest.yaml is stale; run go test -update (-file +generated):\n%s", diff)
	}
}

func TestManifest(t *testing.T) {
	socket := string(Manifest(testBot.Commands(), ManifestOptions{}))
	http := string(Manifest(testBot.Commands(), ManifestOptions{Name: "Cold War archive", RequestURL: "https://archive.example.org/slack/events"}))
	commands := regexp.MustCompile(`(?m)^    - command: (/\S+)$`)
	for name, m := range map[string]string{"socket": socket, "http": http} {
		var declared []string
		for _, c := range commands.FindAllStringSubmatch(m, -1) {
			declared = append(declared, c[1])
		}
		if diff := cmp.Diff([]string{"/archive", "/quote", "/when", "/cite", "/doc", "/today", "/save", "/bibliography"}, declared); diff != "" {
			t.Errorf("%s: slash commands (-want +got):\n%s", name, diff)
		}
		for _, c := range declared {
			if reservedSlash[strings.TrimPrefix(c, "/")] {
				t.Errorf("%s: %s is one of Slack's own commands; Slack refuses the manifest", name, c)
			}
		}
		for _, want := range []string{"app_mentions:read", "chat:write", "commands", "im:history", "files:write", "users:read", "- app_mention", "- message.im", "is_enabled: true", "messages_tab_enabled: true"} {
			if !strings.Contains(m, want) {
				t.Errorf("%s manifest lacks %q", name, want)
			}
		}
		if strings.Contains(m, "\t") {
			t.Errorf("%s manifest has a tab, which YAML refuses", name)
		}
	}
	if !strings.Contains(socket, "socket_mode_enabled: true") || strings.Contains(socket, "url:") {
		t.Error("the Socket Mode manifest should enable Socket Mode and name no URL")
	}
	if strings.Count(http, `"https://archive.example.org/slack/events"`) != 10 || !strings.Contains(http, "socket_mode_enabled: false") {
		t.Errorf("the HTTP manifest should send the five commands, events and interactivity to the URL:\n%s", http)
	}
	if !strings.Contains(http, `name: "Cold War archive"`) {
		t.Error("the HTTP manifest lacks the app's name")
	}
}

func TestSlashText(t *testing.T) {
	names := map[string]bool{"quote": true, "who": true, "when": true, "cite": true, "search": true, "doc": true, "help": true}
	tests := []struct{ command, text, want string }{
		{"/archive", "quote cotton", "quote cotton"},
		{"/archive", "", "help"},
		{"/quote", "cotton", "quote cotton"},
		{"/quote", "", "quote"},
		{"/QUOTE", "cotton", "quote cotton"},
		{"/doc", "115932 15", "doc 115932 15"},
		{"/archivebot", "who Peng Dehuai", "who Peng Dehuai"}, // an entry command renamed by an admin
		{"/who", "Peng Dehuai", "Peng Dehuai"},                // Slack's own /who never reaches us; treated as the entry command
	}
	for _, tt := range tests {
		t.Run(tt.command+" "+tt.text, func(t *testing.T) {
			if got := slashText(tt.command, tt.text, names); got != tt.want {
				t.Errorf("slashText(%q, %q) = %q, want %q", tt.command, tt.text, got, tt.want)
			}
		})
	}
}

func TestButtonCommand(t *testing.T) {
	names := map[string]bool{"quote": true, "cite": true, "help": true}
	tests := []struct {
		name, action, value, want string
	}{
		{"next page", actionNext, "quote tungsten page:2", "quote tungsten page:2"},
		{"previous page", actionPrev, " quote tungsten ", "quote tungsten"},
		{"share", actionShare, "quote cotton", "quote cotton"},
		{"choice", actionChoice + "3", "cite 115932", "cite 115932"},
		{"command in capitals", actionNext, "Quote cotton", "Quote cotton"},
		{"unknown action", "other_app_button", "quote cotton", ""},
		{"choice without a number", actionChoice, "cite 115932", ""},
		{"choice with a word", actionChoice + "x", "cite 115932", ""},
		{"unknown command", actionNext, "delete everything", ""},
		{"mention instead of a command", actionNext, "<!channel>", ""},
		{"empty", actionNext, "  ", ""},
		{"too long", actionNext, "quote " + strings.Repeat("a", 500), ""},
		{"control character", actionNext, "quote \x00cotton", ""},
		{"newline", actionNext, "quote cotton\nhelp", ""},
		{"not UTF-8", actionNext, "quote \xffcotton", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := buttonCommand(tt.action, tt.value, names)
			if tt.want == "" {
				if !errors.Is(err, errBadButton) {
					t.Errorf("buttonCommand(%q, %q) = %q, %v; want errBadButton", tt.action, tt.value, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("buttonCommand(%q, %q) = %q, %v; want %q", tt.action, tt.value, got, err, tt.want)
			}
		})
	}
}

func TestDedupe(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	d := newDedupe(10*time.Minute, 3)
	d.now = func() time.Time { return now }
	steps := []struct {
		advance time.Duration
		key     string
		first   bool
	}{
		{0, "a", true},
		{0, "a", false},
		{time.Minute, "b", true},
		{5 * time.Minute, "a", false}, // Slack's retry after five minutes
		{0, "c", true},
		{0, "d", true},                // over capacity: "a", the oldest, is forgotten
		{0, "a", true},                // so it counts as new
		{11 * time.Minute, "b", true}, // expired
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := d.first(s.key); got != s.first {
			t.Errorf("step %d: first(%q) = %v, want %v", i, s.key, got, s.first)
		}
	}
	if len(d.keys) > 3 || len(d.order) > 3 {
		t.Errorf("remembers %d keys, %d in order; at most 3", len(d.keys), len(d.order))
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		mode Mode
		want []error
	}{
		{"socket mode", Config{BotToken: "xoxb-1", AppToken: "xapp-1"}, SocketMode, nil},
		{"http mode", Config{BotToken: "xoxb-1", SigningSecret: "s"}, HTTPMode, nil},
		{"rotating bot token", Config{BotToken: "xoxe.xoxb-1", SigningSecret: "s"}, HTTPMode, nil},
		{"nothing", Config{}, SocketMode, []error{ErrNoBotToken, ErrNoAppToken}},
		{"no secret", Config{BotToken: "xoxb-1", AppToken: "xapp-1"}, HTTPMode, []error{ErrNoSigningSecret}},
		{"tokens swapped", Config{BotToken: "xapp-1", AppToken: "xoxb-1"}, SocketMode, []error{ErrBadToken}},
		{"user token", Config{BotToken: "xoxp-1", SigningSecret: "s"}, HTTPMode, []error{ErrBadToken}},
		{"bad API URL", Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "slack.com/api"}, SocketMode, []error{ErrBadAPIURL}},
		{"API URL of GovSlack", Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "https://slack-gov.com/api/"}, SocketMode, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate(tt.mode)
			if len(tt.want) == 0 && err != nil {
				t.Errorf("Validate: %v", err)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("Validate = %v, want %v", err, w)
				}
			}
			if err != nil && (strings.Contains(err.Error(), "xoxb-1") || strings.Contains(err.Error(), "xapp-1")) {
				t.Errorf("the error shows a token: %v", err)
			}
		})
	}
}
