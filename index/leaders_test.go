package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/corpus/synth"
)

// synthDocs parses n documents of the synthetic archive.
func synthDocs(t testing.TB, n int) []corpus.Document {
	t.Helper()
	g := synth.New(7)
	docs := make([]corpus.Document, 0, n)
	for i := range n {
		d, err := corpus.Parse(g.FileName(i), g.Document(i))
		if err != nil {
			t.Fatalf("Parse %s: %v", g.FileName(i), err)
		}
		docs = append(docs, d)
	}
	return docs
}

// TestPlanLeadersAreBleves checks pass one's own reader against Bleve's
// searchers for the same query: the same number of matches, and at every
// rank a record with the score Bleve gives the record at that rank (equal
// scores may come in another order only among themselves).
func TestPlanLeadersAreBleves(t *testing.T) {
	docs := synthDocs(t, 150)
	ix := openIndex(t, docs)
	ctx := context.Background()
	vocab := synth.New(7).Vocabulary()
	// common are the commonest long words, so that records often hold
	// several alternatives of a group.
	freq := map[string]int{}
	for _, d := range docs {
		for _, p := range d.Paragraphs {
			for _, w := range strings.Fields(strings.ToLower(p.Text)) {
				if w = strings.Trim(w, ".,;:!?()[]\"'"); len(w) > 5 {
					freq[w]++
				}
			}
		}
	}
	common := slices.SortedFunc(maps.Keys(freq), func(a, b string) int { return cmp.Or(freq[b]-freq[a], strings.Compare(a, b)) })[:12]
	var queries []Query
	for i, w := range vocab[:30] {
		queries = append(queries,
			Query{Words: []string{w}},
			Query{Words: []string{w, vocab[(i*7+3)%len(vocab)]}},
			Query{Words: []string{w, "the"}, Summaries: true},
			Query{Words: []string{w, w}},
			Query{Words: []string{w}, Language: "russian"},
			Query{Words: []string{w}, Alternatives: [][]string{{vocab[(i*3+1)%len(vocab)], common[i%12], common[(i+5)%12]}}},
			Query{Alternatives: [][]string{{w, common[(i+1)%12]}, {common[(i+2)%12], common[(i+3)%12], common[(i+7)%12]}}, Summaries: true},
			Query{Words: []string{"the"}, AnyPhrases: []string{w, vocab[(i*13+5)%len(vocab)]}},
		)
	}
	// Phrases the archive holds, with a dropped word inside some, and
	// date ranges.
	for i, d := range docs[:40] {
		ws := strings.Fields(d.Paragraphs[0].Text)
		if len(ws) < 6 {
			continue
		}
		queries = append(queries,
			Query{Phrases: []string{strings.Join(ws[1:3], " ")}},
			Query{Phrases: []string{strings.Join(ws[2:5], " ")}, Words: []string{common[i%12]}},
			Query{Phrases: []string{strings.Join(ws[3:5], " "), "of the"}, Summaries: true},
			Query{Words: []string{common[i%12]}, From: day(1940+i, time.March, 1), To: day(1950+i, time.June, 15)},
			Query{Words: []string{common[i%12]}, From: day(1955+i%20, time.January, 1)},
			Query{Alternatives: [][]string{{common[i%12], common[(i+1)%12]}}, To: day(1960, time.December, 31)},
			Query{Alternatives: [][]string{{strings.Join(ws[1:3], " "), common[i%12]}}},
			Query{Words: []string{common[i%12]}, Alternatives: [][]string{{strings.Join(ws[2:5], " "), strings.Join(ws[0:2], " ")}}},
		)
	}
	queries = append(queries,
		Query{Words: []string{"the"}},
		Query{Words: []string{"the", "of", "and"}},
		Query{Words: []string{"the"}, Summaries: true},
		Query{Words: []string{"nosuchwordanywhere"}},
		Query{Words: []string{"the", "nosuchwordanywhere"}},
		Query{Words: []string{"."}},
	)
	compared, skipped := 0, 0
	for _, q := range queries {
		q, err := q.normalize()
		if err != nil {
			t.Fatal(err)
		}
		pp, ok := planOf(q, fieldText)
		if !ok {
			t.Fatalf("%v %v: not a simple plan", q.Words, q.Phrases)
		}
		ep, _ := planOf(q, fieldEventText)
		// What candidates asks: any term of the question.
		ts := ix.terms(q)
		cq := q
		cq.Words, cq.AnyPhrases, cq.Alternatives = nil, nil, nil
		ap, _ := planOf(cq, fieldText)
		ap, anyOK := ap.anyTerm(ts)
		if !anyOK {
			ap = pp
		}
		apLeadersOnly := ap
		apLeadersOnly.noTotal = true
		anyQuery := func() *query.BooleanQuery {
			if !anyOK {
				return paragraphQuery(q, false)
			}
			bq := paragraphQuery(cq, false)
			bq.AddMust(disjunction(ts, fieldText))
			return bq
		}
		// What titlesPartial asks.
		tq := cq
		tq.Offset, tq.Limit = 0, MaxLimit
		tp, titleOK := planOf(tq, fieldContext)
		tp, titleOK = tp.anyTerm(ts)
		if titleOK {
			tp, titleOK = tp.orTerm(ts, fieldTitle)
		}
		if !titleOK {
			tp = pp
		}
		for _, c := range []struct {
			p     leaderPlan
			bleve func() *query.BooleanQuery
			depth int
		}{
			{pp, func() *query.BooleanQuery { return paragraphQuery(q, false) }, 3},
			{pp, func() *query.BooleanQuery { return paragraphQuery(q, false) }, 100},
			{ep, func() *query.BooleanQuery { return eventQuery(q, false) }, 100},
			{tp, func() *query.BooleanQuery {
				if !titleOK {
					return paragraphQuery(q, false)
				}
				bq := docRequest(tq, fieldContext).Query.(*query.BooleanQuery)
				bq.AddMust(disjunction(ts, fieldContext))
				bq.AddShould(disjunction(ts, fieldTitle))
				return bq
			}, 300},
			{ap, anyQuery, 300},
			// Without a total, pass one skips what cannot lead.
			{apLeadersOnly, anyQuery, 3},
			{apLeadersOnly, anyQuery, 20},
		} {
			p, depth := c.p, c.depth
			got, total, err := ix.planLeaders(ctx, p, depth)
			if errors.Is(err, errNotSimple) {
				skipped++
				continue
			}
			if err != nil {
				t.Fatalf("%v: %v", q.Words, err)
			}
			// The same, the required clauses' postings intersected as
			// bitmaps first whatever their size (see intersection).
			saved := intersectFrom
			intersectFrom = 0
			gotBits, totalBits, err := ix.planLeaders(ctx, p, depth)
			intersectFrom = saved
			if err != nil || totalBits != total || !slices.Equal(gotBits, got) {
				t.Errorf("%+v %s depth %d: with bitmaps %d matches %v (%v), without %d %v", q, p.field, depth, totalBits, gotBits, err, total, got)
			}
			req := bleve.NewSearchRequestOptions(c.bleve(), 100000, 0, false)
			res, err := ix.search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if !p.noTotal && total != int(res.Total) {
				t.Errorf("%+v %s depth %d: %d matches, Bleve %d", q, p.field, depth, total, res.Total)
				continue
			}
			if want := min(depth, len(res.Hits)); len(got) != want {
				t.Errorf("%v depth %d: %d leaders, want %d", q.Words, depth, len(got), want)
				continue
			}
			score := map[string]float64{}
			for _, h := range res.Hits {
				score[h.ID] = h.Score
			}
			for i, id := range got {
				s, ok := score[id]
				if !ok || math.Abs(s-res.Hits[i].Score) > 1e-9*math.Abs(s) {
					t.Errorf("%v depth %d: leader %d is %s (score %v), Bleve's is %s (%v)", q.Words, depth, i, id, s, res.Hits[i].ID, res.Hits[i].Score)
					break
				}
			}
			compared += len(got)
		}
	}
	t.Logf("%d leaders compared, %d plans not simple", compared, skipped)
	if skipped > compared/10 {
		t.Errorf("%d plans were not simple, against %d leaders compared", skipped, compared)
	}
	if compared < 1000 {
		t.Errorf("compared only %d leaders: the test corpus is too small to tell", compared)
	}
}

