package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/archivebot/archivebot/corpus"
)

// Bounds on a query. Longer or larger queries fail with ErrBadQuery.
const (
	// MaxQueryChars bounds the summed byte length of a query's words and phrases.
	MaxQueryChars = 500
	// MaxTerms bounds the number of whitespace-separated terms in a query's
	// words and phrases together.
	MaxTerms = 32
	// DefaultLimit is the page size when Query.Limit is zero.
	DefaultLimit = 10
	// MaxLimit is the largest page; a larger Query.Limit is lowered to it.
	MaxLimit = 100
	// MaxOffset is the largest Query.Offset: deep pages cost more than they
	// are worth to a chat user.
	MaxOffset = 1000
	// DefaultSearchTimeout bounds a search whose context has no deadline, so
	// that one slow query cannot hold a bot worker forever.
	DefaultSearchTimeout = 5 * time.Second
)

// fullEnough is how many passages holding every word make a Partial
// query's answer on their own (fewer when a page is smaller).
const fullEnough = 5

// phraseBoost weighs the optional phrase of all plain words, so passages
// with the words side by side, in order, rank first.
const phraseBoost = 3

// Scope says which parts of a document Documents searches.
type Scope int

// The scopes of a document search.
const (
	// ScopeAll searches the title, the summary and the body.
	ScopeAll Scope = iota
	// ScopeTitle searches the title and the citation's title only.
	ScopeTitle
)

// String names the scope: "all" or "title".
func (s Scope) String() string {
	switch s {
	case ScopeAll:
		return "all"
	case ScopeTitle:
		return "title"
	}
	return fmt.Sprintf("Scope(%d)", int(s))
}

// Query is a search: plain words and exact phrases, narrowed by filters,
// and the page of hits wanted. It needs at least one word or phrase.
type Query struct {
	// Words must all match, in any order. They are analysed as English
	// text: case, stemming ("exports" finds "export") and stop words apply,
	// so a query of stop words only finds nothing. Hits with the words side
	// by side, in order, rank higher.
	Words []string
	// Phrases must each match exactly, word for word (after the same
	// analysis as Words).
	Phrases []string
	// AnyPhrases match when at least one of them does, e.g. the spellings
	// of one person's name. At most MaxTerms of them.
	AnyPhrases []string
	// Alternatives are further terms written several ways (a person's
	// known spellings): each matches when any of its phrases does. At most
	// MaxTerms phrases in all.
	Alternatives [][]string
	// Summaries asks Paragraphs to search each document's summary too, as
	// a passage numbered SummaryParagraph; by default only the body.
	Summaries bool
	// Names are the Words the asker wrote as names (capitalised, not the
	// spellings of a known person). With Partial, a name that no record
	// holds means the question is about something the archive never
	// mentions: nothing is found, and the result's Unknown says which.
	// A name may also open a group of Alternatives (a word and its
	// synonyms): it is unknown when no record holds any of the group.
	Names []string
	// People mark the groups of Alternatives that are the spellings of a
	// person, each group by any one of its spellings. With Partial, a
	// passage (or a dated event) holds such a group whole when its
	// document's title names the person, as when its own text does: a
	// record titled with a person ("Record of Premier Zhou's Talk with
	// Prime Minister Pham Van Dong") is their conversation, letter or
	// speech, whose passages speak as "Zhou:" or "he". Any other term
	// found only in the title or summary counts half. At most MaxTerms of
	// them.
	People []string
	// Partial asks Paragraphs for the passages that hold most of the
	// words rather than all of them (see paragraphsPartial); each hit says
	// how many it holds. Phrases stay required.
	Partial bool
	// DocID keeps the records of one document; "" keeps all.
	DocID string
	// From and To bound the document date to [From, To); a zero bound is
	// open. When either is set, undated documents are left out.
	From, To time.Time
	// Language keeps documents whose original language is this one,
	// ignoring case; "" keeps all.
	Language string
	// Scope says what Documents searches; Paragraphs accepts ScopeAll only.
	Scope Scope
	// Offset and Limit select the page of hits: Limit 0 means
	// DefaultLimit, larger than MaxLimit means MaxLimit; Offset may be at
	// most MaxOffset.
	Offset, Limit int
	// Documents bounds the documents Events loads: the hits of the first
	// Documents documents of the page (in rank order) carry their whole
	// document, the others only its id (Doc.ID). 0 loads them all. The
	// ranking does not depend on it.
	Documents int
}

