package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/corpus"
)

func TestParseParaID(t *testing.T) {
	tests := []struct {
		id    string
		doc   string
		n     int
		valid bool
	}{
		{paraRecordID("101", 3), "101", 3, true},
		{paraRecordID("1962/note", 12), "1962/note", 12, true},
		{paraRecordID("a/b/c", 0), "a/b/c", 0, true},
		{"p/101", "", 0, false},
		{"p//4", "", 0, false},
		{"p/101/x", "", 0, false},
		{"p/101/-1", "", 0, false},
		{docRecordID("101"), "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			doc, n, ok := parseParaID(tt.id)
			if ok != tt.valid || doc != tt.doc || n != tt.n {
				t.Errorf("parseParaID(%q) = %q, %d, %v; want %q, %d, %v", tt.id, doc, n, ok, tt.doc, tt.n, tt.valid)
			}
		})
	}
}

func TestDocsFromParagraphs(t *testing.T) {
	paras := []rankedPara{
		{docID: "a", n: 1, score: 4},
		{docID: "b", n: 1, score: 3},
		{docID: "b", n: 2, score: 3},
		{docID: "c", n: 5, score: 1},
		{docID: "a", n: 2, score: 0.5},
	}
	got := docsFromParagraphs(paras, map[string]float64{"c": 10, "d": 0.1})
	want := []rankedDoc{
		{docID: "c", score: 11},  // its context and one paragraph
		{docID: "b", score: 4.5}, // 3 + 3/2
		{docID: "a", score: 4.25},
		{docID: "d", score: 0.1}, // its titles or summary only
	}
	if !slices.Equal(got, want) {
		t.Errorf("docsFromParagraphs = %v, want %v", got, want)
	}
}

// manyDocs is a fictional archive of n documents of two paragraphs, each
// holding "grain" (more often in the later documents).
func manyDocs(n int) []corpus.Document {
	var docs []corpus.Document
	for i := range n {
		grain := strings.Repeat("grain ", 1+i%7)
		docs = append(docs, corpus.Document{
			ID:    fmt.Sprintf("g%03d", i),
			Title: fmt.Sprintf("Report %d of the Valdorian grain board", i),
			Date:  corpus.Date{Time: day(1950, 1, 1+i%28), Text: "1950"},
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: fmt.Sprintf("The board of Ostland counted %s in district %d.", grain, i)},
				{N: 2, Text: fmt.Sprintf("Nothing else was reported from district %d.", i)},
			},
		})
	}
	return docs
}