// TestAnswersWithoutBleveSearchers checks whole answers, passages,
// documents, events and titles, with pass one read by leaders.go and by
// Bleve's searchers: they must be the same.
func TestAnswersWithoutBleveSearchers(t *testing.T) {
	docs := synthDocs(t, 120)
	ix := openIndex(t, docs)
	ctx := context.Background()
	vocab := synth.New(7).Vocabulary()
	var queries []Query
	for i, d := range docs[:30] {
		ws := strings.Fields(d.Paragraphs[0].Text)
		queries = append(queries,
			Query{Words: []string{vocab[i]}, Partial: true, Summaries: true},
			Query{Words: []string{vocab[i], vocab[i+31], "nosuchword"}, Partial: true},
			Query{Words: []string{vocab[i], vocab[i+40]}, Alternatives: [][]string{{vocab[i+50], vocab[i+60]}}},
			Query{Phrases: []string{strings.Join(ws[:min(3, len(ws))], " ")}, Partial: true},
			Query{Words: strings.Fields(d.Title), Scope: ScopeTitle, Partial: true},
			Query{Words: strings.Fields(d.Title)[:3], Scope: ScopeTitle, Partial: true, Offset: 5},
			Query{Words: strings.Fields(d.Title)[:2], Alternatives: [][]string{{strings.Join(strings.Fields(d.Title)[3:5], " "), "Nosuch Name"}}, Scope: ScopeTitle, Partial: true},
			Query{Words: []string{vocab[i]}, From: day(1950, time.January, 1), To: day(1960, time.December, 31), Partial: true},
			Query{Words: []string{vocab[i]}, AnyPhrases: []string{strings.Join(ws[1:min(3, len(ws))], " ")}, Partial: true},
			Query{Words: []string{vocab[i+3], "nosuchword"}, Alternatives: [][]string{{strings.Join(ws[:min(4, len(ws))], " "), vocab[i+7]}}, Partial: true},
			// A person's group, whom a title may name (Query.People).
			Query{Words: []string{vocab[i+5], "nosuchword"}, Alternatives: [][]string{{strings.Fields(d.Title)[0], vocab[i+9]}}, People: []string{vocab[i+9]}, Partial: true},
		)
	}
	answer := func(q Query) answers {
		var a answers
		var err error
		if q.Scope == ScopeAll {
			if a.P, err = ix.Paragraphs(ctx, q); err != nil {
				a.errs = append(a.errs, err.Error())
			}
			if a.E, err = ix.Events(ctx, q); err != nil {
				a.errs = append(a.errs, err.Error())
			}
		}
		if a.D, err = ix.Documents(ctx, q); err != nil {
			a.errs = append(a.errs, err.Error())
		}
		return a
	}
	hits := 0
	for _, q := range queries {
		ix.bleveOnly = false
		ix.results = newResultCache(256)
		ours := answer(q)
		ix.bleveOnly = true
		ix.results = newResultCache(256)
		bleves := answer(q)
		if o, b := ours.brief(), bleves.brief(); !reflect.DeepEqual(o, b) {
			for i := range min(len(o), len(b)) {
				if o[i] != b[i] {
					t.Errorf("%+v: answers differ at line %d:\nours  %s\nBleve %s", q, i, o[i], b[i])
					break
				}
			}
			if len(o) != len(b) {
				t.Errorf("%+v: %d lines of answers, Bleve's %d", q, len(o), len(b))
			}
		}
		hits += len(ours.P.Hits) + len(ours.D.Hits) + len(ours.E.Hits)
	}
	if hits < 500 {
		t.Errorf("only %d hits compared", hits)
	}
}