// Span is the byte range [Start, End) of a matched term in a paragraph's text.
type Span = corpus.Span

// The sections a passage can come from.
const (
	SectionBody    = "body"
	SectionSummary = "summary" // the archive's summary, not the document's words
)

// ParagraphHit is a body paragraph, or the document's summary, that
// matched a query.
type ParagraphHit struct {
	// Doc is the whole document the paragraph belongs to.
	Doc corpus.Document
	// Paragraph is the passage; its N is SummaryParagraph for the summary.
	Paragraph corpus.Paragraph
	// Section is SectionBody or SectionSummary.
	Section string
	// Matched counts the query's terms found in the paragraph or in its
	// document's title and summary, of Of terms in all; both are set for
	// a Partial query only.
	Matched, Of int
	// Share is the part of the question's weight the passage holds, 0 to
	// 1, for a Partial query only.
	Share float64
	// Matches are the matched terms in Paragraph.Text, in order, shared
	// with other callers (read them, do not modify them).
	Matches []Span
	Score   float64
}

// ParagraphResult is one page of paragraph hits.
type ParagraphResult struct {
	// Total counts all matching paragraphs, not just this page.
	Total int
	Hits  []ParagraphHit
	// Unknown is a name of a Partial query that no record holds (see
	// Query.Names); there are no hits then.
	Unknown string
}

// DocumentHit is a document that matched a query.
type DocumentHit struct {
	Doc corpus.Document
	// Score is Bleve's score, or for a Partial query the share of the
	// question's weight the document holds (0 to 1).
	Score float64
	// Matched and Of count the query's terms held and asked for; both are
	// set for a Partial query only.
	Matched, Of int
}

// DocumentResult is one page of document hits.
type DocumentResult struct {
	// Total counts all matching documents, not just this page.
	Total int
	Hits  []DocumentHit
	// Unknown is as in ParagraphResult.
	Unknown string
}

// Paragraphs searches the body paragraphs, best match first. It fails with
// ErrBadQuery for an invalid query and ErrTimeout when ctx's deadline (or
// DefaultSearchTimeout) passes first. The ranking (see rank.go) is cached,
// so the next page of a query only loads its documents.
func (ix *Index) Paragraphs(ctx context.Context, q Query) (ParagraphResult, error) {
	q, err := q.normalize()
	if err != nil {
		return ParagraphResult{}, err
	}
	if q.Scope != ScopeAll {
		return ParagraphResult{}, fmt.Errorf("%w: scope %s applies to documents, not paragraphs", ErrBadQuery, q.Scope)
	}
	if err := stillWanted(ctx); err != nil {
		return ParagraphResult{}, err
	}
	key, end := cacheKey(q), q.Offset+q.Limit
	r, ok := ix.results.paras.Get(key)
	if !ok || !r.covers(end) {
		if r, err = ix.rankParagraphs(ctx, q, end); err != nil {
			return ParagraphResult{}, err
		}
		ix.results.paras.Add(key, r)
	}
	return ix.paragraphPage(r, q.Offset, q.Limit)
}

// rankParagraphs ranks the paragraphs of q, at least end of them when
// there are so many.
func (ix *Index) rankParagraphs(ctx context.Context, q Query, end int) (*paraRanking, error) {
	full, err := ix.rankFull(ctx, q, end)
	if err != nil || !q.Partial {
		return full, err
	}
	// When a page's worth of passages (or fullEnough) hold every word,
	// only they are answers: the partial search, which costs more, is for
	// questions the archive words differently.
	if full.total < min(q.Limit, fullEnough) {
		return ix.paragraphsPartial(ctx, q, full)
	}
	of := len(ix.terms(q))
	for i := range full.hits {
		full.hits[i].matched, full.hits[i].of, full.hits[i].share = of, of, 1
	}
	return full, nil
}

