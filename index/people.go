package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/archivebot/archivebot/corpus"
)

// The person table answers `who` without a search. Build writes it beside
// the Bleve index, once the authority of people is known: for each person,
// the documents that name them, oldest first, with the first body
// paragraph a spelling of the name matches as a phrase (the passage `who`
// quotes), and the people named most often alongside. It holds what the
// search `who` ran before gave, so that the answers stay the same:
//
//   - a document is listed when it names the person (a mention the corpus
//     reader found, or a spelling written as a whole name, see
//     corpus.NamesExactly) and a spelling matches its title, summary or
//     body as a phrase, as Bleve matches it (the same analyzer);
//   - the spellings are the person's variants, the surnames that name
//     this person alone, and the variants as typed (corpus.TypedForm);
//   - companions count, over the documents listed, the mentions of each
//     other person and the documents naming them.
//
// For each document it also keeps what the filters of a query need (date,
// language) and how often it names each person, so that a filtered `who`
// counts its companions over the documents it keeps.
//
// The mentions themselves (spelling, role, part, paragraph) are not kept:
// who reads them, and the roles, from the five documents of the page it
// shows, which it loads anyway for their passages.
//
// The file is varints and strings with their length first, like the
// stored documents (codec.go): per document its id, date, language and
// name counts; per person their name, their entries (document, first
// paragraph, first match; about five bytes each) with their length in
// bytes, so that opening the index skips them, and their companions.

// peopleFile is the file of the person table in an index folder.
const peopleFile = "archivebot.people"

// peopleMagic starts the person table; its version changes with its form.
const peopleMagic = "archivebot people table 2\n"

// NamedCompanions is how many companions Named returns at most.
const NamedCompanions = 10

// Named is what the person table says of one person under a query's
// filters: one page of the documents that name them, and the rest in
// brief.
type Named struct {
	// Total counts the documents that name the person.
	Total int
	// Docs are the documents of the page asked for, in the order of all:
	// oldest first (undated last), then by id.
	Docs []NamedDoc
	// Others are the dates of the documents on the other pages, in the
	// same order, as many as asked for.
	Others []string
	// Companions are the people named alongside in all the documents,
	// those in the most documents first, then the most often, then by
	// name; at most NamedCompanions.
	Companions []Companion
}

// NamedDoc is one document that names a person.
type NamedDoc struct {
	DocID string
	// Date is the document's date as written for readers (corpus.Date's
	// String).
	Date string
	// First is the number of the first body paragraph that a spelling of
	// the name matches as a phrase, 0 when only the title or the summary
	// does; Match is the first matched word in it.
	First int
	Match Span
}

// Companion is a person named in the documents that name another.
type Companion struct {
	Name string
	// Docs counts the documents naming both, Mentions the mentions of
	// this person in them.
	Docs, Mentions int
}

// Named returns the documents that name the person whose preferred name
// is name (corpus.Person.Name), and the people named alongside, from the
// person table: a lookup, not a search. The filters of q apply (DocID,
// From, To, Language), and q.Offset and q.Limit (0: DefaultLimit) select
// the page of documents; its words are ignored. others is how many dates
// of the documents not on the page to return. A name the table does not
// hold names no document.
func (ix *Index) Named(ctx context.Context, name string, q Query, others int) (Named, error) {
	if err := ctx.Err(); err != nil {
		return Named{}, fmt.Errorf("person %s: %w", name, err)
	}
	t := ix.people
	if t == nil {
		return Named{}, nil
	}
	i, ok := t.byName[name]
	if !ok {
		return Named{}, nil
	}
	p := &t.persons[i]
	keep := t.filter(q)
	limit, offset := q.Limit, max(q.Offset, 0)
	if limit <= 0 {
		limit = DefaultLimit
	}
	var out Named
	var counts map[int32]*tableCompanion
	if keep != nil {
		counts = map[int32]*tableCompanion{}
	}
	err := t.eachEntry(p, func(e tableEntry) {
		d := &t.docs[e.doc]
		if keep != nil && !keep(d) {
			return
		}
		n := out.Total
		out.Total++
		switch {
		case n >= offset && n < offset+limit:
			out.Docs = append(out.Docs, NamedDoc{DocID: d.id, Date: d.date, First: int(e.first), Match: Span{Start: int(e.start), End: int(e.end)}})
		case len(out.Others) < others:
			out.Others = append(out.Others, d.date)
		}
		// Filtered: count the companions of the documents kept.
		for _, pc := range d.people {
			if counts == nil {
				break
			}
			if pc.person == int32(i) {
				continue
			}
			c := counts[pc.person]
			if c == nil {
				c = &tableCompanion{person: pc.person}
				counts[pc.person] = c
			}
			c.docs++
			c.mentions += pc.count
		}
	})
	if err != nil {
		return Named{}, fmt.Errorf("person %s: %w", name, err)
	}
	if keep == nil {
		out.Companions = t.companionsOf(p.top)
		return out, nil
	}
	top := make([]tableCompanion, 0, len(counts))
	for _, c := range counts {
		top = append(top, *c)
	}
	out.Companions = t.companionsOf(t.topCompanions(top))
	return out, nil
}

