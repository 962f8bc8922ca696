package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/archivebot/archivebot/corpus"
)

// Dated events: what `when` searches. Each date a document states (a
// corpus.DateMention, in the body or the summary, date lines included) is
// one record, and so is the document's own date:
//
//   - a stated date's text is its evidence sentence, verbatim, then the
//     sentences on either side of it in the same paragraph (up to
//     eventNeighbours each way); a date line whose date is not the
//     document's also holds the first paragraph of the entry it heads,
//     since the entry is what it dates;
//   - the document's date has the titles and the summary as its text: what
//     the archive says the document is.
//
// The text is indexed with positions (phrases, and which part held each
// word); the record stores nothing: its id names the document, the index
// of the date in corpus.Document.Dates (which the stored document holds
// in full) and the paragraph. The document date, language and id are
// indexed as filters, as for paragraphs.
const (
	kindEvent = "event"
	// fieldEventText is an event's text: element 0 the evidence, the
	// rest its context (neighbouring sentences, or an entry's opening).
	fieldEventText = "event_text"
	eventPrefix    = "e/"
	// eventNeighbours is how many sentences on each side of a date's
	// sentence its record holds, so that a question whose words sit in
	// the sentence next to the date still finds it.
	eventNeighbours = 1
	// documentEvent is the N of a document's own date.
	documentEvent = -1
	// eventDocumentSuffix ends the record id of a document's own date.
	eventDocumentSuffix = "/d"
)

// eventRecord is what is indexed for one dated event.
type eventRecord struct {
	Kind  string `json:"kind"`
	DocID string `json:"doc_id"`
	// N is the index of the date in the document's Dates, or
	// documentEvent; it is in the record id only.
	N    int      `json:"-"`
	Text []string `json:"event_text"`
	// Date holds the document date's terms (dateTerms), if it has one.
	Date []string `json:"date,omitempty"`
	Lang string   `json:"lang,omitempty"`
}

// BleveType tells bleve's mapping which document mapping to use.
func (eventRecord) BleveType() string { return kindEvent }

// eventRecordID is the id of the record of date n of document docID,
// stated in paragraph para: "e/<doc>/<n>/<para>", or "e/<doc>/d" for the
// document's own date.
func eventRecordID(docID string, n, para int) string {
	if n == documentEvent {
		return eventPrefix + docID + eventDocumentSuffix
	}
	return eventPrefix + docID + "/" + strconv.Itoa(n) + "/" + strconv.Itoa(para)
}

// parseEventID splits an event record's id into its document id, the
// index of its date (documentEvent for the document's own) and its
// paragraph. Document ids may hold slashes; the numbers come last.
func parseEventID(id string) (docID string, n, para int, ok bool) {
	rest, ok := strings.CutPrefix(id, eventPrefix)
	if !ok {
		return "", 0, 0, false
	}
	if doc, ok := strings.CutSuffix(rest, eventDocumentSuffix); ok && doc != "" {
		return doc, documentEvent, 0, true
	}
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 {
		return "", 0, 0, false
	}
	j := strings.LastIndexByte(rest[:i], '/')
	if j <= 0 {
		return "", 0, 0, false
	}
	n, err1 := strconv.Atoi(rest[j+1 : i])
	para, err2 := strconv.Atoi(rest[i+1:])
	if err1 != nil || err2 != nil || n < 0 || para < SummaryParagraph {
		return "", 0, 0, false
	}
	return rest[:j], n, para, true
}

// eventMapping is the document mapping of event records.
func eventMapping() *mapping.DocumentMapping {
	ev := mapping.NewDocumentStaticMapping()
	ev.AddFieldMappingsAt(fieldKind, keywordField(false))
	// The document id, the date and the paragraph are read from the
	// record id (eventRecordID); the id is indexed for the document filter.
	ev.AddFieldMappingsAt(fieldDocID, keywordField(false))
	ev.AddFieldMappingsAt(fieldEventText, textField(positionsAnalyzer))
	ev.AddFieldMappingsAt(fieldDate, keywordField(false))
	ev.AddFieldMappingsAt(fieldLang, keywordField(false))
	return ev
}

