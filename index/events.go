package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
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
// word); the record stores only the document id and the index of the date
// in corpus.Document.Dates, which the stored document holds in full. The
// document date, language and id are indexed as filters, as for
// paragraphs.
const (
	kindEvent = "event"
	// fieldEventText is an event's text: element 0 the evidence, the
	// rest its context (neighbouring sentences, or an entry's opening).
	fieldEventText = "event_text"
	// fieldEventOf marks the document's own date (eventOfDocument).
	fieldEventOf = "event_of"
	// eventOfDocument is the fieldEventOf of a document's own date.
	eventOfDocument = "document"
	eventPrefix     = "e/"
	// eventNeighbours is how many sentences on each side of a date's
	// sentence its record holds, so that a question whose words sit in
	// the sentence next to the date still finds it.
	eventNeighbours = 1
	// documentEvent is the N of a document's own date.
	documentEvent = -1
)

// eventRecord is what is indexed for one dated event.
type eventRecord struct {
	Kind  string `json:"kind"`
	DocID string `json:"doc_id"`
	// N is the index of the date in the document's Dates, or documentEvent.
	N    int      `json:"n"`
	Text []string `json:"event_text"`
	// Of is eventOfDocument for the document's own date, else empty.
	Of   string     `json:"event_of,omitempty"`
	Date *time.Time `json:"date,omitempty"`
	Lang string     `json:"lang,omitempty"`
}

// BleveType tells bleve's mapping which document mapping to use.
func (eventRecord) BleveType() string { return kindEvent }

// eventRecordID is the id of the record of date n of document docID,
// stated in paragraph para: "e/<doc>/<n>/<para>", or "e/<doc>/d" for the
// document's own date.
func eventRecordID(docID string, n, para int) string {
	if n == documentEvent {
		return eventPrefix + docID + "/d"
	}
	return eventPrefix + docID + "/" + strconv.Itoa(n) + "/" + strconv.Itoa(para)
}

// inSummary reports whether an event record id is of a date the summary states.
func inSummary(id string) bool {
	return !strings.HasSuffix(id, "/d") && strings.HasSuffix(id, "/"+strconv.Itoa(SummaryParagraph))
}

// eventMapping is the document mapping of event records.
func eventMapping() *mapping.DocumentMapping {
	ev := mapping.NewDocumentStaticMapping()
	ev.AddFieldMappingsAt(fieldKind, keywordField(false))
	ev.AddFieldMappingsAt(fieldDocID, keywordField(true))
	ev.AddFieldMappingsAt(fieldN, storedNumberField())
	ev.AddFieldMappingsAt(fieldEventText, textField(true))
	ev.AddFieldMappingsAt(fieldEventOf, keywordField(false))
	ev.AddFieldMappingsAt(fieldDate, dateField(false))
	ev.AddFieldMappingsAt(fieldLang, keywordField(false))
	return ev
}