// peopleTable is the person table. A table read from its file keeps the
// file and decodes a person's entries when asked for them: at 10,000
// documents there are millions.
type peopleTable struct {
	// raw is the stored form after peopleMagic, for a table read.
	raw     string
	docs    []tableDoc // oldest first, as who lists them
	persons []tablePerson
	byName  map[string]int
}

// eachEntry calls fn with each entry of p, in order. A table read is
// checked as a whole when the index opens (the checksums, and the form of
// everything but the entries); a person's entries are checked here, when
// first read, and entries that do not decode are ErrDamaged.
func (t *peopleTable) eachEntry(p *tablePerson, fn func(tableEntry)) error {
	if p.entries != nil || p.count == 0 {
		for _, e := range p.entries {
			fn(e)
		}
		return nil
	}
	d := &decoder{s: t.raw[:p.end], pos: p.at}
	var err error
	num := func(limit uint64) uint64 {
		if err != nil {
			return 0
		}
		var n uint64
		if n, err = d.uvarint(); err == nil && n >= limit {
			err = fmt.Errorf("number %d out of range", n)
		}
		return n
	}
	const maxN = 1 << 31
	doc := uint64(0)
	for range p.count {
		doc += num(uint64(len(t.docs)) - doc)
		first := num(maxN)
		start := num(maxN)
		end := start + num(maxN-start)
		if err != nil {
			break
		}
		fn(tableEntry{doc: int32(doc), first: int32(first), start: int32(start), end: int32(end)})
	}
	if err == nil && d.pos != p.end {
		err = fmt.Errorf("%d bytes left over", p.end-d.pos)
	}
	if err != nil {
		return fmt.Errorf("%w: %w: the entries of %s: %w: rebuild it with `archivebot index`", ErrDamaged, errBadTable, p.name, err)
	}
	return nil
}

// tableDoc is what the table keeps of a document.
type tableDoc struct {
	id, date string
	// dated says the document has a date the index holds (indexDate),
	// nanos its Unix nanoseconds.
	dated bool
	nanos int64
	lang  string
	// people counts the document's mentions of each person.
	people []personCount
}

type personCount struct{ person, count int32 }

// tablePerson is one person's entry.
type tablePerson struct {
	name string
	// entries are the documents that name the person, in order: in
	// memory while the table is built; in a table read, the count of
	// them and where they are in raw.
	entries        []tableEntry
	count, at, end int
	// top are the companions over all entries, best first, at most
	// NamedCompanions.
	top []tableCompanion
}

type tableEntry struct{ doc, first, start, end int32 }

type tableCompanion struct{ person, docs, mentions int32 }

