package terminal

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode"

	"github.com/archivebot/archivebot/bot"
)

func FuzzRender(f *testing.F) {
	f.Add("4 passages for \u201ctungsten\u201d", "\"We will not sell,\" said Cde. Ivo Marsek.", "Ivo Marsek", "From the Diary", "@misc{x,\n}")
	f.Add("\x1b[31m", "\u202eevil", "\x00", "<@123>", "```")
	f.Fuzz(func(t *testing.T, headline, text, name, title, formatted string) {
		r := bot.Reply{
			Kind: bot.KindAnswer, Headline: headline,
			Passages:  []bot.Passage{{Text: text, Speaker: name, DocID: "1", Paragraph: 1, Leading: true}},
			Mentions:  []bot.Mention{{DocID: "1", Name: name, Role: title, Where: "body", Paragraph: 2, Count: 2}},
			Timeline:  []bot.Event{{Date: "1958", Stated: text, Source: "text", Evidence: text, DocID: "1", Paragraph: 1}},
			Details:   []bot.Detail{{Label: name, Value: text}},
			Citations: []bot.Citation{{DocID: "1", Title: title, Date: "1958", Text: text, Formatted: formatted, Style: "bibtex"}},
			Hint:      text,
		}
		var out bytes.Buffer
		if err := Render(&out, r); err != nil {
			t.Fatal(err)
		}
		for _, c := range out.String() {
			if unicode.IsControl(c) && c != '\n' && c != '\t' {
				t.Fatalf("control character %U reached the terminal", c)
			}
			if bot.IsBidiControl(c) {
				t.Fatalf("bidirectional control %U reached the terminal", c)
			}
		}
		out.Reset()
		if err := RenderJSON(&out, r); err != nil {
			t.Fatal(err)
		}
		var back bot.Reply
		if err := json.Unmarshal(out.Bytes(), &back); err != nil {
			t.Fatalf("JSON does not parse: %v", err)
		}
		if back.Passages[0].Text != string([]rune(text)) { // each invalid byte becomes U+FFFD
			t.Fatalf("JSON changed the passage: %q to %q", text, back.Passages[0].Text)
		}
	})
}
