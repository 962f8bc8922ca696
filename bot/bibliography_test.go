package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/archivebot/archivebot/state"
)

// clock is a fixed time for the bot's clock in these tests.
var clock = time.Date(2026, time.November, 13, 9, 30, 0, 0, time.UTC)

func fixedNow() time.Time { return clock }

// brokenStore is a store whose every call fails with err.
type brokenStore struct {
	state.Store
	err error
}

func (s brokenStore) Save(context.Context, string, state.Entry) (int, bool, error) {
	return 0, false, s.err
}
func (s brokenStore) List(context.Context, string) ([]state.Entry, error) { return nil, s.err }
func (s brokenStore) Remove(context.Context, string, int) (state.Entry, error) {
	return state.Entry{}, s.err
}
func (s brokenStore) Clear(context.Context, string) (int, error) { return 0, s.err }

// biblioBot is a bot over the test archive that keeps state in st.
func biblioBot(st state.Store) *Bot {
	return New(testArchive, Options{State: st, Now: fixedNow})
}

// in is a request in a conversation, by a user.
func in(conv, user, text string) Request {
	return Request{Text: text, Platform: "test", User: user, UserName: user, Conversation: conv}
}

func TestSave(t *testing.T) {
	type step struct {
		req  Request
		kind Kind
		// headline must hold each of these.
		headline []string
	}
	quote := ask(t, "quote Peng Dehuai interference")
	docs, passages := RecentOf(quote)
	if len(passages) == 0 {
		t.Fatal("the quote has no passages")
	}
	that := in("c1", "Ana", "save that")
	that.Recent, that.RecentPassages = docs, passages
	thatNote := in("c1", "Ana", "save that ¶2 the opening")
	thatNote.Recent = []string{"115932"}
	docOnly := in("c1", "Ana", "save that")
	docOnly.Recent = []string{"900001"}
	tests := []struct {
		name  string
		steps []step
	}{
		{"save by id, twice", []step{
			{in("c1", "Ana", "save 115932"), KindAnswer, []string{"Saved", "#1"}},
			{in("c1", "Ben", "save 115932 a second note"), KindAnswer, []string{"Already saved", "#1"}},
			{in("c1", "Ben", "save 115932 ¶3"), KindAnswer, []string{"Saved paragraph 3", "#2"}},
			{in("c1", "Ben", "save https://digitalarchive.wilsoncenter.org/document/115932 para 3"), KindAnswer, []string{"Already saved", "#2"}},
			{in("c2", "Ben", "save 115932"), KindAnswer, []string{"Saved", "#1"}}, // another conversation
		}},
		{"save that", []step{
			{that, KindAnswer, []string{fmt.Sprintf("paragraph %d", passages[0].Paragraph), "#1"}},
			{thatNote, KindAnswer, []string{"paragraph 2", "#2"}},
			{docOnly, KindAnswer, []string{"Saved \u201cFrom the Diary", "#3"}},
			{in("c1", "Ana", "save that"), KindUsage, []string{"no earlier answer"}},
		}},
		{"bad input", []step{
			{in("c1", "Ana", "save 424242"), KindNotFound, []string{"no document"}},
			{in("c1", "Ana", "save ../../etc/passwd"), KindNotFound, []string{"no document"}},
			{in("c1", "Ana", "save 115932 ¶-1"), KindUsage, []string{"paragraph is a number"}},
			{in("c1", "Ana", "save 115932 ¶0"), KindUsage, []string{"paragraph is a number"}},
			{in("c1", "Ana", "save 115932 ¶99999"), KindUsage, []string{"paragraphs 1 to 31"}},
			{in("c1", "Ana", "save 115932 ¶x"), KindUsage, []string{"paragraph is a number"}},
			{in("c1", "Ana", "save 115932 para -2"), KindUsage, []string{"paragraph is a number"}},
			{in("c1", "Ana", "save 115932 ¶ 99999"), KindUsage, []string{"paragraphs 1 to 31"}},
			{in("c1", "Ana", "save 115932 paragraph about the dam"), KindAnswer, []string{"Saved \u201cFrom the Journal", "#1"}},
			{in("c1", "Ana", "save 115932 p12 the offer"), KindAnswer, []string{"Saved paragraph 12", "#2"}},
			{in("c1", "Ana", "save 115932 "+strings.Repeat("n", state.MaxNoteChars+1)), KindUsage, []string{"at most 300"}},
			{in("c1", "Ana", "save"), KindUsage, []string{"needs something"}},
			{in("", "Ana", "save 115932"), KindUsage, []string{"only in a conversation"}},
			{in("c1", "Ana", "bibliography"), KindAnswer, []string{"2 entries"}}, // the two good saves only
		}},
		{"remove and clear", []step{
			{in("c1", "Ana", "save 115932"), KindAnswer, []string{"#1"}},
			{in("c1", "Ana", "save 900001 ¶2"), KindAnswer, []string{"#2"}},
			{in("c1", "Ana", "bibliography remove 1"), KindAnswer, []string{"Removed #1", "From the Journal"}},
			{in("c1", "Ana", "bibliography remove 7"), KindUsage, []string{"no entry #7"}},
			{in("c1", "Ana", "bibliography remove -1"), KindUsage, []string{"number of the entry"}},
			{in("c1", "Ana", "bibliography remove two"), KindUsage, []string{"number of the entry"}},
			{in("c1", "Ana", "bibliography frobnicate"), KindUsage, []string{"don't know"}},
			{in("c1", "Ana", "bibliography clear"), KindUsage, []string{"Only members who may manage"}},
			{func() Request { r := in("c1", "Mod", "bibliography clear"); r.CanManage = true; return r }(), KindAnswer, []string{"1 entry removed"}},
			{in("c1", "Ana", "bibliography"), KindNotFound, []string{"empty"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := biblioBot(newStore(t))
			for i, s := range tt.steps {
				r := b.Handle(context.Background(), s.req)
				if r.Kind != s.kind {
					t.Fatalf("step %d %q: kind %s (%s: %s), want %s", i, s.req.Text, r.Kind, r.Headline, r.Hint, s.kind)
				}
				for _, w := range s.headline {
					if !strings.Contains(r.Headline, w) {
						t.Errorf("step %d %q: headline %q lacks %q", i, s.req.Text, r.Headline, w)
					}
				}
			}
		})
	}
}

func TestBibliographyList(t *testing.T) {
	st := newStore(t)
	b := biblioBot(st)
	ctx := context.Background()
	hostile := "see @everyone <@123> <!channel> \u202eevil"
	for _, text := range []string{"save 115932 ¶3 " + hostile, "save 900001", "save 900002 ¶1"} {
		if r := b.Handle(ctx, in("conv", "Ana <@42>", text)); r.Kind != KindAnswer {
			t.Fatalf("%s: %s", text, r.Headline)
		}
	}
	r := b.Handle(ctx, in("conv", "Ben", "bibliography"))
	if r.Kind != KindAnswer || len(r.Bibliography) != 3 {
		t.Fatalf("bibliography: %s, %d entries", r.Headline, len(r.Bibliography))
	}
	e := r.Bibliography[0]
	// The bot keeps the note as typed, bidi control aside (cleanInput drops it);
	// the renderers neutralise the mentions.
	want := BibEntry{Position: 1, DocID: "115932", Title: "From the Journal of A. M. Puzanov, Record of a Conversation with Kim Il Sung",
		Date: "November 13, 1957", Paragraph: 3, Note: "see @everyone <@123> <!channel> evil", SavedBy: "Ana <@42>", SavedAt: clock}
	if e != want {
		t.Errorf("entry 1 = %+v\nwant %+v", e, want)
	}
	if r.Bibliography[2].Position != 3 || len(r.Citations) != 3 {
		t.Errorf("positions or citations wrong: %+v, %d citations", r.Bibliography[2], len(r.Citations))
	}

	// Paging: 23 entries are three pages of ten.
	for i := 1; i <= 20; i++ {
		if r := b.Handle(ctx, in("conv", "Ana", fmt.Sprintf("save 115932 ¶%d", i+3))); r.Kind != KindAnswer {
			t.Fatalf("save ¶%d: %s", i+3, r.Headline)
		}
	}
	r = b.Handle(ctx, in("conv", "Ana", "bibliography"))
	if r.Page == nil || r.Page.Of != 3 || r.Page.Next != "bibliography page:2" || len(r.Bibliography) != entriesPerPage {
		t.Fatalf("first page: %+v, %d entries", r.Page, len(r.Bibliography))
	}
	r = b.Handle(ctx, in("conv", "Ana", r.Page.Next))
	r = b.Handle(ctx, in("conv", "Ana", r.Page.Next))
	if len(r.Bibliography) != 3 || r.Bibliography[0].Position != 21 || r.Page.Next != "" || r.Page.Prev != "bibliography page:2" {
		t.Fatalf("last page: %+v, %+v", r.Page, r.Bibliography)
	}
	if r := b.Handle(ctx, in("conv", "Ana", "bibliography page:9")); r.Kind != KindUsage {
		t.Errorf("page 9: %s %s", r.Kind, r.Headline)
	}
}

func TestBibliographyExport(t *testing.T) {
	st := newStore(t)
	b := biblioBot(st)
	ctx := context.Background()
	for _, text := range []string{"save 115932 ¶3 the invitation", "save 900001", "save 115932 ¶5", "save 900002 ¶1 dam & {costs}"} {
		if r := b.Handle(ctx, in("conv", "Ana", text)); r.Kind != KindAnswer {
			t.Fatalf("%s: %s", text, r.Headline)
		}
	}
	tests := []struct {
		text, name string
		want       []string
		count      func(string) int
		n          int
	}{
		{"bibliography export", "bibliography-bibtex.bib",
			[]string{"@unpublished{archive115932,", `annote = {\#1, para. 3: the invitation; \#3, para. 5},`, `annote = {\#4, para. 1: dam \& \{costs\}}`},
			func(s string) int { return strings.Count(s, "@unpublished{") }, 3},
		{"bibliography export ris", "bibliography-ris.ris", []string{"TY  - MANSCPT", "N1  - #1, para. 3: the invitation; #3, para. 5"},
			func(s string) int { return strings.Count(s, "ER  - ") }, 3},
		{"bibliography export csl", "bibliography-csl-json.json", []string{`"annote": "#1, para. 3: the invitation; #3, para. 5"`, `"id": "900001"`},
			func(s string) int { return strings.Count(s, `"type": "manuscript"`) }, 3},
		{"bibliography export chicago", "bibliography-chicago.txt", []string{"1. \u201cFrom the Journal", "¶ 3", "Note: the invitation", "3. ", "¶ 5"},
			func(s string) int { return strings.Count(s, "\n") }, 4},
		{"bibliography export mla", "bibliography-mla.txt", []string{"par. 3)", "Note: the invitation"},
			func(s string) int { return strings.Count(s, "\n") }, 4},
		{"bibliography export apa", "bibliography-apa.txt", []string{"para. 5)"},
			func(s string) int { return strings.Count(s, "\n") }, 4},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := b.Handle(ctx, in("conv", "Ben", tt.text))
			if r.Kind != KindAnswer || r.Attachment == nil {
				t.Fatalf("%s: %s (%s)", r.Kind, r.Headline, r.Hint)
			}
			if r.Attachment.Name != tt.name {
				t.Errorf("file %q, want %q", r.Attachment.Name, tt.name)
			}
			got := string(r.Attachment.Content)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("export lacks %q:\n%s", w, got)
				}
			}
			if n := tt.count(got); n != tt.n {
				t.Errorf("%d records, want %d:\n%s", n, tt.n, got)
			}
		})
	}
	// The same code as cite: one saved document exports as cite writes it.
	one := biblioBot(newStore(t))
	one.Handle(ctx, in("c", "Ana", "save 900001"))
	r := one.Handle(ctx, in("c", "Ana", "bibliography export bibtex"))
	c := ask(t, "cite 900001 bibtex")
	if got, want := string(r.Attachment.Content), c.Citations[0].Formatted+"\n"; got != want {
		t.Errorf("export of one document:\n%s\nwant cite's:\n%s", got, want)
	}
	for _, bad := range []string{"bibliography export docx", "bibliography export bibtex ris"} {
		if r := b.Handle(ctx, in("conv", "Ana", bad)); r.Kind != KindUsage {
			t.Errorf("%s: %s %s", bad, r.Kind, r.Headline)
		}
	}
	if r := b.Handle(ctx, in("empty", "Ana", "bibliography export")); r.Kind != KindNotFound {
		t.Errorf("empty export: %s %s", r.Kind, r.Headline)
	}
}

