package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// TestCiteWholeTitle cites by a title typed whole: the document with that
// title, or a choice among those sharing it, whatever the case and
// punctuation; words of a title are still searched.
func TestCiteWholeTitle(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/archive", "testdata/titles")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := New(ix, Options{})
	const shared = "From the Diary of T. Marsk, Record of a Conversation with the Harbour Master of Hask"
	tests := []struct {
		name, text string
		kind       Kind
		doc        string   // the document cited
		choices    []string // else the documents offered, in order
		headline   string
	}{
		{"one document has the title", "cite " + shared + " and the Mayor of Drusk", KindAnswer, "910003", nil, "Citation for"},
		{"in a style, pinpointed", "cite Letter from the Keeper of the Cape Morrow Lighthouse mla ¶1", KindAnswer, "910004", nil, "paragraph 1 (mla)"},
		{"a style written as an option", "cite Letter from the Keeper of the Cape Morrow Lighthouse style:APA", KindAnswer, "910004", nil, "(apa)"},
		{"two share it, oldest first", "cite " + shared, KindAnswer, "", []string{"910002", "910001"}, "2 documents are titled"},
		{"case and punctuation aside", "cite from the diary of t marsk record of a conversation with the harbour master of hask", KindAnswer, "", []string{"910002", "910001"}, "2 documents are titled"},
		{"choices keep the style", "cite " + shared + " apa", KindAnswer, "", []string{"910002", "910001"}, "2 documents are titled"},
		{"over 16 search words, not a title", "cite " + shared + " Drusk Ostland Vellin Kestrel Barrow Fennick Lowry Quist Ambry Tolland", KindUsage, "", nil, "at most 16"},
		{"stop words are no search words", "cite " + shared + " and the Mayor of the Drusk", KindAnswer, "910003", nil, "Citation for"},
		{"no second page", "cite " + shared + " page:2", KindUsage, "", nil, "there is no page 2"},
		{"words of a title are searched", "cite Harbour Master of Hask", KindAnswer, "", []string{"910001", "910002", "910003"}, "titles matching"},
		// Titles hold the words, but the date asked is none of theirs: the
		// record of that date, whose text holds them, is the one meant.
		{"a date no title fits", "cite Marsk and the harbour master on the quay, May 1965", KindAnswer, "910005", nil, "Citation for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.text, Platform: "test"})
			if r.Kind != tt.kind || !strings.Contains(r.Headline, tt.headline) {
				t.Fatalf("%s %q, want %s %q", r.Kind, r.Headline, tt.kind, tt.headline)
			}
			if tt.doc != "" && (len(r.Citations) != 1 || r.Citations[0].DocID != tt.doc || len(r.Choices) != 0) {
				t.Fatalf("citations %+v, choices %+v: want %s cited", r.Citations, r.Choices, tt.doc)
			}
			var offered []string
			for _, c := range r.Choices {
				offered = append(offered, strings.Fields(c.Command)[1])
			}
			if strings.Contains(tt.headline, "matching") {
				slices.Sort(offered) // the search's order is not this test's
			}
			if !slices.Equal(offered, tt.choices) {
				t.Errorf("choices %v, want %v", offered, tt.choices)
			}
			if strings.HasSuffix(tt.text, " apa") {
				for _, c := range r.Choices {
					if !strings.HasSuffix(c.Command, " apa") {
						t.Errorf("choice %q drops the style", c.Command)
					}
				}
			}
		})
	}
}

// pagingArchive is an archive whose every title is shared by the
// documents titled, and which records what it is asked to load.
type pagingArchive struct {
	Archive
	titled []index.TitleEntry

	mu         sync.Mutex
	loaded     []string
	prefetched []string
	fails      string // a document that does not load
}

func (a *pagingArchive) TitledExactly(string) []index.TitleEntry { return a.titled }

func (a *pagingArchive) Document(ctx context.Context, id string) (corpus.Document, error) {
	a.mu.Lock()
	a.loaded = append(a.loaded, id)
	a.mu.Unlock()
	if id == a.fails {
		return corpus.Document{}, errors.New("damaged")
	}
	return a.Archive.Document(ctx, id)
}

func (a *pagingArchive) Prefetch(ids []string) {
	a.mu.Lock()
	a.prefetched = append(a.prefetched, ids...)
	a.mu.Unlock()
}

// TestCiteTitledPages checks what the pages of a list of documents
// sharing a title load: the first, its own and the second's documents;
// a later one, its own, with the next read ahead.
func TestCiteTitledPages(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/archive")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	all := ix.Titles("", 100)
	if len(all) < 12 {
		t.Fatalf("%d documents; want 12", len(all))
	}
	a := &pagingArchive{Archive: ix}
	var ids []string
	for i, e := range all[:12] {
		// Dated in the order given, so that the list keeps it.
		a.titled = append(a.titled, index.TitleEntry{DocID: e.DocID, Title: "A Shared Title", Date: fmt.Sprintf("%d", 1950+i)})
		ids = append(ids, e.DocID)
	}
	b := New(a, Options{})
	tests := []struct {
		text                   string
		shown, loaded, fetched []string
	}{
		{"cite A Shared Title", ids[:5], ids[:10], nil},
		{"cite A Shared Title page:2", ids[5:10], ids[5:10], ids[10:12]},
		{"cite A Shared Title page:3", ids[10:12], ids[10:12], nil},
	}
	for _, tt := range tests {
		a.loaded, a.prefetched = nil, nil
		r := b.Handle(context.Background(), Request{Text: tt.text, Platform: "test"})
		var shown []string
		for _, c := range r.Choices {
			shown = append(shown, strings.Fields(c.Command)[1])
		}
		slices.Sort(a.loaded)
		if !slices.Equal(shown, tt.shown) || !slices.Equal(a.loaded, slices.Sorted(slices.Values(tt.loaded))) || !slices.Equal(a.prefetched, tt.fetched) {
			t.Errorf("%s: shown %v, loaded %v, read ahead %v; want %v, %v, %v", tt.text, shown, a.loaded, a.prefetched, tt.shown, tt.loaded, tt.fetched)
		}
	}
	// A document of the second page that does not load fails the second
	// page, not the first.
	a.fails = ids[7]
	if r := b.Handle(context.Background(), Request{Text: "cite A Shared Title", Platform: "test"}); len(r.Choices) != 5 {
		t.Errorf("first page with a damaged document on the second: %s %q, %d choices", r.Kind, r.Headline, len(r.Choices))
	}
	if r := b.Handle(context.Background(), Request{Text: "cite A Shared Title page:2", Platform: "test"}); r.Kind != KindFailure {
		t.Errorf("second page with a damaged document: %s %q, want an error", r.Kind, r.Headline)
	}
}

// TestCiteByPeopleInOtherSpellings: the people a title names may be asked
// for in another romanisation, as a quote's question may name them.
func TestCiteByPeopleInOtherSpellings(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/people")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r := New(ix, Options{}).Handle(context.Background(), Request{Text: "cite Fedenow report on the dam", Platform: "test"})
	if r.Kind != KindAnswer || len(r.Citations) != 1 || r.Citations[0].DocID != "900201" {
		t.Fatalf("%s %q, citations %+v: want 900201 cited", r.Kind, r.Headline, r.Citations)
	}
}