// eventRecords are the dated-event records of a document: one per stated
// date, in the order of d.Dates, then one for the document's own date
// when it has one.
func eventRecords(d corpus.Document, date *time.Time, lang string) []eventRecord {
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
		out = append(out, eventRecord{Kind: kindEvent, DocID: d.ID, N: documentEvent, Text: parts, Of: eventOfDocument, Date: date, Lang: lang})
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
	// Doc is the whole document the event belongs to.
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

// Events searches the dated events, best match first, with the semantics
// of Paragraphs: every word required, or with Partial the events whose
// text holds most of the question when too few hold all of it; a term
// found only in the document's titles or summary counts half. Phrases
// must match within one part of an event's text. Query.Summaries and
// Scope do not apply. It fails with ErrBadQuery for an invalid query and
// ErrTimeout when ctx's deadline (or DefaultSearchTimeout) passes first.
func (ix *Index) Events(ctx context.Context, q Query) (EventResult, error) {
	q, err := q.normalize()
	if err != nil {
		return EventResult{}, err
	}
	if q.Scope != ScopeAll {
		return EventResult{}, fmt.Errorf("%w: scope %s applies to documents, not events", ErrBadQuery, q.Scope)
	}
	full := q
	full.Partial = false
	req := searchRequest(full, kindEvent, fieldEventText)
	req.Fields = []string{fieldDocID, fieldN}
	res, err := ix.searchLocated(ctx, req)
	if err != nil {
		return EventResult{}, err
	}
	if q.Partial && int(res.Total) < min(q.Limit, fullEnough) {
		return ix.eventsPartial(ctx, q, res)
	}
	// Every event holds every word: with Partial, all of the question.
	of, share := 0, 0.0
	if q.Partial {
		of, share = len(ix.terms(q)), 1
	}
	cands := make([]candidate, len(res.Hits))
	for i, h := range res.Hits {
		cands[i] = candidate{h: h, share: share, matched: of}
	}
	hits, err := ix.eventHits(cands, nil, of)
	if err != nil {
		return EventResult{}, err
	}
	return EventResult{Total: int(res.Total), Hits: hits}, nil
}

// eventsPartial answers Events for a Partial query that too few events
// answer in full; full is that all-words result, which stands when the
// question has no terms to weigh.
func (ix *Index) eventsPartial(ctx context.Context, q Query, full *bleve.SearchResult) (EventResult, error) {
	qn, err := ix.question(ctx, q)
	if err != nil {
		return EventResult{}, err
	}
	if qn.unknown != "" {
		return EventResult{Unknown: qn.unknown}, nil
	}
	ts := qn.terms
	if len(ts) == 0 {
		cands := make([]candidate, len(full.Hits))
		for i, h := range full.Hits {
			cands[i] = candidate{h: h}
		}
		hits, err := ix.eventHits(cands, nil, 0)
		if err != nil {
			return EventResult{}, err
		}
		return EventResult{Total: int(full.Total), Hits: hits}, nil
	}

	// The candidates: events holding any term, Bleve's best first.
	cq := q
	cq.Words, cq.AnyPhrases, cq.Alternatives = nil, nil, nil
	cq.Offset, cq.Limit = 0, partialCandidates
	req := searchRequest(cq, kindEvent, fieldEventText)
	bq := req.Query.(*query.BooleanQuery)
	bq.AddMust(disjunction(ts, fieldEventText))
	if words := strings.Join(q.Words, " "); len(strings.Fields(words)) > 1 {
		pq := bleve.NewMatchPhraseQuery(words)
		pq.SetField(fieldEventText)
		pq.SetBoost(phraseBoost)
		bq.AddShould(pq)
	}
	req.Fields = []string{fieldDocID, fieldN}
	res, err := ix.searchLocated(ctx, req)
	if err != nil {
		return EventResult{}, err
	}

	// What the titles and summaries of the candidates' documents hold:
	// the text of their documents' own dates.
	var ids []string
	seen := map[string]bool{}
	for _, h := range res.Hits {
		docID, _ := h.Fields[fieldDocID].(string)
		if n, _ := h.Fields[fieldN].(float64); docID != "" && int(n) != documentEvent && !seen[docID] {
			seen[docID] = true
			ids = append(ids, eventRecordID(docID, documentEvent, 0))
		}
	}
	inContext := map[string][]bool{}
	if len(ids) > 0 {
		cr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), disjunction(ts, fieldEventText)), len(ids), 0, false)
		cr.IncludeLocations = true
		cr.Fields = []string{fieldDocID}
		cres, err := ix.search(ctx, cr)
		if err != nil {
			return EventResult{}, err
		}
		for _, h := range cres.Hits {
			docID, _ := h.Fields[fieldDocID].(string)
			inContext[docID] = held(ts, h.Locations[fieldEventText])
		}
	}

	var cands []candidate
	for _, h := range res.Hits {
		docID, _ := h.Fields[fieldDocID].(string)
		var context []bool
		if n, _ := h.Fields[fieldN].(float64); int(n) != documentEvent {
			context = inContext[docID]
		}
		if share, matched, ok := qn.score(held(ts, h.Locations[fieldEventText]), context); ok {
			cands = append(cands, candidate{h: h, share: share, matched: matched})
		}
	}
	// At equal shares the body's dates come before the summary's, and
	// both before the document's own date.
	rank := func(c candidate) int {
		switch n, _ := c.h.Fields[fieldN].(float64); {
		case int(n) == documentEvent:
			return 2
		case inSummary(c.h.ID):
			return 1
		}
		return 0
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.share, a.share), cmp.Compare(rank(a), rank(b)),
			cmp.Compare(b.h.Score, a.h.Score), strings.Compare(a.h.ID, b.h.ID))
	})
	out := EventResult{Total: len(cands)}
	if q.Offset >= len(cands) {
		return out, nil
	}
	page := cands[q.Offset:min(len(cands), q.Offset+q.Limit)]
	if out.Hits, err = ix.eventHits(page, ts, len(ts)); err != nil {
		return EventResult{}, err
	}
	return out, nil
}

