package discord

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
)

// Places the fake's payloads are moved to, to test who may ask where.
const (
	otherGuild   = "200000000000000002"
	otherChannel = "300000000000000002"
	thirdChannel = "300000000000000003"
)

// in moves an interaction or message payload to a guild and channel; an
// empty guild makes an interaction a direct message.
func in(p map[string]any, guild, channel string) map[string]any {
	p["channel_id"] = channel
	if guild != "" {
		p["guild_id"] = guild
		return p
	}
	delete(p, "guild_id")
	if m, ok := p["member"].(map[string]any); ok {
		delete(p, "member")
		p["user"] = m["user"]
	}
	return p
}

// by makes a payload's member another user, with these permissions.
func by(p map[string]any, user string, permissions int64) map[string]any {
	u := map[string]any{"id": user, "username": "member-" + user, "discriminator": "0"}
	if m, ok := p["member"].(map[string]any); ok {
		m["user"] = u
		m["permissions"] = strconv.FormatInt(permissions, 10)
	} else {
		p["author"] = u
	}
	return p
}

func TestAllowedPlaces(t *testing.T) {
	t.Parallel()
	h := start(t, testBot, Options{
		MessageContent:  true,
		AllowedGuilds:   []string{discordtest.GuildID},
		AllowedChannels: []string{discordtest.Channel, otherChannel},
	}, nil)
	doc := discordtest.Str(optDocument, "115932")
	tests := []struct {
		name           string
		guild, channel string
		allowed        bool
	}{
		{"listed guild and channel", discordtest.GuildID, discordtest.Channel, true},
		{"another listed channel", discordtest.GuildID, otherChannel, true},
		{"a channel not listed", discordtest.GuildID, thirdChannel, false},
		{"a guild not listed", otherGuild, discordtest.Channel, false},
		{"a direct message", "", discordtest.Channel, false},
	}
	for _, tt := range tests {
		t.Run(tt.name+": slash command", func(t *testing.T) {
			id := h.id()
			h.dispatch("INTERACTION_CREATE", in(discordtest.SlashCommand(id, "doc", doc), tt.guild, tt.channel))
			_, m := h.response(id)
			if tt.allowed {
				wantText(t, m, "From the Journal of A. M. Puzanov")
				return
			}
			wantText(t, m, "not available here")
			if !isEphemeral(m.Flags) || strings.Contains(m.Text(), "Puzanov") {
				t.Errorf("the refusal is public or answers anyway: %s", m.Text())
			}
		})
		t.Run(tt.name+": button", func(t *testing.T) {
			id := h.id()
			customID, _ := h.adapter.render.signer.encode(buttonState{action: actionPage, command: "doc 115932"})
			h.dispatch("INTERACTION_CREATE", in(discordtest.Press(id, customID, true), tt.guild, tt.channel))
			_, m := h.response(id)
			if got := strings.Contains(m.Text(), "not available here"); got == tt.allowed {
				t.Errorf("allowed=%v, but the answer is: %s", tt.allowed, m.Text())
			}
		})
		if tt.guild == "" {
			continue // message commands come from a guild here
		}
		t.Run(tt.name+": message command", func(t *testing.T) {
			id := h.id()
			h.dispatch("MESSAGE_CREATE", in(discordtest.Said(id, tt.channel, "!doc 115932"), tt.guild, tt.channel))
			h.waitHandled("message")
			answered := h.fake.Count(func(c discordtest.Call) bool {
				return discordtest.Posted(tt.channel)(c) && strings.Contains(string(c.Body), id)
			}) > 0
			if answered != tt.allowed {
				t.Errorf("answered=%v, want %v (a place not allowed is left alone)", answered, tt.allowed)
			}
		})
	}
}

func TestChannelRateLimit(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	refused := map[string]int{}
	h := start(t, testBot, Options{
		PerMinute: 6000, Burst: 100, ChannelPerMinute: 1, ChannelBurst: 2,
		RateLimited: func(scope string) {
			mu.Lock()
			defer mu.Unlock()
			refused[scope]++
		},
	}, nil)
	ask := func(user, channel string) discordtest.Message {
		t.Helper()
		id := h.id()
		h.dispatch("INTERACTION_CREATE", by(in(discordtest.SlashCommand(id, "doc", discordtest.Str(optDocument, "115932")), discordtest.GuildID, channel), user, 0))
		_, m := h.response(id)
		return m
	}
	// Three people in one channel: the third finds its allowance spent.
	for i, user := range []string{"400000000000000011", "400000000000000012"} {
		if m := ask(user, discordtest.Channel); strings.Contains(m.Text(), "slow down") {
			t.Fatalf("request %d in the channel was limited", i+1)
		}
	}
	m := ask("400000000000000013", discordtest.Channel)
	wantText(t, m, "please slow down")
	if !isEphemeral(m.Flags) {
		t.Error("the slow-down message is public")
	}
	// Another channel has its own allowance.
	if m := ask("400000000000000013", otherChannel); strings.Contains(m.Text(), "slow down") {
		t.Error("a request in another channel was limited")
	}
	mu.Lock()
	defer mu.Unlock()
	if refused[bot.ScopeChannel] != 1 || refused[bot.ScopeUser] != 0 {
		t.Errorf("refusals reported %v, want one by the channel limit", refused)
	}
}

