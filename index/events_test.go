package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

// datesDocs reads the fictional documents of corpus/testdata/dates.
func datesDocs(t *testing.T) []corpus.Document {
	t.Helper()
	dir := filepath.Join("..", "corpus", "testdata", "dates")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Document
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse(e.Name(), data)
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		docs = append(docs, d)
	}
	return docs
}

// docBySource is the document read from file name.
func docBySource(t *testing.T, docs []corpus.Document, name string) corpus.Document {
	t.Helper()
	for _, d := range docs {
		if d.Source == name {
			return d
		}
	}
	t.Fatalf("no document from %s", name)
	return corpus.Document{}
}

func TestEventRecords(t *testing.T) {
	docs := datesDocs(t)
	tests := []struct {
		name, file string
		stated     string   // the Text of the date mention
		want       []string // the record's text: evidence, then context
	}{
		{"a date and the sentence beside it", "010_politburo_days_without_year.txt", "30th of November",
			[]string{"A third barge could sail on the 30th of November.", "The Valdorian side wants the grain loaded on November 12 and 19, while the river is open."}},
		{"the summary's date", "030_summary_date.txt", "11 September",
			[]string{"Marsek answers Vrell's 11 September letter on the closing of the Orbek pass road during the tunnel works."}},
		{"a date line holds the opening of its entry", "050_journal_entry.txt", "October 3, 1970",
			[]string{"Lindmar, October 3, 1970", "Today I called on the State Secretary and gave him the message of Minister Tomas Vrell, which reads:"}},
		{"a date line of the document's own date holds only itself", "060_illegible_month.txt", "September 8, 1961",
			[]string{"Lindmar, September 8, 1961"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := docBySource(t, docs, tt.file)
			date := dateTerms(*indexDate(d.Date))
			recs := eventRecords(d, date, "en")
			i := slices.IndexFunc(recs, func(r eventRecord) bool { return r.N >= 0 && d.Dates[r.N].Text == tt.stated })
			if i < 0 {
				t.Fatalf("no record of %q among %+v", tt.stated, recs)
			}
			r := recs[i]
			if !slices.Equal(r.Text, tt.want) {
				t.Errorf("text\n got %q\nwant %q", r.Text, tt.want)
			}
			if r.Kind != kindEvent || r.DocID != d.ID || r.Lang != "en" || !slices.Equal(r.Date, date) {
				t.Errorf("record %+v: kind, document, language or date wrong", r)
			}
			last := recs[len(recs)-1]
			if last.N != documentEvent || last.Text[0] != d.Title {
				t.Errorf("the document's own date: %+v", last)
			}
		})
	}

	t.Run("undated documents and mentions that do not fit their text", func(t *testing.T) {
		d := corpus.Document{ID: "9", Title: "Undated", Paragraphs: []corpus.Paragraph{{N: 1, Text: "In May 1950 nothing."}},
			Dates: []corpus.DateMention{
				{Text: "May 1950", Paragraph: 1, Start: 3, End: 11},
				{Text: "June 1950", Paragraph: 1, Start: 3, End: 11}, // not what the text says there
				{Text: "May 1950", Paragraph: 7, Start: 3, End: 11},  // no such paragraph
			}}
		recs := eventRecords(d, nil, "")
		if len(recs) != 1 || recs[0].N != 0 || !slices.Equal(recs[0].Text, []string{"In May 1950 nothing."}) {
			t.Errorf("records %+v, want the first date's only", recs)
		}
	})
}

// eventKeys are "doc/stated" for each hit, "doc/document" for a
// document's own date.
func eventKeys(res EventResult) []string {
	var out []string
	for _, h := range res.Hits {
		if h.OfDocument {
			out = append(out, h.Doc.ID+"/document")
			continue
		}
		out = append(out, h.Doc.ID+"/"+h.Mention.Text)
	}
	return out
}

