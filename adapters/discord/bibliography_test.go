package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/bot/bottest"
)

// recordingBot is a bot that remembers the requests it was given.
type recordingBot struct {
	*bot.Bot
	got chan bot.Request
}

func (b recordingBot) Handle(ctx context.Context, req bot.Request) bot.Reply {
	select {
	case b.got <- req:
	default:
	}
	return b.Bot.Handle(ctx, req)
}

// TestBibliography saves, lists, exports and clears a channel's
// bibliography through slash commands and a message command, with the real
// discordgo client against the fake Discord: the export arrives as a
// multipart file when long, and as a code block when short.
func TestBibliography(t *testing.T) {
	t.Parallel()
	st := bottest.NewStore(t)
	b := recordingBot{Bot: bot.New(testArchiveIndex, bot.Options{State: st, Now: func() time.Time {
		return time.Date(2026, 11, 13, 9, 30, 0, 0, time.UTC)
	}}), got: make(chan bot.Request, 100)}
	h := start(t, b, Options{MessageContent: true}, nil)

	call := func(payload map[string]any) discordtest.Call {
		t.Helper()
		h.dispatch("INTERACTION_CREATE", payload)
		return h.wait(discordtest.Callback(payload["id"].(string)))
	}
	message := func(c discordtest.Call) discordtest.Message {
		t.Helper()
		m, err := discordtest.ReadMessage(c)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	for _, doc := range []string{"115932", "900001", "900002", "900003"} {
		c := call(discordtest.WithPermissions(discordtest.SlashCommand(h.id(), "save",
			discordtest.Str("document", doc), discordtest.Int("paragraph", 2), discordtest.Str("note", "see @everyone <@123>")), 0, "Ada <@42>"))
		wantText(t, message(c), "Saved paragraph 2")
	}
	req := <-b.got
	if want := "discord:" + discordtest.Channel; req.Conversation != want || req.UserName != "Ada <@42>" || req.CanManage {
		t.Errorf("request: conversation %q, user name %q, may manage %v", req.Conversation, req.UserName, req.CanManage)
	}
	if req.Text != "save 115932 ¶2 see @everyone <@123>" {
		t.Errorf("slash command read as %q", req.Text)
	}

	t.Run("list", func(t *testing.T) {
		m := message(call(discordtest.SlashCommand(h.id(), "bibliography")))
		wantText(t, m, "4 entries", "**1.**", "\u00b62", "saved by Ada <\u200b@42>", "see @\u200beveryone <\u200b@123>", "<t:1794562200:f>")
	})
	t.Run("long export is a file", func(t *testing.T) {
		c := call(discordtest.SlashCommand(h.id(), "bibliography", discordtest.Str("action", "export")))
		if len(c.Files) != 1 {
			t.Fatalf("%d files, want 1", len(c.Files))
		}
		f := c.Files[0]
		if f.Name != "bibliography-bibtex.bib" || f.ContentType != "application/x-bibtex" {
			t.Errorf("file %q of type %q", f.Name, f.ContentType)
		}
		if n := strings.Count(string(f.Content), "@unpublished{"); n != 4 || !strings.Contains(string(f.Content), "see @everyone <@123>") {
			t.Errorf("file holds %d entries, or lost the note as typed:\n%s", n, f.Content)
		}
		wantText(t, message(c), "in bibtex: 4 entries", "Attached: bibliography-bibtex.bib")
	})
	t.Run("short export is a code block", func(t *testing.T) {
		c := call(discordtest.SlashCommand(h.id(), "bibliography", discordtest.Str("action", "remove"), discordtest.Int("entry", 4)))
		wantText(t, message(c), "Removed #4")
		for range 2 {
			call(discordtest.SlashCommand(h.id(), "bibliography", discordtest.Str("action", "remove"), discordtest.Int("entry", 1)))
		}
		c = call(discordtest.SlashCommand(h.id(), "bibliography", discordtest.Str("action", "export"), discordtest.Str("format", "chicago")))
		if len(c.Files) != 0 {
			t.Errorf("a short export came as %d files", len(c.Files))
		}
		wantText(t, message(c), "bibliography-chicago.txt", "```\n1. \u201cTelegram from Ostland Ambassador")
	})
	t.Run("a message command's export is a file too", func(t *testing.T) {
		for _, doc := range []string{"900004", "900008", "900010"} {
			call(discordtest.SlashCommand(h.id(), "save", discordtest.Str("document", doc)))
		}
		id := h.id()
		h.dispatch("MESSAGE_CREATE", discordtest.Said(id, discordtest.Channel, "!bibliography export ris"))
		c := h.wait(func(c discordtest.Call) bool {
			return discordtest.Posted(discordtest.Channel)(c) && len(c.Files) == 1
		})
		if f := c.Files[0]; f.Name != "bibliography-ris.ris" || strings.Count(string(f.Content), "ER  - ") != 4 {
			t.Errorf("file %q:\n%s", f.Name, f.Content)
		}
	})
	t.Run("clear needs the manage permission", func(t *testing.T) {
		m := message(call(discordtest.SlashCommand(h.id(), "bibliography", discordtest.Str("action", "clear"))))
		wantText(t, m, "Only members who may manage")
		m = message(call(discordtest.WithPermissions(discordtest.SlashCommand(h.id(), "bibliography", discordtest.Str("action", "clear")), 1<<4, "")))
		wantText(t, m, "Cleared", "4 entries removed")
		list, err := st.List(context.Background(), "discord:"+discordtest.Channel)
		if err != nil || len(list) != 0 {
			t.Errorf("after clear: %d entries, %v", len(list), err)
		}
	})
}

// TestToday asks for the document of a day with the slash command.
func TestToday(t *testing.T) {
	t.Parallel()
	b := bot.New(testArchiveIndex, bot.Options{Now: func() time.Time { return time.Date(2026, 11, 13, 9, 0, 0, 0, time.UTC) }})
	h := start(t, b, Options{}, nil)
	_, m := h.slash("today")
	wantText(t, m, "On this day, November 13", "Kim Il Sung")
	_, m = h.slash("today", discordtest.Str("date", "14 April"))
	wantText(t, m, "On this day, April 14", "Dobrev")
}

// TestSlowExportIsDeferred: an export not ready in time is deferred, then
// delivered by editing the response, with the file.
func TestSlowExportIsDeferred(t *testing.T) {
	t.Parallel()
	st := bottest.NewStore(t)
	b := bot.New(testArchiveIndex, bot.Options{State: st})
	ctx := context.Background()
	for _, doc := range []string{"115932", "900001", "900002", "900003"} {
		if r := b.Handle(ctx, bot.Request{Text: "save " + doc, Conversation: "discord:" + discordtest.Channel}); r.Kind != bot.KindAnswer {
			t.Fatalf("save %s: %s", doc, r.Headline)
		}
	}
	h := start(t, slowBot{b, 300 * time.Millisecond}, Options{}, func(a *Adapter, _ *discordtest.Server) {
		a.deferAfter = 20 * time.Millisecond
	})
	id := h.id()
	h.dispatch("INTERACTION_CREATE", discordtest.SlashCommand(id, "bibliography", discordtest.Str(optAction, "export"), discordtest.Str(optFormat, "ris")))
	if r, _ := h.response(id); r.Type != discordtest.ResponseDeferredMessage {
		t.Fatalf("first response type %d, want a deferral", r.Type)
	}
	c := h.wait(discordtest.ToInteraction(id, "PATCH"))
	if len(c.Files) != 1 || c.Files[0].Name != "bibliography-ris.ris" || strings.Count(string(c.Files[0].Content), "ER  - ") != 4 {
		t.Fatalf("the edit carries %d files: %+v", len(c.Files), c.Files)
	}
}
