package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/archivebot/archivebot/corpus"
)

// How a search is answered, in two passes:
//
//  1. Pass one asks Bleve for the leaders: the best records by BM25 alone,
//     without the phrase that ranks words side by side first, without term
//     locations and without a sort by id. Bleve scores every match, but
//     that is all it does for each.
//  2. Pass two asks again for the leaders only (their ids as a filter),
//     with the phrase boost and the term locations that quotes highlight
//     and partial questions count. Phrase and proximity therefore reorder
//     the leaders; a record outside them is never lifted into them.
//
// The ranked records, without their documents, are kept in the index's
// result cache (see results.go), so that the next page of an answer and a
// repeated question only load documents.
const (
	// leaderDepth is how many records pass one keeps for rescoring; a
	// deeper page asks for more.
	leaderDepth = 100
)

// rankedPara is a paragraph hit before its document is loaded: what the
// result cache keeps.
type rankedPara struct {
	docID string
	n     int
	// at are the positions of the matched terms in the paragraph's text
	// (their spans are found when it is shown: matchSpans).
	at    []uint32
	score float64
	// matched, of and share are set for a Partial query only.
	matched, of int
	share       float64
}

// paraRanking is the ranked paragraphs of a query.
type paraRanking struct {
	total   int
	unknown string
	hits    []rankedPara
	// complete says that hits holds every match, so that any page can be
	// cut from it; else pages beyond len(hits) need a deeper ranking.
	complete bool
	// spans holds the matched words' spans of the hits shown so far, by
	// their index in hits (see matches).
	spans sync.Map
}

// matches are the spans of hit i's matched words in text, its passage.
// They are found once for a ranking: who shows every page of its answer
// from a ranking of up to a hundred passages. Callers share them: read
// them, do not modify them.
func (r *paraRanking) matches(i int, text string) []Span {
	if s, ok := r.spans.Load(i); ok {
		return s.([]Span)
	}
	s := slices.Clip(matchSpans(text, r.hits[i].at))
	r.spans.Store(i, s)
	return s
}

// covers reports whether the ranking can serve the page ending at end.
func (r *paraRanking) covers(end int) bool { return r.complete || len(r.hits) >= end }

// parseParaID splits a paragraph record's id into its document id and
// paragraph number. Document ids may hold slashes; the number follows the
// last one.
func parseParaID(id string) (docID string, n int, ok bool) {
	rest, ok := strings.CutPrefix(id, paraPrefix)
	i := strings.LastIndexByte(rest, '/')
	if !ok || i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(rest[i+1:])
	if err != nil || n < SummaryParagraph {
		return "", 0, false
	}
	return rest[:i], n, true
}

// matchQuery is the query of a normalised q's words and phrases in field:
// the words (all of them) and each phrase required, each group of
// alternatives required as a disjunction, q's filters (see filters), and
// with phrase set the optional boosted phrase of all the words.
func matchQuery(q Query, field string, phrase bool) *query.BooleanQuery {
	bq := bleve.NewBooleanQuery()
	if len(q.Words) > 0 {
		mq := bleve.NewMatchQuery(strings.Join(q.Words, " "))
		mq.SetField(field)
		mq.SetOperator(query.MatchQueryOperatorAnd)
		bq.AddMust(mq)
		if phrase {
			addPhraseBoost(bq, field, q.Words)
		}
	}
	for _, p := range q.Phrases {
		pq := bleve.NewMatchPhraseQuery(p)
		pq.SetField(field)
		bq.AddMust(pq)
	}
	for _, group := range q.phraseGroups() {
		if len(group) == 0 {
			continue
		}
		var alts []query.Query
		for _, p := range group {
			pq := bleve.NewMatchPhraseQuery(p)
			pq.SetField(field)
			alts = append(alts, pq)
		}
		bq.AddMust(bleve.NewDisjunctionQuery(alts...))
	}
	bq.AddMust(filters(q)...)
	return bq
}

// paragraphQuery is matchQuery over the paragraph records, which alone
// have the text field (so no kind filter is needed), without the
// summaries unless q asks for them.
func paragraphQuery(q Query, phrase bool) *query.BooleanQuery {
	bq := matchQuery(q, fieldText, phrase)
	if !q.Summaries {
		sq := bleve.NewTermQuery(kindSummary)
		sq.SetField(fieldSection)
		bq.AddMustNot(sq)
	}
	return bq
}

