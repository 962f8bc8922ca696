package discord

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/archivebot/archivebot/adapters/discord/discordtest"
	"github.com/archivebot/archivebot/bot"
	"github.com/bwmarrin/discordgo"
)

// Parts of a fuzzed reply, one bit each of FuzzRender's shape.
const (
	shapePassage = 1 << iota
	shapeMention
	shapeTimeline
	shapeDetails
	shapeChoices
	shapeCommands
	shapePage
	shapeHint
	shapeSummary  // the citations carry a summary: a search result
	shapeDocument // the timeline's event is the date of the document
	shapeLeading  // the passage is cut before and after
	shapeEphemeral
	shapeTwoDocs // a second document, with the same texts
)

// fuzzReply builds a reply of the given shape around arbitrary texts, as
// the archive or a user could make them.
func fuzzReply(shape uint16, headline, text, name, title, url, command, docID string) bot.Reply {
	docID = fuzzDocID(docID)
	kinds := []bot.Kind{bot.KindAnswer, bot.KindNotFound, bot.KindUsage, bot.KindFailure}
	r := bot.Reply{
		Kind: kinds[(shape>>13)%4], Command: command, Headline: headline,
		Citations: []bot.Citation{{
			DocID: docID, Title: title, Date: name, Archive: name, Reference: title, Translator: name, URL: url,
			Text: text, Formatted: text, Style: name,
		}},
	}
	has := func(bit uint16) bool { return shape&bit != 0 }
	if has(shapeSummary) {
		r.Citations[0].Summary = text
	}
	if has(shapeTwoDocs) {
		c := r.Citations[0]
		c.DocID = docID + "2"
		r.Citations = append(r.Citations, c)
	}
	if has(shapePassage) {
		r.Passages = []bot.Passage{{Text: text, Speaker: name, DocID: docID, Paragraph: 3, Leading: has(shapeLeading), Trailing: has(shapeLeading)}}
	}
	if has(shapeMention) {
		r.Mentions = []bot.Mention{{DocID: docID, Date: name, Name: name, Role: text, Where: title, Paragraph: 2, Count: 3}}
	}
	if has(shapeTimeline) {
		e := bot.Event{Date: name, Stated: title, Source: "text", Evidence: text, DocID: docID, Paragraph: 1, Corrected: has(shapeLeading)}
		if has(shapeDocument) {
			e.Source = "document"
		}
		r.Timeline = []bot.Event{e}
	}
	if has(shapeDetails) {
		for _, d := range []bot.Detail{{Label: name, Value: text}, {Label: "URL", Value: url}, {Label: title, Value: name}} {
			if blank(d.Label) || blank(d.Value) {
				continue // the bot leaves out a fact it has no value for
			}
			r.Details = append(r.Details, d)
		}
	}
	if has(shapeChoices) {
		// Labelled as the bot labels them: a title and a date.
		r.Choices = []bot.Choice{{Label: title + " (" + name + ")", Command: "cite " + docID + " mla"}, {Label: text + " (1958)", Command: "doc " + docID}}
	}
	if has(shapeCommands) {
		// Help is the bot's own text, not the archive's or a user's.
		for _, c := range testBot.Commands() {
			r.Commands = append(r.Commands, bot.CommandHelp{Name: c.Name, Summary: c.Summary, Usage: c.Usage, Examples: c.Examples})
		}
	}
	if has(shapePage) {
		r.Page = &bot.Page{Number: 2, Of: 3, Total: 7, Next: command, Prev: command + " page:1"}
	}
	if has(shapeHint) && !blank(text) { // a hint always says something
		r.Hint = text
	}
	return r
}

// blank reports whether s has nothing to show: the bot leaves such a
// fact or hint out of a reply.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// fuzzDocID makes a document id of s, as the archive names documents:
// letters, digits, _ and -.
func fuzzDocID(s string) string {
	id := strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			return r
		}
		return -1
	}, s)
	if id == "" || len(id) > 64 {
		return "1"
	}
	return id
}

// FuzzRender renders replies of every shape around arbitrary text and
// checks each as every kind of message the adapter sends (an interaction
// response, a follow-up, an edit, a channel message), and the citation
// cards: Discord would accept it (discordtest's checks of its limits),
// it pings nobody (allowed mentions none, and no mention syntax in any
// text Discord renders as markdown, outside code), and it says what it is.
// hiddenValue is the data of a button, which Discord never shows.
var hiddenValue = regexp.MustCompile(`"custom_id":"(?:[^"\\]|\\.)*"`)