// eventRecords are the dated-event records of a document: one per stated
// date, in the order of d.Dates, then one for the document's own date
// when it has one.
func eventRecords(d corpus.Document, date []string, lang string) []eventRecord {
	out := make([]eventRecord, 0, len(d.Dates)+1)
	for i, m := range d.Dates {
		text, ok := passageText(d, m.Paragraph)
		if !ok || m.End > len(text) || m.Start < 0 || m.Start >= m.End || text[m.Start:m.End] != m.Text {
			continue // a mention that does not fit its text is not evidence
		}
		parts := eventText(text, m)
		if m.Dateline && m.Paragraph > 0 && m.Date.String() != d.Date.String() {
			if first, ok := paragraph(d, m.Paragraph+1); ok {
				parts = append(parts, first.Text) // the entry's first paragraph
			}
		}
		out = append(out, eventRecord{Kind: kindEvent, DocID: d.ID, N: i, Text: parts, Date: date, Lang: lang})
	}
	if !d.Date.IsZero() {
		parts := []string{d.Title}
		if ct := strings.TrimSpace(d.Citation.Title); ct != "" && ct != strings.TrimSpace(d.Title) {
			parts = append(parts, ct)
		}
		if strings.TrimSpace(d.Summary) != "" {
			parts = append(parts, d.Summary)
		}
		out = append(out, eventRecord{Kind: kindEvent, DocID: d.ID, N: documentEvent, Text: parts, Date: date, Lang: lang})
	}
	return out
}

// passageText is the text of paragraph n of d; 0 is the summary.
func passageText(d corpus.Document, n int) (string, bool) {
	if n == SummaryParagraph {
		return d.Summary, d.Summary != ""
	}
	p, ok := paragraph(d, n)
	return p.Text, ok
}

// eventText is the evidence sentence of m in text, then its neighbours.
func eventText(text string, m corpus.DateMention) []string {
	ss := corpus.Sentences(text)
	at := slices.IndexFunc(ss, func(s Span) bool { return m.Start >= s.Start && m.Start < s.End })
	if at < 0 {
		return []string{text[m.Start:m.End]}
	}
	out := []string{text[ss[at].Start:ss[at].End]}
	for i := max(0, at-eventNeighbours); i <= min(len(ss)-1, at+eventNeighbours); i++ {
		if i != at {
			out = append(out, text[ss[i].Start:ss[i].End])
		}
	}
	return out
}

// EventHit is a dated event that matched a query: a date a document
// states, or the document's own date.
type EventHit struct {
	// Doc is the whole document the event belongs to; past the first
	// Query.Documents documents of the page, only its ID.
	Doc corpus.Document
	// OfDocument is set for the document's own date (Doc.Date), found by
	// its titles and summary; Mention is then zero.
	OfDocument bool
	// Mention is the stated date, with its paragraph (0: the summary),
	// its offsets and how it was read.
	Mention corpus.DateMention
	// InEvidence is set when a word of the query is in the date's own
	// sentence (for a date line: the line itself), not only beside it.
	InEvidence bool
	// Matched, Of and Share are as in ParagraphHit: how much of the
	// question the event's text holds (a Partial query only).
	Matched, Of int
	Share       float64
	Score       float64
}

// EventResult is one page of event hits.
type EventResult struct {
	// Total counts all matching events, not just this page.
	Total int
	Hits  []EventHit
	// Unknown is as in ParagraphResult.
	Unknown string
}

// eventQuery is matchQuery over the event records, which alone have the
// event text field, so no kind filter is needed.
func eventQuery(q Query, phrase bool) *query.BooleanQuery {
	return matchQuery(q, fieldEventText, phrase)
}

// Events searches the dated events, best match first, with the semantics
// of Paragraphs: every word required, or with Partial the events whose
// text holds most of the question when too few hold all of it; a term
// found only in the document's titles or summary counts half. It ranks in
// the same two passes (see rank.go): the leaders by their words alone,
// then the leaders again with the phrase of the words and their term
// locations. Phrases must match within one part of an event's text.
// Query.Summaries does not apply; Scope must be ScopeAll. The ranking is
// kept in the index's result cache, so the same question again only loads
// its documents. It fails with ErrBadQuery for an invalid query and
// ErrTimeout when ctx's deadline (or DefaultSearchTimeout) passes first.
func (ix *Index) Events(ctx context.Context, q Query) (EventResult, error) {
	q, err := q.normalize()
	if err != nil {
		return EventResult{}, err
	}
	if q.Scope != ScopeAll {
		return EventResult{}, fmt.Errorf("%w: scope %s applies to documents, not events", ErrBadQuery, q.Scope)
	}
	if err := stillWanted(ctx); err != nil {
		return EventResult{}, err
	}
	key, end := cacheKey(q), q.Offset+q.Limit
	r, ok := ix.results.events.Get(key)
	if !ok || !r.covers(end) {
		if r, err = ix.rankEvents(ctx, q, end); err != nil {
			return EventResult{}, err
		}
		ix.results.events.Add(key, r)
	}
	return ix.eventPage(r, q.Offset, q.Limit, q.Documents)
}