func TestBibliographyStoreProblems(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		store state.Store
		text  string
		kind  Kind
		want  string
	}{
		{"no store", nil, "save 115932", KindUsage, "not set up"},
		{"no store, list", nil, "bibliography", KindUsage, "not set up"},
		{"full", brokenStore{err: fmt.Errorf("save: %w", state.ErrFull)}, "save 115932", KindUsage, "full"},
		{"damaged", brokenStore{err: fmt.Errorf("open: %w", state.ErrDamaged)}, "bibliography", KindFailure, "cannot be read"},
		{"failing", brokenStore{err: errors.New("disk on fire")}, "bibliography export", KindFailure, "went wrong"},
		{"slow", brokenStore{err: context.DeadlineExceeded}, "bibliography remove 1", KindFailure, "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs strings.Builder
			b := New(testArchive, Options{State: tt.store, Now: fixedNow, Logger: newTestLogger(&logs)})
			r := b.Handle(ctx, in("c", "Ana", tt.text))
			if r.Kind != tt.kind || !strings.Contains(r.Headline, tt.want) {
				t.Errorf("%s: %s", r.Kind, r.Headline)
			}
			if strings.Contains(r.Headline+r.Hint, "disk on fire") {
				t.Error("the cause leaked into the reply")
			}
		})
	}
}

