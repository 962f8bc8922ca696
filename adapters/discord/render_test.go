package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

func testRenderer() renderer {
	names := map[string]bool{}
	for _, n := range []string{"quote", "who", "when", "cite", "search", "doc", "today", "save", "bibliography", "help"} {
		names[n] = true
	}
	return renderer{signer: newSigner("golden-secret"), commands: names}
}

var (
	dobrev = bot.Citation{
		DocID: "900001", Title: "From the Diary of A. Dobrev, Record of a Conversation with Valdorian Trade Minister Tomas Vrell",
		Date: "April 14, 1961", Archive: "Wilson Center Digital Archive", Reference: "AMZO F. 0417, Op. 9, Delo 22",
		Translator: "Lena Ostrova", TranslatedFor: "VODP", URL: "https://wilson-center-digital-archive.dvincitest.com/document/900001",
		Text: `"From the Diary of A. Dobrev, Record of a Conversation with Valdorian Trade Minister Tomas Vrell", April 14, 1961, Wilson Center Digital Archive, AMZO F. 0417, Op. 9, Delo 22. Translated for VODP by Lena Ostrova. https://wilson-center-digital-archive.dvincitest.com/document/900001`,
	}
	circular = bot.Citation{
		DocID: "950001", Title: "Circular of the Hask Signal Office on the Semaphore Network", Date: "June 2, 1964",
		Archive: "Wilson Center Digital Archive", Reference: "OZA Signal Office Records, File 7",
		URL: "https://wilson-center-digital-archive.dvincitest.com/document/950001",
	}
	hazards = "The circular was addressed to @everyone in the Hask office and copied to @here staff, with a margin note reading <@123456789012345678> and **urgent** in the clerk's hand, and a stamp that said [click](https://example.org) by mistake."
)

func det(label, value string) bot.Detail { return bot.Detail{Label: label, Value: value} }

// longParagraph is a paragraph far longer than a Discord message.
func longParagraph() string {
	var b strings.Builder
	for i := range 80 {
		fmt.Fprintf(&b, "The semaphore station at Cape Morrow reported on day %d that the arms of the signal mast were repainted and the logbook was brought up to date. ", i+1)
	}
	return strings.TrimSpace(b.String())
}

// exportReply is a bibliography export of about n bytes, with a note that
// tries to ping.
func exportReply(n int) bot.Reply {
	entry := "@unpublished{archive900001,\n  title = {{From the Diary of A. Dobrev}},\n  annote = {\\#1: see @everyone <@123>},\n}\n"
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(entry + "\n")
	}
	return bot.Reply{Kind: bot.KindAnswer, Command: "bibliography", Headline: "This conversation's bibliography in bibtex: 3 entries",
		Attachment: &bot.Attachment{Name: "bibliography-bibtex.bib", ContentType: "application/x-bibtex", Content: []byte(b.String())}}
}