// addPhraseBoost adds the optional phrase of all the words in field,
// boosted, so that records with the words side by side, in order, rank
// first.
func addPhraseBoost(bq *query.BooleanQuery, field string, words []string) {
	joined := strings.Join(words, " ")
	if len(strings.Fields(joined)) < 2 {
		return
	}
	pq := bleve.NewMatchPhraseQuery(joined)
	pq.SetField(field)
	pq.SetBoost(phraseBoost)
	bq.AddShould(pq)
}

// filters are q's filters on date, language and document, as unscored
// queries to add to a query's required clauses.
//
// Bleve's own filter clause (BooleanQuery.AddFilter) runs the whole query
// and then drops what the filter does not hold, so a filter never makes a
// search cheaper; a required clause does, since a conjunction advances
// from its rarest part. These add nothing to the score (boost 0).
func filters(q Query) []query.Query {
	var out []query.Query
	if !q.From.IsZero() || !q.To.IsZero() {
		out = append(out, dateFilter(q.From, q.To))
	}
	if q.Language != "" {
		out = append(out, unscoredTerm(q.Language, fieldLang))
	}
	if q.DocID != "" {
		out = append(out, unscoredTerm(q.DocID, fieldDocID))
	}
	return out
}

// unscoredTerm matches term in field and adds nothing to a score.
func unscoredTerm(term, field string) *query.TermQuery {
	tq := bleve.NewTermQuery(term)
	tq.SetField(field)
	tq.SetBoost(0)
	return tq
}

// onlyRecords matches the records ids and adds nothing to a score.
func onlyRecords(ids []string) *query.DocIDQuery {
	q := bleve.NewDocIDQuery(ids)
	q.SetBoost(0)
	return q
}

// leaders runs pass one: the ids of the best depth records of bq by
// score alone, and how many records match in all.
func (ix *Index) leaders(ctx context.Context, bq query.Query, depth int) ([]string, int, error) {
	req := bleve.NewSearchRequestOptions(bq, depth, 0, false)
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, int(res.Total), nil
}

// twoPasses ranks the records of a query in two passes, at least depth
// of them when there are so many: with the plan p when it is simple
// (rankPlan), else with Bleve's query build(false) for pass one and
// build(true), the same with the boosted phrase of words, for pass two
// in blocks of block (rescoreBlocks). It returns pass two's matches and
// how many records match in all.
func (ix *Index) twoPasses(ctx context.Context, p leaderPlan, simple bool, depth, block int, words []string, build func(phrase bool) *query.BooleanQuery) ([]*search.DocumentMatch, int, error) {
	if simple && !ix.bleveOnly {
		hits, total, err := ix.rankPlan(ctx, p, depth, block, words)
		if !errors.Is(err, errNotSimple) {
			return hits, total, err
		}
	}
	ids, total, err := ix.leaders(ctx, build(false), depth)
	if err != nil {
		return nil, 0, err
	}
	hits, err := ix.rescoreBlocks(ctx, func() *query.BooleanQuery { return build(true) }, ids, block)
	return hits, total, err
}

