package index

import (
	"context"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// TestPositionsAnalyzer: the tokenizer alone gives every word the
// analyzer keeps the same position and offsets, so that matchSpans finds
// a hit's words from the positions the index keeps; and the fields
// without offsets get the analyzer's terms and positions.
func TestPositionsAnalyzer(t *testing.T) {
	pa := textFieldAnalyzer(t).(*preparedAnalyzer)
	texts := []string{
		"Gomułka met Göttling’s brother and Kádár in Łódź.",
		"The Soviet Union's [sic; November] note of 13.XI.1958, No. 1147/p, was read - twice - by the Ambassador's aides.",
		"Mao Zedong (毛泽东) said: «we are ready»; the U.S.A. and the PRC's 1,200 km frontier…",
		"",
		"the of and",
	}
	for _, d := range synthDocs(t, 5) {
		for _, p := range d.Paragraphs {
			texts = append(texts, p.Text)
		}
	}
	for _, text := range texts {
		tokens := pa.inner.Analyze([]byte(text))
		var at []uint32
		var want []Span
		for _, tok := range tokens {
			at = append(at, uint32(tok.Position))
			want = append(want, Span{Start: tok.Start, End: tok.End})
		}
		if got := matchSpans(text, at); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: matchSpans %v, the analyzer's offsets %v", text, got, want)
		}
		// Some of the words: the first, the last, every third.
		for _, pick := range []func(i int) bool{
			func(i int) bool { return i == 0 },
			func(i int) bool { return i == len(at)-1 },
			func(i int) bool { return i%3 == 1 },
		} {
			var some []uint32
			var wantSome []Span
			for i := range at {
				if pick(i) {
					some, wantSome = append(some, at[i]), append(wantSome, want[i])
				}
			}
			if got := matchSpans(text, some); !reflect.DeepEqual(got, wantSome) {
				t.Errorf("%q: matchSpans(%v) %v, want %v", text, some, got, wantSome)
			}
		}
		bare := withoutOffsets{inner: pa}.Analyze([]byte(text))
		if len(bare) != len(tokens) {
			t.Fatalf("%q: %d tokens without offsets, %d with", text, len(bare), len(tokens))
		}
		for i, tok := range bare {
			if string(tok.Term) != string(tokens[i].Term) || tok.Position != tokens[i].Position || tok.Start != 0 || tok.End != 0 {
				t.Errorf("%q: token %d is %+v, want %q at %d without offsets", text, i, *tok, tokens[i].Term, tokens[i].Position)
			}
		}
	}
	if got := matchSpans("grain exports", nil); got != nil {
		t.Errorf("no positions: %v", got)
	}
	// Positions no word has are passed over: 0, and past the last word.
	if got, want := matchSpans("grain exports", []uint32{0, 2, 7}), []Span{{Start: 6, End: 13}}; !reflect.DeepEqual(got, want) {
		t.Errorf("odd positions: %v, want %v", got, want)
	}
}

// TestPositionsKeepSharedOffsets: a summary is analysed ahead once
// for its two records; the record without offsets must not take them
// from the one that keeps them.
func TestPositionsKeepSharedOffsets(t *testing.T) {
	im := newMapping()
	wo, ok := im.AnalyzerNamed(positionsAnalyzer).(withoutOffsets)
	if !ok || wo.inner != im.AnalyzerNamed(textAnalyzer) {
		t.Fatalf("%s does not wrap the mapping's %s", positionsAnalyzer, textAnalyzer)
	}
	summary := "The Valdorian ministers were discussing the exports of grain to Ostland at length."
	wo.inner.prepare(summary)
	wo.inner.prepare(summary)
	offsets := func(ts analysis.TokenStream) (n int) {
		for _, tok := range ts {
			if tok.End > 0 {
				n++
			}
		}
		return n
	}
	if n := offsets(wo.Analyze([]byte(summary))); n != 0 {
		t.Errorf("%d tokens with offsets from %s", n, positionsAnalyzer)
	}
	want := len(wo.inner.inner.Analyze([]byte(summary)))
	if n := offsets(wo.inner.Analyze([]byte(summary))); n != want || n == 0 {
		t.Errorf("%d of %d tokens with offsets from %s after %s took its copy", n, want, textAnalyzer, positionsAnalyzer)
	}
}

// TestParagraphPagesFindSpansOnce: the spans of a ranking's hits are
// found when a page first shows them, kept with the ranking, and given
// again to a page that shows them again.
func TestParagraphPagesFindSpansOnce(t *testing.T) {
	ix := openIndex(t, testDocs())
	ctx := context.Background()
	q := Query{Words: []string{"grain"}, Limit: 1}
	first, err := ix.Paragraphs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if first.Total < 2 || len(first.Hits) != 1 {
		t.Fatalf("want one hit of several, got %d of %d", len(first.Hits), first.Total)
	}
	nq, err := q.normalize()
	if err != nil {
		t.Fatal(err)
	}
	r, ok := ix.results.paras.Get(cacheKey(nq))
	if !ok {
		t.Fatal("the ranking is not cached")
	}
	kept := func() map[int][]Span {
		m := map[int][]Span{}
		r.spans.Range(func(k, v any) bool {
			m[k.(int)] = v.([]Span)
			return true
		})
		return m
	}
	h := first.Hits[0]
	if want := matchSpans(h.Paragraph.Text, r.hits[0].at); len(want) == 0 || !reflect.DeepEqual(h.Matches, want) {
		t.Fatalf("matches %v, want %v", h.Matches, want)
	}
	if got := kept(); len(got) != 1 || !reflect.DeepEqual(got[0], h.Matches) {
		t.Fatalf("kept spans %v after the first page, want hit 0's only", got)
	}
	// Spans kept for hit 0 are what the page gives, even if they were
	// not what the text holds: a sign that the page took them.
	marker := []Span{{Start: 0, End: 1}}
	r.spans.Store(0, marker)
	again, err := ix.Paragraphs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Hits[0].Matches, marker) {
		t.Errorf("the page found the spans again: %v", again.Hits[0].Matches)
	}
	q.Offset = 1
	second, err := ix.Paragraphs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if got := kept(); len(got) != 2 || !reflect.DeepEqual(got[1], second.Hits[0].Matches) || len(got[1]) == 0 {
		t.Errorf("kept spans %v after the second page", got)
	}
}