// Documents searches whole documents (their title, summary and body, or
// only their title with ScopeTitle), best match first. Documents are
// ranked from their paragraphs' hits and their titles and summary (see
// docsFromParagraphs). It fails with ErrBadQuery for an invalid query and
// ErrTimeout when ctx's deadline (or DefaultSearchTimeout) passes first.
func (ix *Index) Documents(ctx context.Context, q Query) (DocumentResult, error) {
	q, err := q.normalize()
	if err != nil {
		return DocumentResult{}, err
	}
	// A document ranking does not depend on the page size, so every
	// page of every size comes from one ranking.
	if err := stillWanted(ctx); err != nil {
		return DocumentResult{}, err
	}
	dq := q
	dq.Limit = 0
	key := cacheKey(dq)
	r, ok := ix.results.docs.Get(key)
	if !ok {
		if r, err = ix.rankDocuments(ctx, q); err != nil {
			return DocumentResult{}, err
		}
		ix.results.docs.Add(key, r)
	}
	return ix.documentPage(r, q.Offset, q.Limit)
}

// docDepth is how many documents a document search ranks: every page a
// query may ask for.
const docDepth = MaxOffset + MaxLimit

// rankDocuments ranks the documents of q.
func (ix *Index) rankDocuments(ctx context.Context, q Query) (*docRanking, error) {
	if q.Partial {
		return ix.documentsPartial(ctx, q)
	}
	if q.Scope == ScopeTitle {
		req := docRequest(q, fieldTitle)
		req.From, req.Size = 0, docDepth
		res, err := ix.search(ctx, req)
		if err != nil {
			return nil, err
		}
		r := &docRanking{total: int(res.Total)}
		for _, h := range res.Hits {
			id, ok := strings.CutPrefix(h.ID, docPrefix)
			if !ok {
				return nil, fmt.Errorf("search: unexpected record %s", h.ID)
			}
			r.hits = append(r.hits, rankedDoc{docID: id, score: h.Score})
		}
		return r, nil
	}
	q.Summaries = true
	paras, err := ix.rankFull(ctx, q, partialCandidates)
	if err != nil {
		return nil, err
	}
	context, err := ix.contextScores(ctx, q)
	if err != nil {
		return nil, err
	}
	hits := docsFromParagraphs(paras.hits, context)
	return &docRanking{total: len(hits), hits: hits[:min(len(hits), docDepth)]}, nil
}

// normalize validates q and returns it with its words and phrases trimmed,
// its language normalised and its limit defaulted.
func (q Query) normalize() (Query, error) {
	q.Words = cleanTerms(q.Words)
	q.Phrases = cleanTerms(q.Phrases)
	q.AnyPhrases = cleanTerms(q.AnyPhrases)
	alts := len(q.AnyPhrases)
	var groups [][]string
	for _, g := range q.Alternatives {
		if g = cleanTerms(g); len(g) > 0 {
			groups = append(groups, g)
			alts += len(g)
		}
	}
	q.Alternatives = groups
	if alts > MaxTerms {
		return q, fmt.Errorf("%w: %d alternative phrases, the most is %d", ErrBadQuery, alts, MaxTerms)
	}
	if q.People = cleanTerms(q.People); len(q.People) > MaxTerms {
		return q, fmt.Errorf("%w: %d people, the most is %d", ErrBadQuery, len(q.People), MaxTerms)
	}
	if len(q.Words) == 0 && len(q.Phrases) == 0 && len(q.AnyPhrases) == 0 && len(q.Alternatives) == 0 {
		return q, fmt.Errorf("%w: give at least one word or phrase", ErrBadQuery)
	}
	for _, p := range slices.Concat(q.phraseGroups()...) {
		if len(p) > MaxQueryChars {
			return q, fmt.Errorf("%w: an alternative phrase is longer than %d characters", ErrBadQuery, MaxQueryChars)
		}
	}
	chars, terms := 0, 0
	for _, s := range slices.Concat(q.Words, q.Phrases) {
		chars += len(s)
		terms += len(strings.Fields(s))
	}
	if chars > MaxQueryChars {
		return q, fmt.Errorf("%w: the query is %d characters long, the most is %d", ErrBadQuery, chars, MaxQueryChars)
	}
	if terms > MaxTerms {
		return q, fmt.Errorf("%w: the query has %d words, the most is %d", ErrBadQuery, terms, MaxTerms)
	}
	if q.Scope != ScopeAll && q.Scope != ScopeTitle {
		return q, fmt.Errorf("%w: unknown scope %s", ErrBadQuery, q.Scope)
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, fmt.Errorf("%w: the date range ends before it starts", ErrBadQuery)
	}
	if q.Offset < 0 || q.Limit < 0 {
		return q, fmt.Errorf("%w: negative offset or limit", ErrBadQuery)
	}
	if q.Offset > MaxOffset {
		return q, fmt.Errorf("%w: offset %d is too far, the most is %d", ErrBadQuery, q.Offset, MaxOffset)
	}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	q.Limit = min(q.Limit, MaxLimit)
	q.Language = normLanguage(q.Language)
	return q, nil
}