// answers are the answers TestAnswersWithoutBleveSearchers compares.
type answers struct {
	P    ParagraphResult
	D    DocumentResult
	E    EventResult
	errs []string
}

// brief is a line per answer and hit: what ranks it and what it shows,
// with scores to nine significant digits (the two passes may add a
// score's parts in another order).
func (a answers) brief() []string {
	sc := func(f float64) string { return strconv.FormatFloat(f, 'g', 9, 64) }
	out := append([]string{fmt.Sprint(a.P.Total, a.P.Unknown, a.D.Total, a.D.Unknown, a.E.Total, a.E.Unknown)}, a.errs...)
	for _, h := range a.P.Hits {
		out = append(out, fmt.Sprint("P ", h.Doc.ID, h.Paragraph.N, h.Section, h.Matched, h.Of, sc(h.Share), h.Matches, sc(h.Score)))
	}
	for _, h := range a.D.Hits {
		out = append(out, fmt.Sprint("D ", h.Doc.ID, h.Matched, h.Of, sc(h.Score)))
	}
	for _, h := range a.E.Hits {
		out = append(out, fmt.Sprintf("E %s %v %+v %v %d %d %s %s", h.Doc.ID, h.OfDocument, h.Mention, h.InEvidence, h.Matched, h.Of, sc(h.Share), sc(h.Score)))
	}
	return out
}