// filter returns the test of q's filters on a document, or nil when q has
// none. The tests are those of searchRequest.
func (t *peopleTable) filter(q Query) func(*tableDoc) bool {
	lang := normLanguage(q.Language)
	if q.DocID == "" && q.From.IsZero() && q.To.IsZero() && lang == "" {
		return nil
	}
	from, to := clampDate(q.From), clampDate(q.To)
	return func(d *tableDoc) bool {
		switch {
		case q.DocID != "" && d.id != q.DocID:
			return false
		case lang != "" && d.lang != lang:
			return false
		case !from.IsZero() || !to.IsZero():
			if !d.dated || !from.IsZero() && d.nanos < from.UnixNano() || !to.IsZero() && d.nanos >= to.UnixNano() {
				return false
			}
		}
		return true
	}
}

// topCompanions sorts companions as who shows them and keeps the first
// NamedCompanions.
func (t *peopleTable) topCompanions(cs []tableCompanion) []tableCompanion {
	slices.SortFunc(cs, func(a, b tableCompanion) int {
		return cmp.Or(cmp.Compare(b.docs, a.docs), cmp.Compare(b.mentions, a.mentions),
			strings.Compare(t.persons[a.person].name, t.persons[b.person].name))
	})
	return cs[:min(len(cs), NamedCompanions)]
}

func (t *peopleTable) companionsOf(top []tableCompanion) []Companion {
	out := make([]Companion, 0, len(top))
	for _, c := range top {
		out = append(out, Companion{Name: t.persons[c.person].name, Docs: int(c.docs), Mentions: int(c.mentions)})
	}
	return out
}

// buildPeopleTable derives the person table of the finished index in dir
// from its stored documents (ids, in any order) and the authority's people.
// Documents are read and scanned on every CPU; the table does not depend
// on which finishes first.
func buildPeopleTable(ctx context.Context, dir string, ids []string, people []corpus.Person) (*peopleTable, error) {
	bi, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("person table: %w", err)
	}
	defer bi.Close()
	tb, err := newTableBuilder(people)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	results := make([]docResult, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lookups := map[string]int32{} // name as written -> person, or -1
			intern := map[string]string{}
			for i := range next {
				raw, err := storedField(bi, docRecordID(ids[i]), fieldDoc)
				var d corpus.Document
				if err == nil {
					d, err = decompressDocument(raw)
				}
				if err != nil {
					cancel(fmt.Errorf("person table: document %s: %w", ids[i], err))
					continue
				}
				results[i] = tb.scan(d, lookups, intern)
			}
		}()
	}
feed:
	for i := range ids {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("person table: %w", err)
	}
	for _, r := range results {
		tb.add(r)
	}
	return tb.finish(), nil
}

// tableBuilder collects the person table one document at a time.
type tableBuilder struct {
	auth *corpus.Authority
	an   analysis.Analyzer
	t    peopleTable
	// spellings of each person, and the spellings by their first run of
	// ASCII letters (lower case), or by "" when they have none.
	spellings [][]*spelling
	byKey     map[string][]*spelling
	sortKeys  []string // per document
	entries   [][]tableEntry
}

// spelling is one way a person's name is written, with its terms as
// Bleve's phrase query sees them: terms[i] at position offset[i] from the
// first.
type spelling struct {
	text, lower string
	persons     []int32
	terms       []string
	offset      []int
}

func newTableBuilder(people []corpus.Person) (*tableBuilder, error) {
	an, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return nil, fmt.Errorf("person table: %w", err)
	}
	tb := &tableBuilder{
		auth:      corpus.NewAuthority(people),
		an:        an,
		spellings: make([][]*spelling, len(people)),
		byKey:     map[string][]*spelling{},
		entries:   make([][]tableEntry, len(people)),
		t:         peopleTable{persons: make([]tablePerson, len(people)), byName: make(map[string]int, len(people))},
	}
	for i, p := range people {
		tb.t.persons[i].name = p.Name
		if _, dup := tb.t.byName[p.Name]; !dup {
			tb.t.byName[p.Name] = i
		}
	}
	byText := map[string]*spelling{}
	for i, p := range people {
		// As who searches: the variants, and the surnames that name this
		// person alone.
		texts := slices.Clone(p.Variants)
		for _, v := range p.Variants {
			sur := corpus.Surname(v)
			if sur == "" || slices.Contains(texts, sur) {
				continue
			}
			if q, ok := tb.auth.Lookup(sur); ok && q.Name == p.Name {
				texts = append(texts, sur)
			}
		}
		// And the spellings as typed ("A M Puzanov"): who searches for
		// the name typed too.
		for _, v := range p.Variants {
			if tf := corpus.TypedForm(v); tf != "" {
				texts = append(texts, tf)
			}
		}
		slices.Sort(texts)
		for _, text := range slices.Compact(texts) {
			sp := byText[text]
			if sp == nil {
				sp = &spelling{text: text, lower: strings.ToLower(text)}
				sp.terms, sp.offset = tb.phrase(text)
				byText[text] = sp
				key := firstRun(strings.ToLower(text))
				tb.byKey[key] = append(tb.byKey[key], sp)
			}
			sp.persons = append(sp.persons, int32(i))
			tb.spellings[i] = append(tb.spellings[i], sp)
		}
	}
	return tb, nil
}

