package slack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot/bottest"
)

// hostileBound is how long one hostile input may take from the request
// to the answer, under the race detector on two cores.
const hostileBound = 5 * time.Second

// TestHTTPHostileInputs sends every input of bottest.HostileInputs through
// HTTP mode's handler, signed as Slack signs: as the text of /archive, as
// the text of the command's own slash command where it has one, as
// Slack escapes what a person types, and after a mention of the app. Each
// must be answered within hostileBound, without a failure, in a message
// within Slack's limits that notifies nobody.
func TestHTTPHostileInputs(t *testing.T) {
	t.Parallel()
	inputs := bottest.HostileInputs
	if len(inputs) < 60 {
		t.Fatalf("only %d hostile inputs", len(inputs))
	}
	app := startHTTP(t, testBot, Config{PerMinute: 1_000_000, Burst: 100_000}) // every input must reach the bot
	names := map[string]bool{}
	for _, c := range testBot.Commands() {
		names[c.Name] = true
	}
	slackEscapes := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	n := 0
	slash := func(t *testing.T, command, text string) posted {
		t.Helper()
		n++
		id := fmt.Sprintf("hostile-%d", n)
		status, body := app.send(t, formType, slashForm(command, text, app.fake.responseURL(id)), testSecret, time.Now())
		if status != http.StatusOK {
			t.Fatalf("status %d: %.200s", status, body)
		}
		if len(body) > 0 {
			return slashAnswer(t, body)
		}
		p := app.fake.next(t) // too slow for the acknowledgement: sent to the response_url
		if p.Via != "response" || p.Channel != id {
			t.Fatalf("answer sent via %s to %q, want the response_url %q", p.Via, p.Channel, id)
		}
		return p
	}

	ways := []struct {
		name string
		send func(t *testing.T, in string) posted
	}{
		{"archive", func(t *testing.T, in string) posted { return slash(t, EntryCommand, in) }},
		{"shortcut", func(t *testing.T, in string) posted {
			word, rest, _ := strings.Cut(strings.TrimSpace(in), " ")
			if name := strings.ToLower(word); names[name] && shortcut(name) {
				return slash(t, "/"+name, rest)
			}
			return slash(t, "/quote", in)
		}},
		{"escaped", func(t *testing.T, in string) posted { return slash(t, EntryCommand, slackEscapes.Replace(in)) }},
		{"mention", func(t *testing.T, in string) posted {
			n++
			ts := fmt.Sprintf("1700001000.%06d", n)
			body := eventBody(fmt.Sprintf("EvHostile%d", n), mention("<@"+testBotUser+"> "+in, ts, ""))
			if status, got := app.send(t, "application/json", body, testSecret, time.Now()); status != http.StatusOK {
				t.Fatalf("status %d: %.200s", status, got)
			}
			p := app.fake.next(t)
			if p.Channel != testChannel || p.ThreadTS != ts {
				t.Fatalf("answer posted to %s in thread %q, want %s in thread %q", p.Channel, p.ThreadTS, testChannel, ts)
			}
			return p
		}},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			for i, in := range inputs {
				t.Run(fmt.Sprintf("%02d %.24q", i, in), func(t *testing.T) {
					began := time.Now()
					p := way.send(t, in) // checkPayload has checked Slack's limits and the markup
					if took := time.Since(began); took > hostileBound {
						t.Errorf("answered after %v, over %v", took, hostileBound)
					}
					for _, problem := range pingProblems(p) {
						t.Error(problem)
					}
					if strings.Contains(p.blockText(), ":warning:") {
						t.Errorf("a failure, not an answer or a clear error: %q", p.Text)
					}
				})
			}
		})
	}
	app.fake.quiet(t)
}

// mentionMarkup is Slack's markup for a mention of a user, a channel, a
// group or everyone: <@U123>, <#C123>, <!here>, <!subteam^S1>.
var mentionMarkup = regexp.MustCompile(`<[@#!]`)

// pingProblems lists what in a posted message could notify someone: the
// markup of a mention, or a plain @here, @channel or @everyone, in the
// fallback text or in any text the blocks show (not in the values of
// buttons, which no one sees).
func pingProblems(p posted) []string {
	texts := []string{p.Text}
	var blocks any
	if err := json.Unmarshal(p.Blocks, &blocks); err != nil {
		return []string{"blocks are not JSON: " + err.Error()}
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if s, ok := e.(string); ok && k == "text" {
					texts = append(texts, s)
				}
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(blocks)
	var out []string
	for _, text := range texts {
		if m := mentionMarkup.FindString(text); m != "" {
			out = append(out, fmt.Sprintf("mention markup %q in %.200q", m, text))
		}
		if m := broadcast.FindString(text); m != "" {
			out = append(out, fmt.Sprintf("group mention %q in %.200q", m, text))
		}
	}
	return out
}
