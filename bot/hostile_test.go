package bot

import (
	"context"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/archivebot/archivebot/bot/bottest"
)

// hostileInputs are what anyone on a public server may type. Each must get
// an answer or a clear, short error within a bounded time, and no panic.
var hostileInputs = bottest.HostileInputs

func TestHostileInputs(t *testing.T) {
	if len(hostileInputs) < 60 {
		t.Fatalf("only %d hostile inputs", len(hostileInputs))
	}
	// With a state store and a conversation, so that the bibliography
	// commands run to the store.
	b := New(testArchive, Options{State: newStore(t), Now: fixedNow})
	for _, in := range hostileInputs {
		name := in
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			r := b.Handle(ctx, Request{Text: in, Platform: "test", Conversation: "hostile", UserName: "@everyone"})
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
			switch r.Kind {
			case KindAnswer, KindNotFound, KindUsage:
			default:
				t.Fatalf("kind %q: %q", r.Kind, r.Headline)
			}
			if r.Headline == "" || len(r.Headline) > 600 {
				t.Errorf("headline of %d bytes: %q", len(r.Headline), r.Headline)
			}
			for _, s := range []string{r.Headline, r.Hint} {
				if !utf8.ValidString(s) {
					t.Errorf("reply is not valid UTF-8: %q", s)
				}
				for _, c := range s {
					if unicode.IsControl(c) || c >= '\u202a' && c <= '\u202e' || c == '\u200b' {
						t.Errorf("reply repeats a control or invisible character %U: %q", c, s)
					}
				}
			}
			assertVerbatim(t, r)
		})
	}
}
