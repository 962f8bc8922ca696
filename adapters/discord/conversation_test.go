package discord

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
)

// The conversation tests run the real discordgo session against the fake
// Discord in package discordtest: a gateway on loopback speaking HELLO,
// IDENTIFY, READY, heartbeats and RESUME, and a REST API that records
// every call. Each test has its own fake and adapter, so they run in
// parallel; discordgo's package-level endpoints are never changed (the
// adapter's API base setting sends its requests to the fake).

const archiveURL = "https://wilson-center-digital-archive.dvincitest.com/document/"

func isEphemeral(flags int) bool { return flags&discordtest.Ephemeral != 0 }

// buttonLabelled returns the custom id of the button with this label.
func buttonLabelled(t *testing.T, m discordtest.Message, label string) string {
	t.Helper()
	for _, b := range m.Buttons() {
		if b.Label == label {
			return b.CustomID
		}
	}
	t.Fatalf("no %q button among %+v", label, m.Buttons())
	return ""
}

func hasButton(m discordtest.Message, label string) bool {
	return slices.ContainsFunc(m.Buttons(), func(b discordtest.Button) bool { return b.Label == label })
}

func footer(m discordtest.Message) string {
	if len(m.Embeds) == 0 || m.Embeds[0].Footer == nil {
		return ""
	}
	return m.Embeds[0].Footer.Text
}

func wantText(t *testing.T, m discordtest.Message, wants ...string) {
	t.Helper()
	text := m.Text()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("the message lacks %q:\n%s", w, text)
		}
	}
}

