package slack

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/archivebot/archivebot/bot"
)

// Parts of a fuzzed reply, one bit each of FuzzRender's shape; the two
// bits above them choose the kind of reply.
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
	shapeSlash    // shown to someone who asked with a slash command
	shapeTwoDocs  // a second document, with the same texts
)

// fuzzReply builds a reply of the given shape around arbitrary texts, as
// the archive or a user could make them.
func fuzzReply(shape uint16, headline, text, name, title, url, command, docID string) bot.Reply {
	docID = fuzzDocID(docID)
	kinds := []bot.Kind{bot.KindAnswer, bot.KindNotFound, bot.KindUsage, bot.KindFailure}
	r := bot.Reply{
		Kind: kinds[(shape>>13)%4], Command: command, Headline: headline,
		Citations: []bot.Citation{{
			DocID: docID, Title: title, Date: name, Archive: name, Reference: title, Translator: name, TranslatedFor: title,
			URL: url, Text: text, Formatted: text, Style: name,
		}},
	}
	has := func(bit uint16) bool { return shape&bit != 0 }
	if has(shapeSummary) {
		r.Citations[0].Summary = text
	}
	if has(shapeTwoDocs) {
		c := r.Citations[0]
		c.DocID, c.Text = docID+"2", ""
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

// FuzzRender renders replies of every shape around arbitrary text, in
// each view (a slash command's private answer, an answer in a thread, an
// answer shared into the channel), and checks each as Slack would receive
// it: within Slack's limits and our own (checkPayload: blocks, text
// objects, fields, buttons, the fallback), every mrkdwn text verbatim and
// escaped, and nothing that could notify anyone, in the blocks or in the
// fallback.
// hiddenValue is the data of a button, which Slack never shows.
var hiddenValue = regexp.MustCompile(`"value":"(?:[^"\\]|\\.)*"`)

func FuzzRender(f *testing.F) {
	for _, s := range []struct {
		shape                                            uint16
		headline, text, name, title, url, command, docID string
	}{
		{shapePassage | shapePage | shapeHint | shapeSlash, "4 passages for \u201ctungsten\u201d", "\"We will not sell the tungsten at that price,\" said Cde. Ivo Marsek.", "Ivo Marsek", "From the Diary of A. Dobrev", "https://archive.example/document/900001", "quote tungsten page:2", "900001"},
		{shapeDetails, "Circular of the Hask Signal Office", longParagraph("doc", 9000).Passages[0].Text, "June 2, 1964", "Circular", "https://archive.example/document/950001", "doc 950001", "950001"},
		{shapeSummary | shapePage | shapeTwoDocs, "7 documents match \u201ctungsten\u201d", "Ostland and Valdoria discuss the tungsten price.", "1961", "From the Diary", "https://archive.example/document/900002", "search tungsten page:2", "900002"},
		{shapeMention | shapeTimeline | shapePassage, "Ivo Marsek in 1 document", "Present was Cde. Ivo Marsek.", "Ivo Marsek", "body", "", "who Marsek", "900001"},
		{shapeChoices | shapeSlash | 2<<13, "3 documents match \u201cRecord\u201d: which one?", "From the Journal of A. M. Puzanov", "mla", "Record", "", "cite 115932 mla", "115932"},
		{shapeCommands | shapeHint | 2<<13, "Ask the archive.", "Quote passages with `quote cotton`", "quote", "help", "", "help", "0"},
		{0xffff, "Passages for <!channel> <!here|here> @everyone <@U999> <#C1|x> <!subteam^S1>", hostileReply().Passages[0].Text, "@here", "<https://evil.example|click>", "https://archive.example/doc|<!channel>", "quote <!channel>", "666"},
		{shapePassage | shapeHint | 3<<13, "&amp; &lt;b&gt; ``` *bold* _it_ ~s~ > quote", "```\n@channel\n```\n> @here\n\u202e\u200b\x00\x1b[31m", "\xff\xfe", "\U0001F409\U0001F525", "javascript:alert(1)", "`quote` x", "a`b"},
	} {
		f.Add(s.shape, s.headline, s.text, s.name, s.title, s.url, s.command, s.docID)
	}
	f.Fuzz(func(t *testing.T, shape uint16, headline, text, name, title, url, command, docID string) {
		reply := fuzzReply(shape, headline, text, name, title, url, command, docID)
		views := []view{
			{command: command, paging: true, share: shape&shapeSlash != 0, slash: shape&shapeSlash != 0},
			{sharedBy: testUser},
		}
		for _, v := range views {
			m := render(reply, v)
			blocks, err := json.Marshal(m.Blocks)
			if err != nil {
				t.Fatal(err)
			}
			p := posted{Via: "render", Text: m.Text, Blocks: blocks}
			checkPayload(t, p)
			if shown := hiddenValue.ReplaceAllString(m.Text+string(blocks), ""); strings.IndexFunc(shown, bot.IsBidiControl) >= 0 {
				t.Errorf("a bidirectional control reached the message: %q", shown)
			}
			if v.sharedBy != "" {
				// The one mention we make: who shared the answer.
				p.Blocks = json.RawMessage(strings.Replace(string(p.Blocks), `\u003c@`+testUser+`\u003e`, "", 1))
			}
			for _, problem := range pingProblems(p) {
				t.Error(problem)
			}
			if t.Failed() {
				t.Fatalf("in view %+v:\n%s\n%s", v, m.Text, p.blockText())
			}
		}
	})
}