func renderCases() []struct {
	name  string
	reply bot.Reply
	view  view
} {
	quote := bot.Reply{
		Kind: bot.KindAnswer, Command: "quote", Headline: "4 passages for \u201ctungsten\u201d",
		Passages: []bot.Passage{
			{Text: `"We will not sell the tungsten at that price," said Cde. Ivo Marsek.`, Trailing: true, Speaker: "Ivo Marsek", DocID: "900001", Paragraph: 5},
			{Text: hazards, Leading: true, DocID: "950001", Paragraph: 2},
		},
		Citations: []bot.Citation{dobrev, circular},
		Hint:      "The full paragraph: doc 900001 5",
		Page:      &bot.Page{Number: 1, Of: 2, Total: 4, Next: "quote tungsten page:2"},
		Source:    &testSource,
	}
	page2 := quote
	page2.Page = &bot.Page{Number: 2, Of: 3, Total: 7, Next: "quote tungsten page:3", Prev: "quote tungsten"}
	long := bot.Reply{Kind: bot.KindAnswer, Command: "doc", Headline: "Paragraph 3 of \u201cCircular of the Hask Signal Office on the Semaphore Network\u201d",
		Passages: []bot.Passage{{Text: longParagraph(), DocID: "950001", Paragraph: 3}}, Citations: []bot.Citation{circular}}
	cite := bot.Reply{
		Kind: bot.KindAnswer, Command: "cite", Headline: "Citation for \u201c" + dobrev.Title + "\u201d (chicago)",
		Details: []bot.Detail{det("Title", dobrev.Title), det("Date", dobrev.Date), det("Archive", dobrev.Archive), det("Reference", dobrev.Reference), det("Translator", dobrev.Translator), det("URL", dobrev.URL)},
		Hint:    "Other styles: cite 900001 mla | apa | bibtex | ris | csl-json; pinpoint a paragraph with \u00b6N.",
	}
	c := dobrev
	c.Style, c.Formatted = "chicago", dobrev.Text
	cite.Citations = []bot.Citation{c}
	bib := cite
	c.Style, c.Formatted = "bibtex", "@misc{dobrev1961,\n  title = {From the Diary of A. Dobrev},\n  year = {1961},\n  note = {AMZO F. 0417, Op. 9, Delo 22},\n}\n"
	bib.Citations = []bot.Citation{c}
	bib.Headline = strings.Replace(cite.Headline, "chicago", "bibtex", 1)
	var summaries []bot.Citation
	for i := range 5 {
		s := dobrev
		s.DocID = fmt.Sprintf("90000%d", i+1)
		s.Summary = strings.Repeat("Ostland and Valdoria discuss the tungsten price and the dam. ", 50)
		summaries = append(summaries, s)
	}
	var help []bot.CommandHelp
	for _, c := range testBot.Commands() {
		help = append(help, bot.CommandHelp{Name: c.Name, Summary: c.Summary, Usage: c.Usage, Examples: c.Examples})
	}
	return []struct {
		name  string
		reply bot.Reply
		view  view
	}{
		{"quote", quote, view{command: "quote tungsten"}},
		{"quote-private", quote, view{command: "quote tungsten", ephemeral: true}},
		{"quote-page-2", page2, view{command: "quote tungsten page:2"}},
		{"who", bot.Reply{
			Kind: bot.KindAnswer, Command: "who", Headline: "Ivo Marsek in 1 document: Ostland Foreign Ministry counselor (April 14, 1961)",
			Mentions: []bot.Mention{
				{DocID: "900001", Date: "April 14, 1961", Name: "Ivo Marsek", Role: "Ostland Foreign Ministry counselor", Where: "body", Paragraph: 1, Count: 3},
				{DocID: "900001", Date: "April 14, 1961", Name: "Marsek", Where: "distribution", Paragraph: 15, Count: 1},
			},
			Details:   []bot.Detail{det("Spellings merged", "Ivo Marsek, Marsek"), det("Named most often with", "Tomas Vrell (1 document)")},
			Passages:  []bot.Passage{{Text: "Present at the conversation was Ostland Foreign Ministry counselor Cde. Ivo Marsek.", Leading: true, DocID: "900001", Paragraph: 1}},
			Citations: []bot.Citation{dobrev},
		}, view{command: "who Marsek"}},
		{"when", bot.Reply{
			Kind: bot.KindAnswer, Command: "when", Headline: "When: \u201cdelegation\u201d in 1 document; 2 dates stated in the passages",
			Timeline: []bot.Event{
				{Date: "April 1961", Sort: "1961-04-12", Stated: "12 March [sic; April] 1961", Source: "text", Corrected: true, Evidence: "On 12 March [sic; April] 1961 I visited Valdorian Trade Minister Tomas Vrell.", DocID: "900001", Paragraph: 1},
				{Date: "April 14, 1961", Sort: "1961-04-14", Stated: "April 14, 1961", Source: "document", DocID: "900001", Paragraph: 1, Evidence: "Lindmar, April 14, 1961, 10:30 a.m."},
				{Date: "1962", Sort: "1962-01-01", Stated: "next year", Source: "text", Relative: true, Evidence: "the smelters in Lindmar cannot wait until next year", DocID: "900001", Paragraph: 4},
			},
			Citations: []bot.Citation{dobrev},
		}, view{command: "when delegation"}},
		{"cite", cite, view{command: "cite 900001"}},
		{"cite-bibtex", bib, view{command: "cite 900001 bibtex", ephemeral: true}},
		{"cite-choices", bot.Reply{
			Kind: bot.KindAnswer, Command: "cite", Headline: "3 documents have titles matching \u201cRecord\u201d: which one?", Private: true,
			Choices: []bot.Choice{
				{Label: "From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung (November 13, 1957)", Command: "cite 115932 mla"},
				{Label: dobrev.Title + " (April 14, 1961)", Command: "cite 900001 mla"},
			},
			Citations: []bot.Citation{dobrev},
			Hint:      "Cite one by its id, e.g. `cite 115932 mla`.",
		}, view{command: "cite Record mla", ephemeral: true}},
		{"search", bot.Reply{
			Kind: bot.KindAnswer, Command: "search", Headline: "7 documents match \u201ctungsten\u201d", Citations: summaries,
			Hint: "Quote from them with `quote tungsten`.", Page: &bot.Page{Number: 1, Of: 2, Total: 7, Next: "search tungsten page:2"},
			Source: &testSource,
		}, view{command: "search tungsten"}},
		{"doc", bot.Reply{
			Kind: bot.KindAnswer, Command: "doc", Headline: circular.Title, Citations: []bot.Citation{circular},
			Details: []bot.Detail{det("Date", "June 2, 1964"), det("Summary", strings.Repeat("A fictional circular on the repair of the semaphore network. ", 30)), det("Size", "6 paragraphs, 2679 words"), det("URL", circular.URL)},
			Hint:    "Read a paragraph with `doc 950001 <n>`; cite it with `cite 950001`.",
		}, view{command: "doc 950001"}},
		{"doc-long-paragraph", long, view{command: "doc 950001 3"}},
		{"help", bot.Reply{Kind: bot.KindUsage, Command: "help", Headline: "Ask the archive. Every answer quotes the documents verbatim and cites them.", Commands: help, Hint: "Narrow any command with from:DATE to:DATE.", Private: true}, view{ephemeral: true}},
		{"usage", bot.Reply{Kind: bot.KindUsage, Command: "quote", Headline: "The quote command needs something to look for.", Hint: "Usage: quote <words | \"exact phrase\">", Commands: help[:1], Private: true}, view{ephemeral: true}},
		{"not-found", bot.Reply{Kind: bot.KindNotFound, Command: "quote", Headline: "Nothing in the archive matches \u201c@everyone <@42>\u201d.", Hint: "Try fewer or different words, or `search @everyone`.", Private: true, Source: &testSource}, view{ephemeral: true}},
		{"failure", bot.Reply{Kind: bot.KindFailure, Command: "quote", Headline: "Sorry, something went wrong while searching the archive.", Hint: "Please try again in a moment.", Private: true}, view{ephemeral: true}},
		{"slow-down", bot.SlowDown(), view{ephemeral: true}},
		{"stale-button", staleButton(), view{ephemeral: true}},
		{"bibliography", bot.Reply{
			Kind: bot.KindAnswer, Command: "bibliography", Headline: "This conversation's bibliography: 12 entries",
			Bibliography: []bot.BibEntry{
				{Position: 1, DocID: "900001", Title: dobrev.Title, Date: dobrev.Date, Paragraph: 5, Note: "the price @everyone <@&77> **bold** \u202eevil", SavedBy: "Ana <@123>", SavedAt: time.Date(2026, 11, 13, 9, 30, 0, 0, time.UTC)},
				{Position: 2, DocID: "900404", SavedBy: "@here", SavedAt: time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC)},
			},
			Citations: []bot.Citation{dobrev},
			Hint:      "Export it with `bibliography export [bibtex|ris|csl-json|chicago|mla|apa]`; remove an entry with `bibliography remove <n>`.",
			Page:      &bot.Page{Number: 1, Of: 2, Total: 12, Next: "bibliography page:2"},
		}, view{command: "bibliography"}},
		{"export-short", exportReply(300), view{command: "bibliography export"}},
		{"export-long", exportReply(3000), view{command: "bibliography export"}},
		{"next-too-long", bot.Reply{
			Kind: bot.KindAnswer, Command: "search", Headline: "12 documents match \u201ca long question\u201d", Citations: summaries[:1],
			Page: &bot.Page{Number: 1, Of: 3, Total: 12, Next: "search " + strings.Repeat("many words ", 9) + "page:2"},
		}, view{command: "search many words"}},
	}
}