// TestSlashCommands drives a conversation of slash commands, autocomplete
// and buttons.
func TestSlashCommands(t *testing.T) {
	t.Parallel()
	h := start(t, testBot, Options{}, nil)

	t.Run("registered from the bot's commands", func(t *testing.T) {
		c := h.wait(discordtest.Registered)
		if !strings.HasSuffix(c.Path, "/applications/"+discordtest.AppID+"/commands") {
			t.Errorf("registered at %s, want the global commands of the application", c.Path)
		}
		var cmds []discordtest.Command
		if err := json.Unmarshal(c.Body, &cmds); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range cmds {
			names = append(names, c.Name)
		}
		var want []string
		for _, c := range testBot.Commands() {
			want = append(want, c.Name)
		}
		if !slices.Equal(names, want) {
			t.Errorf("registered %v, want %v", names, want)
		}
		option := func(cmd, name string) discordtest.CommandOption {
			for _, c := range cmds {
				for _, o := range c.Options {
					if c.Name == cmd && o.Name == name {
						return o
					}
				}
			}
			t.Fatalf("/%s has no option %s", cmd, name)
			return discordtest.CommandOption{}
		}
		if o := option("quote", optWords); !o.Required || o.Type != 3 {
			t.Errorf("/quote words = %+v", o)
		}
		if o := option("who", optName); !o.Autocomplete {
			t.Error("/who name does not autocomplete")
		}
		for _, cmd := range []string{"cite", "doc"} {
			if o := option(cmd, optDocument); !o.Autocomplete {
				t.Errorf("/%s document does not autocomplete", cmd)
			}
		}
		if o := option("cite", optStyle); len(o.Choices) != len(bot.CiteStyles) {
			t.Errorf("/cite style offers %d choices, want %d", len(o.Choices), len(bot.CiteStyles))
		}
		for _, name := range []string{optFrom, optTo} {
			if o := option("quote", name); o.Required {
				t.Errorf("/quote %s is required", name)
			}
		}
	})

	t.Run("quote", func(t *testing.T) {
		r, m := h.slash("quote", discordtest.Str(optWords, "cotton"))
		if r.Type != discordtest.ResponseMessage || isEphemeral(m.Flags) {
			t.Fatalf("response type %d, flags %d: want a public message", r.Type, m.Flags)
		}
		wantText(t, m,
			"Without such aid we cannot keep the Pyongyang textile mill, which puts out up to 100 million meters of cotton a year",
			"November 13, 1957", "paragraph 15", "From the Journal of A. M. Puzanov", archiveURL+"115932")
		if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(*m.AllowedMentions.Parse) != 0 {
			t.Errorf("allowed mentions %+v, want none", m.AllowedMentions)
		}
	})

	t.Run("quote with filters", func(t *testing.T) {
		_, m := h.slash("quote", discordtest.Str(optWords, "cotton"), discordtest.Str(optFrom, "1960"))
		wantText(t, m, "Nothing in the archive matches", "with those filters")
		if !isEphemeral(m.Flags) {
			t.Error("nothing found is public, want private")
		}
	})

	t.Run("who", func(t *testing.T) {
		_, m := h.slash("who", discordtest.Str(optName, "Puzanov"))
		wantText(t, m, "SOVIET AMBASSADOR IN THE DPRK", "signature", "`doc 115932`")
	})

	t.Run("when", func(t *testing.T) {
		_, m := h.slash("when", discordtest.Str(optWords, "Chivu Stoica"))
		wantText(t, m, "**1958**", "Chivu Stoica agreed to visit the DPRK in 1958.")
	})

	t.Run("cite in a style", func(t *testing.T) {
		_, m := h.slash("cite", discordtest.Str(optDocument, "115932"), discordtest.Str(optStyle, "bibtex"))
		wantText(t, m, "```\n@", "AVPRF F. 0102, Op. 13, Delo 5", "(bibtex)")
		if !hasButton(m, "Open in the archive") {
			t.Error("no link to the document")
		}
	})

	t.Run("search", func(t *testing.T) {
		_, m := h.slash("search", discordtest.Str(optWords, "tungsten"))
		wantText(t, m, "7 documents match", "`doc 900010`")
		if !hasButton(m, "Next") {
			t.Error("no Next button on a first page of several")
		}
	})

	t.Run("doc", func(t *testing.T) {
		_, m := h.slash("doc", discordtest.Str(optDocument, "115932"), discordtest.Int(optParagraph, 15))
		wantText(t, m, "Paragraph 15 of", "Pyongyang textile mill")
	})

	t.Run("help is private", func(t *testing.T) {
		_, m := h.slash("help")
		if !isEphemeral(m.Flags) {
			t.Error("help is public, want private")
		}
		wantText(t, m, "/quote", "/who", "/when", "/cite", "/search", "/doc")
	})

	t.Run("autocomplete names", func(t *testing.T) {
		id := h.id()
		h.dispatch("INTERACTION_CREATE", discordtest.Autocomplete(id, "who", discordtest.Typing(optName, "Puz")))
		c := h.wait(discordtest.Callback(id))
		var r struct {
			Type int `json:"type"`
			Data struct {
				Choices []struct{ Name, Value string } `json:"choices"`
			} `json:"data"`
		}
		if err := json.Unmarshal(c.Body, &r); err != nil {
			t.Fatal(err)
		}
		if r.Type != discordtest.ResponseAutocomplete || len(r.Data.Choices) == 0 || len(r.Data.Choices) > 25 {
			t.Fatalf("autocomplete answered %s", c.Body)
		}
		if !strings.Contains(r.Data.Choices[0].Value, "Puzanov") {
			t.Errorf("first suggestion %+v, want Puzanov", r.Data.Choices[0])
		}
	})

	t.Run("autocomplete titles", func(t *testing.T) {
		id := h.id()
		h.dispatch("INTERACTION_CREATE", discordtest.Autocomplete(id, "cite", discordtest.Typing(optDocument, "From the")))
		c := h.wait(discordtest.Callback(id))
		if !strings.Contains(string(c.Body), `"value":"115932"`) {
			t.Errorf("no document 115932 among the suggestions: %s", c.Body)
		}
	})

	t.Run("next and previous", func(t *testing.T) {
		_, first := h.slash("quote", discordtest.Str(optWords, "tungsten"))
		if hasButton(first, "Previous") || !strings.HasPrefix(footer(first), "Page 1 of") {
			t.Fatalf("first page: footer %q, buttons %+v", footer(first), first.Buttons())
		}
		r, second := h.press(buttonLabelled(t, first, "Next"), false)
		if r.Type != discordtest.ResponseUpdate {
			t.Fatalf("Next answered with type %d, want an update of the message", r.Type)
		}
		if !strings.HasPrefix(footer(second), "Page 2 of") || !hasButton(second, "Previous") {
			t.Errorf("second page: footer %q, buttons %+v", footer(second), second.Buttons())
		}
		if second.Text() == first.Text() {
			t.Error("the second page shows the first page's passages")
		}
		_, back := h.press(buttonLabelled(t, second, "Previous"), false)
		if back.Text() != first.Text() {
			t.Errorf("Previous did not return to the first page:\n%s", back.Text())
		}
	})

	t.Run("a tampered button", func(t *testing.T) {
		_, first := h.slash("quote", discordtest.Str(optWords, "tungsten"))
		id := strings.Replace(buttonLabelled(t, first, "Next"), "page:2", "page:3", 1)
		r, m := h.press(id, false)
		if r.Type != discordtest.ResponseMessage || !isEphemeral(m.Flags) {
			t.Errorf("type %d flags %d, want a private message", r.Type, m.Flags)
		}
		wantText(t, m, "that button no longer works")
	})

	t.Run("private, then shared", func(t *testing.T) {
		_, m := h.slash("quote", discordtest.Str(optWords, "cotton"), discordtest.Bool(optPrivate, true))
		if !isEphemeral(m.Flags) {
			t.Fatal("asked for private, got a public answer")
		}
		r, shared := h.press(buttonLabelled(t, m, "Share"), true)
		if r.Type != discordtest.ResponseMessage || isEphemeral(shared.Flags) {
			t.Fatalf("Share answered type %d flags %d, want a public message", r.Type, shared.Flags)
		}
		if hasButton(shared, "Share") {
			t.Error("the shared answer still offers Share")
		}
		wantText(t, shared, "Pyongyang textile mill")
	})

	t.Run("choices", func(t *testing.T) {
		_, m := h.slash("cite", discordtest.Str(optDocument, "Record"), discordtest.Str(optStyle, "mla"))
		if !isEphemeral(m.Flags) || len(m.Buttons()) < 2 {
			t.Fatalf("choices: flags %d, buttons %+v", m.Flags, m.Buttons())
		}
		r, cited := h.press(m.Buttons()[0].CustomID, true)
		if r.Type != discordtest.ResponseUpdate {
			t.Fatalf("a choice answered with type %d, want an update", r.Type)
		}
		wantText(t, cited, "(mla)", "```")
		if !hasButton(cited, "Share") {
			t.Error("a private citation offers no Share button")
		}
	})

	t.Run("a quote containing @everyone", func(t *testing.T) {
		_, m := h.slash("quote", discordtest.Str(optWords, "circular addressed"))
		wantText(t, m, "@\u200beveryone", "@\u200bhere", "<\u200b@123456789012345678>", `\*\*urgent\*\*`)
		// The fake's checks (run at the end of the test) also fail on any
		// raw mention or permissive allowed_mentions in any message.
	})

	t.Run("an over-long answer", func(t *testing.T) {
		_, m := h.slash("doc", discordtest.Str(optDocument, "950001"), discordtest.Int(optParagraph, 3))
		if len(m.Embeds) < 2 {
			t.Fatalf("no passage embed: %+v", m.Embeds)
		}
		desc := m.Embeds[1].Description
		quoted, _, _ := strings.Cut(desc, "\n")
		if !strings.HasSuffix(quoted, "before the winter storms. "+ellipsis) {
			t.Errorf("not cut after a sentence with an ellipsis: ...%q", quoted[max(0, len(quoted)-80):])
		}
		wantText(t, m, "The rest is in the archive")
	})

	t.Run("a command the bot does not know", func(t *testing.T) {
		_, m := h.slash("frobnicate", discordtest.Str(optText, "x"))
		if !isEphemeral(m.Flags) {
			t.Error("an error is public, want private")
		}
		wantText(t, m, "I don't know the command")
	})
}