func FuzzRender(f *testing.F) {
	for _, s := range []struct {
		shape                                            uint16
		headline, text, name, title, url, command, docID string
	}{
		{shapePassage | shapePage | shapeHint, "4 passages for \u201ctungsten\u201d", hazards, "Ivo Marsek", dobrev.Title, dobrev.URL, "quote tungsten page:2", "900001"},
		{shapeDetails, circular.Title, longParagraph(), "June 2, 1964", circular.Title, circular.URL, "doc 950001", "950001"},
		{shapeSummary | shapePage | shapeTwoDocs, "7 documents match \u201ctungsten\u201d", "Ostland and Valdoria discuss the tungsten price.", "1961", dobrev.Title, dobrev.URL, "search tungsten page:2", "900002"},
		{shapeMention | shapeTimeline | shapePassage, "Ivo Marsek in 1 document", "Present was Cde. Ivo Marsek.", "Ivo Marsek", "body", "", "who Marsek", "900001"},
		{shapeChoices | shapeEphemeral | 2<<13, "3 documents match \u201cRecord\u201d: which one?", "From the Journal of A. M. Puzanov", "mla", "Record", "", "cite 115932 mla", "115932"},
		{shapeCommands | shapeHint | 2<<13, "Ask the archive.", "Quote passages `quote cotton`", "quote", "help", "", "quote <words>", "0"},
		{shapeHint | 1<<13, "Nothing in the archive matches \u201c@everyone <@42>\u201d.", "Try `search @everyone` or `<@&1>`", "@here", "<#123>", "javascript:alert(1)", "quote @everyone", "666"},
		{0xffff, "```\n@everyone\n```", "> # <@123> **b** __u__ ~~s~~ ||spoiler|| [x](https://evil.example) </cmd:1> \\`", "`@here`", "\u202e\u200b\x00\x1b[31m", "https://x.example/a)b(c", "`quote` x", "a`b"},
	} {
		f.Add(s.shape, s.headline, s.text, s.name, s.title, s.url, s.command, s.docID)
	}
	r := testRenderer()
	f.Fuzz(func(t *testing.T, shape uint16, headline, text, name, title, url, command, docID string) {
		if strings.TrimFunc(headline, func(c rune) bool { return unicode.IsSpace(c) || !unicode.IsGraphic(c) }) == "" {
			return // the bot always says something in a headline
		}
		reply := fuzzReply(shape, headline, text, name, title, url, command, docID)
		m := r.render(reply, view{command: command, ephemeral: shape&shapeEphemeral != 0})
		if len(m.Embeds) == 0 || strings.TrimSpace(m.Embeds[0].Title) == "" {
			t.Fatalf("no headline: %+v", m.Embeds)
		}
		bodies := map[string]any{"response": m.response(), "followup": m.followup(), "edit": m.edit(), "send": m.send(nil)}
		for _, c := range reply.Citations {
			bodies["card "+c.DocID] = message{Embeds: []*discordgo.MessageEmbed{r.card(c)}}.send(nil)
		}
		for kind, v := range bodies {
			body, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if shown := hiddenValue.ReplaceAllString(string(body), ""); strings.IndexFunc(shown, bot.IsBidiControl) >= 0 {
				t.Errorf("%s: a bidirectional control reached the message: %q", kind, shown)
			}
			for _, p := range discordtest.CheckMessage(body) {
				if !strings.HasPrefix(p, "mention syntax") { // checked field by field below
					t.Errorf("%s: Discord would refuse or ping: %s", kind, p)
				}
			}
			for _, p := range renderedMentions(t, body) {
				t.Errorf("%s: %s", kind, p)
			}
		}
	})
}

// rawMention is what Discord renders as a mention: the same as
// discordtest's check, and slash command mentions.
var rawMention = regexp.MustCompile(`(?i)@(everyone|here)|<@[!&]?[0-9]+>|<#[0-9]+>|</[^<>\s]+:[0-9]+>`)

// renderedMentions lists the mentions in a message body that Discord would
// render, looking at each text on its own (a code span never runs from one
// field into the next) and reading backslash escapes and code as Discord's
// markdown does. discordtest's check reads all the texts as one and takes
// an escaped backtick for one that opens code.
func renderedMentions(t *testing.T, body []byte) []string {
	t.Helper()
	var m discordtest.Message
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	if m.Content != nil {
		texts["content"] = *m.Content
	}
	for i, e := range m.Embeds {
		texts[fmt.Sprintf("embed %d title", i)] = e.Title
		texts[fmt.Sprintf("embed %d description", i)] = e.Description
		for j, f := range e.Fields {
			texts[fmt.Sprintf("embed %d field %d name", i, j)] = f.Name
			texts[fmt.Sprintf("embed %d field %d value", i, j)] = f.Value
		}
		if e.Footer != nil {
			texts[fmt.Sprintf("embed %d footer", i)] = e.Footer.Text
		}
	}
	for i, b := range m.Buttons() {
		texts[fmt.Sprintf("button %d", i)] = b.Label
	}
	var out []string
	for where, s := range texts {
		if found := rawMention.FindString(outsideCode(s)); found != "" {
			out = append(out, fmt.Sprintf("%s: mention %q outside code in %q", where, found, s))
		}
	}
	return out
}

// outsideCode returns the text of s that Discord shows as text, not code:
// without fenced blocks and code spans. An escaped character stands for
// itself; an escaped backtick opens no code.
func outsideCode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s) && escapable(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
		case s[i] == '`':
			n := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			if n >= 3 {
				if end := strings.Index(s[i+3:], "```"); end >= 0 {
					i += 3 + end + 3
					continue
				}
			} else if end := closingRun(s[i+n:], n); end >= 0 {
				i += n + end + n
				continue
			}
			b.WriteString(strings.Repeat("'", n)) // unmatched backticks are text
			i += n
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// escapable reports whether Discord's markdown reads c after a backslash
// as itself: anything but a letter, a digit or a space.
func escapable(c byte) bool {
	return !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == ' ' || c == '\t' || c == '\n')
}

// closingRun finds in s a run of exactly n backticks after at least one
// other character, and returns where it starts, or -1.
func closingRun(s string, n int) int {
	for i := 1; i < len(s); i++ {
		if s[i] != '`' {
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}
