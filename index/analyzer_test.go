package index

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/corpus"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

func TestPreparedAnalyzer(t *testing.T) {
	a := textFieldAnalyzer(t)
	pa := a.(*preparedAnalyzer)
	terms := func(ts analysis.TokenStream) []string {
		var out []string
		for _, tok := range ts {
			out = append(out, string(tok.Term))
		}
		return out
	}
	long := "The Valdorian ministers were discussing the exports of grain to Ostland at length."
	short := "Grain exports."
	want := terms(pa.inner.Analyze([]byte(long)))

	pa.prepare(long)
	pa.prepare(long) // a summary is in two records
	pa.prepare(short)
	if len(pa.ready) != 1 {
		t.Fatalf("%d texts kept, want 1 (short texts are analysed when asked)", len(pa.ready))
	}
	for i := range 3 {
		if got := terms(pa.Analyze([]byte(long))); !reflect.DeepEqual(got, want) {
			t.Fatalf("analysis %d: %v, want %v", i, got, want)
		}
	}
	if len(pa.ready) != 0 {
		t.Errorf("%d texts still kept after the builder took them", len(pa.ready))
	}
	if got := terms(pa.Analyze([]byte(short))); !reflect.DeepEqual(got, []string{"grain", "export"}) {
		t.Errorf("short text: %v", got)
	}
	for i := range preparedTexts + 10 {
		pa.prepare(long + strconv.Itoa(i))
	}
	if len(pa.ready) > preparedTexts {
		t.Errorf("%d texts kept, the most is %d", len(pa.ready), preparedTexts)
	}
	pa.forget()
	if len(pa.ready) != 0 {
		t.Error("forget kept texts")
	}
}

// TestFoldedTerms: the text fields' terms fold the accents of Latin
// letters, and each token keeps the offsets of its word as written.
func TestFoldedTerms(t *testing.T) {
	a := textFieldAnalyzer(t)
	text := "Gomułka met Göttling’s brother and Kádár in Łódź."
	var got []string
	for _, tok := range a.Analyze([]byte(text)) {
		got = append(got, string(tok.Term)+"="+text[tok.Start:tok.End])
	}
	want := []string{"gomulka=Gomułka", "met=met", "gottl=Göttling’s", "brother=brother", "kadar=Kádár", "lodz=Łódź"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("terms %q, want %q", got, want)
	}
}

// TestAccentsEitherWay: a word typed with or without its accents finds the
// passages that write it either way.
func TestAccentsEitherWay(t *testing.T) {
	docs := testDocs()
	docs[0].Paragraphs = append(docs[0].Paragraphs,
		corpus.Paragraph{N: 4, Text: "Minister Venn recalled his talks with Gomulka in Warsaw."},
		corpus.Paragraph{N: 5, Text: "Ambassador Kostel quoted Dvořák to the delegation."})
	ix := openIndex(t, docs)
	tests := []struct {
		word string
		want int // the paragraph found
	}{
		{"Gomułka", 4},
		{"Gomulka", 4},
		{"Dvorak", 5},
		{"Dvořák", 5},
	}
	for _, tt := range tests {
		res, err := ix.Paragraphs(context.Background(), Query{Words: []string{tt.word}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Paragraph.N != tt.want {
			t.Errorf("%s: %d hits, want paragraph %d", tt.word, len(res.Hits), tt.want)
			continue
		}
		h := res.Hits[0]
		if len(h.Matches) != 1 || !strings.HasPrefix(h.Paragraph.Text[h.Matches[0].Start:], "Gomulka") && !strings.HasPrefix(h.Paragraph.Text[h.Matches[0].Start:], "Dvořák") {
			t.Errorf("%s: matches %v in %q", tt.word, h.Matches, h.Paragraph.Text)
		}
	}
}

func TestSearchWords(t *testing.T) {
	tests := []struct {
		texts []string
		want  int
	}{
		{[]string{"Voroshilov tells the Iranian monarch that Moscow has no fixed agenda and wants an open exchange of views"}, 11},
		{[]string{"The", "OF,", "“that”"}, 0},
		{[]string{"grain exports", "1958"}, 3},
		{nil, 0},
	}
	for _, tt := range tests {
		if got := SearchWords(tt.texts...); got != tt.want {
			t.Errorf("SearchWords(%q) = %d, want %d", tt.texts, got, tt.want)
		}
	}
}

// textFieldAnalyzer is the text fields' analyzer, registered.
func textFieldAnalyzer(t *testing.T) analysis.Analyzer {
	t.Helper()
	if err := registerAnalyzer(); err != nil {
		t.Fatal(err)
	}
	a, err := registry.NewCache().AnalyzerNamed(textAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
