package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// paraKeys names each hit "docid/n", in rank order.
func paraKeys(res ParagraphResult) []string {
	keys := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		keys = append(keys, fmt.Sprintf("%s/%d", h.Doc.ID, h.Paragraph.N))
	}
	return keys
}

// docKeys names each hit by document id, in rank order.
func docKeys(res DocumentResult) []string {
	keys := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		keys = append(keys, h.Doc.ID)
	}
	return keys
}

// sorted returns a sorted copy, for comparing hit sets regardless of rank.
func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestParagraphsMatching(t *testing.T) {
	ix := openIndex(t, testDocs())
	tests := []struct {
		name string
		q    Query
		want []string // hit set, any order
	}{
		{"one word", Query{Words: []string{"steel"}}, []string{"101/2", "102/2"}},
		{"all words must match", Query{Words: []string{"steel", "grain"}}, []string{"101/2"}},
		{"words in one string", Query{Words: []string{"steel grain"}}, []string{"101/2"}},
		{"case folds", Query{Words: []string{"OSTLAND"}}, []string{"101/1", "101/2", "102/1"}},
		{"summaries when asked", Query{Words: []string{"OSTLAND"}, Summaries: true}, []string{"101/0", "101/1", "101/2", "102/0", "102/1"}},
		{"stemming: exports finds export", Query{Words: []string{"exports"}}, []string{"101/1", "101/2", "103/1", "104/1"}},
		{"stemming: export finds exports", Query{Words: []string{"export"}}, []string{"101/1", "101/2", "103/1", "104/1"}},
		{"stop words are ignored among words", Query{Words: []string{"the", "harvest"}}, []string{"103/1"}},
		{"only stop words find nothing", Query{Words: []string{"the", "of"}}, nil},
		{"no such word", Query{Words: []string{"zeppelin"}}, nil},
		{"phrase", Query{Phrases: []string{"border treaty"}}, []string{"101/3", "102/1"}},
		{"the summary is searched too (paragraph 0)", Query{Words: []string{"Venn", "Kostel"}, Summaries: true}, []string{"101/0"}},
		{"phrase is ordered", Query{Phrases: []string{"treaty border"}}, nil},
		{"phrase keeps brackets' words", Query{Phrases: []string{"treaty [sic] was"}}, []string{"101/3"}},
		{"phrase and words", Query{Words: []string{"Ostland"}, Phrases: []string{"border treaty"}}, []string{"102/1"}},
		{"two phrases", Query{Phrases: []string{"grain exports", "next year"}}, []string{"101/1"}},
		{"paragraphs of a dated range", Query{Words: []string{"grain"}, From: day(1950, 1, 1), To: day(1960, 1, 1)}, []string{"101/1", "101/2"}},
		{"range end is exclusive", Query{Words: []string{"grain"}, To: day(1948, 1, 1)}, nil},
		{"range start is inclusive", Query{Words: []string{"grain"}, From: day(1948, 1, 1), To: day(1948, 1, 2)}, []string{"103/1"}},
		{"open start excludes undated", Query{Words: []string{"grain"}, To: day(1950, 1, 1)}, []string{"103/1"}},
		{"open end excludes undated", Query{Words: []string{"exports"}, From: day(1950, 1, 1)}, []string{"101/1", "101/2"}},
		{"bounds far outside the index's range", Query{Words: []string{"grain"}, From: day(1200, 1, 1), To: day(2500, 1, 1)}, []string{"101/1", "101/2", "103/1"}},
		{"language ignores case", Query{Words: []string{"grain"}, Language: "VALDORIAN"}, []string{"101/1", "101/2", "103/1"}},
		{"language trims", Query{Words: []string{"grain"}, Language: " english "}, []string{"104/1"}},
		{"language with no documents", Query{Words: []string{"grain"}, Language: "Latin"}, nil},
		{"language is exact", Query{Words: []string{"grain"}, Language: "valdor"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Paragraphs(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Paragraphs: %v", err)
			}
			if got := sorted(paraKeys(res)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestParagraphsAdjacentWordsRankFirst(t *testing.T) {
	ix := openIndex(t, testDocs())
	for _, words := range [][]string{{"grain", "exports"}, {"grain exports"}} {
		res, err := ix.Paragraphs(context.Background(), Query{Words: words})
		if err != nil {
			t.Fatal(err)
		}
		got := paraKeys(res)
		if len(got) != 4 {
			t.Fatalf("%q: hits = %v, want 4", words, got)
		}
		// 101/1 and 104/1 say "grain exports"; 101/2 and 103/1 have the words apart.
		if top := sorted(got[:2]); !slices.Equal(top, []string{"101/1", "104/1"}) {
			t.Errorf("%q: ranking = %v, want the adjacent passages 101/1 and 104/1 first", words, got)
		}
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Score > res.Hits[i-1].Score {
				t.Errorf("%q: hit %d scores %v, more than hit %d", words, i, res.Hits[i].Score, i-1)
			}
		}
	}
}

func TestParagraphsMatches(t *testing.T) {
	ix := openIndex(t, testDocs())
	tests := []struct {
		name string
		q    Query
		hit  string   // which hit to look at
		want []string // the text each span covers, in order
	}{
		{"words", Query{Words: []string{"grain", "exports"}}, "101/1", []string{"grain", "exports"}},
		{"stemmed word", Query{Words: []string{"exports"}}, "101/2", []string{"export"}},
		{"every occurrence", Query{Words: []string{"grain"}}, "101/2", []string{"grain", "grain"}},
		{"capitalised", Query{Words: []string{"grain"}}, "104/1", []string{"Grain"}},
		{"phrase", Query{Phrases: []string{"border treaty"}}, "101/3", []string{"border", "treaty"}},
		{"words and phrase", Query{Words: []string{"Ostland"}, Phrases: []string{"new talks"}}, "102/1", []string{"Ostland", "new", "talks"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Paragraphs(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.Index(paraKeys(res), tt.hit)
			if i < 0 {
				t.Fatalf("no hit %s in %v", tt.hit, paraKeys(res))
			}
			h := res.Hits[i]
			var got []string
			for j, s := range h.Matches {
				if j > 0 && s.Start < h.Matches[j-1].End {
					t.Errorf("span %v overlaps or precedes %v", s, h.Matches[j-1])
				}
				got = append(got, h.Paragraph.Text[s.Start:s.End])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("matched text (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParagraphsHitCarriesDocument(t *testing.T) {
	ix := openIndex(t, testDocs())
	res, err := ix.Paragraphs(context.Background(), Query{Words: []string{"grain"}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, d := range testDocs() {
		want[d.ID] = len(d.Paragraphs)
	}
	for _, h := range res.Hits {
		if len(h.Doc.Paragraphs) != want[h.Doc.ID] {
			t.Errorf("hit %s/%d: document has %d paragraphs, want %d", h.Doc.ID, h.Paragraph.N, len(h.Doc.Paragraphs), want[h.Doc.ID])
		}
		if got := h.Doc.Paragraphs[h.Paragraph.N-1]; got.N != h.Paragraph.N || got.Text != h.Paragraph.Text {
			t.Errorf("hit %s/%d: paragraph %+v is not the document's", h.Doc.ID, h.Paragraph.N, h.Paragraph)
		}
		if h.Score <= 0 {
			t.Errorf("hit %s/%d: score %v", h.Doc.ID, h.Paragraph.N, h.Score)
		}
	}
}

func TestPaging(t *testing.T) {
	ix := openIndex(t, testDocs())
	ctx := context.Background()
	all, err := ix.Paragraphs(ctx, Query{Words: []string{"grain"}})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 4 || len(all.Hits) != 4 {
		t.Fatalf("Total = %d, hits = %d, want 4 and 4", all.Total, len(all.Hits))
	}
	tests := []struct {
		offset, limit int
		want          []string
	}{
		{0, 3, paraKeys(all)[0:3]},
		{3, 3, paraKeys(all)[3:4]},
		{1, 2, paraKeys(all)[1:3]},
		{4, 2, nil},
		{1000, 2, nil},
		{0, 0, paraKeys(all)},   // default limit 10
		{0, 500, paraKeys(all)}, // limit capped at MaxLimit
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("offset %d limit %d", tt.offset, tt.limit), func(t *testing.T) {
			res, err := ix.Paragraphs(ctx, Query{Words: []string{"grain"}, Offset: tt.offset, Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != all.Total {
				t.Errorf("Total = %d, want %d", res.Total, all.Total)
			}
			if got := paraKeys(res); !slices.Equal(got, tt.want) {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
		})
	}

	docs, err := ix.Documents(ctx, Query{Words: []string{"grain"}, Offset: 1, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if docs.Total != 3 || len(docs.Hits) != 1 {
		t.Errorf("Documents page: Total = %d, hits = %d, want 3 and 1", docs.Total, len(docs.Hits))
	}
}

func TestDocuments(t *testing.T) {
	ix := openIndex(t, testDocs())
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"body words", Query{Words: []string{"steel"}}, []string{"101", "102"}},
		{"summary words", Query{Words: []string{"proposes", "talks"}}, []string{"102"}},
		// Every word in one passage, or in the titles and summary: the
		// partial search finds documents that hold them apart.
		{"title and body apart", Query{Words: []string{"memorandum", "steel"}}, nil},
		{"title and body apart, partial", Query{Words: []string{"memorandum", "steel"}, Partial: true}, []string{"101"}},
		{"title scope: title", Query{Words: []string{"treaty"}, Scope: ScopeTitle}, []string{"102"}},
		{"all scope: title, summary and body", Query{Words: []string{"treaty"}}, []string{"101", "102"}},
		{"title scope: citation title", Query{Words: []string{"extract"}, Scope: ScopeTitle}, []string{"103"}},
		{"title scope: not the body", Query{Words: []string{"steel"}, Scope: ScopeTitle}, nil},
		{"phrase in body", Query{Phrases: []string{"export of grain"}}, []string{"101"}},
		{"phrase in title", Query{Phrases: []string{"unknown official"}, Scope: ScopeTitle}, []string{"104"}},
		{"phrase does not span paragraphs", Query{Phrases: []string{"length minister"}}, nil},
		{"date range", Query{Words: []string{"grain"}, From: day(1940, 1, 1), To: day(1950, 1, 1)}, []string{"103"}},
		{"language", Query{Words: []string{"treaty"}, Language: "ostlandic"}, []string{"102"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Documents(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Documents: %v", err)
			}
			if got := sorted(docKeys(res)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
			for _, h := range res.Hits {
				if len(h.Doc.Paragraphs) == 0 || h.Score <= 0 {
					t.Errorf("hit %s: %d paragraphs, score %v", h.Doc.ID, len(h.Doc.Paragraphs), h.Score)
				}
			}
		})
	}
}

func TestDocument(t *testing.T) {
	ix := openIndex(t, testDocs())
	ctx := context.Background()
	for _, want := range testDocs() {
		t.Run(want.ID, func(t *testing.T) {
			got, err := ix.Document(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("document (-want +got):\n%s", diff)
			}
		})
	}
	for _, id := range []string{"999", "", "p/101/1", "10"} {
		t.Run("missing "+id, func(t *testing.T) {
			if _, err := ix.Document(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("Document(%q) error = %v, want ErrNotFound", id, err)
			}
		})
	}
}

func TestBadQuery(t *testing.T) {
	ix := openIndex(t, testDocs())
	tooManyTerms := strings.Fields(strings.Repeat("grain ", MaxTerms+1))
	tests := []struct {
		name string
		q    Query
	}{
		{"empty", Query{}},
		{"blank words", Query{Words: []string{" ", ""}, Phrases: []string{"\t"}}},
		{"filters only", Query{Language: "english", From: day(1950, 1, 1)}},
		{"too long", Query{Words: []string{strings.Repeat("a", MaxQueryChars+1)}}},
		{"too long together", Query{Words: []string{strings.Repeat("a", 300)}, Phrases: []string{strings.Repeat("b", 201)}}},
		{"too many terms", Query{Words: tooManyTerms}},
		{"too many terms in one phrase", Query{Phrases: []string{strings.Join(tooManyTerms, " ")}}},
		{"too many terms together", Query{Words: tooManyTerms[:20], Phrases: []string{strings.Join(tooManyTerms[:13], " ")}}},
		{"offset too far", Query{Words: []string{"grain"}, Offset: MaxOffset + 1}},
		{"negative offset", Query{Words: []string{"grain"}, Offset: -1}},
		{"negative limit", Query{Words: []string{"grain"}, Limit: -1}},
		{"empty date range", Query{Words: []string{"grain"}, From: day(1960, 1, 1), To: day(1960, 1, 1)}},
		{"reversed date range", Query{Words: []string{"grain"}, From: day(1960, 1, 1), To: day(1950, 1, 1)}},
		{"unknown scope", Query{Words: []string{"grain"}, Scope: 7}},
		{"too many people", Query{Words: []string{"grain"}, People: tooManyTerms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ix.Paragraphs(context.Background(), tt.q); !errors.Is(err, ErrBadQuery) {
				t.Errorf("Paragraphs error = %v, want ErrBadQuery", err)
			}
			if _, err := ix.Documents(context.Background(), tt.q); !errors.Is(err, ErrBadQuery) {
				t.Errorf("Documents error = %v, want ErrBadQuery", err)
			}
		})
	}
	t.Run("title scope for paragraphs", func(t *testing.T) {
		_, err := ix.Paragraphs(context.Background(), Query{Words: []string{"grain"}, Scope: ScopeTitle})
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("error = %v, want ErrBadQuery", err)
		}
	})
	t.Run("at the limits", func(t *testing.T) {
		q := Query{Words: tooManyTerms[:MaxTerms], Offset: MaxOffset, Limit: MaxLimit}
		if _, err := ix.Paragraphs(context.Background(), q); err != nil {
			t.Errorf("error = %v, want none", err)
		}
	})
}

func TestSearchContext(t *testing.T) {
	ix := openIndex(t, testDocs())
	q := Query{Words: []string{"grain"}}

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()

	tests := []struct {
		name    string
		ctx     context.Context
		wantErr error
	}{
		{"cancelled", cancelled, context.Canceled},
		{"deadline passed", expired, ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ix.Paragraphs(tt.ctx, q); !errors.Is(err, tt.wantErr) {
				t.Errorf("Paragraphs error = %v, want %v", err, tt.wantErr)
			}
			if _, err := ix.Documents(tt.ctx, q); !errors.Is(err, tt.wantErr) {
				t.Errorf("Documents error = %v, want %v", err, tt.wantErr)
			}
			if _, err := ix.Document(tt.ctx, "101"); err == nil {
				t.Errorf("Document: no error")
			}
		})
	}
}

func TestConcurrentSearches(t *testing.T) {
	ix := openIndex(t, testDocs())
	errs := make(chan error, 16)
	for range cap(errs) {
		go func() {
			res, err := ix.Paragraphs(context.Background(), Query{Words: []string{"grain", "exports"}})
			if err == nil && res.Total != 4 {
				err = fmt.Errorf("Total = %d, want 4", res.Total)
			}
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestLexicon(t *testing.T) {
	ix := openIndex(t, testDocs())
	titles := ix.Titles("", 100)
	if len(titles) != len(testDocs()) {
		t.Fatalf("Titles(\"\") = %d entries, want %d", len(titles), len(testDocs()))
	}
	for _, tt := range []struct{ prefix, want string }{
		{strings.ToLower(titles[0].Title[:4]), titles[0].DocID},
		{titles[1].DocID, titles[1].DocID},
	} {
		got := ix.Titles(tt.prefix, 5)
		if len(got) == 0 || got[0].DocID != tt.want {
			t.Errorf("Titles(%q) = %+v, want %s first", tt.prefix, got, tt.want)
		}
	}
	if got := ix.Titles("qqqqqq", 5); len(got) != 0 {
		t.Errorf("Titles(qqqqqq) = %+v", got)
	}
	if got := ix.Titles("", 2); len(got) != 2 {
		t.Errorf("limit ignored: %d titles", len(got))
	}
}

func TestLexiconNames(t *testing.T) {
	ix := openIndex(t, testDocs())
	for _, tt := range []struct{ prefix, want string }{
		{"ald", "Aldric Venn"},
		{"venn", "Aldric Venn"},
		{"MIRA k", "Mira Kostel"},
	} {
		got := ix.Names(tt.prefix, 5)
		if len(got) == 0 || got[0].Name != tt.want || got[0].Documents < 1 {
			t.Errorf("Names(%q) = %+v, want %s first", tt.prefix, got, tt.want)
		}
	}
	if got := ix.Names("enn", 5); len(got) != 0 {
		t.Errorf("a match inside a word: %+v", got)
	}
}

func TestAnyPhrasesAndDocFilter(t *testing.T) {
	ix := openIndex(t, testDocs())
	ctx := context.Background()
	all, err := ix.Paragraphs(ctx, Query{AnyPhrases: []string{"Aldric Venn", "Minister Venn", "Mira Kostel"}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	one, err := ix.Paragraphs(ctx, Query{AnyPhrases: []string{"Minister Venn"}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if one.Total == 0 || all.Total < one.Total {
		t.Errorf("alternatives found %d, one phrase %d", all.Total, one.Total)
	}
	docs := map[string]bool{}
	for _, h := range all.Hits {
		docs[h.Doc.ID] = true
	}
	for id := range docs {
		res, err := ix.Paragraphs(ctx, Query{AnyPhrases: []string{"Aldric Venn", "Minister Venn", "Mira Kostel"}, DocID: id, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.Doc.ID != id {
				t.Errorf("DocID %s filter let through %s", id, h.Doc.ID)
			}
		}
		if res.Total == 0 {
			t.Errorf("DocID %s filter found nothing", id)
		}
	}
	many := make([]string, MaxTerms+1)
	for i := range many {
		many[i] = fmt.Sprintf("name %d", i)
	}
	if _, err := ix.Paragraphs(ctx, Query{AnyPhrases: many}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("too many alternatives: %v", err)
	}
}

func TestTitledExactly(t *testing.T) {
	docs := testDocs()
	twin := docs[1]
	twin.ID, twin.Source = "201", "twin.txt"
	twin.Title = "LETTER from the Ostland Foreign-Ministry, on the Border Treaty"
	ix := openIndex(t, append(docs, twin))
	tests := []struct {
		title string
		want  []string
	}{
		{"Memorandum of Conversation between Minister Aldric Venn and Ambassador Mira Kostel", []string{"101"}},
		{"  memorandum of conversation, between minister aldric venn and ambassador mira kostel. ", []string{"101"}},
		{"Letter from the Ostland Foreign Ministry on the Border Treaty", []string{docs[1].ID, "201"}},
		{"Letter from the Ostland Foreign Ministry", nil},                                                // words of a title only
		{"Harvest Report of the Valdorian Agriculture Commission (Extract)", nil},                        // the citation's title
		{"Memorandum of Conversation between Minister Aldric Venn and Ambassador Mira Kostel 1957", nil}, // more words
		{"", nil},
		{"—, .", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range ix.TitledExactly(tt.title) {
			got = append(got, e.DocID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("TitledExactly(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}
