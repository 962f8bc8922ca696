package index

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Pass two without Bleve's searchers.
//
// For a plan runPlan reads itself, pass two needs no second search: the
// leaders' internal numbers are known, so rescorePlan advances the terms'
// postings, with their positions, to each leader and computes what
// Bleve's rescore query (the plan's query, the leaders' ids as a filter
// and the boosted phrase of the words) would give: the score, with
// Bleve's queryNorm, and the term locations of what matched. Scores may
// differ from Bleve's in the last bits, from the order of the additions.
// TestAnswersWithoutBleveSearchers compares whole answers both ways.

// rankPlan runs both passes of a simple plan on one reader: pass one's
// best depth leaders, then pass two over them in blocks of block, each
// block in itself (see rescoreBlocks), with the phrase of boost boosted.
func (ix *Index) rankPlan(ctx context.Context, p leaderPlan, depth, block int, boost []string) ([]*search.DocumentMatch, int, error) {
	var out []*search.DocumentMatch
	var total int
	err := ix.withReader(ctx, func(rd bleveindex.IndexReader) error {
		an := ix.analyzerOf(p.field)
		c, err := compile(an, p)
		if err != nil {
			return err
		}
		hits, n, err := runCompiled(ctx, rd, p, c, depth)
		if err != nil {
			return err
		}
		total = n
		if len(hits) == 0 {
			return nil
		}
		r, err := newRescorer(ctx, rd, an, p, c, boost)
		if err != nil {
			return err
		}
		defer r.close()
		ms, err := r.rescore(hits)
		if err != nil {
			return err
		}
		out = make([]*search.DocumentMatch, 0, len(hits))
		for b := range slices.Chunk(ms, block) {
			b = slices.Clone(b)
			slices.SortFunc(b, func(x, y *search.DocumentMatch) int {
				return cmp.Or(cmp.Compare(y.Score, x.Score), strings.Compare(x.ID, y.ID))
			})
			out = append(out, b...)
		}
		return nil
	})
	return out, total, err
}

// rescorer computes pass two for the leaders of one plan.
type rescorer struct {
	field string
	c     compiled
	// boost is the boosted phrase of the words by position, or nil.
	boost []string
	// terms are the postings of every term the query scores, with
	// positions, and idf their idf.
	terms map[string]*postings
	idf   map[string]float64
	norm  float64
}

// newRescorer opens the postings of every term of c and of the phrase of
// boost, and computes Bleve's queryNorm for the rescore query.
func newRescorer(ctx context.Context, rd bleveindex.IndexReader, an analysis.Analyzer, p leaderPlan, c compiled, boost []string) (*rescorer, error) {
	r := &rescorer{field: p.field, c: c, terms: map[string]*postings{}, idf: map[string]float64{}}
	if joined := strings.Join(boost, " "); len(strings.Fields(joined)) >= 2 {
		slots, ok := phraseSlots(an.Analyze([]byte(joined)))
		if !ok {
			return nil, errNotSimple
		}
		r.boost = slots
	}
	st, err := newStats(rd)
	if err != nil {
		return nil, err
	}
	avgLen, err := st.avgLen(p.field)
	if err != nil {
		return nil, err
	}
	// Bleve's queryNorm: one over the root of the sum of each scored
	// term searcher's (boost × idf)².
	sum := 0.0
	weigh := func(t string, boost float64) error {
		if t == "" {
			return nil
		}
		if r.terms[t] == nil {
			tr, err := termReader(ctx, rd, t, p.field, true, true)
			if err != nil {
				return err
			}
			r.terms[t] = &postings{r: tr, doc: &bleveindex.TermFieldDoc{}, avgLen: avgLen}
			r.idf[t] = st.idf(tr.Count())
		}
		sum += math.Pow(boost*r.idf[t], 2)
		return nil
	}
	for _, t := range c.terms {
		for range c.times[t] {
			if err := weigh(t, 1); err != nil {
				r.close()
				return nil, err
			}
		}
	}
	for _, set := range c.groups {
		for _, ts := range set {
			for _, t := range ts {
				if err := weigh(t, 1); err != nil {
					r.close()
					return nil, err
				}
			}
		}
	}
	for _, t := range r.boost {
		if err := weigh(t, phraseBoost); err != nil {
			r.close()
			return nil, err
		}
	}
	r.norm = 1 / math.Sqrt(sum)
	return r, nil
}