// eventHits loads the documents and dates of event records. ts, when not
// nil, are the question's terms, to tell whether the evidence holds one;
// without them any matched word in the evidence counts.
func (ix *Index) eventHits(cands []candidate, ts []term, of int) ([]EventHit, error) {
	out := make([]EventHit, 0, len(cands))
	for _, c := range cands {
		h := c.h
		docID, _ := h.Fields[fieldDocID].(string)
		nf, ok := h.Fields[fieldN].(float64)
		n := int(nf)
		if docID == "" || !ok || n < documentEvent {
			return nil, fmt.Errorf("search: record %s has no document id or event number", h.ID)
		}
		d, err := ix.loadDocument(docID)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hit := EventHit{Doc: d, OfDocument: n == documentEvent, Matched: c.matched, Of: of, Share: c.share, Score: h.Score}
		if !hit.OfDocument {
			if n >= len(d.Dates) {
				return nil, fmt.Errorf("search: document %s has no date %d", docID, n)
			}
			hit.Mention = d.Dates[n]
		}
		hit.InEvidence = inEvidence(ts, h.Locations[fieldEventText])
		out = append(out, hit)
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
// a question's weights (see weigh) are what the paragraphs and documents
// make them, whether or not the index holds events.
func withoutEvents(ctx context.Context, rd bleveindex.IndexReader, n uint64) (uint64, error) {
	tfr, err := rd.TermFieldReader(ctx, []byte(kindEvent), fieldKind, false, false, false)
	if err != nil {
		return 0, err
	}
	events := tfr.Count()
	_ = tfr.Close()
	return n - min(n, events), nil
}

// eventLeaders is how many of an event search's best hits, ranked by
// their words alone, the optional clauses (the boost of the words side by
// side) then rank again.
const eventLeaders = 100

// searchLocated runs req and returns its hits with their term locations,
// in two searches. The first leaves out the term locations and the
// optional clauses of req's boolean query, and keeps the leading hits
// (at least eventLeaders); the second, restricted to those, reads their
// locations and ranks them with the optional clauses. Bleve otherwise
// reads the term vectors of every record that matches, and checks the
// phrase of the question's words in each: for words common in dated
// sentences ("year", a month) that was most of the cost. A hit that only
// the optional clauses would lift among the leaders is missed; Total is
// the first search's.
func (ix *Index) searchLocated(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	from, size := req.From, req.Size
	bq, _ := req.Query.(*query.BooleanQuery)
	var optional query.Query
	if bq != nil && bq.Should != nil {
		optional, bq.Should = bq.Should, nil
		req.From, req.Size = 0, max(from+size, eventLeaders)
	}
	req.IncludeLocations = false
	res, err := ix.search(ctx, req)
	if optional != nil {
		bq.Should = optional
		req.From, req.Size = from, size
	}
	if err != nil || len(res.Hits) == 0 {
		return res, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	lr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), req.Query), len(ids), 0, false)
	lr.IncludeLocations = true
	lr.Fields = req.Fields
	lr.SortBy([]string{"-_score", "_id"})
	located, err := ix.search(ctx, lr)
	if err != nil {
		return nil, err
	}
	hits := located.Hits
	if optional != nil {
		hits = hits[min(from, len(hits)):min(len(hits), from+size)]
	}
	res.Hits = hits
	return res, nil
}
