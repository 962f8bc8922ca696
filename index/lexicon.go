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
	// Name is the spelling the documents use most.
	Name string `json:"n"`
	// Documents counts the documents that name the person.
	Documents int `json:"c"`
}

// lexicon holds what users may type, loaded once when the index opens so
// that completion needs no search.
type lexicon struct {
	Titles []TitleEntry `json:"titles"`
	Names  []NameEntry  `json:"names"`
}

// lexiconBuilder collects the lexicon while an index is built.
type lexiconBuilder struct {
	titles []TitleEntry
	names  map[string]*nameCount // by corpus.NameKey
}

type nameCount struct {
	spellings map[string]int
	docs      int
}

func (lb *lexiconBuilder) add(d corpus.Document) {
	lb.titles = append(lb.titles, TitleEntry{DocID: d.ID, Title: d.Title, Date: d.Date.String()})
	if lb.names == nil {
		lb.names = map[string]*nameCount{}
	}
	inDoc := map[string]bool{}
	for _, m := range d.People {
		key := corpus.NameKey(m.Name)
		if key == "" {
			continue
		}
		nc := lb.names[key]
		if nc == nil {
			nc = &nameCount{spellings: map[string]int{}}
			lb.names[key] = nc
		}
		nc.spellings[m.Name]++
		if !inDoc[key] {
			inDoc[key] = true
			nc.docs++
		}
	}
}

func (lb *lexiconBuilder) encode() ([]byte, error) {
	lx := lexicon{Titles: lb.titles}
	for _, nc := range lb.names {
		best := ""
		for s, n := range nc.spellings {
			if n > nc.spellings[best] || n == nc.spellings[best] && s < best {
				best = s
			}
		}
		lx.Names = append(lx.Names, NameEntry{Name: best, Documents: nc.docs})
	}
	slices.SortFunc(lx.Names, func(a, b NameEntry) int { return strings.Compare(a.Name, b.Name) })
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

// Names returns up to limit people whose name, or one of its words, starts
// with prefix (ignoring case): names that start with it first, then the
// most documented.
func (ix *Index) Names(prefix string, limit int) []NameEntry {
	typed := strings.ToLower(strings.Join(strings.Fields(prefix), " "))
	type ranked struct {
		NameEntry
		rank int
	}
	var hits []ranked
	for _, n := range ix.lexicon.Names {
		if r := wordPrefix(n.Name, typed); r > 0 || typed == "" {
			hits = append(hits, ranked{n, r})
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
