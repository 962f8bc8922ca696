package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Pass one without Bleve's searchers.
//
// Bleve answers a query through a tree of searchers (boolean, conjunction,
// term), and every match of every term goes up that tree as a document
// match that is scored, combined and offered to the collector. For a
// common word that is a few hundred thousand matches, and that, not the
// reading of the postings, is most of the time a search takes. Pass one
// only needs the best leaders by score, so for the queries it can answer
// (words all required, and filters that are single terms) leaderPlan reads
// the postings itself: the rarest word's postings drive, the others are
// advanced to each of its matches, the score is Bleve's BM25 for the same
// query, and only the best depth records are kept in a heap.
//
// Its leaders are Bleve's leaders: the same records, in the same order,
// and equal scores broken by the order the records are met (the index's
// internal order), as in Bleve's collector. leaders_test.go compares the
// two on every query of the test corpus.

// leaderPlan is a pass-one query runPlan can answer itself: every term of
// words required in field and scored, one alternative of each group
// required and scored, every filter required and not scored, every
// excluded term absent.
type leaderPlan struct {
	field  string
	words  []string
	groups [][]string
	// analysed are groups of alternatives as indexed, not to be analysed
	// again: each alternative its terms, side by side.
	analysed [][][]string
	// optional is a group of alternatives as indexed, as a should
	// clause: it adds to the score of the records that hold any of
	// them, and matches none by itself. optionalField is its field.
	optional      [][]string
	optionalField string
	// noTotal says that the caller does not want the number of matches,
	// so that runPlan may skip records that cannot be leaders.
	noTotal bool
	// phrases are required phrases: their words side by side.
	phrases []string
	// dated says that records must have one of the date terms (see
	// rangeTerms).
	dated    bool
	dates    []string
	filters  []fieldTerm
	excluded []fieldTerm
	// only, when not nil, are the records (internal numbers, ascending)
	// the plan is asked about: runPlan reads these and no others, and
	// keeps all of them that match.
	only []uint64
}

// fieldTerm is one term of one field, as indexed.
type fieldTerm struct{ field, term string }

// planOf is the plan of q's words and groups of alternatives in field,
// with q's phrases and filters, and over the paragraph records' text
// without the summaries unless q asks for them (as paragraphQuery). An
// alternative of several words is a phrase within a disjunction, which
// runPlan does not read itself: it finds that when it analyses it, and
// Bleve answers.
func planOf(q Query, field string) (leaderPlan, bool) {
	p := leaderPlan{field: field, words: q.Words, phrases: q.Phrases}
	if !q.From.IsZero() || !q.To.IsZero() {
		p.dated, p.dates = true, rangeTerms(q.From, q.To)
	}
	for _, g := range q.phraseGroups() {
		if len(g) > 0 {
			p.groups = append(p.groups, g)
		}
	}
	if q.Language != "" {
		p.filters = append(p.filters, fieldTerm{fieldLang, q.Language})
	}
	if q.DocID != "" {
		p.filters = append(p.filters, fieldTerm{fieldDocID, q.DocID})
	}
	if field == fieldText && !q.Summaries {
		p.excluded = append(p.excluded, fieldTerm{fieldSection, kindSummary})
	}
	return p, true
}

// anyTerm adds the required clause of any form of any of ts (as
// disjunction); a form of several terms is a phrase. ok is false when
// there are more forms than a leader's marks can hold.
func (p leaderPlan) anyTerm(ts []term) (leaderPlan, bool) {
	var any [][]string
	for _, t := range ts {
		any = append(any, t.forms...)
	}
	if len(any) > 64 {
		return p, false // more than leaderHit can mark
	}
	p.analysed = append(slices.Clip(p.analysed), any)
	return p, true
}

// orTerm adds the optional clause of any form of any of ts in field (as
// a should clause holding disjunction).
func (p leaderPlan) orTerm(ts []term, field string) (leaderPlan, bool) {
	any, ok := leaderPlan{}.anyTerm(ts)
	if !ok {
		return p, false
	}
	p.optional, p.optionalField = any.analysed[0], field
	return p, true
}