// phrase analyses text as a phrase query does: the terms, and their
// positions from the first term's. Stop words leave gaps.
func (tb *tableBuilder) phrase(text string) ([]string, []int) {
	tokens := tb.an.Analyze([]byte(text))
	if len(tokens) == 0 {
		return nil, nil
	}
	first := tokens[0].Position
	for _, tk := range tokens {
		first = min(first, tk.Position)
	}
	terms := make([]string, 0, len(tokens))
	offset := make([]int, 0, len(tokens))
	for _, tk := range tokens {
		terms = append(terms, string(tk.Term))
		offset = append(offset, tk.Position-first)
	}
	return terms, offset
}

// person returns the person a name as written means, or -1, remembering
// the answer in lookups.
func (tb *tableBuilder) person(name string, lookups map[string]int32) int32 {
	if i, ok := lookups[name]; ok {
		return i
	}
	i := int32(-1)
	if p, ok := tb.auth.Lookup(name); ok {
		if j, ok := tb.t.byName[p.Name]; ok {
			i = int32(j)
		}
	}
	lookups[strings.Clone(name)] = i
	return i
}

// docTerms is a document's texts as the search sees them: the title (text
// 0), the summary (1) and the body paragraphs (2 on), each analysed once,
// with the term and the byte span at each position, and where each term
// occurs, in the order of the texts and positions.
type docTerms struct {
	terms [][]string
	spans [][]Span
	occ   map[string][]termAt
}

type termAt struct{ text, pos int32 }

// bodyText is the first body paragraph's text in docTerms.
const bodyText = 2

// analyse analyses texts; intern keeps one copy of each term.
func (tb *tableBuilder) analyse(texts []string, intern map[string]string) docTerms {
	dt := docTerms{terms: make([][]string, len(texts)), spans: make([][]Span, len(texts)), occ: map[string][]termAt{}}
	for i, text := range texts {
		tokens := tb.an.Analyze([]byte(text))
		last := 0
		for _, tk := range tokens {
			last = max(last, tk.Position)
		}
		terms, spans := make([]string, last+1), make([]Span, last+1)
		for _, tk := range tokens {
			term, ok := intern[string(tk.Term)]
			if !ok {
				term = string(tk.Term)
				intern[term] = term
			}
			terms[tk.Position] = term
			spans[tk.Position] = Span{Start: tk.Start, End: tk.End}
			dt.occ[term] = append(dt.occ[term], termAt{int32(i), int32(tk.Position)})
		}
		dt.terms[i], dt.spans[i] = terms, spans
	}
	return dt
}

// firstMatch returns the text of dt, from text from on, where a spelling
// first matches as a phrase, and the span of its first word there (the
// earliest, when several spellings match in that text); text is -1 when
// none matches.
func firstMatch(dt docTerms, sps []*spelling, from int) (text int, span Span) {
	text = -1
	for _, sp := range sps {
		if len(sp.terms) == 0 {
			continue
		}
		for _, at := range dt.occ[sp.terms[0]] {
			t := int(at.text)
			if t < from {
				continue
			}
			if text >= 0 && t > text {
				break // occurrences come in order: no earlier match
			}
			ok := true
			for k := 1; k < len(sp.terms) && ok; k++ {
				p := int(at.pos) + sp.offset[k]
				ok = p < len(dt.terms[t]) && dt.terms[t][p] == sp.terms[k]
			}
			if !ok {
				continue
			}
			s := dt.spans[t][at.pos]
			if text < 0 || t < text || s.Start < span.Start || s.Start == span.Start && s.End < span.End {
				text, span = t, s
			}
			break // this spelling's first match
		}
	}
	return text, span
}