// TestMessageCommands drives prefix commands, mentions and citation cards,
// which need the Message Content intent.
func TestMessageCommands(t *testing.T) {
	t.Parallel()
	const quiet = "300000000000000099"
	h := start(t, testBot, Options{MessageContent: true, UnfurlOff: []string{quiet}}, nil)

	said := func(channel, content string) string {
		id := h.id()
		h.dispatch("MESSAGE_CREATE", discordtest.Said(id, channel, content))
		h.waitHandled("message")
		return id
	}
	replyTo := func(id string) (discordtest.Message, bool) {
		for _, c := range h.fake.Calls() {
			if !discordtest.Posted(discordtest.Channel)(c) && !discordtest.Posted(quiet)(c) {
				continue
			}
			m, err := discordtest.ReadMessage(c)
			if err != nil {
				t.Fatal(err)
			}
			if m.Reference != nil && m.Reference.MessageID == id {
				return m, true
			}
		}
		return discordtest.Message{}, false
	}

	t.Run("prefix", func(t *testing.T) {
		m, ok := replyTo(said(discordtest.Channel, "!quote cotton"))
		if !ok {
			t.Fatal("no reply")
		}
		wantText(t, m, "Pyongyang textile mill")
		if m.AllowedMentions == nil || m.AllowedMentions.RepliedUser {
			t.Errorf("the reply may ping its asker: %+v", m.AllowedMentions)
		}
	})

	t.Run("mention", func(t *testing.T) {
		m, ok := replyTo(said(discordtest.Channel, "<@"+discordtest.BotID+"> who Puzanov"))
		if !ok {
			t.Fatal("no reply")
		}
		wantText(t, m, "SOVIET AMBASSADOR IN THE DPRK")
	})

	t.Run("another bot's prefix command", func(t *testing.T) {
		if m, ok := replyTo(said(discordtest.Channel, "!play some music")); ok {
			t.Errorf("answered a command that is not ours: %s", m.Text())
		}
	})

	t.Run("unfurl", func(t *testing.T) {
		m, ok := replyTo(said(discordtest.Channel,
			"see "+archiveURL+"115932, doc:900001 and https://example.org/watch/900008 (not the archive)"))
		if !ok {
			t.Fatal("no citation cards")
		}
		if len(m.Embeds) != 2 || !strings.Contains(m.Embeds[0].Title, "Puzanov") || !strings.Contains(m.Embeds[1].Title, "Dobrev") {
			t.Errorf("cards %+v, want documents 115932 and 900001 only", m.Embeds)
		}
		wantText(t, m, "`/cite 115932`")
	})

	t.Run("at most three cards", func(t *testing.T) {
		m, ok := replyTo(said(discordtest.Channel, "doc:900001 doc:900002 doc:900003 doc:900004 doc:115932"))
		if !ok {
			t.Fatal("no citation cards")
		}
		if len(m.Embeds) != maxCards {
			t.Errorf("%d cards, want %d", len(m.Embeds), maxCards)
		}
	})

	t.Run("unfurl off in a channel", func(t *testing.T) {
		if _, ok := replyTo(said(quiet, "see doc:900001")); ok {
			t.Error("cards in a channel where they are off")
		}
	})

	t.Run("plain chat is left alone", func(t *testing.T) {
		if _, ok := replyTo(said(discordtest.Channel, "lunch at noon?")); ok {
			t.Error("answered plain chat")
		}
	})
}