// rankedEvent is an event hit before its document is loaded: what the
// result cache keeps.
type rankedEvent struct {
	id          string
	share       float64
	matched, of int
	score       float64
	inEvidence  bool
}

// eventRanking is the ranked events of a query.
type eventRanking struct {
	total   int
	unknown string
	hits    []rankedEvent
	// complete says that hits holds every match.
	complete bool
}

// covers reports whether the ranking can serve the page ending at end.
func (r *eventRanking) covers(end int) bool { return r.complete || len(r.hits) >= end }

// rankEvents ranks the events of q, at least end of them when there are
// so many.
func (ix *Index) rankEvents(ctx context.Context, q Query, end int) (*eventRanking, error) {
	p, simple := planOf(q, fieldEventText)
	res, total, err := ix.twoPasses(ctx, p, simple, blockDepth(end), leaderDepth, q.Words, func(phrase bool) *query.BooleanQuery { return eventQuery(q, phrase) })
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res))
	for i, h := range res {
		ids[i] = h.ID
	}
	if q.Partial && total < min(q.Limit, fullEnough) {
		return ix.eventsPartial(ctx, q, ids, total)
	}
	// Every event holds every word: with Partial, all of the question.
	of, share := 0, 0.0
	if q.Partial {
		of, share = len(ix.terms(q)), 1
	}
	r := &eventRanking{total: total, complete: len(ids) >= total}
	for _, h := range res {
		r.hits = append(r.hits, rankedEvent{id: h.ID, share: share, matched: of, of: of, score: h.Score,
			inEvidence: inEvidence(nil, h.Locations[fieldEventText])})
	}
	return r, nil
}

// eventsPartial ranks the events of a Partial query that too few events
// answer in full; fullIDs and fullTotal are the all-words leaders, which
// stand when the question has no terms to weigh.
func (ix *Index) eventsPartial(ctx context.Context, q Query, fullIDs []string, fullTotal int) (*eventRanking, error) {
	qn, err := ix.question(ctx, q)
	if err != nil {
		return nil, err
	}
	if qn.unknown != "" {
		return &eventRanking{unknown: qn.unknown, complete: true}, nil
	}
	ts := qn.terms
	if len(ts) == 0 {
		res, err := ix.rescoreBlocks(ctx, func() *query.BooleanQuery { return eventQuery(q, true) }, fullIDs, leaderDepth)
		if err != nil {
			return nil, err
		}
		r := &eventRanking{total: fullTotal, complete: len(fullIDs) >= fullTotal}
		for _, h := range res {
			r.hits = append(r.hits, rankedEvent{id: h.ID, score: h.Score, inEvidence: inEvidence(nil, h.Locations[fieldEventText])})
		}
		return r, nil
	}

	// The candidates: events holding any term, the best by score alone,
	// then rescored with the phrase of the words and their locations.
	cq := q
	cq.Words, cq.AnyPhrases, cq.Alternatives = nil, nil, nil
	res, err := ix.candidates(ctx, cq, func() *query.BooleanQuery { return eventQuery(cq, false) }, fieldEventText, ts, q.Words)
	if err != nil {
		return nil, err
	}

	// What the titles and summaries of the candidates' documents hold.
	var docs []string
	seen := map[string]bool{}
	for _, h := range res {
		if docID, n, _, ok := parseEventID(h.ID); ok && n != documentEvent && !seen[docID] {
			seen[docID] = true
			docs = append(docs, docRecordID(docID))
		}
	}
	inContext, err := ix.contextHeld(ctx, ts, docs, len(docs))
	if err != nil {
		return nil, err
	}
	holds := docHolds{ids: docs, context: inContext}
	if err := ix.titledPeople(ctx, ts, &holds); err != nil {
		return nil, err
	}

	var cands []rankedEvent
	for _, h := range res {
		docID, n, _, ok := parseEventID(h.ID)
		if !ok {
			return nil, fmt.Errorf("search: unexpected record %s", h.ID)
		}
		var context, byTitle []bool
		if n != documentEvent {
			context, byTitle = holds.context[docID], holds.people[docID]
		}
		locs := h.Locations[fieldEventText]
		if share, matched, ok := qn.scoreTitled(held(ts, locs), byTitle, context); ok {
			cands = append(cands, rankedEvent{id: h.ID, share: share, matched: matched, of: len(ts), score: h.Score,
				inEvidence: inEvidence(ts, locs)})
		}
	}
	// At equal shares the body's dates come before the summary's, and
	// both before the document's own date.
	rank := func(e rankedEvent) int {
		_, n, para, _ := parseEventID(e.id)
		switch {
		case n == documentEvent:
			return 2
		case para == SummaryParagraph:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(cands, func(a, b rankedEvent) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(rank(a), rank(b)),
			cmp.Compare(b.score, a.score), strings.Compare(a.id, b.id))
	})
	return &eventRanking{total: len(cands), hits: cands, complete: true}, nil
}