// postings is one term's postings being read.
type postings struct {
	r   bleveindex.TermFieldReader
	doc *bleveindex.TermFieldDoc
	id  bleveindex.IndexInternalID // reused by advance
	at  uint64                     // the current record's internal number
	// started says that the reader has moved; done that it has passed
	// its last record.
	started, done bool
	// weight is the term's BM25 factor that does not depend on the
	// record (see score), times how often the query holds the term;
	// avgLen is its field's average length.
	weight, avgLen float64
}

// next moves to the next record.
func (p *postings) next() error {
	d, err := p.r.Next(p.doc)
	return p.moved(d, err)
}

// advance moves to the first record at or after id; it never moves back.
func (p *postings) advance(id uint64) error {
	if p.done || (p.started && p.at >= id) {
		return nil
	}
	p.id = bleveindex.NewIndexInternalID(p.id, id)
	d, err := p.r.Advance(p.id, p.doc)
	return p.moved(d, err)
}

func (p *postings) moved(d *bleveindex.TermFieldDoc, err error) error {
	if err != nil {
		return err
	}
	if d == nil {
		p.done = true
		return nil
	}
	p.doc, p.at, p.started = d, d.ID.Value(), true
	return nil
}

// leaderHit is a record kept by pass one.
type leaderHit struct {
	at    uint64
	score float64
	// held and optHeld mark which terms of the plan's first analysed
	// group and of its optional clause the record holds, bit i for
	// term i.
	held, optHeld uint64
}

// planHit is a leader as runPlan gives it.
type planHit struct {
	at            uint64
	id            string
	score         float64
	held, optHeld uint64
}

// better orders hits best first: higher score, then met first.
func better(a, b leaderHit) int {
	return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.at, b.at))
}

// planHits runs pass one for p (see leaders): its best depth records by
// score alone, and how many records match in all.
func (ix *Index) planHits(ctx context.Context, p leaderPlan, depth int) ([]planHit, int, error) {
	var hits []planHit
	var total int
	err := ix.withReader(ctx, func(rd bleveindex.IndexReader) (err error) {
		hits, total, err = runPlan(ctx, rd, ix.analyzerOf(p.field), p, depth)
		return err
	})
	return hits, total, err
}

// analyzerOf is the analyzer of field.
func (ix *Index) analyzerOf(field string) analysis.Analyzer {
	return ix.bi.Mapping().AnalyzerNamed(ix.bi.Mapping().AnalyzerNameForPath(field))
}

