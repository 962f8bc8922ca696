package index

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/archivebot/archivebot/corpus"
)

// lexiconKey is the internal key the lexicon is stored under.
const lexiconKey = "archivebot.lexicon"

// TitleEntry is a document title, for completion.
type TitleEntry struct {
	DocID string `json:"id"`
	Title string `json:"t"`
	// Date is the document date formatted to its precision.
	Date string `json:"d"`
}

// NameEntry is a person the archive names, for completion.
type NameEntry struct {
	// Name is the person's preferred spelling.
	Name string
	// Documents counts the documents that name the person.
	Documents int
}

// lexicon holds what users may type, loaded once when the index opens so
// that completion and name lookups need no search.
type lexicon struct {
	Titles []TitleEntry    `json:"titles"`
	People []corpus.Person `json:"people"`
}

// lexiconBuilder collects the lexicon while an index is built.
type lexiconBuilder struct {
	titles  []TitleEntry
	authors *corpus.AuthorityBuilder
	// people is the authority's list of people, once encode has built it.
	people []corpus.Person
}

func (lb *lexiconBuilder) add(d corpus.Document) {
	// Copies: d's strings share its file's text, which they would keep.
	lb.titles = append(lb.titles, TitleEntry{DocID: strings.Clone(d.ID), Title: strings.Clone(d.Title), Date: d.Date.String()})
	if lb.authors == nil {
		lb.authors = corpus.NewAuthorityBuilder()
	}
	lb.authors.Add(d)
}

func (lb *lexiconBuilder) encode() ([]byte, error) {
	lx := lexicon{Titles: lb.titles}
	if lb.authors != nil {
		lx.People = lb.authors.Build().People()
	}
	lb.people = lx.People
	raw, err := json.Marshal(lx)
	if err != nil {
		return nil, fmt.Errorf("encode lexicon: %w", err)
	}
	return raw, nil
}

// wordPrefix ranks how text matches what a user has typed: 2 when text
// starts with it, 1 when one of its words does, 0 when neither.
func wordPrefix(text, typed string) int {
	t := strings.ToLower(text)
	switch {
	case strings.HasPrefix(t, typed):
		return 2
	case strings.Contains(t, " "+typed):
		return 1
	}
	return 0
}

// Names returns up to limit people one of whose spellings, or a word of
// it, starts with prefix (ignoring case): names that start with it first,
// then the most documented.
func (ix *Index) Names(prefix string, limit int) []NameEntry {
	typed := strings.ToLower(strings.Join(strings.Fields(prefix), " "))
	type ranked struct {
		NameEntry
		rank int
	}
	var hits []ranked
	for _, p := range ix.lexicon.People {
		r := 0
		for _, v := range p.Variants {
			r = max(r, wordPrefix(v, typed))
		}
		if r > 0 || typed == "" {
			hits = append(hits, ranked{NameEntry{Name: p.Name, Documents: p.Documents}, r})
		}
	}
	slices.SortStableFunc(hits, func(a, b ranked) int {
		return cmp.Or(b.rank-a.rank, b.Documents-a.Documents)
	})
	out := make([]NameEntry, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.NameEntry)
	}
	return out
}

// Titles returns up to limit documents whose title, or one of its words,
// starts with prefix (ignoring case), those that start with it first; an
// id typed in full comes first of all.
func (ix *Index) Titles(prefix string, limit int) []TitleEntry {
	typed := strings.ToLower(strings.Join(strings.Fields(prefix), " "))
	type ranked struct {
		TitleEntry
		rank int
	}
	var hits []ranked
	for _, t := range ix.lexicon.Titles {
		r := wordPrefix(t.Title, typed)
		if strings.EqualFold(t.DocID, typed) {
			r = 3
		}
		if r > 0 || typed == "" {
			hits = append(hits, ranked{t, r})
		}
	}
	slices.SortStableFunc(hits, func(a, b ranked) int { return b.rank - a.rank })
	out := make([]TitleEntry, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.TitleEntry)
	}
	return out
}

// Person finds the person a name means, under any spelling the archive
// uses or the alias table knows (see corpus.Authority).
func (ix *Index) Person(name string) (corpus.Person, bool) {
	// who looks up every name of every document it shows; the answers
	// are remembered, up to maxPersonMemo names.
	if v, ok := ix.persons.Load(name); ok {
		h := v.(personHit)
		return h.person, h.ok
	}
	p, ok := ix.authority.Lookup(name)
	if ix.personMemo.Add(1) <= maxPersonMemo {
		// A clone: a name read from a document is part of the document's
		// stored bytes (see decodeDocument), which it would keep alive.
		ix.persons.Store(strings.Clone(name), personHit{p, ok})
	}
	return p, ok
}

// maxPersonMemo bounds the names Person remembers, since users type names too.
const maxPersonMemo = 50000

// personHit is a remembered answer of Person.
type personHit struct {
	person corpus.Person
	ok     bool
}

// ClosestPeople returns up to n people whose names are spelled most like
// name, for suggestions when nobody has that name.
func (ix *Index) ClosestPeople(name string, n int) []corpus.Person {
	return ix.authority.Closest(name, n)
}