func (r *rescorer) close() {
	for _, ps := range r.terms {
		_ = ps.r.Close()
	}
}

// rescore scores the leaders hits, in their order: the postings are
// read in the index's order once for all of them.
func (r *rescorer) rescore(hits []planHit) ([]*search.DocumentMatch, error) {
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(hits[a].at, hits[b].at) })
	out := make([]*search.DocumentMatch, len(hits))
	for _, i := range order {
		for _, ps := range r.terms {
			if err := ps.advance(hits[i].at); err != nil {
				return nil, err
			}
		}
		out[i] = r.match(hits[i])
	}
	return out, nil
}

// holds reports whether term t is in the record at.
func (r *rescorer) holds(t string, at uint64) bool {
	ps := r.terms[t]
	return ps != nil && ps.started && !ps.done && ps.at == at
}

// score is term t's score in the current record, less boost and norm.
func (r *rescorer) score(t string) float64 {
	ps := r.terms[t]
	return r.idf[t] * r.idf[t] * bm25(ps.doc.Freq, ps.doc.Norm, ps.avgLen)
}

// match is the leader h's score and term locations.
func (r *rescorer) match(h planHit) *search.DocumentMatch {
	locs := search.TermLocationMap{}
	all := func(t string) {
		for _, v := range r.terms[t].doc.Vectors {
			locs[t] = append(locs[t], location(v))
		}
	}
	sum := 0.0
	for _, t := range r.c.terms {
		if r.holds(t, h.at) {
			sum += float64(r.c.times[t]) * r.score(t)
			all(t)
		}
	}
	for _, g := range r.c.groups {
		s, held := 0.0, 0
		for _, slots := range g {
			if len(slots) == 1 {
				if t := slots[0]; r.holds(t, h.at) {
					s += r.score(t)
					held++
					all(t)
				}
				continue
			}
			if r.phrase(slots, h.at, locs) {
				for _, t := range slots {
					if t != "" {
						s += r.score(t)
					}
				}
				held++
			}
		}
		if len(g) > 1 {
			s *= float64(held) / float64(len(g))
		}
		sum += s
	}
	if r.boost != nil && r.phrase(r.boost, h.at, locs) {
		for _, t := range r.boost {
			if t != "" {
				sum += phraseBoost * r.score(t)
			}
		}
	}
	return &search.DocumentMatch{ID: h.id, Score: sum * r.norm, Locations: search.FieldTermLocationMap{r.field: locs}}
}

// phrase reports whether the record at holds the phrase slots, and adds
// the locations of every place it holds it to locs.
func (r *rescorer) phrase(slots []string, at uint64, locs search.TermLocationMap) bool {
	check := make([]*postings, len(slots))
	for i, t := range slots {
		if t == "" {
			continue
		}
		if !r.holds(t, at) {
			return false
		}
		check[i] = r.terms[t]
	}
	found := false
	for _, v := range check[0].doc.Vectors {
		path := []*bleveindex.TermFieldVector{v}
		for i, ps := range check[1:] {
			if ps == nil {
				continue
			}
			w := vectorAt(ps.doc.Vectors, v.Pos+uint64(i)+1, v.ArrayPositions)
			if w == nil {
				path = nil
				break
			}
			path = append(path, w)
		}
		if path == nil {
			continue
		}
		found = true
		k := 0
		for _, t := range slots {
			if t != "" {
				locs[t] = append(locs[t], location(path[k]))
				k++
			}
		}
	}
	return found
}

// vectorAt is a term's vector at position pos of the field's value at
// ap, or nil.
func vectorAt(vs []*bleveindex.TermFieldVector, pos uint64, ap []uint64) *bleveindex.TermFieldVector {
	for _, v := range vs {
		if v.Pos == pos && slices.Equal(v.ArrayPositions, ap) {
			return v
		}
	}
	return nil
}

// location is a term vector as a search location.
func location(v *bleveindex.TermFieldVector) *search.Location {
	return &search.Location{Pos: v.Pos, Start: v.Start, End: v.End, ArrayPositions: slices.Clone(v.ArrayPositions)}
}