func TestRenderGolden(t *testing.T) {
	r := testRenderer()
	for _, tt := range renderCases() {
		t.Run(tt.name, func(t *testing.T) {
			m := r.render(tt.reply, tt.view)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // readable goldens; the same JSON either way
			enc.SetIndent("", "  ")
			if err := enc.Encode(m.response()); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			for _, p := range discordtest.CheckMessage(got) {
				t.Errorf("Discord would refuse or ping: %s", p)
			}
			path := filepath.Join("testdata", "render", tt.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run with -update if the change is right.\ngot:\n%s", path, got)
			}
		})
	}
}

// testSource is a fixed archive identity, so goldens do not change with the
// time a test index was built.
var testSource = bot.Source{BuiltAt: time.Date(2026, 11, 29, 22, 3, 0, 0, time.UTC), Documents: 27, Fingerprint: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"}

// TestRenderSource: a reply from the archive names it on the last line of
// the last embed's footer, after a page footer, even when the reply is cut
// down to fit; a reply without a source shows none.
func TestRenderSource(t *testing.T) {
	const want = "Archive: 27 documents, built 2026-11-29 22:03 UTC, corpus 1a2b3c4d5e6f"
	para := longParagraph()
	var passages []bot.Passage
	for i := range 12 {
		passages = append(passages, bot.Passage{Text: para, DocID: fmt.Sprint(i), Paragraph: i + 1})
	}
	tests := []struct {
		name  string
		reply bot.Reply
		want  bool
	}{
		{"not found", bot.Reply{Kind: bot.KindNotFound, Headline: "Nothing.", Source: &testSource}, true},
		{"page footer", bot.Reply{Kind: bot.KindAnswer, Headline: "7 documents", Citations: []bot.Citation{{DocID: "1", Title: "T"}},
			Page: &bot.Page{Number: 1, Of: 2, Total: 7, Next: "search x page:2"}, Source: &testSource}, true},
		{"too long", bot.Reply{Kind: bot.KindAnswer, Headline: strings.Repeat("Long ", 40), Passages: passages, Hint: para, Source: &testSource}, true},
		{"too long for any layout", bot.Reply{Kind: bot.KindAnswer, Headline: "x", Timeline: make([]bot.Event, 5000), Source: &testSource}, true},
		{"usage", bot.Reply{Kind: bot.KindUsage, Headline: "Ask."}, false},
	}
	r := testRenderer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := r.render(tt.reply, view{command: "quote x"})
			if n := embedTotal(m.Embeds); n > maxEmbedTotal {
				t.Errorf("embeds hold %d characters, over %d", n, maxEmbedTotal)
			}
			last := m.Embeds[len(m.Embeds)-1]
			var footer string
			if last.Footer != nil {
				footer = last.Footer.Text
			}
			if tt.want && !strings.HasSuffix(footer, want) {
				t.Errorf("last footer = %q, want it to end with %q", footer, want)
			}
			if tt.reply.Page != nil && !strings.HasPrefix(footer, "Page 1 of 2") {
				t.Errorf("the page footer is lost: %q", footer)
			}
			for _, e := range m.Embeds[:len(m.Embeds)-1] {
				if e.Footer != nil && strings.Contains(e.Footer.Text, "Archive:") {
					t.Errorf("the source is not on the last embed: %q", e.Footer.Text)
				}
			}
			if !tt.want && strings.Contains(footer, "Archive:") {
				t.Errorf("a reply without a source shows one: %q", footer)
			}
		})
	}
}