// firstRun returns the first run of ASCII letters in s.
func firstRun(s string) string {
	start := strings.IndexFunc(s, isASCIILetter)
	if start < 0 {
		return ""
	}
	end := strings.IndexFunc(s[start:], func(r rune) bool { return !isASCIILetter(r) })
	if end < 0 {
		return s[start:]
	}
	return s[start : start+end]
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// docResult is what the table takes from one document: the document, and
// an entry for each person it names (its doc field unset).
type docResult struct {
	doc     tableDoc
	sortKey string
	persons []int32
	entries []tableEntry
}

// scan reads what the table needs from the document d. It is safe for
// concurrent use, with lookups and intern its caller's own.
func (tb *tableBuilder) scan(d corpus.Document, lookups map[string]int32, intern map[string]string) docResult {
	td := tableDoc{id: d.ID, date: d.Date.String(), lang: normLanguage(d.OriginalLanguage)}
	if t := indexDate(d.Date); t != nil {
		td.dated, td.nanos = true, t.UnixNano()
	}
	named := map[int32]bool{}
	var order []int32
	name := func(i int32) {
		if !named[i] {
			named[i] = true
			order = append(order, i)
		}
	}
	for _, m := range d.People {
		i := tb.person(m.Name, lookups)
		if i < 0 {
			continue
		}
		name(i)
		j := slices.IndexFunc(td.people, func(pc personCount) bool { return pc.person == i })
		if j < 0 {
			td.people = append(td.people, personCount{person: i, count: 1})
		} else {
			td.people[j].count++
		}
	}
	// Spellings written as whole names, where no mention was read.
	texts := make([]string, 0, len(d.Paragraphs)+bodyText)
	texts = append(texts, d.Title, d.Summary)
	for _, p := range d.Paragraphs {
		texts = append(texts, p.Text)
	}
	checked := map[*spelling]bool{}
	for _, text := range texts {
		lower := strings.ToLower(text)
		clear(checked)
		check := func(sps []*spelling) {
			for _, sp := range sps {
				if checked[sp] || !slices.ContainsFunc(sp.persons, func(i int32) bool { return !named[i] }) {
					continue
				}
				checked[sp] = true
				if corpus.NamesExactlyLower(text, lower, []string{sp.lower}) {
					for _, i := range sp.persons {
						name(i)
					}
				}
			}
		}
		check(tb.byKey[""])
		for i := 0; i < len(lower); {
			if !isASCIILetter(rune(lower[i])) {
				i++
				continue
			}
			j := i
			for j < len(lower) && isASCIILetter(rune(lower[j])) {
				j++
			}
			if sps, ok := tb.byKey[lower[i:j]]; ok {
				check(sps)
			}
			i = j
		}
	}

	// Keep those a spelling matches as a phrase, as the search did, with
	// the first body paragraph it matches.
	r := docResult{sortKey: dateSortKey(d.Date)}
	if len(order) == 0 {
		r.doc = td
		return r
	}
	dt := tb.analyse(texts, intern)
	for _, i := range order {
		var e tableEntry
		text, span := firstMatch(dt, tb.spellings[i], bodyText)
		found := text >= 0
		if found {
			e.first, e.start, e.end = int32(d.Paragraphs[text-bodyText].N), int32(span.Start), int32(span.End)
		} else {
			text, _ = firstMatch(dt, tb.spellings[i], 0)
			found = text >= 0
		}
		if found {
			r.persons = append(r.persons, i)
			r.entries = append(r.entries, e)
		}
	}
	r.doc = td
	return r
}

// add adds a document's result.
func (tb *tableBuilder) add(r docResult) {
	di := int32(len(tb.t.docs))
	for k, i := range r.persons {
		e := r.entries[k]
		e.doc = di
		tb.entries[i] = append(tb.entries[i], e)
	}
	tb.t.docs = append(tb.t.docs, r.doc)
	tb.sortKeys = append(tb.sortKeys, r.sortKey)
}

// dateSortKey orders documents as who lists them: by date, undated last.
func dateSortKey(d corpus.Date) string {
	if d.IsZero() {
		return "9999-99-99"
	}
	return d.Time.Format(time.DateOnly)
}

// finish orders the documents by date and id, and counts the companions.
func (tb *tableBuilder) finish() *peopleTable {
	t := &tb.t
	order := make([]int32, len(t.docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(strings.Compare(tb.sortKeys[a], tb.sortKeys[b]), strings.Compare(t.docs[a].id, t.docs[b].id))
	})
	rank := make([]int32, len(order))
	docs := make([]tableDoc, len(order))
	for r, i := range order {
		rank[i] = int32(r)
		docs[r] = t.docs[i]
	}
	t.docs = docs
	counts := make([]tableCompanion, len(t.persons))
	var touched []int32
	for i := range t.persons {
		es := tb.entries[i]
		for k := range es {
			es[k].doc = rank[es[k].doc]
		}
		slices.SortFunc(es, func(a, b tableEntry) int { return cmp.Compare(a.doc, b.doc) })
		t.persons[i].entries = es
		for _, e := range es {
			for _, pc := range t.docs[e.doc].people {
				if pc.person == int32(i) {
					continue
				}
				c := &counts[pc.person]
				if c.docs == 0 {
					touched = append(touched, pc.person)
					c.person = pc.person
				}
				c.docs++
				c.mentions += pc.count
			}
		}
		top := make([]tableCompanion, 0, len(touched))
		for _, j := range touched {
			top = append(top, counts[j])
			counts[j] = tableCompanion{}
		}
		touched = touched[:0]
		t.persons[i].top = slices.Clip(t.topCompanions(top))
	}
	return t
}

// encode writes the table in its stored form.
func (t *peopleTable) encode() []byte {
	e := &encoder{buf: make([]byte, 0, 1<<16)}
	e.buf = append(e.buf, peopleMagic...)
	e.uvarint(uint64(len(t.docs)))
	for _, d := range t.docs {
		e.str(d.id)
		e.str(d.date)
		if d.dated {
			e.uvarint(1)
			e.varint(d.nanos)
		} else {
			e.uvarint(0)
		}
		e.str(d.lang)
		e.uvarint(uint64(len(d.people)))
		for _, pc := range d.people {
			e.uvarint(uint64(pc.person))
			e.uvarint(uint64(pc.count))
		}
	}
	e.uvarint(uint64(len(t.persons)))
	for _, p := range t.persons {
		e.str(p.name)
		// The entries, with their length in bytes, so that reading the
		// table skips them (see eachEntry).
		en := &encoder{}
		n, prev := 0, int32(0)
		_ = t.eachEntry(&p, func(te tableEntry) { // a table read was checked when read
			en.uvarint(uint64(te.doc - prev)) // sorted: deltas are small
			prev = te.doc
			en.uvarint(uint64(te.first))
			en.uvarint(uint64(te.start))
			en.uvarint(uint64(te.end - te.start))
			n++
		})
		e.uvarint(uint64(n))
		e.uvarint(uint64(len(en.buf)))
		e.buf = append(e.buf, en.buf...)
		e.uvarint(uint64(len(p.top)))
		for _, c := range p.top {
			e.uvarint(uint64(c.person))
			e.uvarint(uint64(c.docs))
			e.uvarint(uint64(c.mentions))
		}
	}
	return e.buf
}

// errBadTable says the stored person table does not decode.
var errBadTable = errors.New("the person table is corrupt")

// decodePeopleTable reads a table in its stored form. Its strings share
// raw's bytes.
func decodePeopleTable(raw []byte) (*peopleTable, error) {
	s, ok := strings.CutPrefix(string(raw), peopleMagic)
	if !ok {
		return nil, fmt.Errorf("%w: it does not start with %q", errBadTable, strings.TrimSpace(peopleMagic))
	}
	d := &decoder{s: s}
	t, err := decodeTable(d)
	if err == nil && d.pos != len(d.s) {
		err = fmt.Errorf("%d bytes left over", len(d.s)-d.pos)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadTable, err)
	}
	t.raw = s
	return t, nil
}

