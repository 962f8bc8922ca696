package index

import (
	"slices"
	"strings"

	"github.com/archivebot/archivebot/corpus"
)

// The scan of a document as it was before the scanner (commit 88e9342),
// kept as the reference the scanner must equal: it analyses every text of
// a document with the Bleve analyzer, and checks each candidate spelling
// against the whole text. TestScanMatchesReference compares the two,
// document by document.

// refDocTerms is a document's texts as the search sees them: the title (text
// 0), the summary (1) and the body paragraphs (2 on), each analysed once,
// with the term and the byte span at each position, and where each term
// occurs, in the order of the texts and positions.
type refDocTerms struct {
	terms [][]string
	spans [][]Span
	occ   map[string][]termAt
}

type termAt struct{ text, pos int32 }

// refAnalyse analyses texts; intern keeps one copy of each term.
func (tb *tableBuilder) refAnalyse(texts []string, intern map[string]string) refDocTerms {
	dt := refDocTerms{terms: make([][]string, len(texts)), spans: make([][]Span, len(texts)), occ: map[string][]termAt{}}
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

// refFirstMatch returns the text of dt, from text from on, where a spelling
// first matches as a phrase, and the span of its first word there (the
// earliest, when several spellings match in that text); text is -1 when
// none matches.
func refFirstMatch(dt refDocTerms, sps []*spelling, from int) (text int, span Span) {
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

// concurrent use, with lookups and intern its caller's own.
func (tb *tableBuilder) refScan(d corpus.Document, lookups map[string]int32, intern map[string]string) docResult {
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
	dt := tb.refAnalyse(texts, intern)
	for _, i := range order {
		var e tableEntry
		text, span := refFirstMatch(dt, tb.spellings[i], bodyText)
		found := text >= 0
		if found {
			e.first, e.start, e.end = int32(d.Paragraphs[text-bodyText].N), int32(span.Start), int32(span.End)
		} else {
			text, _ = refFirstMatch(dt, tb.spellings[i], 0)
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

// bodyText is the first body paragraph's text in refDocTerms.
const bodyText = 2