// TestRenderWithinLimits renders replies far bigger than Discord allows and
// checks every one fits and still says what it is.
func TestRenderWithinLimits(t *testing.T) {
	para := longParagraph()
	var passages []bot.Passage
	var cites []bot.Citation
	for i := range 12 {
		passages = append(passages, bot.Passage{Text: para, DocID: fmt.Sprint(i), Paragraph: i + 1, Speaker: strings.Repeat("Speaker ", 40)})
		c := circular
		c.DocID, c.Title = fmt.Sprint(i), strings.Repeat("A very long title of a document ", 12)
		c.Text = strings.Repeat("A very long citation. ", 80)
		c.Summary = para
		cites = append(cites, c)
	}
	var details []bot.Detail
	var mentions []bot.Mention
	var timeline []bot.Event
	var choices []bot.Choice
	for i := range 40 {
		details = append(details, bot.Detail{Label: strings.Repeat("Label ", 60), Value: para})
		mentions = append(mentions, bot.Mention{DocID: "1", Name: strings.Repeat("Name ", 30), Role: strings.Repeat("role ", 60), Where: "body", Paragraph: i + 1})
		timeline = append(timeline, bot.Event{Date: "1961", Stated: strings.Repeat("next year ", 20), Source: "text", Evidence: para, DocID: "1", Paragraph: i})
		choices = append(choices, bot.Choice{Label: strings.Repeat("A long label ", 20), Command: fmt.Sprintf("cite %d", i)})
	}
	head := strings.Repeat("A headline that goes on and on ", 30)
	tests := []struct {
		name  string
		reply bot.Reply
	}{
		{"passages", bot.Reply{Kind: bot.KindAnswer, Headline: head, Passages: passages, Citations: cites, Hint: para}},
		{"documents", bot.Reply{Kind: bot.KindAnswer, Headline: head, Citations: cites, Hint: para}},
		{"details", bot.Reply{Kind: bot.KindAnswer, Headline: head, Details: details, Citations: cites[:1]}},
		{"mentions", bot.Reply{Kind: bot.KindAnswer, Headline: head, Mentions: mentions, Details: details, Passages: passages, Citations: cites}},
		{"timeline", bot.Reply{Kind: bot.KindAnswer, Headline: head, Timeline: timeline, Citations: cites}},
		{"choices", bot.Reply{Kind: bot.KindAnswer, Headline: head, Choices: choices, Citations: cites}},
		{"everything", bot.Reply{Kind: bot.KindAnswer, Headline: head, Passages: passages, Mentions: mentions, Timeline: timeline, Details: details, Citations: cites, Choices: choices, Hint: para, Source: &testSource}},
	}
	r := testRenderer()
	for _, tt := range tests {
		for _, v := range []view{{command: "quote x"}, {command: "quote x", ephemeral: true}} {
			t.Run(tt.name, func(t *testing.T) {
				m := r.render(tt.reply, v)
				body, err := json.Marshal(m.response())
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range discordtest.CheckMessage(body) {
					t.Errorf("Discord would refuse or ping: %s", p)
				}
				if len(m.Embeds) == 0 || !strings.HasPrefix(m.Embeds[0].Title, "A headline") {
					t.Errorf("the headline is lost: %+v", m.Embeds)
				}
			})
		}
	}
}

