package index

import (
	"hash/maphash"
	"strings"
	"unicode"
)

// exactTitles finds documents by their whole title, for a `cite` typed
// with one: a lookup, not a search. Titles are compared by titleKey, so
// case, punctuation and spacing do not matter ("Record of a Conversation,
// 1 May" and "record of a conversation 1 may" are the same title). The
// table is built from the lexicon when the index opens (some 10 ms for
// 10,000 titles) and holds a hash per title, not the titles, which the
// lexicon already has.
type exactTitles struct {
	seed maphash.Seed
	// byHash maps a title key's hash to the indexes of the lexicon's
	// titles with it.
	byHash map[uint64][]int32
}

func newExactTitles(titles []TitleEntry) exactTitles {
	t := exactTitles{seed: maphash.MakeSeed(), byHash: make(map[uint64][]int32, len(titles))}
	for i, e := range titles {
		if k := titleKey(e.Title); k != "" {
			h := maphash.String(t.seed, k)
			t.byHash[h] = append(t.byHash[h], int32(i))
		}
	}
	return t
}

// titleKey is how titles are compared: lower case, words of letters and
// digits, one space between them.
func titleKey(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, " ")
}

// TitledExactly returns the documents whose title is title, ignoring
// case, punctuation and spacing, in the order they were indexed; none for
// a title of no words. The caller must not change the entries.
func (ix *Index) TitledExactly(title string) []TitleEntry {
	key := titleKey(title)
	if key == "" {
		return nil
	}
	t := &ix.exact
	var out []TitleEntry
	for _, i := range t.byHash[maphash.String(t.seed, key)] {
		// A hash can be shared by two titles: compare them.
		if e := ix.lexicon.Titles[i]; titleKey(e.Title) == key {
			out = append(out, e)
		}
	}
	return out
}
