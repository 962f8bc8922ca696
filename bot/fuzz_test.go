package bot

import (
	"context"
	"slices"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{`cotton "five-year plan" from:1956 to:1958-06 lang:russian doc:115932 page:2`, `"unclosed`, "year:1957 ¶12", "a:b c:d", "“curly” quotes", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parseArgs(s)
		if err != nil {
			return
		}
		// The command rebuilt for another page reads back the same.
		again, err := parseArgs(a.command("quote", 2)[len("quote "):])
		if err != nil {
			t.Fatalf("the rebuilt command %q does not parse: %v", a.command("quote", 2), err)
		}
		if !slices.Equal(again.words(), a.words()) || !slices.Equal(again.phrases(), a.phrases()) ||
			!again.from.Equal(a.from) || !again.to.Equal(a.to) || again.lang != a.lang || again.docID != a.docID || again.page != 2 {
			t.Fatalf("%q rebuilt as %q reads back differently", s, a.command("quote", 2))
		}
	})
}

func FuzzHandle(f *testing.F) {
	for _, s := range hostileInputs[:20] {
		f.Add(s)
	}
	f.Add("who said \"We don't need these people\"")
	f.Add("cite 115932 bibtex ¶3")
	b := New(testArchive, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		start := time.Now()
		r := b.Handle(context.Background(), Request{Text: s, Platform: "fuzz"})
		if d := time.Since(start); d > time.Second {
			t.Fatalf("%q took %v", s, d) // a slow input is a way to stall the bot
		}
		switch r.Kind {
		case KindAnswer, KindNotFound, KindUsage:
		case KindFailure:
			if r.Headline != Busy().Headline && r.Headline != "The archive took too long to answer." {
				t.Fatalf("failure for %q: %q", s, r.Headline)
			}
		default:
			t.Fatalf("kind %q for %q", r.Kind, s)
		}
		if r.Headline == "" || !utf8.ValidString(r.Headline) {
			t.Fatalf("headline %q for %q", r.Headline, s)
		}
	})
}