// withReader runs fn with a reader of the index, as a search: counted in
// SearchTime, and with ctx's end reported as search reports it.
func (ix *Index) withReader(ctx context.Context, fn func(bleveindex.IndexReader) error) error {
	if err := stillWanted(ctx); err != nil {
		return err
	}
	start := time.Now()
	defer func() {
		ix.searchNS.Add(int64(time.Since(start)))
		ix.searches.Add(1)
	}()
	adv, err := ix.bi.Advanced()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	rd, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	defer rd.Close()
	if err := fn(rd); err != nil {
		if ctx.Err() != nil {
			return stillWanted(ctx)
		}
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// stats are what Bleve's BM25 reads of the index: its number of records
// and its fields' average lengths.
type stats struct {
	rd      bleveindex.IndexReader
	docs    uint64
	lengths map[string]float64
}

func newStats(rd bleveindex.IndexReader) (*stats, error) {
	docs, err := rd.DocCount()
	if err != nil {
		return nil, err
	}
	return &stats{rd: rd, docs: docs, lengths: map[string]float64{}}, nil
}

// avgLen is a field's average length, as Bleve's BM25 reads it.
func (st *stats) avgLen(field string) (float64, error) {
	if l, ok := st.lengths[field]; ok {
		return l, nil
	}
	l := 0.0
	if br, ok := st.rd.(bleveindex.BM25Reader); ok {
		card, err := br.FieldCardinality(field)
		if err != nil {
			return 0, err
		}
		if st.docs > 0 {
			l = math.Ceil(float64(card) / float64(st.docs))
		}
	}
	st.lengths[field] = l
	return l, nil
}

// idf is Bleve's BM25 idf of a term df records hold.
func (st *stats) idf(df uint64) float64 {
	return math.Log(1 + (float64(st.docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// errNotSimple says that a plan holds what runPlan cannot read itself
// (an alternative of several words, which is a phrase): Bleve answers.
var errNotSimple = errors.New("not a simple plan")

// clause is one required part of a plan: a record matches it when it
// holds any of its alternatives. A word is a clause of one term; a group
// of alternatives one of several, scored as Bleve's disjunction: the sum
// of the alternatives the record holds, times the share it holds.
//
// An alternative is a term, or a phrase of terms side by side: terms[i]
// is alternative i's term, or its phrase's rarest term, which leads it
// (a record that holds the phrase holds that term), and phrases[i] the
// phrase's terms by position (nil for a gap), or nil for a term.
type clause struct {
	terms   []*postings
	phrases [][]*postings
	scored  bool
}

// phrase is alternative i's phrase, or nil.
func (c *clause) phrase(i int) []*postings {
	if c.phrases == nil {
		return nil
	}
	return c.phrases[i]
}

// alt reports whether the record at holds alternative i.
func (c *clause) alt(i int, at uint64) bool {
	t := c.terms[i]
	if t.done || !t.started || t.at != at {
		return false
	}
	ph := c.phrase(i)
	if ph == nil {
		return true
	}
	for _, ps := range ph {
		if ps != nil && (ps.done || !ps.started || ps.at != at) {
			return false
		}
	}
	return inSequence(ph)
}

// altScore is alternative i's score in the current record.
func (c *clause) altScore(i int) float64 {
	ph := c.phrase(i)
	if ph == nil {
		t := c.terms[i]
		return t.weight * bm25(t.doc.Freq, t.doc.Norm, t.avgLen)
	}
	s := 0.0
	for _, t := range ph {
		if t != nil {
			s += t.weight * bm25(t.doc.Freq, t.doc.Norm, t.avgLen)
		}
	}
	return s
}

// count is how many records may match the clause, at most.
func (c *clause) count() uint64 {
	var n uint64
	for _, t := range c.terms {
		n += t.r.Count()
	}
	return n
}

// advance moves every term to id or after.
func (c *clause) advance(id uint64) error {
	for _, t := range c.terms {
		if err := t.advance(id); err != nil {
			return err
		}
	}
	for _, ph := range c.phrases {
		for _, t := range ph {
			if t != nil {
				if err := t.advance(id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// holds reports whether the record at holds an alternative of the clause.
func (c *clause) holds(at uint64) bool {
	for i := range c.terms {
		if c.alt(i, at) {
			return true
		}
	}
	return false
}

// first is the least record a term of the clause is at; ok is false when
// every term is done.
func (c *clause) first() (at uint64, ok bool) {
	for _, t := range c.terms {
		if !t.done && t.started && (!ok || t.at < at) {
			at, ok = t.at, true
		}
	}
	return at, ok
}

// mark has bit i set when the record at holds alternative i.
func (c *clause) mark(at uint64) uint64 {
	var m uint64
	for i := range c.terms {
		if c.alt(i, at) {
			m |= 1 << i
		}
	}
	return m
}

// score is the clause's score at record at.
func (c *clause) score(at uint64) float64 {
	s, held := 0.0, 0
	for i := range c.terms {
		if c.alt(i, at) {
			s += c.altScore(i)
			held++
		}
	}
	if len(c.terms) > 1 {
		s *= float64(held) / float64(len(c.terms))
	}
	return s
}

// compiled is a plan's text analysed as Bleve analyses it.
type compiled struct {
	// terms are the words' terms, and times how often each is there.
	terms []string
	times map[string]int
	// groups are the groups of alternatives, each alternative its terms
	// by position (see phraseSlots). A required phrase is a group of one
	// alternative: Bleve scores and matches both alike.
	groups [][][]string
	// none says that the plan matches nothing.
	none bool
}

// compile analyses p with its field's analyzer an. It fails with
// errNotSimple for what runPlan cannot read itself.
func compile(an analysis.Analyzer, p leaderPlan) (compiled, error) {
	if an == nil {
		return compiled{}, fmt.Errorf("no analyzer for field %s", p.field)
	}
	// The words' terms, as Bleve's match query analyses them; a term
	// the query holds twice counts twice. Words that analyse to nothing
	// match nothing, as in Bleve.
	c := compiled{times: map[string]int{}}
	if len(p.words) > 0 {
		for _, tok := range an.Analyze([]byte(strings.Join(p.words, " "))) {
			t := string(tok.Term)
			if c.times[t] == 0 {
				c.terms = append(c.terms, t)
			}
			c.times[t]++
		}
		if len(c.terms) == 0 {
			c.none = true
		}
	}
	// Each alternative of a group is a phrase (Bleve's match phrase
	// query), of one term or more.
	c.groups = make([][][]string, len(p.groups))
	for i, g := range p.groups {
		for _, alt := range g {
			slots, ok := phraseSlots(an.Analyze([]byte(alt)))
			if !ok || len(slots) == 0 {
				return compiled{}, errNotSimple
			}
			c.groups[i] = append(c.groups[i], slots)
		}
	}
	// Each phrase as Bleve's match phrase query reads it: its terms by
	// position, words its analyser drops leaving a gap that any word
	// fills. A phrase that analyses to nothing matches nothing.
	for _, ph := range p.phrases {
		slots, ok := phraseSlots(an.Analyze([]byte(ph)))
		if !ok {
			return compiled{}, errNotSimple
		}
		if len(slots) == 0 {
			c.none = true
			continue
		}
		c.groups = append(c.groups, [][]string{slots})
	}
	c.groups = append(c.groups, p.analysed...)
	if p.dated && len(p.dates) == 0 {
		c.none = true
	}
	if len(c.terms)+len(c.groups) == 0 && !c.none {
		// Only filters, or nothing: Bleve decides what that matches.
		return compiled{}, errNotSimple
	}
	return c, nil
}

// runPlan is planHits over the reader rd, with the field's analyzer an.
func runPlan(ctx context.Context, rd bleveindex.IndexReader, an analysis.Analyzer, p leaderPlan, depth int) ([]planHit, int, error) {
	c, err := compile(an, p)
	if err != nil {
		return nil, 0, err
	}
	return runCompiled(ctx, rd, p, c, depth)
}

// runCompiled is runPlan for p compiled as c.
func runCompiled(ctx context.Context, rd bleveindex.IndexReader, p leaderPlan, c compiled, depth int) ([]planHit, int, error) {
	if c.none || depth <= 0 {
		return nil, 0, nil
	}
	terms, times, groups := c.terms, c.times, c.groups
	st, err := newStats(rd)
	if err != nil {
		return nil, 0, err
	}
	var opened []*postings
	defer func() {
		for _, ps := range opened {
			_ = ps.r.Close()
		}
	}()
	// open reads a term's postings. A scored term's weight is Bleve's
	// BM25 idf times the query weight (boost × idf × queryNorm), less
	// queryNorm, which is the same for every record and so does not
	// change the order.
	open := func(term, field string, scored bool, times int, positions bool) (*postings, error) {
		r, err := termReader(ctx, rd, term, field, scored, positions)
		if err != nil {
			return nil, err
		}
		ps := &postings{r: r, doc: &bleveindex.TermFieldDoc{}}
		opened = append(opened, ps)
		if scored {
			if ps.avgLen, err = st.avgLen(field); err != nil {
				return nil, err
			}
			idf := st.idf(r.Count())
			ps.weight = idf * idf * float64(times)
		}
		return ps, nil
	}
	var required, excluded []*clause
	for _, t := range terms {
		ps, err := open(t, p.field, true, times[t], false)
		if err != nil {
			return nil, 0, err
		}
		required = append(required, &clause{terms: []*postings{ps}, scored: true})
	}
	// alternatives opens a group of alternatives in field as a scored
	// clause.
	alternatives := func(g [][]string, field string) (*clause, error) {
		c := &clause{scored: true}
		for _, slots := range g {
			if len(slots) > 1 && c.phrases == nil {
				c.phrases = make([][]*postings, len(c.terms), len(g))
			}
			if len(slots) == 1 {
				ps, err := open(slots[0], field, true, 1, false)
				if err != nil {
					return nil, err
				}
				c.terms = append(c.terms, ps)
				if c.phrases != nil {
					c.phrases = append(c.phrases, nil)
				}
				continue
			}
			ph := make([]*postings, len(slots))
			var lead *postings
			for j, t := range slots {
				if t == "" {
					continue
				}
				ps, err := open(t, field, true, 1, true)
				if err != nil {
					return nil, err
				}
				ph[j] = ps
				if lead == nil || ps.r.Count() < lead.r.Count() {
					lead = ps
				}
			}
			c.terms = append(c.terms, lead)
			c.phrases = append(c.phrases, ph)
		}
		return c, nil
	}
	var marked *clause // the first analysed group's, whose terms are marked
	for i, g := range groups {
		c, err := alternatives(g, p.field)
		if err != nil {
			return nil, 0, err
		}
		if i == len(groups)-len(p.analysed) {
			marked = c
		}
		required = append(required, c)
	}
	for _, set := range []struct {
		fts []fieldTerm
		to  *[]*clause
	}{{p.filters, &required}, {p.excluded, &excluded}} {
		for _, ft := range set.fts {
			ps, err := open(ft.term, ft.field, false, 0, false)
			if err != nil {
				return nil, 0, err
			}
			*set.to = append(*set.to, &clause{terms: []*postings{ps}})
		}
	}
	if p.dated {
		c := &clause{}
		for _, t := range p.dates {
			ps, err := open(t, fieldDate, false, 0, false)
			if err != nil {
				return nil, 0, err
			}
			c.terms = append(c.terms, ps)
		}
		required = append(required, c)
	}
	var optional *clause
	if len(p.optional) > 0 {
		if optional, err = alternatives(p.optional, p.optionalField); err != nil {
			return nil, 0, err
		}
	}
	// The rarest clause drives: its records are the candidates.
	driver := slices.MinFunc(required, func(a, b *clause) int { return cmp.Compare(a.count(), b.count()) })
	for _, t := range driver.terms {
		if err := t.next(); err != nil {
			return nil, 0, err
		}
	}

	prune := newPruning(p, driver, required, optional)
	driving := driver
	// Where the driver has many records and other clauses are required,
	// or its alternatives are phrases, the records every clause may hold
	// are found first, from the postings as bitmaps, and only those are
	// read.
	if prune == nil && p.only == nil && (len(required) > 1 || driver.phrases != nil) && driver.count() >= intersectFrom {
		if only, ok := intersection(required); ok {
			p.only = only
		}
	}

	top := make([]leaderHit, 0, depth+1)
	total := 0
	// keep scores a record that matches, and keeps it if it leads.
	keep := func(at uint64) error {
		total++
		s := 0.0
		for _, c := range required {
			if c.scored {
				s += c.score(at)
			}
		}
		h := leaderHit{at: at}
		if optional != nil {
			if err := optional.advance(at); err != nil {
				return err
			}
			s += optional.score(at)
			h.optHeld = optional.mark(at)
		}
		if marked != nil {
			h.held = marked.mark(at)
		}
		if h.score = s; len(top) < depth || better(h, top[0]) < 0 {
			top = pushLeader(top, h, depth)
			if prune != nil && len(top) == depth {
				driving = prune.essential(top[0].score)
			}
		}
		return nil
	}
	// matches advances the required clauses but skip, and the excluded
	// ones, to the record at, and reports whether it holds every one and
	// none of the others.
	matches := func(at uint64, skip *clause) (bool, error) {
		for _, c := range required {
			if c == skip {
				continue
			}
			if err := c.advance(at); err != nil {
				return false, err
			}
			if !c.holds(at) {
				return false, nil
			}
		}
		for _, c := range excluded {
			if err := c.advance(at); err != nil {
				return false, err
			}
			if c.holds(at) {
				return false, nil
			}
		}
		return true, nil
	}
	// A plan asked about given records reads each of them in every
	// clause, instead of being driven by the rarest.
	for n, at := range p.only {
		if n%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		match, err := matches(at, nil)
		if err == nil && match {
			err = keep(at)
		}
		if err != nil {
			return nil, 0, err
		}
	}
	for n := 0; p.only == nil; n++ {
		if n%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
		}
		at, ok := driving.first()
		if !ok {
			break
		}
		// The terms that do not drive, of the driver's phrases or of what
		// pruning left out, come to this record.
		if driving != driver || driver.phrases != nil {
			if err := driver.advance(at); err != nil {
				return nil, 0, err
			}
		}
		// A lead term alone does not hold its phrase.
		if driver.phrases == nil || driver.holds(at) {
			match, err := matches(at, driver)
			if err == nil && match {
				err = keep(at)
			}
			if err != nil {
				return nil, 0, err
			}
		}
		// The driving terms at this record move on.
		for _, t := range driving.terms {
			if !t.done && t.at == at {
				if err := t.next(); err != nil {
					return nil, 0, err
				}
			}
		}
	}
	slices.SortFunc(top, better)
	hits := make([]planHit, len(top))
	for i, h := range top {
		id, err := rd.ExternalID(bleveindex.NewIndexInternalID(nil, h.at))
		if err != nil {
			return nil, 0, err
		}
		hits[i] = planHit{at: h.at, id: id, score: h.score, held: h.held, optHeld: h.optHeld}
	}
	return hits, total, nil
}

// pruning lets pass one skip the records that cannot be leaders, when
// the driving clause is a disjunction and the caller wants no total (as
// in MaxScore, Turtle and Flood 1995): once the heap of leaders is full,
// a record that holds only terms whose scores together cannot reach the
// worst leader's is not read at all. Those terms ("non-essential") are
// only advanced to the records the others drive to.
type pruning struct {
	driver *clause
	// byBound is the driver's terms, the least upper bound first, and
	// bound their upper bounds.
	byBound []*postings
	bound   []float64
	// others bounds what every other scored clause may add.
	others float64
	// from is how many of byBound are non-essential now, and current
	// the clause of the others.
	from    int
	current *clause
}

// newPruning returns the pruning of a plan, or nil when it cannot prune.
func newPruning(p leaderPlan, driver *clause, required []*clause, optional *clause) *pruning {
	if !p.noTotal || !driver.scored || len(driver.terms) < 2 || p.only != nil {
		return nil
	}
	pr := &pruning{driver: driver, current: driver}
	for _, c := range append(slices.Clone(required), optional) {
		if c == nil || c == driver || !c.scored {
			continue
		}
		for i := range c.terms {
			ub, ok := c.altBound(i)
			if !ok {
				return nil
			}
			pr.others += ub
		}
	}
	// The driver's alternatives by bound, each led by its term.
	order := make([]int, len(driver.terms))
	bounds := make([]float64, len(driver.terms))
	for i := range order {
		ub, ok := driver.altBound(i)
		if !ok {
			return nil
		}
		order[i], bounds[i] = i, ub
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(bounds[a], bounds[b]) })
	for _, i := range order {
		pr.byBound = append(pr.byBound, driver.terms[i])
		pr.bound = append(pr.bound, bounds[i])
	}
	return pr
}

// altBound is the most alternative i can add to a record's score: its
// term's bound, or its phrase's terms' together.
func (c *clause) altBound(i int) (float64, bool) {
	alt := []*postings{c.terms[i]}
	if ph := c.phrase(i); ph != nil {
		alt = ph
	}
	sum := 0.0
	for _, t := range alt {
		if t == nil {
			continue
		}
		ub, ok := upperBound(t)
		if !ok {
			return 0, false
		}
		sum += ub
	}
	return sum, true
}

// upperBound is the most a term can add to a record's score: Bleve's
// BM25 saturates below k1 however often a term occurs, and the length
// part only lowers it. The bound is raised a little, against rounding.
func upperBound(t *postings) (float64, bool) {
	if t.avgLen <= 0 {
		return 0, false // tf-idf: no bound
	}
	return t.weight * search.BM25_k1 * (1 + 1e-9), true
}

// essential returns the clause of the driver's terms that may still
// bring a leader, now that the worst leader scores worst.
func (pr *pruning) essential(worst float64) *clause {
	n := float64(len(pr.byBound))
	sum, k := 0.0, 0
	for k < len(pr.byBound)-1 {
		// A record holding only the first k+1 terms holds at most k+1 of
		// them, and scores at most their bounds times its share.
		next := sum + pr.bound[k]
		if next*float64(k+1)/n+pr.others >= worst {
			break
		}
		sum = next
		k++
	}
	if k != pr.from {
		pr.from = k
		pr.current = &clause{terms: pr.byBound[k:], scored: true}
	}
	return pr.current
}

// phraseSlots are a phrase's terms by position from the first to the
// last, "" where the analyser dropped a word (as Bleve's match phrase
// query reads them); ok is false when a position holds several terms.
func phraseSlots(toks analysis.TokenStream) ([]string, bool) {
	if len(toks) == 0 {
		return nil, true
	}
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	slots := make([]string, last-first+1)
	for _, t := range toks {
		if slots[t.Position-first] != "" {
			return nil, false
		}
		slots[t.Position-first] = string(t.Term)
	}
	return slots, true
}

// inSequence reports whether the current record holds the phrase whose
// terms' postings check holds by slot (nil for a gap): each term right
// after the one before, a gap taking one position, all in the same value
// of the field (an event's text has several).
func inSequence(check []*postings) bool {
	first := check[0] // a phrase never starts with a gap
	for _, v := range first.doc.Vectors {
		ok := true
		for i, ps := range check[1:] {
			if ps != nil && !atPosition(ps.doc.Vectors, v.Pos+uint64(i)+1, v.ArrayPositions) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// atPosition reports whether a term's vectors hold position pos of the
// field's value at ap.
func atPosition(vs []*bleveindex.TermFieldVector, pos uint64, ap []uint64) bool {
	for _, v := range vs {
		if v.Pos == pos && slices.Equal(v.ArrayPositions, ap) {
			return true
		}
	}
	return false
}

// bm25 is the part of Bleve's BM25 score of a term that depends on the
// record: the saturated frequency over the field's length.
func bm25(freq uint64, norm, avgLen float64) float64 {
	tf := math.Sqrt(float64(freq))
	if avgLen <= 0 {
		return tf * norm
	}
	length := 1 / (norm * norm)
	return tf * search.BM25_k1 / (tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*length/avgLen))
}

// pushLeader adds h to top, a heap of at most depth hits whose root is the
// worst, dropping the worst when it is full.
func pushLeader(top []leaderHit, h leaderHit, depth int) []leaderHit {
	if len(top) == depth {
		top[0] = h
		siftDown(top, 0)
		return top
	}
	top = append(top, h)
	for i := len(top) - 1; i > 0; {
		parent := (i - 1) / 2
		if better(top[i], top[parent]) <= 0 {
			break
		}
		top[i], top[parent] = top[parent], top[i]
		i = parent
	}
	return top
}

// siftDown restores the heap below i.
func siftDown(top []leaderHit, i int) {
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(top) && better(top[l], top[worst]) > 0 {
			worst = l
		}
		if r < len(top) && better(top[r], top[worst]) > 0 {
			worst = r
		}
		if worst == i {
			return
		}
		top[i], top[worst] = top[worst], top[i]
		i = worst
	}
}

// intersectFrom is the number of records of a plan's driving clause from
// which runCompiled intersects the required clauses' postings as bitmaps
// before reading them: below it, reading the driver's postings costs
// less than looking the terms up again. A variable for tests.
var intersectFrom uint64 = 2048

// intersection returns the records that every required clause may hold,
// ascending: for each clause, the records of any of its alternatives (of
// a phrase, those of every term of it), as the segment's postings
// bitmaps, intersected. ok is false where the terms are not read from
// the segment (see termReader): more than one segment, deleted records,
// or another segment format.
func intersection(required []*clause) ([]uint64, bool) {
	// records adds t's records to into.
	records := func(t *postings, into *roaring.Bitmap) bool {
		sr, ok := t.r.(*segmentReader)
		if !ok {
			return false
		}
		bits, ok := sr.pl.(interface{ OrInto(*roaring.Bitmap) })
		if ok {
			bits.OrInto(into)
		}
		return ok
	}
	var all *roaring.Bitmap
	for _, c := range required {
		held := roaring.New()
		for i, t := range c.terms {
			ph := c.phrase(i)
			if ph == nil {
				if !records(t, held) {
					return nil, false
				}
				continue
			}
			var alt *roaring.Bitmap
			for _, pt := range ph {
				if pt == nil {
					continue
				}
				b := roaring.New()
				if !records(pt, b) {
					return nil, false
				}
				if alt == nil {
					alt = b
				} else {
					alt.And(b)
				}
			}
			held.Or(alt)
		}
		if all == nil {
			all = held
		} else {
			all.And(held)
		}
	}
	out := make([]uint64, 0, all.GetCardinality())
	for it := all.Iterator(); it.HasNext(); {
		out = append(out, uint64(it.Next()))
	}
	return out, true
}