// slowBot answers after a delay, to test the deferral.
type slowBot struct {
	*bot.Bot
	delay time.Duration
}

func (b slowBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	select {
	case <-time.After(b.delay):
	case <-ctx.Done():
	}
	return b.Bot.Handle(ctx, req)
}

// TestSlowAnswersAreDeferred: an answer not ready in time is acknowledged
// at once with a deferral, then delivered by editing the response.
func TestSlowAnswersAreDeferred(t *testing.T) {
	t.Parallel()
	h := start(t, slowBot{testBot, 800 * time.Millisecond}, Options{}, func(a *Adapter, _ *discordtest.Server) {
		a.deferAfter = 50 * time.Millisecond
	})

	t.Run("answer", func(t *testing.T) {
		id := h.id()
		sent := time.Now()
		h.dispatch("INTERACTION_CREATE", discordtest.SlashCommand(id, "quote", discordtest.Str(optWords, "tungsten")))
		r, _ := h.response(id)
		if r.Type != discordtest.ResponseDeferredMessage {
			t.Fatalf("first response type %d, want a deferral", r.Type)
		}
		if waited := time.Since(sent); waited > 700*time.Millisecond {
			t.Errorf("the deferral came after %v, as late as the answer", waited)
		}
		c := h.wait(discordtest.ToInteraction(id, "PATCH"))
		if !strings.HasSuffix(c.Path, "/messages/@original") {
			t.Errorf("answer delivered to %s, want the original response", c.Path)
		}
		m, _ := discordtest.ReadMessage(c)
		wantText(t, m, "passages for")

		// Next, also slow: a deferred update, then an edit of the message.
		pid := h.id()
		h.dispatch("INTERACTION_CREATE", discordtest.Press(pid, buttonLabelled(t, m, "Next"), false))
		if r, _ := h.response(pid); r.Type != discordtest.ResponseDeferredUpdate {
			t.Fatalf("Next: first response type %d, want a deferred update", r.Type)
		}
		m2, _ := discordtest.ReadMessage(h.wait(discordtest.ToInteraction(pid, "PATCH")))
		if !strings.HasPrefix(footer(m2), "Page 2 of") {
			t.Errorf("Next delivered footer %q", footer(m2))
		}
	})

	t.Run("a private answer after a public deferral", func(t *testing.T) {
		id := h.id()
		h.dispatch("INTERACTION_CREATE", discordtest.SlashCommand(id, "quote", discordtest.Str(optWords, "zeppelin")))
		if r, _ := h.response(id); r.Type != discordtest.ResponseDeferredMessage {
			t.Fatalf("first response type %d, want a deferral", r.Type)
		}
		h.wait(discordtest.ToInteraction(id, "DELETE"))
		m, _ := discordtest.ReadMessage(h.wait(discordtest.ToInteraction(id, "POST")))
		if !isEphemeral(m.Flags) {
			t.Error("the follow-up is public, want private")
		}
		wantText(t, m, "Nothing in the archive matches")
	})
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	h := start(t, testBot, Options{PerMinute: 1, Burst: 2, MessageContent: true}, nil)
	for i := range 2 {
		if _, m := h.slash("doc", discordtest.Str(optDocument, "115932")); strings.Contains(m.Text(), "slow down") {
			t.Fatalf("request %d was limited", i+1)
		}
	}
	_, m := h.slash("doc", discordtest.Str(optDocument, "115932"))
	if !isEphemeral(m.Flags) {
		t.Error("the slow-down message is public")
	}
	wantText(t, m, "please slow down")

	// Message commands: one slow-down message, then silence.
	for range 2 {
		h.dispatch("MESSAGE_CREATE", discordtest.Said(h.id(), discordtest.Channel, "!doc 115932"))
		h.waitHandled("message")
	}
	posted := 0
	for _, c := range h.fake.Calls() {
		if discordtest.Posted(discordtest.Channel)(c) {
			posted++
			m, _ := discordtest.ReadMessage(c)
			wantText(t, m, "please slow down")
		}
	}
	if posted != 1 {
		t.Errorf("%d messages for two limited message commands, want one", posted)
	}
}

