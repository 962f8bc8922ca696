package index

import (
	"unsafe"

	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/blevesearch/mmap-go"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
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
const peopleMagic = "archivebot people table 3\n"

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
	// Roles are the roles the documents give the person, as written with
	// the name ("Premier of the State Council of the PRC Zhou Enlai"), in
	// the order of the documents, at most MaxNamedRoles; only without
	// filters (a filtered page has its own documents' roles).
	Roles []NamedRole
}

// NamedRole is a role phrase and the dates (as Named's documents write
// them) of the first and the last document that give it.
type NamedRole struct {
	Phrase, First, Last string
}

// MaxNamedRoles bounds the roles the person table keeps of a person.
const MaxNamedRoles = 16

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
	var next []string // the next page's documents
	var counts map[int32]*tableCompanion
	if keep != nil {
		counts = map[int32]*tableCompanion{}
	}
	// Unfiltered, the count is the table's, and the entries after the
	// next page and the other dates are not read.
	enough := func() bool {
		return keep == nil && out.Total >= offset+2*limit && len(out.Others) >= others
	}
	err := t.eachEntry(p, func(e tableEntry) bool {
		d := &t.docs[e.doc]
		if keep != nil && !keep(d) {
			return true
		}
		n := out.Total
		out.Total++
		switch {
		case n >= offset && n < offset+limit:
			out.Docs = append(out.Docs, NamedDoc{DocID: d.id, Date: d.date, First: int(e.first), Match: Span{Start: int(e.start), End: int(e.end)}})
		case len(out.Others) < others:
			out.Others = append(out.Others, d.date)
		}
		if n >= offset+limit && n < offset+2*limit {
			next = append(next, d.id)
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
		return !enough()
	})
	if err != nil {
		return Named{}, fmt.Errorf("person %s: %w", name, err)
	}
	if keep == nil {
		out.Total = p.size()
	}
	// The caller loads the page's documents next: load them now, on
	// every core. The first page loads the second's with its own: from
	// the table it answers in well under a millisecond, before a load in
	// the background could finish, so a page turned at once would load
	// them itself. Later pages read the next one ahead in the background.
	// A document that fails to load fails again, with its error, when
	// asked for.
	if ix.bi != nil {
		load := make([]string, 0, len(out.Docs)+len(next))
		for _, nd := range out.Docs {
			load = append(load, nd.DocID)
		}
		if offset == 0 {
			load = append(load, next...)
		} else {
			ix.Prefetch(next)
		}
		_, _ = ix.loadDocuments(load)
	}
	if keep == nil {
		out.Companions = t.companionsOf(p.top)
		for _, r := range p.roles {
			out.Roles = append(out.Roles, NamedRole{Phrase: r.phrase, First: t.docs[r.first].date, Last: t.docs[r.last].date})
		}
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
	// raw is the stored form after peopleMagic, for a table read: the
	// mapped file's bytes (mapped), which its entries are read from.
	raw     string
	mapped  mmap.MMap
	docs    []tableDoc // oldest first, as who lists them
	persons []tablePerson
	byName  map[string]int
}

// eachEntry calls fn with each entry of p, in order, until fn returns
// false. A table read is checked as a whole when the index opens (the
// checksums, and the form of everything but the entries); a person's
// entries are checked here, as far as they are read, and entries that do
// not decode are ErrDamaged.
func (t *peopleTable) eachEntry(p *tablePerson, fn func(tableEntry) bool) error {
	if p.entries != nil || p.count == 0 {
		for _, e := range p.entries {
			if !fn(e) {
				break
			}
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
		if !fn(tableEntry{doc: int32(doc), first: int32(first), start: int32(start), end: int32(end)}) {
			return nil
		}
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
	// roles are the role phrases the documents give the person, in the
	// documents' order, at most MaxNamedRoles.
	roles []tableRole
}

// tableRole is a role phrase and the first and last documents giving it.
type tableRole struct {
	phrase      string
	first, last int32
}

// docRole is a role phrase one document gives a person.
type docRole struct {
	doc    int32
	phrase string
}

// size is the number of p's entries.
func (p *tablePerson) size() int {
	if p.entries != nil {
		return len(p.entries)
	}
	return p.count
}

type tableEntry struct{ doc, first, start, end int32 }

type tableCompanion struct{ person, docs, mentions int32 }

// filter returns the test of q's filters on a document, or nil when q has
// none. The tests are those of searchRequest.
func (t *peopleTable) filter(q Query) func(*tableDoc) bool {
	if !q.Filtered() {
		return nil
	}
	lang := normLanguage(q.Language)
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

// topCompanions returns the first NamedCompanions of companions in the
// order who shows them: those of a sort of cs, which it may reorder.
func (t *peopleTable) topCompanions(cs []tableCompanion) []tableCompanion {
	order := func(a, b tableCompanion) int {
		return cmp.Or(cmp.Compare(b.docs, a.docs), cmp.Compare(b.mentions, a.mentions),
			strings.Compare(t.persons[a.person].name, t.persons[b.person].name))
	}
	if top, ok := firstOf(cs, NamedCompanions, order); ok {
		return top
	}
	slices.SortFunc(cs, order)
	return cs[:min(len(cs), NamedCompanions)]
}

// firstOf returns the first k of s in the order cmp, without sorting s,
// when they do not depend on how s is sorted: when none of them is equal
// under cmp to another, nor to one left out. Otherwise ok is false (two
// people of the same name and counts).
func firstOf[T any](s []T, k int, cmp func(a, b T) int) (first []T, ok bool) {
	first = make([]T, 0, k+1)
	for _, x := range s {
		if len(first) == k && cmp(x, first[k-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(first, x, cmp)
		first = slices.Insert(first, i, x)
		first = first[:min(len(first), k)]
	}
	for i := 1; i < len(first); i++ {
		if cmp(first[i-1], first[i]) == 0 {
			return nil, false
		}
	}
	if len(first) == k {
		last, equal := first[k-1], 0
		for _, x := range s {
			if cmp(x, last) == 0 {
				equal++
			}
		}
		if equal > 1 {
			return nil, false
		}
	}
	return first, true
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
			sc := tb.newScanner()
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
				results[i] = sc.scan(d)
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
	// tokenizer and filters are an's.
	tokenizer analysis.Tokenizer
	filters   []analysis.TokenFilter
	t         peopleTable
	// spellings of each person, all the spellings (by their idx), and the
	// spellings by their first run of ASCII letters (lower case), or by ""
	// when they have none.
	spellings [][]*spelling
	all       []*spelling
	byKey     map[string][]*spelling
	sortKeys  []string // per document
	entries   [][]tableEntry
	roles     [][]docRole // per person, as the documents were added
}

// spelling is one way a person's name is written, with its terms as
// Bleve's phrase query sees them: terms[i] at position offset[i] from the
// first.
type spelling struct {
	text, lower string
	persons     []int32
	terms       []string
	offset      []int
	// idx numbers the spelling in tableBuilder.all; keyAt is where its
	// first run of ASCII letters starts in lower; ownLower says that
	// lower is its own lower case.
	idx      int
	keyAt    int
	ownLower bool
}

func newTableBuilder(people []corpus.Person) (*tableBuilder, error) {
	an, err := foldingEnglish(registry.NewCache())
	if err != nil {
		return nil, fmt.Errorf("person table: %w", err)
	}
	// The scanner runs the tokenizer on each text and the filters on each
	// distinct word alone, which gives the analyzer's tokens only when
	// each filter maps a token to at most one by its term alone. Those of
	// the text fields' analyzer do; another analyzer is a programming
	// error.
	da, ok := an.(*analysis.DefaultAnalyzer)
	if !ok || len(da.CharFilters) != 0 || slices.ContainsFunc(da.TokenFilters, func(f analysis.TokenFilter) bool { return !wordFilter(f) }) {
		return nil, fmt.Errorf("person table: analyzer %s is not the one the scanner knows", textAnalyzer)
	}
	tb := &tableBuilder{
		auth:      corpus.NewAuthority(people),
		an:        an,
		tokenizer: da.Tokenizer,
		filters:   da.TokenFilters,
		spellings: make([][]*spelling, len(people)),
		byKey:     map[string][]*spelling{},
		entries:   make([][]tableEntry, len(people)),
		roles:     make([][]docRole, len(people)),
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
				sp = &spelling{text: text, lower: strings.ToLower(text), idx: len(tb.all)}
				sp.terms, sp.offset = tb.phrase(text)
				sp.ownLower = strings.ToLower(sp.lower) == sp.lower
				byText[text] = sp
				tb.all = append(tb.all, sp)
				key := firstRun(strings.ToLower(text))
				sp.keyAt = strings.Index(sp.lower, key)
				tb.byKey[key] = append(tb.byKey[key], sp)
			}
			sp.persons = append(sp.persons, int32(i))
			tb.spellings[i] = append(tb.spellings[i], sp)
		}
	}
	return tb, nil
}

// wordFilter reports whether f is one of the text fields' token filters,
// which map one token to at most one, by its term alone.
func wordFilter(f analysis.TokenFilter) bool {
	switch f.(type) {
	case *en.PossessiveFilter, *lowercase.LowerCaseFilter, foldFilter, *stop.StopTokensFilter, *porter.PorterStemmer:
		return true
	}
	return false
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
	// roles are the role phrases the document gives people.
	roles []personRole
}

// personRole is a role phrase a document gives person.
type personRole struct {
	person int32
	phrase string
}

// noTerm is the term at a position without one: a stop word's, or none.
// Terms are numbered from 0, the empty term.
const noTerm = -1

// scanner reads what the table needs from documents, one at a time, for
// one worker of buildPeopleTable. It keeps what it learns from one
// document to the next: whom the names as written mean, and the term of
// each word it has cut.
//
// It finds what the search `who` ran before found, with less work:
//
//   - a spelling written as a whole name is looked for only where its first
//     run of letters is written (see nameWritten);
//   - the texts are analysed as Bleve's analyzer does (analyse): its
//     tokenizer cuts the words, and the filters, which take one word at a
//     time, run once per distinct word;
//   - the body paragraphs are analysed in order, only until each person
//     the document names has a first paragraph (the title and the summary
//     only for those without one), and the terms are numbers.
type scanner struct {
	tb      *tableBuilder
	lookups map[string]int32 // name as written -> person, or -1

	// named marks the people the document names, order lists them as
	// found.
	named []bool
	order []int32

	// words maps a word as the tokenizer cuts it to its term's number, or
	// noTerm when the filters drop it; terms numbers the terms, and
	// spTerms[sp.idx] are the numbers of a spelling's terms, once needed.
	words   map[string]int32
	terms   map[string]int32
	spTerms [][]int32

	// The text analysed last, its bytes, and the term and the span at
	// each position (positions start at 1), up to the last term.
	text  []byte
	at    []int32
	spans []Span

	// heads[t] are the spellings of the document's people whose first
	// term is t; touched are the t to clear.
	heads   [][]*spelling
	touched []int32

	// serial numbers the texts scanned. A spelling matched in the text
	// scanned last when matched[sp.idx] is its serial, first at
	// match[sp.idx]; checked says the same of nameWritten's whole-text
	// check.
	serial           int32
	matched, checked []int32
	match            []Span
}

func (tb *tableBuilder) newScanner() *scanner {
	return &scanner{
		tb:      tb,
		lookups: map[string]int32{},
		named:   make([]bool, len(tb.t.persons)),
		words:   map[string]int32{},
		terms:   map[string]int32{"": 0},
		spTerms: make([][]int32, len(tb.all)),
		matched: make([]int32, len(tb.all)),
		checked: make([]int32, len(tb.all)),
		match:   make([]Span, len(tb.all)),
	}
}

// scan reads what the table needs from the document d.
func (s *scanner) scan(d corpus.Document) docResult {
	tb := s.tb
	// Copies: d's strings share the whole decoded document, which the
	// table would otherwise keep, for every document of the index.
	td := tableDoc{id: strings.Clone(d.ID), date: d.Date.String(), lang: strings.Clone(normLanguage(d.OriginalLanguage))}
	if t := indexDate(d.Date); t != nil {
		td.dated, td.nanos = true, t.UnixNano()
	}
	defer s.reset()
	var roles []personRole
	for _, m := range d.People {
		i := tb.person(m.Name, s.lookups)
		if i < 0 {
			continue
		}
		s.name(i)
		if pr := (personRole{i, cmp.Or(m.Phrase, m.Role)}); m.Role != "" && !slices.Contains(roles, pr) {
			pr.phrase = strings.Clone(pr.phrase)
			roles = append(roles, pr)
		}
		j := slices.IndexFunc(td.people, func(pc personCount) bool { return pc.person == i })
		if j < 0 {
			td.people = append(td.people, personCount{person: i, count: 1})
		} else {
			td.people[j].count++
		}
	}
	// Spellings written as whole names, where no mention was read.
	s.nameWritten(d.Title)
	s.nameWritten(d.Summary)
	for _, p := range d.Paragraphs {
		s.nameWritten(p.Text)
	}

	// Keep those a spelling matches as a phrase, as the search did, with
	// the first body paragraph it matches: the earliest match in the
	// first paragraph any of their spellings matches.
	r := docResult{doc: td, sortKey: dateSortKey(d.Date), roles: roles}
	if len(s.order) == 0 {
		return r
	}
	for _, i := range s.order {
		for _, sp := range tb.spellings[i] {
			s.want(sp)
		}
	}
	entries := make([]tableEntry, len(s.order))
	found := make([]bool, len(s.order))
	pending := make([]int, len(s.order)) // indexes in s.order
	for k := range pending {
		pending[k] = k
	}
	for _, p := range d.Paragraphs {
		if len(pending) == 0 {
			break
		}
		s.matchText(p.Text)
		pending = slices.DeleteFunc(pending, func(k int) bool {
			span, ok := s.firstMatch(s.order[k])
			if ok {
				found[k] = true
				entries[k] = tableEntry{first: int32(p.N), start: int32(span.Start), end: int32(span.End)}
			}
			return ok
		})
	}
	// The title or the summary lists a document without a first paragraph.
	for _, text := range []string{d.Title, d.Summary} {
		if len(pending) == 0 {
			break
		}
		s.matchText(text)
		pending = slices.DeleteFunc(pending, func(k int) bool {
			_, found[k] = s.firstMatch(s.order[k])
			return found[k]
		})
	}
	for k, i := range s.order {
		if found[k] {
			r.persons = append(r.persons, i)
			r.entries = append(r.entries, entries[k])
		}
	}
	return r
}

// name marks person i as named by the document.
func (s *scanner) name(i int32) {
	if !s.named[i] {
		s.named[i] = true
		s.order = append(s.order, i)
	}
}

// someoneElse reports whether sp is the spelling of a person not yet
// named by the document.
func (s *scanner) someoneElse(sp *spelling) bool {
	return slices.ContainsFunc(sp.persons, func(i int32) bool { return !s.named[i] })
}

// reset forgets the document scanned.
func (s *scanner) reset() {
	for _, i := range s.order {
		s.named[i] = false
	}
	s.order = s.order[:0]
	for _, t := range s.touched {
		s.heads[t] = s.heads[t][:0]
	}
	s.touched = s.touched[:0]
}

// nameWritten marks the people of the spellings text writes as whole names
// (corpus.NamesExactly).
//
// A spelling written as a whole name has its first run of ASCII letters
// (its key, see firstRun) written as a run of its own in the text: the
// bytes on either side of the key are no ASCII letters, inside the
// spelling because the run is whole, outside because NamesExactlyAt says
// so. That holds when the lower case keeps every byte of the text at its
// offset (lowerKeepsOffsets), since NamesExactlyAt looks at the byte after
// the spelling in text. Then each run whose key a spelling has is the only
// place to look at. Otherwise, as for spellings without ASCII letters or
// whose lower case is not their own (strings.ToLower of sp.lower is not
// sp.lower), the whole text is searched for each spelling whose key it
// has.
func (s *scanner) nameWritten(text string) {
	tb := s.tb
	lower := strings.ToLower(text)
	s.serial++
	whole := func(sp *spelling) {
		if s.checked[sp.idx] == s.serial || !s.someoneElse(sp) {
			return
		}
		s.checked[sp.idx] = s.serial
		if corpus.NamesExactlyLower(text, lower, []string{sp.lower}) {
			for _, i := range sp.persons {
				s.name(i)
			}
		}
	}
	for _, sp := range tb.byKey[""] {
		whole(sp)
	}
	runs := lowerKeepsOffsets(text)
	for i := 0; i < len(lower); {
		if !isASCIILetter(rune(lower[i])) {
			i++
			continue
		}
		j := i
		for j < len(lower) && isASCIILetter(rune(lower[j])) {
			j++
		}
		for _, sp := range tb.byKey[lower[i:j]] {
			if !runs || !sp.ownLower {
				whole(sp)
				continue
			}
			at := i - sp.keyAt
			if at >= 0 && strings.HasPrefix(lower[at:], sp.lower) && s.someoneElse(sp) &&
				corpus.NamesExactlyAt(text, lower, at, at+len(sp.lower)) {
				for _, i := range sp.persons {
					s.name(i)
				}
			}
		}
		i = j
	}
}

// lowerKeepsOffsets reports whether each byte of s is at the same offset
// in strings.ToLower(s): s is valid UTF-8 and the lower case of each rune
// is as long as the rune.
func lowerKeepsOffsets(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || utf8.RuneLen(unicode.ToLower(r)) != n {
			return false
		}
		i += n
	}
	return true
}

// want makes sp one of the spellings matchText looks for.
func (s *scanner) want(sp *spelling) {
	if len(sp.terms) == 0 {
		return // all stop words: it matches nothing
	}
	ids := s.spTerms[sp.idx]
	if ids == nil {
		ids = make([]int32, len(sp.terms))
		for k, t := range sp.terms {
			ids[k] = s.termNumber(t)
		}
		s.spTerms[sp.idx] = ids
	}
	for len(s.heads) <= int(ids[0]) {
		s.heads = append(s.heads, nil)
	}
	h := s.heads[ids[0]]
	if slices.Contains(h, sp) {
		return
	}
	if len(h) == 0 {
		s.touched = append(s.touched, ids[0])
	}
	s.heads[ids[0]] = append(h, sp)
}

// matchText analyses text and finds where each spelling wanted first
// matches it as a phrase, as Bleve's phrase query matches: its terms at
// their offsets from the first. A stop word leaves a gap, which matches
// the empty term as in the search `who` ran before.
func (s *scanner) matchText(text string) {
	s.analyse(text)
	s.serial++
	for pos, t := range s.at {
		if t < 0 || int(t) >= len(s.heads) {
			continue
		}
		for _, sp := range s.heads[t] {
			if s.matched[sp.idx] == s.serial {
				continue // matched at an earlier position
			}
			ids := s.spTerms[sp.idx]
			ok := true
			for k := 1; k < len(ids) && ok; k++ {
				p := pos + sp.offset[k]
				ok = p < len(s.at) && (s.at[p] == ids[k] || s.at[p] == noTerm && ids[k] == 0)
			}
			if ok {
				s.matched[sp.idx] = s.serial
				s.match[sp.idx] = s.spans[pos]
			}
		}
	}
}

// firstMatch returns the span of the first word of the earliest match of
// a spelling of person i in the text matchText scanned last.
func (s *scanner) firstMatch(i int32) (Span, bool) {
	var span Span
	ok := false
	for _, sp := range s.tb.spellings[i] {
		if s.matched[sp.idx] != s.serial {
			continue
		}
		m := s.match[sp.idx]
		if !ok || m.Start < span.Start || m.Start == span.Start && m.End < span.End {
			span, ok = m, true
		}
	}
	return span, ok
}

// analyse analyses text as the analyzer of the text fields does, into
// s.at and s.spans. The tokenizer cuts the words (asciiWords does its
// work for a text in ASCII); the filters of a word run once, when the
// scanner first meets it (see newTableBuilder, which checks that they
// take one word at a time).
func (s *scanner) analyse(text string) {
	s.at, s.spans = append(s.at[:0], noTerm), append(s.spans[:0], Span{})
	last := 0
	if isASCII(text) {
		asciiWords(text, func(start, end int) {
			if s.word(text[start:end], len(s.at), start, end) {
				last = len(s.at) - 1
			}
		})
	} else {
		s.text = append(s.text[:0], text...) // the tokenizer does not change it
		for _, tk := range s.tb.tokenizer.Tokenize(s.text) {
			if s.word(string(tk.Term), tk.Position, tk.Start, tk.End) {
				last = tk.Position
			}
		}
	}
	s.at, s.spans = s.at[:last+1], s.spans[:last+1]
}

// word sets the term of the word at position pos, spanning [start, end)
// in its text, and reports whether it has one.
func (s *scanner) word(w string, pos, start, end int) bool {
	for len(s.at) <= pos {
		s.at, s.spans = append(s.at, noTerm), append(s.spans, Span{})
	}
	t, ok := s.words[w]
	if !ok {
		t = s.filter(w)
	}
	if t == noTerm {
		return false
	}
	s.at[pos], s.spans[pos] = t, Span{Start: start, End: end}
	return true
}

// filter runs the filters on word, and remembers its term. They look at
// the term alone (see wordFilter).
func (s *scanner) filter(word string) int32 {
	word = strings.Clone(word)
	ts := analysis.TokenStream{&analysis.Token{Term: []byte(word)}} // the filters change it in place
	for _, f := range s.tb.filters {
		ts = f.Filter(ts)
	}
	t := int32(noTerm)
	if len(ts) == 1 {
		t = s.termNumber(string(ts[0].Term))
	}
	s.words[word] = t
	return t
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiWords calls fn with the start and the end of each word that Bleve's
// tokenizer ("unicode": the word boundaries of Unicode's UAX #29, version
// 8.0, as github.com/blevesearch/segment implements them) cuts from text,
// which is ASCII, in order; it keeps the segments that are words and drops
// the others (spaces, punctuation).
//
// In ASCII, the classes of UAX #29 are: ALetter A-Z a-z, Numeric 0-9,
// ExtendNumLet _, MidLetter :, MidNum , ;, MidNumLet . and Single_Quote '
// (CR, LF, Newline, Double_Quote and the rest make no words). The
// segmenter takes the longest match at each place; a word is then the
// longest run of letters, digits and _ in which each : . , ; ' sits
// between two letters (: . ') or two digits (, ; . '), rules WB5 to WB13b;
// nothing else makes a word, so each other byte is a segment of its own.
// TestASCIIWords and FuzzASCIIWords compare it with the tokenizer.
func asciiWords(text string, fn func(start, end int)) {
	for i := 0; i < len(text); {
		if !wordByte(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) {
			c := text[j]
			if wordByte(c) {
				j++
				continue
			}
			if j+1 < len(text) && joins(c, text[j-1], text[j+1]) {
				j += 2 // the mark and the letter or digit after it
				continue
			}
			break
		}
		fn(i, j)
		i = j
	}
}

// wordByte reports whether c is a letter, a digit or _ (ExtendNumLet).
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// joins reports whether the mark c joins the bytes before and after it
// into one word: two letters (MidLetter, MidNumLet, Single_Quote) or two
// digits (MidNum, MidNumLet, Single_Quote).
func joins(c, before, after byte) bool {
	letters := isASCIILetter(rune(before)) && isASCIILetter(rune(after))
	digits := before >= '0' && before <= '9' && after >= '0' && after <= '9'
	switch c {
	case ':':
		return letters
	case ',', ';':
		return digits
	case '.', '\'':
		return letters || digits
	}
	return false
}

// termNumber returns the number of term, numbering it if new.
func (s *scanner) termNumber(term string) int32 {
	t, ok := s.terms[term]
	if !ok {
		t = int32(len(s.terms))
		s.terms[term] = t
	}
	return t
}

// add adds a document's result.
func (tb *tableBuilder) add(r docResult) {
	di := int32(len(tb.t.docs))
	for k, i := range r.persons {
		e := r.entries[k]
		e.doc = di
		tb.entries[i] = append(tb.entries[i], e)
	}
	for _, pr := range r.roles {
		tb.roles[pr.person] = append(tb.roles[pr.person], docRole{doc: di, phrase: pr.phrase})
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
	// The people are independent: each worker takes every nth.
	workers := max(1, min(runtime.GOMAXPROCS(0), len(t.persons)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			counts := make([]tableCompanion, len(t.persons))
			var touched []int32
			var top []tableCompanion
			for i := w; i < len(t.persons); i += workers {
				touched, top = tb.finishPerson(i, rank, counts, touched[:0], top[:0])
			}
		})
	}
	wg.Wait()
	return t
}

// finishPerson orders the entries of person i by the documents' rank and
// counts their companions; counts is all zero, and is again on return.
// touched and top are buffers, returned for the next person.
func (tb *tableBuilder) finishPerson(i int, rank []int32, counts []tableCompanion, touched []int32, top []tableCompanion) ([]int32, []tableCompanion) {
	t := &tb.t
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
	for _, j := range touched {
		top = append(top, counts[j])
		counts[j] = tableCompanion{}
	}
	// A copy: top is the buffer of every companion.
	t.persons[i].top = slices.Clip(slices.Clone(t.topCompanions(top)))
	t.persons[i].roles = rolesInOrder(tb.roles[i], rank)
	return touched, top
}

// rolesInOrder are the distinct role phrases of rs in the order of the
// documents' rank, each with its first and last document, at most
// MaxNamedRoles.
func rolesInOrder(rs []docRole, rank []int32) []tableRole {
	for k := range rs {
		rs[k].doc = rank[rs[k].doc]
	}
	slices.SortStableFunc(rs, func(a, b docRole) int { return cmp.Compare(a.doc, b.doc) })
	var out []tableRole
	for _, r := range rs {
		if i := slices.IndexFunc(out, func(t tableRole) bool { return t.phrase == r.phrase }); i >= 0 {
			out[i].last = r.doc
			continue
		}
		if len(out) < MaxNamedRoles {
			out = append(out, tableRole{phrase: r.phrase, first: r.doc, last: r.doc})
		}
	}
	return out
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
		_ = t.eachEntry(&p, func(te tableEntry) bool { // a table read was checked when read
			en.uvarint(uint64(te.doc - prev)) // sorted: deltas are small
			prev = te.doc
			en.uvarint(uint64(te.first))
			en.uvarint(uint64(te.start))
			en.uvarint(uint64(te.end - te.start))
			n++
			return true
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
		e.uvarint(uint64(len(p.roles)))
		for _, r := range p.roles {
			e.str(r.phrase)
			e.uvarint(uint64(r.first))
			e.uvarint(uint64(r.last - r.first))
		}
	}
	return e.buf
}

// errBadTable says the stored person table does not decode.
var errBadTable = errors.New("the person table is corrupt")

// decodePeopleTable reads a table in its stored form. Its strings share
// raw's bytes.
//
// The table reads its entries from raw as long as it lives, and raw must
// not change meanwhile: it is the mapped file (readPeopleTable). What the
// table keeps besides (ids, dates, names) are copies.
func decodePeopleTable(raw []byte) (*peopleTable, error) {
	s, ok := strings.CutPrefix(unsafe.String(unsafe.SliceData(raw), len(raw)), peopleMagic)
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
	// str reads a string, a copy: d's text is the mapped file.
	str := func() string {
		if err != nil {
			return ""
		}
		var s string
		s, err = d.str()
		return strings.Clone(s)
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
		p.roles = make([]tableRole, length(3))
		for k := range p.roles {
			r := &p.roles[k]
			r.phrase = str()
			r.first = num(uint64(len(t.docs)))
			r.last = r.first + num(uint64(len(t.docs))-uint64(r.first))
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
//
// The file is mapped into memory, read-only, not read into the heap: its
// entries (17 MiB at 10,000 documents, a third of a serving process's
// live heap when read) are decoded a person at a time when asked for, and
// the mapping is the page cache's. close unmaps it.
func readPeopleTable(path, dir string) (*peopleTable, error) {
	f, err := os.Open(filepath.Join(dir, peopleFile))
	if aerr := accessError(path, err); aerr != nil {
		return nil, aerr
	}
	if err != nil {
		return nil, fmt.Errorf("%w: index at %s: read the person table: %w: rebuild it with `archivebot index`", ErrDamaged, path, err)
	}
	defer f.Close()
	m, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: index at %s: read the person table: %w: rebuild it with `archivebot index`", ErrDamaged, path, err)
	}
	t, err := decodePeopleTable(m)
	if err != nil {
		_ = m.Unmap()
		return nil, fmt.Errorf("%w: index at %s: %w: rebuild it with `archivebot index`", ErrDamaged, path, err)
	}
	t.mapped = m
	return t, nil
}

// close releases the mapped file of a table read; the table must not be
// used after it.
func (t *peopleTable) close() error {
	if t == nil || t.mapped == nil {
		return nil
	}
	m := t.mapped
	t.mapped, t.raw = nil, ""
	if err := m.Unmap(); err != nil {
		return fmt.Errorf("person table: %w", err)
	}
	return nil
}