// Filtered reports whether q keeps only some records: of one document, a
// span of dates or a language.
func (q Query) Filtered() bool {
	return q.DocID != "" || !q.From.IsZero() || !q.To.IsZero() || normLanguage(q.Language) != ""
}

// phraseGroups are AnyPhrases and Alternatives: the terms written
// several ways, each matched when one of its phrases is.
func (q Query) phraseGroups() [][]string {
	return slices.Concat([][]string{q.AnyPhrases}, q.Alternatives)
}

// cleanTerms trims each string and drops the empty ones.
func cleanTerms(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// docRequest builds the request for a normalised query over the document
// records, matching words and phrases in field (their titles, or titles
// and summary).
//
// Words become one match query with the AND operator, each phrase a phrase
// query, all required; the words joined also make an optional, boosted
// phrase query so that titles with the words in sequence rank first. Kind,
// date and language are unscored required clauses (see filters).
func docRequest(q Query, field string) *bleve.SearchRequest {
	bq := matchQuery(q, field, true)
	bq.AddMust(unscoredTerm(kindDoc, fieldKind))

	req := bleve.NewSearchRequestOptions(bq, q.Limit, q.Offset, false)
	// Equal scores in a fixed order, so that paging on another replica or
	// after a restart neither repeats nor skips a hit.
	req.SortBy([]string{"-_score", "_id"})
	return req
}

// clampDate keeps a non-zero query bound inside the range a datetime field
// holds; a zero bound stays zero (open).
func clampDate(t time.Time) time.Time {
	switch {
	case t.IsZero():
		return t
	case t.Before(minIndexDate):
		return minIndexDate
	case t.After(maxIndexDate):
		return maxIndexDate
	}
	return t.UTC()
}

// stillWanted reports ctx's end as search does (a missed deadline is
// ErrTimeout): a cached answer is not given to a request that has ended,
// so that a deadline means the same with and without the cache.
func stillWanted(ctx context.Context) error {
	err := ctx.Err()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("search: %w: %w", ErrTimeout, err)
	}
	return fmt.Errorf("search: %w", err)
}

// search runs req with a deadline, mapping a missed deadline to ErrTimeout.
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultSearchTimeout)
		defer cancel()
	}
	// Bleve looks at ctx only now and then, so a done ctx may not stop a
	// short search: check it first.
	err := ctx.Err()
	var res *bleve.SearchResult
	if err == nil {
		start := time.Now()
		res, err = ix.bi.SearchInContext(ctx, req)
		ix.searchNS.Add(int64(time.Since(start)))
		ix.searches.Add(1)
	}
	if err != nil {
		// Bleve may not wrap ctx's error, so ask ctx too.
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("search: %w: %w", ErrTimeout, err)
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

// paragraph returns paragraph n of d.
func paragraph(d corpus.Document, n int) (corpus.Paragraph, bool) {
	if n >= 1 && n <= len(d.Paragraphs) && d.Paragraphs[n-1].N == n {
		return d.Paragraphs[n-1], true
	}
	for _, p := range d.Paragraphs {
		if p.N == n {
			return p, true
		}
	}
	return corpus.Paragraph{}, false
}