// TestResume: a dropped gateway connection is resumed with the same
// session, and the bot goes on answering.
func TestResume(t *testing.T) {
	t.Parallel()
	h := start(t, testBot, Options{}, nil)
	if err := h.fake.Disconnect(4000); err != nil {
		t.Fatal(err)
	}
	c := h.wait(discordtest.Gateway("op6"))
	var resume struct {
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(c.Body, &resume); err != nil {
		t.Fatal(err)
	}
	if resume.SessionID != "fake-session-1" || resume.Seq < 1 {
		t.Errorf("resumed %+v, want session fake-session-1", resume)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := h.fake.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	_, m := h.slash("doc", discordtest.Str(optDocument, "115932"))
	wantText(t, m, "From the Journal of A. M. Puzanov")
	if n := h.fake.Count(discordtest.Gateway("op2")); n != 1 {
		t.Errorf("identified %d times, want once", n)
	}
}

// TestRefusedConfiguration: close codes that mean the configuration is
// wrong stop the bot with a clear error instead of reconnecting forever.
func TestRefusedConfiguration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		token  string
		opts   Options
		allow  bool // the fake allows the Message Content intent
		want   error
		advice string
	}{
		{"invalid token", "wrong-token", Options{}, true, ErrInvalidToken, "close code 4004"},
		{"disallowed intents", testToken, Options{MessageContent: true}, false, ErrDisallowedIntents, "Message Content intent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.NewServer(testToken)
			defer fake.Close()
			fake.MessageContent = tt.allow
			opts := tt.opts
			opts.Token, opts.APIBase = tt.token, fake.URL
			a, err := New(testBot, opts)
			if err != nil {
				t.Fatal(err)
			}
			a.reconnectWait = 10 * time.Millisecond
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			err = a.Run(ctx)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.advice) {
				t.Errorf("Run = %v, want %v with %q", err, tt.want, tt.advice)
			}
			if ctx.Err() != nil {
				t.Error("Run only returned when its context ended")
			}
			if n := fake.Count(discordtest.Gateway("op2")); n != 1 {
				t.Errorf("identified %d times, want once", n)
			}
		})
	}
}