func TestCardsSetting(t *testing.T) {
	t.Parallel()
	h := start(t, testBot, Options{MessageContent: true}, nil)

	var raw []map[string]any
	if err := json.Unmarshal(h.wait(discordtest.Registered).Body, &raw); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range raw {
		if c["name"] == cardsCommandName {
			found = true
			if c["default_member_permissions"] != "32" {
				t.Errorf("/cards is shown to members without Manage Server: default_member_permissions %v", c["default_member_permissions"])
			}
		}
	}
	if !found {
		t.Fatalf("/cards is not registered although citation cards are on")
	}

	cards := func(state, guild string, permissions int64) discordtest.Message {
		t.Helper()
		id := h.id()
		p := by(discordtest.SlashCommand(id, cardsCommandName, discordtest.Str(optCards, state)), discordtest.UserID, permissions)
		h.dispatch("INTERACTION_CREATE", in(p, guild, discordtest.Channel))
		_, m := h.response(id)
		if !isEphemeral(m.Flags) {
			t.Errorf("the answer to /cards is public: %s", m.Text())
		}
		return m
	}
	showsCards := func() bool {
		t.Helper()
		id := h.id()
		h.dispatch("MESSAGE_CREATE", discordtest.Said(id, discordtest.Channel, "see doc:900001"))
		h.waitHandled("message")
		return h.fake.Count(func(c discordtest.Call) bool {
			return discordtest.Posted(discordtest.Channel)(c) && strings.Contains(string(c.Body), id)
		}) > 0
	}
	const (
		none         = 0
		manageServer = 1 << 5
		admin        = 1 << 3
	)
	steps := []struct {
		name        string
		state       string
		guild       string
		permissions int64
		want        string
		cardsAfter  bool
	}{
		{"a member without Manage Server", "off", discordtest.GuildID, none, "only members who can manage this server", true},
		{"in a direct message", "off", "", manageServer, "use /cards in a server", true},
		{"a member with Manage Server", "off", discordtest.GuildID, manageServer, "Citation cards are now off in this channel", false},
		{"an administrator", "on", discordtest.GuildID, admin, "Citation cards are now on in this channel", true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			wantText(t, cards(s.state, s.guild, s.permissions), s.want)
			if got := showsCards(); got != s.cardsAfter {
				t.Errorf("citation cards shown: %v, want %v", got, s.cardsAfter)
			}
		})
	}
}

func TestReadiness(t *testing.T) {
	t.Parallel()
	var a *Adapter
	t.Cleanup(func() { // runs after start's own cleanup has stopped the adapter
		if a.Ready() {
			t.Error("ready after shutdown")
		}
	})
	h := start(t, testBot, Options{}, func(ad *Adapter, _ *discordtest.Server) {
		if ad.Ready() {
			t.Error("ready before connecting")
		}
	})
	a = h.adapter
	if !a.Ready() {
		t.Error("not ready once connected")
	}
}

// TestRequestIDs: the adapter's log lines and the bot's for one command
// carry the same request id, and none carries the command's words.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	var buf lockedLog
	log := slog.New(bot.LogRequestIDs(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	b := bot.New(nil, bot.Options{Logger: log})
	h := start(t, b, Options{Logger: log}, nil)
	h.slash("help")
	byID := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec struct {
			Msg       string `json:"msg"`
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		if rec.RequestID != "" {
			byID[rec.RequestID] = append(byID[rec.RequestID], rec.Msg)
		}
	}
	if len(byID) != 1 {
		t.Fatalf("request ids %v, want one for the one command", byID)
	}
	for _, msgs := range byID {
		joined := strings.Join(msgs, "|")
		if !strings.Contains(joined, "slash command") || !strings.Contains(joined, "request answered") {
			t.Errorf("the request's lines are %q, want the adapter's and the bot's", msgs)
		}
	}
}

type lockedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
