package index

import (
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