func TestEvents(t *testing.T) {
	docs := datesDocs(t)
	ix := openIndex(t, docs)
	id := func(file string) string { return docBySource(t, docs, file).ID }
	politburo, relative, journal := id("010_politburo_days_without_year.txt"), id("040_relative_years.txt"), id("050_journal_entry.txt")
	tests := []struct {
		name     string
		q        Query
		want     []string // some of the hits' keys
		not      []string // keys that must not be hits
		evidence map[string]bool
		unknown  string
	}{
		{"all words in the date's sentence", Query{Words: []string{"harbour", "cabled"}},
			[]string{politburo + "/2 November", politburo + "/yesterday, 4 November"}, nil,
			map[string]bool{politburo + "/2 November": true}, ""},
		{"words in the sentence beside the date", Query{Words: []string{"Valdorian", "river"}},
			[]string{politburo + "/30th of November", politburo + "/November 12 and 19"}, nil,
			map[string]bool{politburo + "/November 12 and 19": true, politburo + "/30th of November": false}, ""},
		{"the document's own date from its title", Query{Words: []string{"grain", "shortage"}},
			[]string{politburo + "/document"}, nil, nil, ""},
		{"a date line from the entry it heads", Query{Words: []string{"State", "Secretary"}},
			[]string{journal + "/October 3, 1970"}, nil, map[string]bool{journal + "/October 3, 1970": false}, ""},
		{"a phrase", Query{Phrases: []string{"land reform"}}, []string{relative + "/fifth anniversary of the Valdorian land reform"}, nil, nil, ""},
		{"most of the words", Query{Words: []string{"festivities", "land", "reform", "banquet"}, Partial: true},
			[]string{relative + "/fifth anniversary of the Valdorian land reform"}, nil, nil, ""},
		{"a date filter", Query{Words: []string{"Marsek"}, From: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)},
			nil, []string{relative + "/document", relative + "/four years ago"}, nil, ""},
		{"a document", Query{Words: []string{"grain"}, DocID: politburo}, []string{politburo + "/document"}, []string{id("020_january_letter.txt") + "/document"}, nil, ""},
		{"a name the archive never mentions", Query{Words: []string{"Zebulon", "harbour"}, Names: []string{"Zebulon"}, Partial: true}, nil, nil, nil, "Zebulon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Limit = 50
			res, err := ix.Events(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			keys := eventKeys(res)
			for _, w := range tt.want {
				if !slices.Contains(keys, w) {
					t.Errorf("hits %q lack %q", keys, w)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(keys, n) {
					t.Errorf("hits %q hold %q", keys, n)
				}
			}
			for _, h := range res.Hits {
				k := eventKeys(EventResult{Hits: []EventHit{h}})[0]
				if want, ok := tt.evidence[k]; ok && h.InEvidence != want {
					t.Errorf("%s: InEvidence %v, want %v", k, h.InEvidence, want)
				}
				if !h.OfDocument && h.Mention.Text != passageOf(h)[h.Mention.Start:h.Mention.End] {
					t.Errorf("%s: the mention is not its text", k)
				}
			}
			if res.Unknown != tt.unknown || tt.unknown != "" && len(res.Hits) > 0 {
				t.Errorf("unknown %q with %d hits, want %q", res.Unknown, len(res.Hits), tt.unknown)
			}
		})
	}

	if _, err := ix.Events(context.Background(), Query{}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("an empty query: %v, want ErrBadQuery", err)
	}
	if _, err := ix.Events(context.Background(), Query{Words: []string{"grain"}, Scope: ScopeTitle}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("a title scope: %v, want ErrBadQuery", err)
	}
	res, err := ix.Events(context.Background(), Query{Words: []string{"grain", "harbour", "cabled", "loaded"}, Partial: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range res.Hits {
		if h.Of != 4 || h.Matched < 2 || h.Share <= 0 || h.Share > 1 || i > 0 && h.Share > res.Hits[i-1].Share {
			t.Errorf("partial hit %d: matched %d of %d, share %v: not ranked by share", i, h.Matched, h.Of, h.Share)
		}
	}
	if len(res.Hits) == 0 || strings.Join(eventKeys(res), " ") == "" {
		t.Error("a partial query found nothing")
	}
}

// passageOf is the text the hit's date is stated in.
func passageOf(h EventHit) string {
	if h.Mention.Paragraph == SummaryParagraph {
		return h.Doc.Summary
	}
	return h.Doc.Paragraphs[h.Mention.Paragraph-1].Text
}

// TestEventsLanguage: the language filter keeps the events of documents
// in that original language, whatever its case.
func TestEventsLanguage(t *testing.T) {
	ix := openIndex(t, testDocs())
	tests := []struct {
		name, lang string
		want       []string
	}{
		{"any language", "", []string{"101/document", "102/document"}},
		{"upper case", "OSTLANDIC", []string{"102/document"}},
		{"lower case", "valdorian", []string{"101/document"}},
		{"none such", "Klingon", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Events(context.Background(), Query{Words: []string{"border", "treaty"}, Language: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			if got := sorted(eventKeys(res)); !slices.Equal(got, tt.want) {
				t.Errorf("events %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseEventID(t *testing.T) {
	tests := []struct {
		docID   string
		n, para int
	}{
		{"115932", 3, 7}, {"a/b/c", 0, 0}, {"slug-1", documentEvent, 0}, {"x/d", documentEvent, 0}, {"x/d", 2, 0},
	}
	for _, tt := range tests {
		id := eventRecordID(tt.docID, tt.n, tt.para)
		doc, n, para, ok := parseEventID(id)
		if !ok || doc != tt.docID || n != tt.n || para != tt.para {
			t.Errorf("parseEventID(%q) = %q %d %d %v, want %q %d %d", id, doc, n, para, ok, tt.docID, tt.n, tt.para)
		}
	}
	for _, bad := range []string{"", "e/", "e/d", "p/1/2", "e/1/x/2", "e/1/-1/0", "e//1/2", "e/1/2"} {
		if _, _, _, ok := parseEventID(bad); ok {
			t.Errorf("parseEventID(%q) accepted", bad)
		}
	}
}

// TestEventsCached: the same question again is answered from the result
// cache, without searching; another page of it too.
func TestEventsCached(t *testing.T) {
	ix := openIndex(t, datesDocs(t))
	q := Query{Words: []string{"grain", "harbour"}, Partial: true, Limit: 2}
	first, err := ix.Events(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var again EventResult
	n := searchesDuring(ix, func() {
		if again, err = ix.Events(context.Background(), q); err != nil {
			t.Fatal(err)
		}
		q.Offset = 2
		if _, err := ix.Events(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("%d searches for a cached question", n)
	}
	if len(first.Hits) == 0 || !slices.Equal(eventKeys(first), eventKeys(again)) || first.Total != again.Total {
		t.Errorf("cached answer %q (%d) differs from the first %q (%d)", eventKeys(again), again.Total, eventKeys(first), first.Total)
	}
}

// TestEventsDocuments checks Query.Documents: the same hits, the first
// documents' hits with their document and mention, the others with the
// document's id alone; and the ranking is not searched again for it.
func TestEventsDocuments(t *testing.T) {
	ix := openIndex(t, datesDocs(t))
	ctx := context.Background()
	q := Query{Words: []string{"Marsek", "Ostland", "September"}, Partial: true, Limit: 20}
	all, err := ix.Events(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var order []string // the page's documents, in rank order
	for _, h := range all.Hits {
		if !slices.Contains(order, h.Doc.ID) {
			order = append(order, h.Doc.ID)
		}
	}
	if len(order) < 3 {
		t.Fatalf("the test question finds %d documents, want 3 or more", len(order))
	}
	q.Documents = 2
	var some EventResult
	if n := searchesDuring(ix, func() { some, err = ix.Events(ctx, q) }); n != 0 {
		t.Errorf("%d searches to load fewer documents", n)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(some.Hits) != len(all.Hits) || all.Total != some.Total {
		t.Fatalf("%d hits of %d, want %d of %d", len(some.Hits), some.Total, len(all.Hits), all.Total)
	}
	for i, h := range some.Hits {
		full := all.Hits[i]
		if slices.Index(order, h.Doc.ID) < 2 {
			if !reflect.DeepEqual(h, full) {
				t.Errorf("hit %d of %s differs from the same hit with every document", i, h.Doc.ID)
			}
			continue
		}
		want := full
		want.Doc, want.Mention = corpus.Document{ID: full.Doc.ID}, corpus.DateMention{}
		if !reflect.DeepEqual(h, want) {
			t.Errorf("hit %d of %s: %+v, want its document's id alone", i, h.Doc.ID, h)
		}
	}
}

// TestEventsPeopleInTheTitle: as for passages (TestPartialPeopleInTheTitle),
// a dated event of a record whose title names the person a question names
// holds the person whole ("He said the fisheries agreement has held since
// last year", in a conversation titled with the envoy Aurel Dane).
func TestEventsPeopleInTheTitle(t *testing.T) {
	docs := datesDocs(t)
	ix := openIndex(t, docs)
	relative := docBySource(t, docs, "040_relative_years.txt").ID
	q := Query{Words: []string{"fisheries", "renewed", "ratified"}, Alternatives: [][]string{{"Aurel Dane", "Dane"}}, Partial: true}
	res, err := ix.Events(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 {
		t.Errorf("without People, %d events; want none (the name counts half)", len(res.Hits))
	}
	q.People = []string{"Aurel Dane"}
	if res, err = ix.Events(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Doc.ID != relative || res.Hits[0].Mention.Text != "last year" {
		t.Fatalf("with People, hits %+v; want %s's \"last year\" first", res.Hits, relative)
	}
}