// rescore runs pass two: bq again over the records ids only, with term
// locations, best first and equal scores in id order, so that paging on
// another replica or after a restart neither repeats nor skips a hit.
func (ix *Index) rescore(ctx context.Context, bq *query.BooleanQuery, ids []string) ([]*search.DocumentMatch, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	bq.AddMust(onlyRecords(ids))
	// The optional clauses (the phrase boost) only for the leaders too:
	// Bleve runs a boolean query's optional part over the whole index,
	// and a phrase of common words holds in many thousand records.
	if should, ok := bq.Should.(*query.DisjunctionQuery); ok {
		for i, d := range should.Disjuncts {
			should.Disjuncts[i] = bleve.NewConjunctionQuery(d, onlyRecords(ids))
		}
	}
	req := bleve.NewSearchRequestOptions(bq, len(ids), 0, false)
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// rankFull ranks the paragraphs holding every word and phrase of q, at
// least depth of them when there are so many.
func (ix *Index) rankFull(ctx context.Context, q Query, depth int) (*paraRanking, error) {
	p, simple := planOf(q, fieldText)
	hits, total, err := ix.twoPasses(ctx, p, simple, blockDepth(depth), leaderDepth, q.Words, func(phrase bool) *query.BooleanQuery { return paragraphQuery(q, phrase) })
	if err != nil {
		return nil, err
	}
	r := &paraRanking{total: total, complete: len(hits) >= total, hits: make([]rankedPara, 0, len(hits))}
	for _, h := range hits {
		docID, n, ok := parseParaID(h.ID)
		if !ok {
			return nil, fmt.Errorf("search: unexpected record %s", h.ID)
		}
		r.hits = append(r.hits, rankedPara{docID: docID, n: n, at: positions(h.Locations[fieldText]), score: h.Score})
	}
	return r, nil
}

// blockDepth rounds depth up to whole blocks of leaders (see
// rescoreBlocks), so that every ranking of a query cuts its blocks alike.
func blockDepth(depth int) int {
	return max(1, (depth+leaderDepth-1)/leaderDepth) * leaderDepth
}

// rescoreBlocks rescores the leaders ids (pass two, see rescore) in
// blocks of size (leaderDepth for a ranking that pages), each block in
// itself, with a fresh query from
// build for each: pass one breaks equal scores by the order it met the
// records, so a deeper pass one starts with the same leaders, and the
// first pages of a deeper ranking are those of a shallower one.
func (ix *Index) rescoreBlocks(ctx context.Context, build func() *query.BooleanQuery, ids []string, size int) ([]*search.DocumentMatch, error) {
	out := make([]*search.DocumentMatch, 0, len(ids))
	for block := range slices.Chunk(ids, size) {
		hits, err := ix.rescore(ctx, build(), block)
		if err != nil {
			return nil, err
		}
		out = append(out, hits...)
	}
	return out, nil
}

// candidates finds the records of cq (a query without words or
// alternatives: its filters and phrases) that hold any of the terms ts in
// field, as base asks it of Bleve: the best partialCandidates by score
// alone, then rescored with the phrase of words and their term locations.
// base must build a fresh query each time.
func (ix *Index) candidates(ctx context.Context, cq Query, base func() *query.BooleanQuery, field string, ts []term, words []string) ([]*search.DocumentMatch, error) {
	p, simple := candidatePlan(cq, field, ts)
	// All the candidates are rescored as one block.
	hits, _, err := ix.twoPasses(ctx, p, simple, partialCandidates, partialCandidates, words, func(phrase bool) *query.BooleanQuery {
		bq := base()
		bq.AddMust(disjunction(ts, field))
		if phrase {
			addPhraseBoost(bq, field, words)
		}
		return bq
	})
	return hits, err
}

// candidatePlan is the plan of candidates: cq's phrases and filters, and
// any of the terms ts in field, without a total. simple is false when
// runPlan cannot read it itself.
func candidatePlan(cq Query, field string, ts []term) (p leaderPlan, simple bool) {
	p, simple = planOf(cq, field)
	if simple {
		p, simple = p.anyTerm(ts)
	}
	p.noTotal = true
	return p, simple
}

// paragraphPage loads the documents of one page of a ranking.
func (ix *Index) paragraphPage(r *paraRanking, offset, limit int) (ParagraphResult, error) {
	out := ParagraphResult{Total: r.total, Unknown: r.unknown}
	if offset >= len(r.hits) {
		return out, nil
	}
	page := r.hits[offset:min(len(r.hits), offset+limit)]
	paraDoc := func(h rankedPara) string { return h.docID }
	// The next page's documents load in the background meanwhile.
	ix.Prefetch(pageDocs(r.hits, offset+limit, offset+2*limit, paraDoc))
	docs, err := ix.loadDocuments(pageDocs(r.hits, offset, offset+limit, paraDoc))
	if err != nil {
		return ParagraphResult{}, fmt.Errorf("search: %w", err)
	}
	out.Hits = make([]ParagraphHit, 0, len(page))
	for i, h := range page {
		d := docs[i]
		p, ok := paragraph(d, h.n)
		section := SectionBody
		if h.n == SummaryParagraph {
			p, ok, section = corpus.Paragraph{N: SummaryParagraph, Text: d.Summary}, d.Summary != "", SectionSummary
		}
		if !ok {
			return ParagraphResult{}, fmt.Errorf("search: document %s has no paragraph %d", h.docID, h.n)
		}
		out.Hits = append(out.Hits, ParagraphHit{
			Doc:       d,
			Paragraph: p,
			Section:   section,
			Matched:   h.matched,
			Of:        h.of,
			Share:     h.share,
			Matches:   r.matches(offset+i, p.Text),
			Score:     h.score,
		})
	}
	return out, nil
}

// pageDocs are the documents of hits[from:to], as far as there are hits.
func pageDocs[H any](hits []H, from, to int, doc func(H) string) []string {
	page := hits[min(from, len(hits)):min(to, len(hits))]
	ids := make([]string, len(page))
	for i, h := range page {
		ids[i] = doc(h)
	}
	return ids
}

// rankedDoc is a document hit before the document is loaded.
type rankedDoc struct {
	docID       string
	score       float64
	matched, of int
}

// docRanking is the ranked documents of a query, all of them.
type docRanking struct {
	total   int
	unknown string
	hits    []rankedDoc
}

// docsFromParagraphs ranks the documents of ranked paragraphs: each
// document by its best paragraph, then its second and third, each worth
// half the one before (best paragraphs first), plus its context's score
// (titles and summary) when it matched there too.
func docsFromParagraphs(paras []rankedPara, context map[string]float64) []rankedDoc {
	type acc struct {
		scores []float64
		first  int
	}
	byDoc := map[string]*acc{}
	var order []string
	for i, p := range paras {
		a := byDoc[p.docID]
		if a == nil {
			a = &acc{first: i}
			byDoc[p.docID] = a
			order = append(order, p.docID)
		}
		a.scores = append(a.scores, p.score)
	}
	for id := range context {
		if byDoc[id] == nil {
			byDoc[id] = &acc{first: len(paras)}
			order = append(order, id)
		}
	}
	out := make([]rankedDoc, 0, len(order))
	for _, id := range order {
		a := byDoc[id]
		slices.SortFunc(a.scores, func(x, y float64) int { return cmp.Compare(y, x) })
		s, w := context[id], 1.0
		for _, v := range a.scores[:min(3, len(a.scores))] {
			s += w * v
			w /= 2
		}
		out = append(out, rankedDoc{docID: id, score: s})
	}
	slices.SortStableFunc(out, func(x, y rankedDoc) int {
		return cmp.Or(cmp.Compare(y.score, x.score), strings.Compare(x.docID, y.docID))
	})
	return out
}

// contextScores are the documents whose titles and summary hold every
// word and phrase of q, with their scores: the part of a document that
// is not one of its paragraphs.
func (ix *Index) contextScores(ctx context.Context, q Query) (map[string]float64, error) {
	bq := matchQuery(q, fieldContext, false)
	bq.AddMust(unscoredTerm(kindDoc, fieldKind))
	req := bleve.NewSearchRequestOptions(bq, MaxOffset+MaxLimit, 0, false)
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		if id, ok := strings.CutPrefix(h.ID, docPrefix); ok {
			out[id] = h.Score
		}
	}
	return out, nil
}

// documentPage loads the documents of one page of a ranking.
func (ix *Index) documentPage(r *docRanking, offset, limit int) (DocumentResult, error) {
	out := DocumentResult{Total: r.total, Unknown: r.unknown}
	docOf := func(h rankedDoc) string { return h.docID }
	ix.Prefetch(pageDocs(r.hits, offset+limit, offset+2*limit, docOf))
	page := r.hits[min(offset, len(r.hits)):min(len(r.hits), offset+limit)]
	docs, err := ix.loadDocuments(pageDocs(r.hits, offset, offset+limit, docOf))
	if err != nil {
		return DocumentResult{}, fmt.Errorf("search: %w", err)
	}
	for i, h := range page {
		out.Hits = append(out.Hits, DocumentHit{Doc: docs[i], Score: h.score, Matched: h.matched, Of: h.of})
	}
	return out, nil
}
