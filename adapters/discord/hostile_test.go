package discord

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot/bottest"
)

// hostileBound is how long one hostile input may take from the event to
// the answer delivered, under the race detector on two cores. The bot's
// own bound is bot.DefaultTimeout; the rest is the gateway and REST.
const hostileBound = 5 * time.Second

// TestHostileInputs sends every input of bottest.HostileInputs through the
// adapter's real entry points, over the real discordgo session and the
// fake Discord: as the text of a slash command, as a prefix command and
// after a mention of the bot. Each must be answered (or, for a prefix
// command that is not the bot's, left alone) within hostileBound, without
// a failure, and with a message Discord would accept and that pings
// nobody: the fake checks every body for Discord's limits, allowed
// mentions and mention syntax outside code.
func TestHostileInputs(t *testing.T) {
	t.Parallel()
	inputs := bottest.HostileInputs
	if len(inputs) < 60 {
		t.Fatalf("only %d hostile inputs", len(inputs))
	}
	// No rate limit: every input must reach the bot.
	h := start(t, testBot, Options{MessageContent: true, PerMinute: 1_000_000, Burst: 100_000}, nil)
	names := map[string]bool{}
	for _, c := range testBot.Commands() {
		names[c.Name] = true
	}

	ways := []struct {
		name string
		send func(t *testing.T, in string) (answer, bool)
	}{
		{"slash", func(t *testing.T, in string) (answer, bool) {
			name, opts := slashFor(in, names)
			id := h.id()
			h.dispatch("INTERACTION_CREATE", discordtest.SlashCommand(id, name, opts...))
			h.waitHandled("interaction")
			return interactionAnswer(t, h.fake, id), true
		}},
		{"prefix", func(t *testing.T, in string) (answer, bool) {
			id := h.id()
			h.dispatch("MESSAGE_CREATE", discordtest.Said(id, discordtest.Channel, "!"+in))
			h.waitHandled("message")
			word, _, _ := strings.Cut(strings.TrimSpace("!" + in)[1:], " ")
			m, ok := messageReply(t, h.fake, id)
			if names[strings.ToLower(word)] && !ok {
				t.Error("no answer to a prefix command")
			}
			return m, ok
		}},
		{"mention", func(t *testing.T, in string) (answer, bool) {
			id := h.id()
			h.dispatch("MESSAGE_CREATE", discordtest.Said(id, discordtest.Channel, "<@"+discordtest.BotID+"> "+in))
			h.waitHandled("message")
			m, ok := messageReply(t, h.fake, id)
			if !ok {
				t.Error("no answer to a mention")
			}
			return m, ok
		}},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			for i, in := range inputs {
				t.Run(fmt.Sprintf("%02d %.24q", i, in), func(t *testing.T) {
					before := len(h.fake.Problems())
					began := time.Now()
					m, answered := way.send(t, in)
					if took := time.Since(began); took > hostileBound {
						t.Errorf("answered after %v, over %v", took, hostileBound)
					}
					for _, p := range h.fake.Problems()[before:] {
						t.Errorf("fake discord: %s", p) // reported here, with the input; and again at the end
					}
					if answered {
						checkHostileAnswer(t, m)
					}
				})
			}
		})
	}
}

// slashFor is the slash command a person would use to type in: the
// command it starts with, with the rest in the command's text option, or
// else /quote with all of it as the words to look for.
func slashFor(in string, names map[string]bool) (string, []discordtest.Option) {
	word, rest, _ := strings.Cut(strings.TrimSpace(in), " ")
	name := strings.ToLower(strings.TrimLeft(word, "/!"))
	if !names[name] {
		return "quote", []discordtest.Option{discordtest.Str(optWords, in)}
	}
	if rest = strings.TrimSpace(rest); rest == "" {
		return name, nil
	}
	opt := optWords
	switch name {
	case "who":
		opt = optName
	case "cite", "doc":
		opt = optDocument
	case "help":
		opt = optCommand
	}
	return name, []discordtest.Option{discordtest.Str(opt, rest)}
}

// interactionAnswer returns the message that answered interaction id: the
// response itself, or after a deferral the edit or follow-up that
// delivered it. Every call for it must have succeeded.
func interactionAnswer(t *testing.T, fake *discordtest.Server, id string) answer {
	t.Helper()
	var last *discordtest.Call
	for _, c := range fake.Calls() {
		if !discordtest.Callback(id)(c) && !discordtest.ToInteraction(id, "PATCH")(c) && !discordtest.ToInteraction(id, "POST")(c) && !discordtest.ToInteraction(id, "DELETE")(c) {
			continue
		}
		if c.Status >= 300 {
			t.Errorf("%s %s: status %d", c.Method, c.Path, c.Status)
		}
		if c.Method == "DELETE" {
			continue
		}
		if r, err := discordtest.ReadResponse(c); c.Method == "POST" && strings.HasSuffix(c.Path, "/callback") && err == nil &&
			(r.Type == discordtest.ResponseDeferredMessage || r.Type == discordtest.ResponseDeferredUpdate) {
			continue
		}
		last = &c
	}
	if last == nil {
		t.Fatal("the interaction was not answered")
	}
	return readAnswer(t, *last)
}

// messageReply returns the bot's reply to the message with this id, if
// it posted one.
func messageReply(t *testing.T, fake *discordtest.Server, id string) (answer, bool) {
	t.Helper()
	for _, c := range fake.Calls() {
		if !discordtest.Posted(discordtest.Channel)(c) {
			continue
		}
		a := readAnswer(t, c)
		if a.Reference != nil && a.Reference.MessageID == id {
			if c.Status >= 300 {
				t.Errorf("reply posted with status %d", c.Status)
			}
			return a, true
		}
	}
	return answer{}, false
}

// checkHostileAnswer checks that an answer says what it is and is not a
// failure of the bot's: a hostile input gets an answer or a clear error.
func checkHostileAnswer(t *testing.T, a answer) {
	t.Helper()
	if len(a.Embeds) == 0 || strings.TrimSpace(a.Embeds[0].Title) == "" {
		t.Fatalf("an answer without a headline: %s", a.Text())
	}
	var colors struct {
		Embeds []struct {
			Color int `json:"color"`
		} `json:"embeds"`
	}
	if err := json.Unmarshal(a.raw, &colors); err != nil {
		t.Fatal(err)
	}
	if colors.Embeds[0].Color == colorFailure {
		t.Errorf("a failure, not an answer or a clear error: %q", a.Embeds[0].Title)
	}
}

// answer is a message the bot sent, and its body as sent.
type answer struct {
	discordtest.Message
	raw json.RawMessage
}

func readAnswer(t *testing.T, c discordtest.Call) answer {
	t.Helper()
	m, err := discordtest.ReadMessage(c)
	if err != nil {
		t.Fatal(err)
	}
	raw := c.Body
	if strings.HasSuffix(c.Path, "/callback") {
		r, err := discordtest.ReadResponse(c)
		if err != nil {
			t.Fatal(err)
		}
		raw = r.Data
	}
	return answer{Message: m, raw: raw}
}
