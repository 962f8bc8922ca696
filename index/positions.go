package index

import (
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/segment"
)

// The paragraphs' and the dated events' text fields keep each word's
// position but not its byte offsets: Bleve stores both or neither, and
// offsets are two varints an occurrence that do not compress (with the
// segments compressed, dropping them took the index from 317 to 248 MiB
// at 10,000 documents). Phrases
// and the rescoring need only positions. What needs offsets is the
// passage shown, whose matched words are marked: a hit keeps the
// positions of its matched words, and the page that shows it finds their
// offsets again in the paragraph's text (matchSpans), which the page has
// loaded anyway. The analyzer's tokenizer alone gives them: its filters
// change terms or drop stop words, never a kept word's position or
// offsets (TestPositionsAnalyzer checks it).

// positionsAnalyzer is textAnalyzer with every token's offsets set to 0:
// what the fields without offsets are analysed with.
const positionsAnalyzer = "archivebot_en_positions"

// withoutOffsets wraps the text fields' analyzer and zeroes the offsets
// of its tokens.
type withoutOffsets struct {
	inner *preparedAnalyzer
}

func (a withoutOffsets) Analyze(input []byte) analysis.TokenStream {
	ts, shared := a.inner.take(input)
	if shared {
		// Another field will be given the same tokens, with offsets.
		own := make([]analysis.Token, len(ts))
		out := make(analysis.TokenStream, len(ts))
		for i, t := range ts {
			own[i] = *t
			out[i] = &own[i]
		}
		ts = out
	}
	for _, t := range ts {
		t.Start, t.End = 0, 0
	}
	return ts
}

// positions are the distinct positions of a field's term locations, in
// order: what a hit keeps of its matched words.
func positions(locs search.TermLocationMap) []uint32 {
	var out []uint32
	for _, ls := range locs {
		for _, l := range ls {
			out = append(out, uint32(l.Pos))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// matchSpans are the byte spans in text of the words at positions (sorted
// and distinct, as positions gives them): the matched words of a passage.
// It reads the words as the text fields' tokenizer (Bleve's unicode
// tokenizer) does, with the same segmenter: every segment that is a
// word, number or ideograph is the next position. It stops after the
// last position asked for, and keeps no tokens: a page finds the matched
// words of up to a hundred passages (the name search of who).
func matchSpans(text string, at []uint32) []Span {
	if len(at) == 0 {
		return nil
	}
	out := make([]Span, 0, len(at))
	seg := segment.NewWordSegmenterDirect([]byte(text))
	start, pos := 0, uint32(1)
	for len(at) > 0 && seg.Segment() {
		end := start + len(seg.Bytes())
		if seg.Type() != segment.None {
			for len(at) > 0 && at[0] < pos {
				at = at[1:] // not a word's position: none is 0
			}
			if len(at) > 0 && at[0] == pos {
				out = append(out, Span{Start: start, End: end})
				at = at[1:]
			}
			pos++
		}
		start = end
	}
	return out
}