func TestPagesAreCachedAndDeepPagesComplete(t *testing.T) {
	ix := openIndex(t, manyDocs(2*leaderDepth+30))
	ctx := context.Background()
	q := Query{Words: []string{"grain"}, Limit: 10}

	var first, second ParagraphResult
	var err error
	if n := searchesDuring(ix, func() { first, err = ix.Paragraphs(ctx, q) }); err != nil {
		t.Fatal(err)
	} else if n == 0 {
		t.Fatal("the first page ran no search")
	}
	q.Offset = 10
	if n := searchesDuring(ix, func() { second, err = ix.Paragraphs(ctx, q) }); err != nil {
		t.Fatal(err)
	} else if n != 0 {
		t.Errorf("the second page ran %d searches, want none (cached)", n)
	}
	if first.Total != 2*leaderDepth+30 || second.Total != first.Total {
		t.Errorf("Total = %d then %d, want %d", first.Total, second.Total, 2*leaderDepth+30)
	}
	if slices.ContainsFunc(paraKeys(second), func(k string) bool { return slices.Contains(paraKeys(first), k) }) {
		t.Errorf("pages overlap: %v and %v", paraKeys(first), paraKeys(second))
	}

	// A page beyond the leaders asks for more, and every hit comes once,
	// whatever the page size (each size is a ranking of its own).
	seen := map[string]bool{}
	for off, limit := 0, 7; off < first.Total; off, limit = off+limit, limit+29 {
		res, err := ix.Paragraphs(ctx, Query{Words: []string{"grain"}, Offset: off, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range paraKeys(res) {
			if seen[k] {
				t.Errorf("%s on two pages", k)
			}
			seen[k] = true
		}
	}
	if len(seen) != first.Total {
		t.Errorf("%d hits on all pages, want %d", len(seen), first.Total)
	}

	// Another query, or the same with another filter, is not the cached one.
	other, err := ix.Paragraphs(ctx, Query{Words: []string{"grain"}, Limit: 10, From: day(1950, 1, 20)})
	if err != nil {
		t.Fatal(err)
	}
	if other.Total >= first.Total {
		t.Errorf("a date filter kept %d of %d hits", other.Total, first.Total)
	}
}

func TestRescoringKeepsBM25Order(t *testing.T) {
	// Pass two reorders the leaders by the phrase only: without a phrase
	// the order is BM25's, ties by record id.
	ix := openIndex(t, manyDocs(40))
	res, err := ix.Paragraphs(context.Background(), Query{Words: []string{"grain"}, Limit: MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(res.Hits); i++ {
		a, b := res.Hits[i-1], res.Hits[i]
		if a.Score < b.Score || a.Score == b.Score && paraRecordID(a.Doc.ID, a.Paragraph.N) > paraRecordID(b.Doc.ID, b.Paragraph.N) {
			t.Fatalf("hit %d (%s, %v) before hit %d (%s, %v)", i-1, a.Doc.ID, a.Score, i, b.Doc.ID, b.Score)
		}
		if len(a.Matches) == 0 {
			t.Errorf("hit %s has no matched spans", a.Doc.ID)
		}
	}
}

func TestCacheKey(t *testing.T) {
	base := Query{Words: []string{"grain"}, Limit: 10}
	same := base
	same.Offset = 30
	if cacheKey(base) != cacheKey(same) {
		t.Error("the offset changed the key")
	}
	for name, q := range map[string]Query{
		"limit":    {Words: []string{"grain"}, Limit: 5},
		"words":    {Words: []string{"grain", "board"}, Limit: 10},
		"partial":  {Words: []string{"grain"}, Limit: 10, Partial: true},
		"date":     {Words: []string{"grain"}, Limit: 10, From: day(1950, 1, 1)},
		"language": {Words: []string{"grain"}, Limit: 10, Language: "ostlandic"},
		"document": {Words: []string{"grain"}, Limit: 10, DocID: "g001"},
		"summary":  {Words: []string{"grain"}, Limit: 10, Summaries: true},
		"scope":    {Words: []string{"grain"}, Limit: 10, Scope: ScopeTitle},
		"phrase":   {Phrases: []string{"grain"}, Limit: 10},
	} {
		if cacheKey(q) == cacheKey(base) {
			t.Errorf("%s: same key as the base query", name)
		}
	}
}

func TestDocumentPagesOfAnySizeShareARanking(t *testing.T) {
	ix := openIndex(t, manyDocs(30))
	ctx := context.Background()
	q := Query{Words: []string{"grain", "board"}, Partial: true, Limit: 5}
	first, err := ix.Documents(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.Limit = 10
	var wider DocumentResult
	if n := searchesDuring(ix, func() { wider, err = ix.Documents(ctx, q) }); err != nil {
		t.Fatal(err)
	} else if n != 0 {
		t.Errorf("a page of another size ran %d searches, want none", n)
	}
	if len(first.Hits) != 5 || len(wider.Hits) != 10 || !slices.Equal(docKeys(first), docKeys(wider)[:5]) {
		t.Errorf("pages %v and %v", docKeys(first), docKeys(wider))
	}
}

func TestEndedRequestGetsNoCachedAnswer(t *testing.T) {
	ix := openIndex(t, manyDocs(10))
	q := Query{Words: []string{"grain"}}
	if _, err := ix.Paragraphs(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	if _, err := ix.Paragraphs(ctx, q); !errors.Is(err, ErrTimeout) {
		t.Errorf("Paragraphs after the deadline: %v, want ErrTimeout", err)
	}
	if _, err := ix.Documents(ctx, q); !errors.Is(err, ErrTimeout) {
		t.Errorf("Documents after the deadline: %v, want ErrTimeout", err)
	}
	if _, err := ix.Events(ctx, q); !errors.Is(err, ErrTimeout) {
		t.Errorf("Events after the deadline: %v, want ErrTimeout", err)
	}
}
