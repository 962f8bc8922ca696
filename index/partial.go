package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A query in the asker's own words often holds a word the text does not
// use ("nuclear" for "atomic"). With Query.Partial, Paragraphs finds the
// passages that hold most of the question instead of all of it:
//
//   - each plain word (after analysis: stop words dropped, stems) and each
//     group of Alternatives is one term of the question, weighted by how
//     rare it is in the archive (BM25's idf), so "tungsten" counts for
//     more than "said";
//   - a passage holds a term when the term is in its text; a term found
//     only in its document's title or summary counts half, so that the
//     words the archive uses to describe a record still lead to it;
//   - passages are ranked by the weight of the terms they hold, then by
//     Bleve's score; a passage with every term ranks first;
//   - a passage is an answer only when it holds at least two of the terms
//     (or the only one) and at least partialMinShare of their weight.
//     Below that the question is "nothing found", not a weak answer.
const (
	// partialCandidates is how many of Bleve's best matches are rescored.
	partialCandidates = 300
	// contextWeight is what a term found only in the title or summary counts for.
	contextWeight = 0.5
	// partialMinShare is the least share of the question's weight an
	// answer holds. On the real-pages evaluation the questions the archive
	// cannot answer stay unanswered down to 0.3; 0.4 keeps a margin.
	partialMinShare = 0.4
)

// term is one term of a question: one or more ways of writing it, each a
// list of analysed tokens that must all be present.
type term struct {
	forms  [][]string
	weight float64
	// word is the question's word the term comes from, and name whether
	// the asker wrote it as a name (Query.Names); unknown is set by weigh
	// when no record holds any form of it.
	word    string
	name    bool
	unknown bool
}