func decodeTable(d *decoder) (*peopleTable, error) {
	var err error
	// num reads an unsigned number below limit.
	num := func(limit uint64) int32 {
		if err != nil {
			return 0
		}
		var n uint64
		n, err = d.uvarint()
		if err == nil && n >= limit {
			err = fmt.Errorf("number %d out of range", n)
		}
		return int32(n)
	}
	length := func(min int) int {
		if err != nil {
			return 0
		}
		var n int
		n, err = d.length(min)
		return n
	}
	str := func() string {
		if err != nil {
			return ""
		}
		var s string
		s, err = d.str()
		return s
	}
	const maxN = 1 << 31
	t := &peopleTable{docs: make([]tableDoc, length(4))}
	for i := range t.docs {
		td := &t.docs[i]
		td.id, td.date = str(), str()
		td.dated = num(2) == 1
		if td.dated && err == nil {
			td.nanos, err = d.varint()
		}
		td.lang = str()
		td.people = make([]personCount, length(2))
		for k := range td.people {
			td.people[k] = personCount{person: num(maxN), count: num(maxN)}
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
	}
	t.persons = make([]tablePerson, length(3))
	t.byName = make(map[string]int, len(t.persons))
	for i := range t.persons {
		p := &t.persons[i]
		p.name = str()
		p.count = length(4)
		size := length(1)
		if err == nil && size < 4*p.count {
			err = fmt.Errorf("%d entries in %d bytes", p.count, size)
		}
		p.at = d.pos
		d.pos += size
		p.end = d.pos
		p.top = make([]tableCompanion, length(3))
		for k := range p.top {
			p.top[k] = tableCompanion{person: num(maxN), docs: num(maxN), mentions: num(maxN)}
		}
		if err != nil {
			return nil, fmt.Errorf("person %d: %w", i, err)
		}
		if _, dup := t.byName[p.name]; !dup {
			t.byName[p.name] = i
		}
	}
	if err != nil {
		return nil, err
	}
	// Every person a document or a companion refers to exists.
	for _, td := range t.docs {
		for _, pc := range td.people {
			if int(pc.person) >= len(t.persons) {
				return nil, fmt.Errorf("document %s names person %d of %d", td.id, pc.person, len(t.persons))
			}
		}
	}
	for _, p := range t.persons {
		for _, c := range p.top {
			if int(c.person) >= len(t.persons) {
				return nil, fmt.Errorf("person %s has companion %d of %d", p.name, c.person, len(t.persons))
			}
		}
	}
	return t, nil
}

// writePeopleTable builds the person table of the index in dir and writes
// it there.
func writePeopleTable(ctx context.Context, dir string, ids []string, people []corpus.Person) error {
	t, err := buildPeopleTable(ctx, dir, ids, people)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, peopleFile), t.encode(), 0o644); err != nil {
		return fmt.Errorf("person table: %w", err)
	}
	return nil
}

// readPeopleTable reads the person table of the index in dir; path names
// the index in messages. A table that does not decode is ErrDamaged.
func readPeopleTable(path, dir string) (*peopleTable, error) {
	raw, err := os.ReadFile(filepath.Join(dir, peopleFile))
	if aerr := accessError(path, err); aerr != nil {
		return nil, aerr
	}
	if err != nil {
		return nil, fmt.Errorf("%w: index at %s: read the person table: %w: rebuild it with `archivebot index`", ErrDamaged, path, err)
	}
	t, err := decodePeopleTable(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: index at %s: %w: rebuild it with `archivebot index`", ErrDamaged, path, err)
	}
	return t, nil
}
