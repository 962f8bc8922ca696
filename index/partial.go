package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
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
//     words the archive uses to describe a record still lead to it; but a
//     person (Query.People) its document's title names counts whole: the
//     record is their conversation, letter or speech;
//   - passages are ranked by the weight of the terms they hold, then by
//     whether their own text names the question's first person, then by
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
	// person is set for a group of Alternatives that Query.People marks.
	person bool
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
		name := slices.Contains(q.Names, w)
		toks := ix.analyze(w)
		for _, tok := range toks {
			if seen[tok] {
				continue
			}
			seen[tok] = true
			t := term{forms: [][]string{{tok}}, word: w, name: name}
			if name && len(toks) == 1 {
				for _, f := range countryForms(w) {
					if ft := ix.analyze(f); len(ft) == 1 && !seen[ft[0]] {
						seen[ft[0]] = true
						t.forms = append(t.forms, ft)
					}
				}
			}
			out = append(out, t)
		}
	}
	for _, alts := range q.phraseGroups() {
		var t term
		t.person = slices.ContainsFunc(alts, func(a string) bool { return slices.Contains(q.People, a) })
		if len(alts) > 0 && !t.person && slices.Contains(q.Names, alts[0]) {
			// A name the thesaurus widens ("Khartoum": Sudan, Sudanese)
			// is unknown only when no record holds any of its words.
			t.word, t.name = alts[0], true
		}
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
// A term is unknown when no paragraph holds it and, for a name, no title
// or summary either.
func (ix *Index) weigh(ctx context.Context, ts []term) error {
	return ix.withReader(ctx, func(rd bleveindex.IndexReader) error {
		n, err := rd.DocCount()
		if err != nil {
			return err
		}
		// Only paragraph records hold the text field: a document's
		// record, and an event's, does not count.
		if n, err = withoutEvents(ctx, rd, n); err != nil {
			return err
		}
		if docs := uint64(ix.manifest.Documents); n > docs {
			n -= docs
		}
		idf := func(tok string) (float64, error) {
			c, err := termCount(ctx, rd, fieldText, tok)
			df := float64(c)
			return math.Log(1 + (float64(n)-df+0.5)/(df+0.5)), err
		}
		absent := math.Log(1 + (float64(n)+0.5)/0.5) // the idf of a token no record holds
		for i := range ts {
			// A form is as rare as its commonest token; a term as rare
			// as its commonest form, so that one odd spelling does not
			// inflate it.
			w := math.Inf(1)
			ts[i].unknown = true
			for _, f := range ts[i].forms {
				fw := 0.0
				for j, tok := range f {
					v, err := idf(tok)
					if err != nil {
						return err
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
			if ts[i].unknown && ts[i].name {
				// A name only a title or a summary holds is still one
				// the archive mentions ("Telegram from Cecil Lyon to
				// John Foster Dulles").
				held, err := inContextField(ctx, rd, ts[i])
				if err != nil {
					return err
				}
				ts[i].unknown = !held
			}
		}
		return nil
	})
}

// Mentions reports whether any record holds word: a paragraph, or a
// document's title or summary, as a question's name is looked for
// (Query.Names). It reads the terms' counts, not a ranking. A word of
// stop words only, which no search looks up, counts as mentioned.
func (ix *Index) Mentions(ctx context.Context, word string) (bool, error) {
	toks := ix.analyze(word)
	if len(toks) == 0 {
		return true, nil
	}
	ts := []term{{forms: [][]string{toks[:1]}, word: word, name: true}}
	for _, tok := range toks[1:] {
		ts[0].forms = append(ts[0].forms, []string{tok})
	}
	if err := ix.weigh(ctx, ts); err != nil {
		return false, fmt.Errorf("look up %q: %w", word, err)
	}
	return !ts[0].unknown, nil
}

// inContextField reports whether any document's titles or summary hold a
// token of t.
func inContextField(ctx context.Context, rd bleveindex.IndexReader, t term) (bool, error) {
	for _, f := range t.forms {
		for _, tok := range f {
			if n, err := termCount(ctx, rd, fieldContext, tok); n > 0 || err != nil {
				return n > 0, err
			}
		}
	}
	return false, nil
}

// termCount is how many records hold term in field.
func termCount(ctx context.Context, rd bleveindex.IndexReader, field, term string) (uint64, error) {
	tfr, err := rd.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	n := tfr.Count()
	_ = tfr.Close()
	return n, nil
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
	w := strings.ToLower(strings.Trim(word, wordEdge))
	for _, suffix := range []string{"ean", "ian", "can", "ese", "ish"} {
		if len(w) >= len(suffix)+2 && strings.HasSuffix(w, suffix) {
			return true
		}
	}
	return false
}

// countryForms are the other words English makes of a country's or a
// people's name by its regular endings, which a name of the question finds
// too: "Israel" and "Israeli", "Korea" and "Korean(s)", "Iran" and
// "Iranian", "Japan" and "Japanese", "Hungary" and "Hungarian". They
// are words a record may hold, not words it must: a form no record holds
// costs the search nothing, and a name is unknown only when no record
// holds any of its forms. Stems of fewer than four letters are left alone
// ("Ali" is no "Al").
func countryForms(word string) []string {
	w := strings.ToLower(strings.Trim(word, wordEdge))
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	var out []string
	add := func(stem, ending string) {
		if len(stem) >= 4 {
			out = append(out, stem+ending)
		}
	}
	switch {
	case strings.HasSuffix(w, "ians"), strings.HasSuffix(w, "ans"):
		w = strings.TrimSuffix(w, "s") // "Cubans", "Iranians"
	}
	switch {
	case strings.HasSuffix(w, "ian"):
		stem := strings.TrimSuffix(w, "ian")
		add(stem, "")  // Iranian, Egyptian
		add(stem, "y") // Hungarian, Italian
		add(stem, "ia")
	case strings.HasSuffix(w, "an"):
		add(strings.TrimSuffix(w, "n"), "") // Cuban, Korean, Ethiopian's stem
	case strings.HasSuffix(w, "ese"):
		add(strings.TrimSuffix(w, "ese"), "") // Japanese, Vietnamese
	case strings.HasSuffix(w, "i"):
		add(strings.TrimSuffix(w, "i"), "") // Israeli, Pakistani, Iraqi
	case strings.HasSuffix(w, "ia"):
		add(w, "n") // Ethiopia, Russia
	case strings.HasSuffix(w, "a"):
		add(w, "n") // Cuba, Korea
	case strings.HasSuffix(w, "y"):
		add(strings.TrimSuffix(w, "y"), "ian") // Hungary, Italy
		add(strings.TrimSuffix(w, "y"), "")    // Germany
	default:
		add(w, "i")   // Israel, Pakistan, Iraq
		add(w, "ian") // Iran, Egypt
		add(w, "ese") // Japan, Sudan
	}
	return out
}

// wordEdge is the punctuation around a question's word.
const wordEdge = ".,:;!?()[]\"'’“”"

// score is how much of the question a record holds: the terms in its
// own text (own) count whole, those only in its context (context, may be
// nil) count contextWeight. ok is false below the floor: no term of its
// own, fewer than two terms (or the only one), or under partialMinShare
// of the weight.
func (qn question) score(own, context []bool) (share float64, matched int, ok bool) {
	return qn.scoreTitled(own, nil, context)
}

// scoreTitled is score where the terms of people the document's title
// names (titled, may be nil) count whole, as the record's own words do;
// the floor still needs a term of the passage's own.
func (qn question) scoreTitled(own, titled, context []bool) (share float64, matched int, ok bool) {
	w, any := 0.0, false
	for i, t := range qn.terms {
		switch {
		case own[i]:
			w += t.weight
			matched++
			any = true
		case titled != nil && titled[i]:
			w += t.weight
			matched++
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

// partialHit is a candidate of a Partial query: a paragraph record that
// holds some of the question's terms.
type partialHit struct {
	id    string // the record's id, which breaks ties
	docID string
	n     int
	held  []bool
	at    []uint32 // the positions of its matched terms
	score float64
}

// partialHits finds the paragraphs holding any of the question's terms:
// the best partialCandidates by score alone, then rescored with the
// phrase of the words and their term locations (see rank.go), which only
// callers that want spans get. It also returns, by document, which terms
// their titles and summary hold (docHolds).
func (ix *Index) partialHits(ctx context.Context, q Query, ts []term, spansWanted bool) ([]partialHit, docHolds, error) {
	cq := q
	cq.Words, cq.AnyPhrases, cq.Alternatives = nil, nil, nil
	hits, err := ix.partialLeaders(ctx, cq, ts, q.Words, spansWanted)
	if err != nil {
		return nil, docHolds{}, err
	}
	var docs []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.docID] {
			seen[h.docID] = true
			docs = append(docs, docRecordID(h.docID))
		}
	}
	inContext, err := ix.contextHeld(ctx, ts, docs, len(docs))
	return hits, docHolds{ids: docs, context: inContext}, err
}

// docHolds is what the titles and summary of documents hold of a
// question's terms: ids are the documents' records; context, by document
// id, the terms their titles or summary hold; people (titledPeople) the
// terms of people (Query.People) their titles name, nil when the question
// names no one or they were not asked for.
type docHolds struct {
	ids             []string
	context, people map[string][]bool
}

// titledPeople fills h.people, when ts has a person's term.
func (ix *Index) titledPeople(ctx context.Context, ts []term, h *docHolds) error {
	if !slices.ContainsFunc(ts, func(t term) bool { return t.person }) {
		return nil
	}
	people, err := ix.documentsHold(ctx, fieldTitle, ts, h.ids, len(h.ids))
	if err != nil {
		return err
	}
	for _, titled := range people {
		for i, t := range ts {
			titled[i] = titled[i] && t.person
		}
	}
	h.people = people
	return nil
}

// partialLeaders finds the candidates of partialHits. Pass two (the
// rescoring of candidates) gives their term locations and adds the
// boosted phrase of the words; where neither is wanted, a question of
// fewer than two words, pass one's leaders, held terms and scores are
// the answer: pass two would multiply every score by the same queryNorm.
func (ix *Index) partialLeaders(ctx context.Context, cq Query, ts []term, words []string, spansWanted bool) ([]partialHit, error) {
	if !spansWanted && !ix.bleveOnly && len(strings.Fields(strings.Join(words, " "))) < 2 {
		if p, simple := candidatePlan(cq, fieldText, ts); simple {
			hits, err := ix.passOneHits(ctx, p, ts)
			if !errors.Is(err, errNotSimple) {
				return hits, err
			}
		}
	}
	res, err := ix.candidates(ctx, cq, func() *query.BooleanQuery { return paragraphQuery(cq, false) }, fieldText, ts, words)
	if err != nil {
		return nil, err
	}
	hits := make([]partialHit, len(res))
	for i, h := range res {
		locs := h.Locations[fieldText]
		if hits[i], err = newPartialHit(h.ID, held(ts, locs), positions(locs), h.Score); err != nil {
			return nil, err
		}
	}
	return hits, nil
}

// passOneHits are pass one's partialCandidates leaders of p, the plan of
// candidates over the paragraphs, with the terms of ts each holds.
func (ix *Index) passOneHits(ctx context.Context, p leaderPlan, ts []term) ([]partialHit, error) {
	phs, _, err := ix.planHits(ctx, p, partialCandidates)
	if err != nil {
		return nil, err
	}
	hits := make([]partialHit, len(phs))
	for i, h := range phs {
		if hits[i], err = newPartialHit(h.id, heldOf(ts, h.held), nil, h.score); err != nil {
			return nil, err
		}
	}
	return hits, nil
}

// newPartialHit is the hit of paragraph record id.
func newPartialHit(id string, held []bool, at []uint32, score float64) (partialHit, error) {
	docID, n, ok := parseParaID(id)
	if !ok {
		return partialHit{}, fmt.Errorf("search: unexpected record %s", id)
	}
	return partialHit{id: id, docID: docID, n: n, held: held, at: at, score: score}, nil
}

// contextHeld reports which terms the titles and summary of documents
// hold, for the document records ids (all documents when ids is nil), at
// most size of them.
func (ix *Index) contextHeld(ctx context.Context, ts []term, ids []string, size int) (map[string][]bool, error) {
	return ix.documentsHold(ctx, fieldContext, ts, ids, size)
}

// documentsHold reports which terms field of documents holds (fieldContext
// or fieldTitle), as contextHeld does.
func (ix *Index) documentsHold(ctx context.Context, field string, ts []term, ids []string, size int) (map[string][]bool, error) {
	out := map[string][]bool{}
	if ids != nil && len(ids) == 0 {
		return out, nil
	}
	if !ix.bleveOnly {
		// Pass one's own reader marks the terms each holds (only
		// documents have the context field): every document's, or the
		// records of ids.
		p, ok := (leaderPlan{field: field, noTotal: true}).anyTerm(ts)
		if ok && ids != nil {
			p.only, ok = ix.docNumbers(ids)
			size = len(p.only)
		}
		if ok {
			hits, _, err := ix.planHits(ctx, p, size)
			if err == nil {
				for _, h := range hits {
					id, _ := strings.CutPrefix(h.id, docPrefix)
					out[id] = heldOf(ts, h.held)
				}
			}
			if !errors.Is(err, errNotSimple) {
				return out, err
			}
		}
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(disjunction(ts, field))
	if ids != nil {
		bq.AddMust(onlyRecords(ids))
	} else {
		bq.AddMust(unscoredTerm(kindDoc, fieldKind))
	}
	req := bleve.NewSearchRequestOptions(bq, size, 0, false)
	req.IncludeLocations = true
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		id, _ := strings.CutPrefix(h.ID, docPrefix)
		out[id] = held(ts, h.Locations[field])
	}
	return out, nil
}

// candidate is a record that holds enough of a question.
type candidate struct {
	h       partialHit
	share   float64
	matched int
}

// paragraphsPartial ranks the paragraphs of a Partial query: those that
// hold most of its words. full is the query's ranking with every word
// required, which stands when the question has no terms to weigh (only
// phrases, which stay required, or only stop words).
func (ix *Index) paragraphsPartial(ctx context.Context, q Query, full *paraRanking) (*paraRanking, error) {
	qn, err := ix.question(ctx, q)
	if err != nil {
		return nil, err
	}
	if qn.unknown != "" {
		return &paraRanking{unknown: qn.unknown, complete: true}, nil
	}
	if len(qn.terms) == 0 {
		return full, nil
	}
	ts := qn.terms
	hits, docs, err := ix.partialHits(ctx, q, ts, true)
	if err != nil {
		return nil, err
	}
	if err := ix.titledPeople(ctx, ts, &docs); err != nil {
		return nil, err
	}
	var cands []candidate
	for _, h := range hits {
		if share, matched, ok := qn.scoreTitled(h.held, docs.people[h.docID], docs.context[h.docID]); ok {
			cands = append(cands, candidate{h: h, share: share, matched: matched})
		}
	}
	// At equal shares the document's own words come before its summary.
	isSummary := func(c candidate) int {
		if c.h.n == SummaryParagraph {
			return 1
		}
		return 0
	}
	// Then those whose own text names the first person the question
	// names: a question names whose words it wants before whom they were
	// said to ("Zhou Enlai tells Pham Van Dong ...": "Zhou: No reports").
	first := slices.IndexFunc(ts, func(t term) bool { return t.person })
	lacksFirst := func(c candidate) int {
		if first >= 0 && !c.h.held[first] {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(isSummary(a), isSummary(b)),
			cmp.Compare(lacksFirst(a), lacksFirst(b)), cmp.Compare(b.h.score, a.h.score), strings.Compare(a.h.id, b.h.id))
	})
	r := &paraRanking{total: len(cands), complete: true, hits: make([]rankedPara, len(cands))}
	for i, c := range cands {
		r.hits[i] = rankedPara{docID: c.h.docID, n: c.h.n, at: c.h.at, score: c.h.score,
			matched: c.matched, of: len(ts), share: c.share}
	}
	return r, nil
}

// documentsPartial ranks the documents of a Partial query: those whose
// searched part (the titles with ScopeTitle, else all their text) holds
// most of the question, by the same weights and the same floor as
// paragraphsPartial; with ScopeTitle a term found only in the summary
// counts half. A document's text is seen through its best paragraphs
// (partialHits) and its titles and summary.
func (ix *Index) documentsPartial(ctx context.Context, q Query) (*docRanking, error) {
	qn, err := ix.question(ctx, q)
	if err != nil {
		return nil, err
	}
	if qn.unknown != "" {
		return &docRanking{unknown: qn.unknown}, nil
	}
	if len(qn.terms) == 0 {
		q.Partial = false
		return ix.rankDocuments(ctx, q)
	}
	if q.Scope == ScopeTitle {
		return ix.titlesPartial(ctx, q, qn)
	}
	ts := qn.terms
	q.Summaries = true
	hits, docs, err := ix.partialHits(ctx, q, ts, false)
	if err != nil {
		return nil, err
	}
	// Documents that hold the terms in their titles only.
	titled, err := ix.contextHeld(ctx, ts, nil, partialCandidates)
	if err != nil {
		return nil, err
	}
	type docAcc struct {
		own  []bool
		best float64
	}
	byDoc := map[string]*docAcc{}
	acc := func(id string) *docAcc {
		a := byDoc[id]
		if a == nil {
			a = &docAcc{own: make([]bool, len(ts))}
			byDoc[id] = a
		}
		return a
	}
	or := func(a *docAcc, hs []bool) {
		for i, h := range hs {
			a.own[i] = a.own[i] || h
		}
	}
	for _, h := range hits {
		a := acc(h.docID)
		or(a, h.held)
		a.best = max(a.best, h.score)
	}
	for _, m := range []map[string][]bool{docs.context, titled} {
		for id, hs := range m {
			or(acc(id), hs)
		}
	}
	type docCand struct {
		id      string
		best    float64
		share   float64
		matched int
	}
	var cands []docCand
	for id, a := range byDoc {
		if share, matched, ok := qn.score(a.own, nil); ok {
			cands = append(cands, docCand{id: id, best: a.best, share: share, matched: matched})
		}
	}
	slices.SortFunc(cands, func(a, b docCand) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(b.best, a.best), strings.Compare(a.id, b.id))
	})
	r := &docRanking{total: len(cands)}
	for _, c := range cands[:min(len(cands), docDepth)] {
		r.hits = append(r.hits, rankedDoc{docID: c.id, score: c.share, matched: c.matched, of: len(ts)})
	}
	return r, nil
}

// titlesPartial ranks the documents whose titles hold most of the
// question; a term found only in the summary counts half.
func (ix *Index) titlesPartial(ctx context.Context, q Query, qn question) (*docRanking, error) {
	ts := qn.terms
	cq := q
	cq.Words, cq.AnyPhrases, cq.Alternatives = nil, nil, nil
	cq.Offset, cq.Limit = 0, MaxLimit
	titles := func() *query.BooleanQuery {
		bq := docRequest(cq, fieldContext).Query.(*query.BooleanQuery)
		bq.AddMust(disjunction(ts, fieldContext))
		// The titles' own locations, to tell a title from a summary.
		bq.AddShould(disjunction(ts, fieldTitle))
		return bq
	}
	// Two passes, as for passages (rank.go): titles that share common
	// words ("From the Journal of …") match most documents, and only the
	// leaders need their term locations.
	// Only document records have the context field, so the plan needs
	// no kind filter.
	p, simple := planOf(cq, fieldContext)
	if simple {
		p, simple = p.anyTerm(ts)
	}
	if simple {
		p, simple = p.orTerm(ts, fieldTitle)
	}
	p.noTotal = true
	var cands []candidate
	// add ranks a title: a term in the titles counts whole, one only in
	// the summary half.
	add := func(recordID string, score float64, own, context []bool) error {
		if share, matched, ok := qn.score(own, context); ok {
			id, ok := strings.CutPrefix(recordID, docPrefix)
			if !ok {
				return fmt.Errorf("search: unexpected record %s", recordID)
			}
			cands = append(cands, candidate{h: partialHit{id: recordID, docID: id, score: score}, share: share, matched: matched})
		}
		return nil
	}
	if simple && !ix.bleveOnly {
		// Pass one's own reader knows which terms each title holds, and
		// pass two would ask the same query again: it is not needed.
		hits, _, err := ix.planHits(ctx, p, partialCandidates)
		if err == nil {
			for _, h := range hits {
				if err := add(h.id, h.score, heldOf(ts, h.optHeld), heldOf(ts, h.held)); err != nil {
					return nil, err
				}
			}
		}
		if !errors.Is(err, errNotSimple) {
			if err != nil {
				return nil, err
			}
			return rankCandidates(cands, len(ts)), nil
		}
	}
	ids, _, err := ix.leaders(ctx, titles(), partialCandidates)
	if err != nil {
		return nil, err
	}
	hits, err := ix.rescore(ctx, titles(), ids)
	if err != nil {
		return nil, err
	}
	for _, h := range hits {
		if err := add(h.ID, h.Score, held(ts, h.Locations[fieldTitle]), held(ts, h.Locations[fieldContext])); err != nil {
			return nil, err
		}
	}
	return rankCandidates(cands, len(ts)), nil
}

// heldOf reports which terms of ts a record holds, from the marks of
// pass one's own reader (see leaderPlan.anyTerm: bit i for the i-th form
// of all the terms, in order), as held reads them from Bleve's term
// locations: Bleve gives the locations of the forms that match, so a
// term is held when every word of one of its forms is a word of a form
// that matches.
func heldOf(ts []term, marks uint64) []bool {
	matched := map[string]bool{}
	bit := 0
	for _, t := range ts {
		for _, f := range t.forms {
			if marks&(1<<bit) != 0 {
				for _, tok := range f {
					matched[tok] = true
				}
			}
			bit++
		}
	}
	out := make([]bool, len(ts))
	for i, t := range ts {
		for _, f := range t.forms {
			all := true
			for _, tok := range f {
				all = all && matched[tok]
			}
			if all {
				out[i] = true
				break
			}
		}
	}
	return out
}

// rankCandidates ranks titles by the share of the question they hold,
// then score.
func rankCandidates(cands []candidate, terms int) *docRanking {
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(b.h.score, a.h.score), strings.Compare(a.h.id, b.h.id))
	})
	r := &docRanking{total: len(cands)}
	for _, c := range cands[:min(len(cands), docDepth)] {
		r.hits = append(r.hits, rankedDoc{docID: c.h.docID, score: c.share, matched: c.matched, of: terms})
	}
	return r
}