// TestSaveConcurrently saves from many users at once through Handle, into
// a real bbolt store: every save lands once, none is lost or doubled.
func TestSaveConcurrently(t *testing.T) {
	st := newStore(t)
	b := biblioBot(st)
	ctx := context.Background()
	const users, paragraphs = 12, 8
	var wg sync.WaitGroup
	for u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Every user saves the same eight paragraphs, in another order,
			// and one paragraph of their own.
			for i := range paragraphs + 1 {
				n := (i+u)%paragraphs + 1
				if i == paragraphs {
					n = paragraphs + 1 + u
				}
				r := b.Handle(ctx, in("busy", fmt.Sprintf("user%d", u), fmt.Sprintf("save 115932 ¶%d by user%d", n, u)))
				if r.Kind != KindAnswer {
					t.Errorf("user%d ¶%d: %s %s", u, n, r.Kind, r.Headline)
				}
			}
		}()
	}
	wg.Wait()
	list, err := st.List(ctx, "busy")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, e := range list {
		if seen[e.Paragraph] {
			t.Errorf("¶%d saved twice", e.Paragraph)
		}
		seen[e.Paragraph] = true
	}
	if len(list) != paragraphs+users {
		t.Errorf("%d entries, want %d", len(list), paragraphs+users)
	}
	for u := range users {
		if n := paragraphs + 1 + u; !seen[n] {
			t.Errorf("user%d's own ¶%d was lost", u, n)
		}
	}
}

// FuzzReadSave: whatever follows save, reading it never panics, and what
// it accepts is a paragraph from 1 (or none) and a note within the limit.
func FuzzReadSave(f *testing.F) {
	for _, s := range []string{"that", "115932 ¶3 a note", "115932 ¶ 3", "115932 para -1", "¶", "p", "that paragraph 2 x",
		"https://archive.example/document/1/ p7", "115932 \"quoted note\"", "a ¶99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		s, err := readSave(rest)
		if err != nil {
			return
		}
		if s.paragraph < 0 || utf8.RuneCountInString(s.note) > state.MaxNoteChars || s.ref == "" {
			t.Errorf("readSave(%q) = %+v", rest, s)
		}
	})
}