// eventPage loads the documents and dates of one page of a ranking: of
// its first maxDocs documents (all when 0).
func (ix *Index) eventPage(r *eventRanking, offset, limit, maxDocs int) (EventResult, error) {
	out := EventResult{Total: r.total, Unknown: r.unknown}
	page := r.hits[min(offset, len(r.hits)):min(len(r.hits), offset+limit)]
	ids := make([]string, len(page))
	var load []string // the documents to load, once each (a page is short)
	for i, e := range page {
		docID, _, _, ok := parseEventID(e.id)
		if !ok {
			return EventResult{}, fmt.Errorf("search: unexpected record %s", e.id)
		}
		ids[i] = docID
		if (maxDocs <= 0 || len(load) < maxDocs) && !slices.Contains(load, docID) {
			load = append(load, docID)
		}
	}
	docs, err := ix.loadDocuments(load)
	if err != nil {
		return EventResult{}, fmt.Errorf("search: %w", err)
	}
	byID := make(map[string]corpus.Document, len(docs))
	for i, id := range load {
		byID[id] = docs[i]
	}
	out.Hits = make([]EventHit, 0, len(page))
	for i, e := range page {
		_, n, _, _ := parseEventID(e.id)
		hit := EventHit{OfDocument: n == documentEvent, InEvidence: e.inEvidence,
			Matched: e.matched, Of: e.of, Share: e.share, Score: e.score}
		d, ok := byID[ids[i]]
		switch {
		case !ok:
			// Past the documents asked for: the id alone, and no mention.
			d = corpus.Document{ID: ids[i]}
		case !hit.OfDocument:
			if n >= len(d.Dates) {
				return EventResult{}, fmt.Errorf("search: document %s has no date %d", ids[i], n)
			}
			hit.Mention = d.Dates[n]
		}
		hit.Doc = d
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// inEvidence reports whether the first element of an event's text (its
// evidence) holds one of the terms ts, or with no terms any matched word.
func inEvidence(ts []term, locs search.TermLocationMap) bool {
	first := search.TermLocationMap{}
	for tok, ls := range locs {
		for _, l := range ls {
			if len(l.ArrayPositions) == 0 || l.ArrayPositions[0] == 0 {
				first[tok] = append(first[tok], l)
			}
		}
	}
	if ts == nil {
		return len(first) > 0
	}
	return slices.Contains(held(ts, first), true)
}

// paragraph is the paragraph of d the event is stated in (0 for the
// summary and for the document's own date).
func (e eventRecord) paragraph(d corpus.Document) int {
	if e.N < 0 || e.N >= len(d.Dates) {
		return 0
	}
	return d.Dates[e.N].Paragraph
}

// withoutEvents is n, a count of records, less the event records, so that
// a question's weights (see weigh) are what the paragraphs make them,
// whether or not the index holds events.
func withoutEvents(ctx context.Context, rd bleveindex.IndexReader, n uint64) (uint64, error) {
	events, err := termCount(ctx, rd, fieldKind, kindEvent)
	if err != nil {
		return 0, err
	}
	return n - min(n, events), nil
}
