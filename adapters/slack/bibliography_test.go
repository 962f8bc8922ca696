package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/archivebot/archivebot/bot"
	"github.com/archivebot/archivebot/bot/bottest"
)

const testAdmin = "U0ADMIN"

// usersInfo answers users.info: the test user has a display name that
// tries to ping the channel, the admin is a workspace admin.
func usersInfo(c slacktest.Customize) {
	c.Handle("/users.info", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		user := map[string]any{"id": r.Form.Get("user"), "name": "tester", "real_name": "Tess Ter",
			"profile": map[string]any{"display_name": "Tess <!channel>"}}
		if r.Form.Get("user") == testAdmin {
			user["is_admin"] = true
			user["profile"] = map[string]any{"display_name": "Ad Min"}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "user": user})
	})
}

// TestBibliography saves, lists, exports and clears a channel's
// bibliography with slash commands and a mention, through the real
// slack-go client against the fake Slack: a long export is uploaded as a
// file with files.getUploadURLExternal, the upload URL and
// files.completeUploadExternal; a short one is a code block.
func TestBibliography(t *testing.T) {
	t.Parallel()
	st := bottest.NewStore(t)
	b := bot.New(testIndex, bot.Options{State: st, Now: func() time.Time { return time.Date(2026, 11, 13, 9, 30, 0, 0, time.UTC) }})
	app := startSocketWith(t, b, Config{}, usersInfo)
	n := 0
	slash := func(command, text, channel, user string) posted {
		t.Helper()
		n++
		p := slashPayload(command, text, app.fake.responseURL("s"))
		p["channel_id"], p["user_id"] = channel, user
		app.fake.envelope(t, "slash_commands", fmt.Sprintf("env-bib-%d", n), p, 0)
		return app.fake.ack(t)
	}
	for _, doc := range []string{"115932 ¶3 see @everyone &lt;!here&gt;", "900001", "900002", "900003"} {
		if ack := slash("/save", doc, testChannel, testUser); !strings.Contains(ack.blockText(), "Saved") {
			t.Fatalf("save %s: %s", doc, ack.Raw)
		}
	}
	list, err := st.List(context.Background(), "slack:"+testTeam+"/"+testChannel)
	if err != nil || len(list) != 4 {
		t.Fatalf("%d entries in the store, %v", len(list), err)
	}
	if e := list[0]; e.SavedBy != "Tess <!channel>" || e.Paragraph != 3 || e.Note != "see @everyone <!here>" {
		t.Errorf("first entry %+v", e)
	}

	t.Run("list", func(t *testing.T) {
		ack := slash("/bibliography", "", testChannel, testUser)
		for _, want := range []string{"4 entries", "*1.*", "¶3", "Tess &lt;!channel&gt;", "@\u2060everyone &lt;!here&gt;", "2026-11-13 09:30 UTC"} {
			if !strings.Contains(ack.blockText(), want) {
				t.Errorf("list lacks %q:\n%s", want, ack.blockText())
			}
		}
	})
	t.Run("long export is uploaded", func(t *testing.T) {
		ack := slash("/bibliography", "export", testChannel, testUser)
		f := app.fake.next(t)
		if f.Via != "file" || f.Channel != testChannel || f.FileName != "bibliography-bibtex.bib" {
			t.Fatalf("posted %s %q to %s", f.Via, f.FileName, f.Channel)
		}
		if n := strings.Count(string(f.File), "@unpublished{"); n != 4 {
			t.Errorf("the file holds %d entries:\n%s", n, f.File)
		}
		if !strings.Contains(ack.blockText(), "is posted in this conversation") {
			t.Errorf("the answer does not say where the file is:\n%s", ack.blockText())
		}
	})
	t.Run("not in the channel", func(t *testing.T) {
		for _, doc := range []string{"115932", "900001", "900002", "900003"} {
			slash("/save", doc, "C0NOTMEMBER", testUser)
		}
		ack := slash("/bibliography", "export ris", "C0NOTMEMBER", testUser)
		if !strings.Contains(ack.blockText(), "could not post the file") {
			t.Errorf("a failed upload was not explained:\n%s", ack.blockText())
		}
	})
	t.Run("a mention's export goes in its thread", func(t *testing.T) {
		n++
		app.fake.envelope(t, "events_api", fmt.Sprintf("env-bib-%d", n), json.RawMessage(eventBody("EvBib1",
			mention("<@"+testBotUser+"> bibliography export csl", "1700000020.000100", ""))), 0)
		app.fake.ack(t)
		if p := app.fake.next(t); p.Via != "chat.postMessage" || !strings.Contains(p.blockText(), "csl-json") {
			t.Fatalf("posted %s: %s", p.Via, p.Raw)
		}
		f := app.fake.next(t)
		if f.Via != "file" || f.ThreadTS != "1700000020.000100" || f.FileName != "bibliography-csl-json.json" {
			t.Errorf("file %q via %s in thread %q", f.FileName, f.Via, f.ThreadTS)
		}
	})
	t.Run("short export is a code block", func(t *testing.T) {
		for range 3 {
			slash("/bibliography", "remove 2", testChannel, testUser)
		}
		ack := slash("/bibliography", "export apa", testChannel, testUser)
		if !strings.Contains(ack.blockText(), "bibliography-apa.txt*\\n```1. From the Journal") {
			t.Errorf("no code block:\n%s", ack.blockText())
		}
		app.fake.quiet(t)
	})
	t.Run("clear is for admins", func(t *testing.T) {
		if ack := slash("/bibliography", "clear", testChannel, testUser); !strings.Contains(ack.blockText(), "Only members who may manage") {
			t.Errorf("a member cleared the list:\n%s", ack.blockText())
		}
		if ack := slash("/bibliography", "clear", testChannel, testAdmin); !strings.Contains(ack.blockText(), "Cleared") {
			t.Errorf("an admin could not clear the list:\n%s", ack.blockText())
		}
	})
}

// TestToday asks for the document of a day with the slash command.
func TestToday(t *testing.T) {
	t.Parallel()
	b := bot.New(testIndex, bot.Options{Now: func() time.Time { return time.Date(2026, 11, 13, 9, 0, 0, 0, time.UTC) }})
	app := startSocket(t, b, Config{})
	app.fake.envelope(t, "slash_commands", "env-today", slashPayload("/today", "", app.fake.responseURL("s")), 0)
	if ack := app.fake.ack(t); !strings.Contains(ack.blockText(), "On this day, November 13") || !strings.Contains(ack.blockText(), "Kim Il Sung") {
		t.Errorf("today:\n%s", ack.blockText())
	}
}