// planLeaders runs pass one for p (see leaders): the ids of its best
// depth records by score alone and how many records match in all.
func (ix *Index) planLeaders(ctx context.Context, p leaderPlan, depth int) ([]string, int, error) {
	hits, total, err := ix.planHits(ctx, p, depth)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids, total, err
}

// TestContextHeldOfRecords checks what pass one's own reader says the
// titles and summaries of given documents hold (a plan asked about given
// records, leaderPlan.only) against Bleve's search of the same records:
// the same documents, holding the same terms, for words, names of
// several words, and documents the terms are not in.
func TestContextHeldOfRecords(t *testing.T) {
	docs := synthDocs(t, 80)
	ix := openIndex(t, docs)
	ctx := context.Background()
	var questions []Query
	for i, d := range docs[:12] {
		title := strings.Fields(d.Title)
		q := Query{Words: title[len(title)-2:]}
		if len(d.People) > 0 {
			q.Alternatives = [][]string{{d.People[0].Name, "trade"}}
		}
		if i%3 == 0 {
			q.Words = append(q.Words, "qqqqnever")
		}
		questions = append(questions, q)
	}
	checked := 0
	for i, q := range questions {
		ts := ix.terms(q)
		if err := ix.weigh(ctx, ts); err != nil {
			t.Fatal(err)
		}
		// Every third document, from a different start each time, and
		// one twice.
		var ids []string
		for j := i % 3; j < len(docs); j += 3 {
			ids = append(ids, docRecordID(docs[j].ID))
		}
		ids = append(ids, ids[0])
		ix.bleveOnly = false
		got, err := ix.contextHeld(ctx, ts, ids, len(ids))
		if err != nil {
			t.Fatal(err)
		}
		ix.bleveOnly = true
		want, err := ix.contextHeld(ctx, ts, ids, len(ids))
		ix.bleveOnly = false
		if err != nil {
			t.Fatal(err)
		}
		if !maps.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%+v: own reader %v, Bleve %v", q, got, want)
		}
		checked += len(want)
	}
	if checked == 0 {
		t.Fatal("no document held any term: the test checks nothing")
	}
}

// TestIntersection checks the bitmaps' intersection against the records
// read one by one: those of one common term that hold either of two
// others.
func TestIntersection(t *testing.T) {
	ix := openIndex(t, synthDocs(t, 60))
	ctx := context.Background()
	err := ix.withReader(ctx, func(rd bleveindex.IndexReader) error {
		dict, err := rd.FieldDict(fieldText)
		if err != nil {
			return err
		}
		var entries []bleveindex.DictEntry
		for e, err := dict.Next(); e != nil; e, err = dict.Next() {
			if err != nil {
				return err
			}
			entries = append(entries, *e)
		}
		_ = dict.Close()
		slices.SortFunc(entries, func(a, b bleveindex.DictEntry) int { return cmp.Compare(b.Count, a.Count) })
		if len(entries) < 3 {
			t.Fatalf("%d terms", len(entries))
		}
		a, b, c := entries[0].Term, entries[1].Term, entries[2].Term
		open := func(term string) *postings {
			r, err := termReader(ctx, rd, term, fieldText, false, false)
			if err != nil {
				t.Fatal(err)
			}
			return &postings{r: r, doc: &bleveindex.TermFieldDoc{}}
		}
		records := func(term string) map[uint64]bool {
			out := map[uint64]bool{}
			ps := open(term)
			for ps.next() == nil && !ps.done {
				out[ps.at] = true
			}
			return out
		}
		ra, rb, rc := records(a), records(b), records(c)
		var want []uint64
		for at := range ra {
			if rb[at] || rc[at] {
				want = append(want, at)
			}
		}
		slices.Sort(want)
		got, ok := intersection([]*clause{{terms: []*postings{open(a)}}, {terms: []*postings{open(b), open(c)}}})
		if !ok {
			t.Fatal("no intersection on an index Build wrote")
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s and (%s or %s): %d records %v, want %d", a, b, c, len(got), got[:min(5, len(got))], len(want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