// analyze runs the text fields' analyzer over s.
func (ix *Index) analyze(s string) []string {
	a := ix.bi.Mapping().AnalyzerNamed(textAnalyzer)
	if a == nil {
		return strings.Fields(strings.ToLower(s))
	}
	var out []string
	for _, tok := range a.Analyze([]byte(s)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// terms analyses the words and alternatives of q into the question's terms.
func (ix *Index) terms(q Query) []term {
	var out []term
	seen := map[string]bool{}
	for _, w := range q.Words {
		for _, tok := range ix.analyze(w) {
			if !seen[tok] {
				seen[tok] = true
				out = append(out, term{forms: [][]string{{tok}}, word: w, name: slices.Contains(q.Names, w)})
			}
		}
	}
	for _, alts := range q.phraseGroups() {
		var t term
		for _, a := range alts {
			if toks := ix.analyze(a); len(toks) > 0 {
				t.forms = append(t.forms, toks)
			}
		}
		if len(t.forms) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// weigh sets each term's weight from its document frequency among the
// paragraph records: BM25's idf, so a term no paragraph holds weighs most.
func (ix *Index) weigh(ctx context.Context, ts []term) error {
	r, err := ix.bi.Advanced()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	rd, err := r.Reader()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer rd.Close()
	n, err := rd.DocCount()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if n, err = withoutEvents(ctx, rd, n); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	idf := func(tok string) (float64, error) {
		tfr, err := rd.TermFieldReader(ctx, []byte(tok), fieldText, false, false, false)
		if err != nil {
			return 0, err
		}
		df := float64(tfr.Count())
		_ = tfr.Close()
		return math.Log(1 + (float64(n)-df+0.5)/(df+0.5)), nil
	}
	absent := math.Log(1 + (float64(n)+0.5)/0.5) // the idf of a token no record holds
	for i := range ts {
		// A form is as rare as its commonest token; a term as rare as
		// its commonest form, so that one odd spelling does not inflate it.
		w := math.Inf(1)
		ts[i].unknown = true
		for _, f := range ts[i].forms {
			fw := 0.0
			for j, tok := range f {
				v, err := idf(tok)
				if err != nil {
					return fmt.Errorf("search: %w", err)
				}
				if j == 0 || v < fw {
					fw = v
				}
				if v < absent {
					ts[i].unknown = false
				}
			}
			w = min(w, fw)
		}
		ts[i].weight = w
	}
	return nil
}

// disjunction matches any form of any term in field.
func disjunction(ts []term, field string) query.Query {
	var alts []query.Query
	for _, t := range ts {
		for _, f := range t.forms {
			if len(f) == 1 {
				tq := bleve.NewTermQuery(f[0])
				tq.SetField(field)
				alts = append(alts, tq)
				continue
			}
			pq := bleve.NewPhraseQuery(f, field)
			alts = append(alts, pq)
		}
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// held reports which terms a record holds, from its term locations.
func held(ts []term, locs search.TermLocationMap) []bool {
	out := make([]bool, len(ts))
	for i, t := range ts {
		for _, f := range t.forms {
			all := true
			for _, tok := range f {
				if len(locs[tok]) == 0 {
					all = false
					break
				}
			}
			if all {
				out[i] = true
				break
			}
		}
	}
	return out
}

// question is a Partial query's weighed terms.
type question struct {
	terms []term
	total float64 // the sum of the weights
	// unknown is a name of the question that no record holds: the
	// question is about something the archive never mentions.
	unknown string
}

// question analyses and weighs the terms of q; none for a query of
// phrases or stop words only.
//
// A word the asker capitalised (Query.Names) that no record holds makes
// the question one the archive cannot answer ("Nixon", "Cominform"),
// however much of the rest it holds; but a capitalised adjective of
// place or people ("East European") only describes, and is left out.
func (ix *Index) question(ctx context.Context, q Query) (question, error) {
	ts := ix.terms(q)
	if len(ts) == 0 {
		return question{}, nil
	}
	if err := ix.weigh(ctx, ts); err != nil {
		return question{}, err
	}
	qn := question{}
	for _, t := range ts {
		if t.name && t.unknown {
			if !adjectival(t.word) {
				return question{unknown: t.word}, nil
			}
			continue
		}
		qn.terms = append(qn.terms, t)
		qn.total += t.weight
	}
	return qn, nil
}

// adjectival reports whether a capitalised word looks like an adjective of
// place or people: European, Asian, African, Chinese, Polish. Endings
// that surnames share (Reagan, Truman, Rankovic, Gandhi) are not taken.
func adjectival(word string) bool {
	w := strings.ToLower(strings.Trim(word, ".,:;!?()[]\"'’"))
	for _, suffix := range []string{"ean", "ian", "can", "ese", "ish"} {
		if len(w) >= len(suffix)+2 && strings.HasSuffix(w, suffix) {
			return true
		}
	}
	return false
}

// score is how much of the question a record holds: the terms in its
// own text (own) count whole, those only in its context (context, may be
// nil) count contextWeight. ok is false below the floor: no term of its
// own, fewer than two terms (or the only one), or under partialMinShare
// of the weight.
func (qn question) score(own, context []bool) (share float64, matched int, ok bool) {
	w, any := 0.0, false
	for i, t := range qn.terms {
		switch {
		case own[i]:
			w += t.weight
			matched++
			any = true
		case context != nil && context[i]:
			w += contextWeight * t.weight
			matched++
		}
	}
	if qn.total > 0 {
		share = w / qn.total
	}
	return share, matched, any && matched >= min(2, len(qn.terms)) && share >= partialMinShare
}

// candidate is a record that holds enough of a question.
type candidate struct {
	h       *search.DocumentMatch
	share   float64
	matched int
}

// paragraphsPartial answers Paragraphs for a Partial query; full is the
// query's result with every word required, which stands when the question
// has no terms to weigh (only phrases, which stay required, or only stop
// words).
func (ix *Index) paragraphsPartial(ctx context.Context, q Query, full ParagraphResult) (ParagraphResult, error) {
	qn, err := ix.question(ctx, q)
	if err != nil {
		return ParagraphResult{}, err
	}
	if qn.unknown != "" {
		return ParagraphResult{Unknown: qn.unknown}, nil
	}
	if len(qn.terms) == 0 {
		return full, nil
	}
	ts := qn.terms

	// The candidates: passages holding any term, Bleve's best first.
	cq := q
	cq.Words, cq.AnyPhrases, cq.Alternatives = nil, nil, nil
	cq.Offset, cq.Limit = 0, partialCandidates
	req := searchRequest(cq, kindPara, fieldText)
	bq := req.Query.(*query.BooleanQuery)
	bq.AddMust(disjunction(ts, fieldText))
	if words := strings.Join(q.Words, " "); len(strings.Fields(words)) > 1 {
		pq := bleve.NewMatchPhraseQuery(words)
		pq.SetField(fieldText)
		pq.SetBoost(phraseBoost)
		bq.AddShould(pq)
	}
	req.IncludeLocations = true
	req.Fields = []string{fieldDocID, fieldN}
	res, err := ix.search(ctx, req)
	if err != nil {
		return ParagraphResult{}, err
	}

	// What the titles and summaries hold, for the documents of the candidates.
	ctxReq := searchRequest(Query{DocID: q.DocID, From: q.From, To: q.To, Language: q.Language, Limit: MaxLimit}, kindDoc, fieldContext)
	ctxReq.Query.(*query.BooleanQuery).AddMust(disjunction(ts, fieldContext))
	ctxReq.Size = partialCandidates
	ctxReq.IncludeLocations = true
	ctxRes, err := ix.search(ctx, ctxReq)
	if err != nil {
		return ParagraphResult{}, err
	}
	inContext := map[string][]bool{}
	for _, h := range ctxRes.Hits {
		id, _ := strings.CutPrefix(h.ID, docPrefix)
		inContext[id] = held(ts, h.Locations[fieldContext])
	}

	var cands []candidate
	for _, h := range res.Hits {
		docID, _ := h.Fields[fieldDocID].(string)
		if share, matched, ok := qn.score(held(ts, h.Locations[fieldText]), inContext[docID]); ok {
			cands = append(cands, candidate{h: h, share: share, matched: matched})
		}
	}
	// At equal shares the document's own words come before its summary.
	isSummary := func(c candidate) int {
		if n, _ := c.h.Fields[fieldN].(float64); int(n) == SummaryParagraph {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(isSummary(a), isSummary(b)),
			cmp.Compare(b.h.Score, a.h.Score), strings.Compare(a.h.ID, b.h.ID))
	})

	out := ParagraphResult{Total: len(cands)}
	if q.Offset >= len(cands) {
		return out, nil
	}
	page := cands[q.Offset:min(len(cands), q.Offset+q.Limit)]
	hits := make([]*search.DocumentMatch, len(page))
	for i, c := range page {
		hits[i] = c.h
	}
	got, err := ix.paragraphHits(hits)
	if err != nil {
		return ParagraphResult{}, err
	}
	for i := range got {
		got[i].Matched, got[i].Of, got[i].Share = page[i].matched, len(ts), page[i].share
	}
	out.Hits = got
	return out, nil
}

// documentsPartial answers Documents for a Partial query: the documents
// whose searched field (the titles with ScopeTitle, else all their text)
// holds most of the question, by the same weights and the same floor as
// paragraphsPartial; with ScopeTitle a term found only in the summary
// counts half.
func (ix *Index) documentsPartial(ctx context.Context, q Query) (DocumentResult, error) {
	qn, err := ix.question(ctx, q)
	if err != nil {
		return DocumentResult{}, err
	}
	if qn.unknown != "" {
		return DocumentResult{Unknown: qn.unknown}, nil
	}
	if len(qn.terms) == 0 {
		q.Partial = false
		return ix.Documents(ctx, q)
	}
	ts := qn.terms
	field := fieldText
	if q.Scope == ScopeTitle {
		field = fieldContext
	}
	cq := q
	cq.Words, cq.AnyPhrases, cq.Alternatives = nil, nil, nil
	cq.Offset, cq.Limit = 0, MaxLimit
	req := searchRequest(cq, kindDoc, field)
	req.Query.(*query.BooleanQuery).AddMust(disjunction(ts, field))
	req.Size = partialCandidates
	req.IncludeLocations = true
	if q.Scope == ScopeTitle {
		// The titles' own locations, to tell a title from a summary.
		req.Query.(*query.BooleanQuery).AddShould(disjunction(ts, fieldTitle))
	}
	res, err := ix.search(ctx, req)
	if err != nil {
		return DocumentResult{}, err
	}
	var cands []candidate
	for _, h := range res.Hits {
		own, context := held(ts, h.Locations[field]), []bool(nil)
		if q.Scope == ScopeTitle {
			// A term in the titles counts whole, one only in the summary half.
			own, context = held(ts, h.Locations[fieldTitle]), own
		}
		if share, matched, ok := qn.score(own, context); ok {
			cands = append(cands, candidate{h: h, share: share, matched: matched})
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(b.h.Score, a.h.Score), strings.Compare(a.h.ID, b.h.ID))
	})
	out := DocumentResult{Total: len(cands)}
	for _, c := range cands[min(q.Offset, len(cands)):min(len(cands), q.Offset+q.Limit)] {
		id, ok := strings.CutPrefix(c.h.ID, docPrefix)
		if !ok {
			return DocumentResult{}, fmt.Errorf("search: unexpected record %s", c.h.ID)
		}
		d, err := ix.loadDocument(id)
		if err != nil {
			return DocumentResult{}, fmt.Errorf("search: %w", err)
		}
		out.Hits = append(out.Hits, DocumentHit{Doc: d, Score: c.share, Matched: c.matched, Of: len(ts)})
	}
	return out, nil
}