// TestLongPassageTrimmedAtSentence: a paragraph too long for Discord is cut
// after a whole sentence, marked with an ellipsis, and says where the rest is.
func TestLongPassageTrimmedAtSentence(t *testing.T) {
	para := longParagraph()
	for _, cmd := range []string{"quote", "doc"} {
		t.Run(cmd, func(t *testing.T) {
			reply := bot.Reply{Kind: bot.KindAnswer, Command: cmd, Headline: "h",
				Passages: []bot.Passage{{Text: para, DocID: "950001", Paragraph: 3}}, Citations: []bot.Citation{circular}}
			m := testRenderer().render(reply, view{})
			desc := m.Embeds[1].Description
			quoted, _, _ := strings.Cut(strings.TrimPrefix(desc, "> "), "\n")
			kept, ok := strings.CutSuffix(quoted, " "+ellipsis)
			if !ok {
				t.Fatalf("no ellipsis after the cut: %q", quoted[max(0, len(quoted)-40):])
			}
			if !strings.HasPrefix(para, kept) || !strings.HasSuffix(kept, "up to date.") {
				t.Errorf("not cut after a whole sentence: ...%q", kept[max(0, len(kept)-60):])
			}
			want := "`/doc 950001 3`"
			if cmd == "doc" {
				want = "The rest is in the archive: [document 950001](" + circular.URL + ")"
			}
			if !strings.Contains(desc, want) {
				t.Errorf("no pointer %q to the rest:\n%s", want, desc[len(desc)-200:])
			}
		})
	}
}

func TestAllowedMentionsOnEveryRequestType(t *testing.T) {
	m := testRenderer().render(bot.Reply{Kind: bot.KindAnswer, Headline: "h"}, view{})
	for name, am := range map[string]*discordgo.MessageAllowedMentions{
		"response": m.response().AllowedMentions, "followup": m.followup().AllowedMentions,
		"edit": m.edit().AllowedMentions, "send": m.send(nil).AllowedMentions,
	} {
		body, _ := json.Marshal(am)
		if string(body) != `{"parse":[],"replied_user":false}` {
			t.Errorf("%s: allowed_mentions = %s", name, body)
		}
	}
}