// TestStartup checks where the commands are registered, and what a
// shard identifies as.
func TestStartup(t *testing.T) {
	t.Parallel()
	// Guilds, guild messages and direct messages: none is privileged.
	const messages = 1 | 1<<9 | 1<<12
	tests := []struct {
		name     string
		opts     Options
		register string // the path registered at, "" for none
		shard    []int
		intents  int
	}{
		{"global", Options{}, "/applications/" + discordtest.AppID + "/commands", nil, messages},
		{"one guild", Options{GuildID: discordtest.GuildID}, "/applications/" + discordtest.AppID + "/guilds/" + discordtest.GuildID + "/commands", nil, messages},
		{"application id given", Options{AppID: "123"}, "/applications/123/commands", nil, messages},
		{"second shard", Options{ShardID: 1, ShardCount: 2}, "", []int{1, 2}, messages},
		{"no registration", Options{SkipRegistration: true}, "", nil, messages},
		{"message content", Options{MessageContent: true, SkipRegistration: true}, "", nil, 1 | 1<<9 | 1<<12 | 1<<15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, testBot, tt.opts, nil)
			var id struct {
				Intents int   `json:"intents"`
				Shard   []int `json:"shard"`
			}
			if err := json.Unmarshal(h.wait(discordtest.Gateway("op2")).Body, &id); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(id.Shard, tt.shard) || id.Intents != tt.intents {
				t.Errorf("identified as shard %v with intents %b, want %v and %b", id.Shard, id.Intents, tt.shard, tt.intents)
			}
			var paths []string
			for _, c := range h.fake.Calls() {
				if discordtest.Registered(c) {
					paths = append(paths, strings.TrimPrefix(c.Path, "/api/v9"))
				}
			}
			want := []string{}
			if tt.register != "" {
				want = []string{tt.register}
			}
			if !slices.Equal(paths, want) && !(len(paths) == 0 && len(want) == 0) {
				t.Errorf("registered at %v, want %v", paths, want)
			}
		})
	}
}

// TestMentionsAndDirectMessages: Discord sends the text of a message that
// mentions the bot, and of a direct message, without the privileged
// Message Content intent, so both are answered by default; prefix
// commands and citation cards need the intent.
func TestMentionsAndDirectMessages(t *testing.T) {
	t.Parallel()
	const dm = "300000000000000077"
	tests := []struct {
		name    string
		content bool // the Message Content intent
		private bool // a direct message
		text    string
		want    string // in the reply; "" for no reply
	}{
		{"mention", false, false, "<@" + discordtest.BotID + "> who Puzanov", "SOVIET AMBASSADOR IN THE DPRK"},
		{"nickname mention", false, false, "<@!" + discordtest.BotID + "> quote cotton", "Pyongyang textile mill"},
		{"direct message", false, true, "quote cotton", "Pyongyang textile mill"},
		{"direct message with a prefix", false, true, "!quote cotton", "Pyongyang textile mill"},
		{"prefix needs the intent", false, false, "!quote cotton", ""},
		{"cards need the intent", false, false, "see doc:900001", ""},
		{"plain chat", false, false, "lunch at noon?", ""},
		{"mention, with the intent", true, false, "<@" + discordtest.BotID + "> who Puzanov", "SOVIET AMBASSADOR IN THE DPRK"},
		{"direct message, with the intent", true, true, "quote cotton", "Pyongyang textile mill"},
		{"prefix, with the intent", true, false, "!quote cotton", "Pyongyang textile mill"},
		{"card in a direct message, with the intent", true, true, "see doc:900001", "Dobrev"},
	}
	hosts := map[bool]*harness{}
	for _, content := range []bool{false, true} {
		hosts[content] = start(t, testBot, Options{MessageContent: content}, func(_ *Adapter, fake *discordtest.Server) {
			fake.MessageContent = content // the portal's switch: refuse the intent unless it is on
		})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := hosts[tt.content]
			id := h.id()
			channel, payload := discordtest.Channel, discordtest.Said(id, discordtest.Channel, tt.text)
			if tt.private {
				channel, payload = dm, discordtest.SaidPrivately(id, dm, tt.text)
			}
			h.dispatch("MESSAGE_CREATE", payload)
			h.waitHandled("message")
			var got *discordtest.Message
			for _, c := range h.fake.Calls() {
				if !discordtest.Posted(channel)(c) {
					continue
				}
				m, err := discordtest.ReadMessage(c)
				if err != nil {
					t.Fatal(err)
				}
				if m.Reference != nil && m.Reference.MessageID == id {
					got = &m
				}
			}
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("answered %q: %s", tt.text, got.Text())
			case tt.want != "" && got == nil:
				t.Fatalf("no reply to %q", tt.text)
			case tt.want != "":
				wantText(t, *got, tt.want)
			}
		})
	}
}
