package index

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/corpus/synth"
)

// scanCorpora are the archives the scanner is compared with the reference
// scan on: the fixtures, synthetic documents, and records made to catch
// the corners (possessives, stop words in names, names run on, capitals
// whose lower case is wider or narrower, Greek final sigma).
func scanCorpora(t *testing.T) map[string][]corpus.Document {
	t.Helper()
	corpora, err := parseScanCorpora()
	if err != nil {
		t.Fatal(err)
	}
	return corpora
}

// parseScanCorpora parses the scan's corpora once for all the tests.
var parseScanCorpora = sync.OnceValues(func() (map[string][]corpus.Document, error) {
	var err error
	walk := func(fsys fs.FS) []corpus.Document {
		var docs []corpus.Document
		if _, werr := corpus.Walk(context.Background(), fsys, func(d corpus.Document) error {
			docs = append(docs, d)
			return nil
		}); werr != nil && err == nil {
			err = werr
		}
		return docs
	}
	g := synth.New(1)
	gen := fstest.MapFS{}
	for i := range 40 {
		gen[g.FileName(i)] = &fstest.MapFile{Data: g.Document(i)}
	}
	date := corpus.Date{Time: day(1961, time.March, 1), Precision: corpus.PrecisionDay, Text: "March 1, 1961"}
	corners := []corpus.Document{
		{ID: "c1", Title: "The Hague talks: Kostel's visit", Summary: "KOSTEL and kostel, Mira Kostel’s aide and Mira Kostel＇s.", Date: date,
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "Nothing of note, but o'Brien and O'Brien met Mira Kostel Orlov."},
				{N: 3, Text: "Then the Hague and The Hague, Mira-Kostel, Mira Kostel-Orlov, Mira_Kostel, Kostel2 and Kostel."},
				{N: 4, Text: "A \u212aostel (Kelvin sign), \u0130lse Venn, ΣΟΦΙΑ ΒΕΝΝ, ẞtraße Venn, and Aldric Venn of the Ministry."},
			},
			People: []corpus.Mention{{Name: "Mira Kostel", Where: corpus.InTitle}, {Name: "Ilse Venn", Where: corpus.InBody, Paragraph: 3}}},
		{ID: "c2", Title: "Minutes", Date: date,
			Paragraphs: []corpus.Paragraph{
				{N: 1, Text: "Present: mira kostel, the Minister Aldric Venn and Sofia Venn."},
				{N: 2, Text: "\u212a. Venn and İlse Venn, then Aldric Venn Jr. and A. Venn."},
			},
			People: []corpus.Mention{{Name: "Aldric Venn", Where: corpus.InBody, Paragraph: 1}, {Name: "Σοφια Βενν", Where: corpus.InBody, Paragraph: 1}}},
		{ID: "c3", Title: "On Mira Kostel", Summary: "Named in the title and the summary only: Aldric Venn.",
			Paragraphs: []corpus.Paragraph{{N: 1, Text: "The note says nothing more."}, {N: 2, Text: ""}},
			People:     []corpus.Mention{{Name: "Mira Kostel", Where: corpus.InTitle}, {Name: "Nobody Known", Where: corpus.InTitle}}},
		// Names written where no mention was read: a surname starting with
		// a letter outside ASCII; a surname run on into a longer word
		// ("Kostelo"), which the search took for the name because the
		// Kelvin signs before it have a narrower lower case.
		{ID: "c4", Title: "Note", Date: date,
			Paragraphs: []corpus.Paragraph{{N: 1, Text: "Signed: Dr Ödell."}, {N: 2, Text: "Kostel-Orlov and \u212a\u212a\u212a\u212a , Kostelo."}},
			People:     []corpus.Mention{{Name: "Lena Ruske", Where: corpus.InSignature, Paragraph: 1}}},
		{ID: "c5", Title: "Letter from Édouard Ödell", Date: date,
			Paragraphs: []corpus.Paragraph{{N: 1, Text: "Édouard Ödell writes to Ilse Venn."}},
			People:     []corpus.Mention{{Name: "Édouard Ödell", Where: corpus.InTitle}, {Name: "Ilse Venn", Where: corpus.InBody, Paragraph: 1}}},
	}
	corpora := map[string][]corpus.Document{
		"test documents": testDocs(),
		"corners":        corners,
		"people":         walk(os.DirFS("../corpus/testdata/people")),
		"names":          walk(os.DirFS("../corpus/testdata/names")),
		"archive":        walk(os.DirFS("../corpus/testdata/archive")),
		"sample":         walk(corpus.Sample()),
		"synthetic":      walk(gen),
	}
	return corpora, err
})

// newTestTableBuilder returns the builder for the people of docs, as Build
// makes it.
func newTestTableBuilder(t *testing.T, docs []corpus.Document) *tableBuilder {
	t.Helper()
	var lb lexiconBuilder
	for _, d := range docs {
		lb.add(d)
	}
	if _, err := lb.encode(); err != nil {
		t.Fatal(err)
	}
	tb, err := newTableBuilder(lb.people)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestScanMatchesReference checks that the scanner takes from each
// document what the scan it replaced took (people_ref_test.go), and so
// that the table is the same. The order in which a document's people are
// found may differ; the table does not depend on it.
func TestScanMatchesReference(t *testing.T) {
	for name, docs := range scanCorpora(t) {
		t.Run(name, func(t *testing.T) {
			tb := newTestTableBuilder(t, docs)
			sc := tb.newScanner()
			lookups, intern := map[string]int32{}, map[string]string{}
			entries := 0
			type named struct {
				person int32
				entry  tableEntry
			}
			sorted := func(r docResult) []named {
				var out []named
				for k, i := range r.persons {
					out = append(out, named{i, r.entries[k]})
				}
				slices.SortFunc(out, func(a, b named) int { return cmp.Compare(a.person, b.person) })
				return out
			}
			for _, d := range docs {
				want, got := tb.refScan(d, lookups, intern), sc.scan(d)
				if diff := gocmp.Diff(want.doc, got.doc, gocmp.AllowUnexported(tableDoc{}, personCount{})); diff != "" || want.sortKey != got.sortKey {
					t.Errorf("%s: document (-reference +scanner):\n%s", d.ID, diff)
				}
				if diff := gocmp.Diff(sorted(want), sorted(got), gocmp.AllowUnexported(named{}, tableEntry{})); diff != "" {
					t.Errorf("%s: people (-reference +scanner):\n%s", d.ID, diff)
				}
				entries += len(want.persons)
			}
			if entries == 0 {
				t.Errorf("no document names anyone: the comparison shows nothing")
			}
		})
	}
}

// TestAnalyseMatchesAnalyzer checks that the scanner's analysis (the
// tokenizer, then the filters once per word) gives the term and the span
// at each position that Bleve's English analyzer gives.
func TestAnalyseMatchesAnalyzer(t *testing.T) {
	tricky := []string{
		"", "   ", "the of and", "Kostel's KOSTEL’S kostel＇s Kostel'", "O'Brien o’brien e.g. U.S.A. 3.5 1,000 a_b _ __init__",
		"ΣΟΦΙΑΣ Σ σ ς", "\u023a\u023aȺ Ⱦ Kostel", "\u212aostel İlse ẞ", "running runs ran generalizations",
		"Kim Il Sung 金日成 ひらがな カタカナ 한국어", "tab\tnew\nline\r\nend", "naïve café Zürich", "x\u0301y",
	}
	for name, docs := range scanCorpora(t) {
		t.Run(name, func(t *testing.T) {
			tb := newTestTableBuilder(t, docs)
			sc := tb.newScanner()
			texts := slices.Clone(tricky)
			for _, d := range docs[:min(len(docs), 10)] {
				texts = append(texts, d.Title, d.Summary)
				for _, p := range d.Paragraphs {
					texts = append(texts, p.Text)
				}
			}
			for _, text := range texts {
				want := tb.refAnalyse([]string{text}, map[string]string{})
				sc.analyse(text)
				byNumber := make([]string, len(sc.terms))
				for term, n := range sc.terms {
					byNumber[n] = term
				}
				got := make([]string, len(sc.at))
				spans := make([]Span, len(sc.at))
				for pos, n := range sc.at {
					if n != noTerm {
						got[pos], spans[pos] = byNumber[n], sc.spans[pos]
					}
				}
				if diff := gocmp.Diff(want.terms[0], got); diff != "" {
					t.Errorf("%q: terms by position (-analyzer +scanner):\n%s", text, diff)
				}
				if diff := gocmp.Diff(want.spans[0], spans); diff != "" {
					t.Errorf("%q: spans by position (-analyzer +scanner):\n%s", text, diff)
				}
			}
		})
	}
}

func TestLowerKeepsOffsets(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"", true},
		{"Mira KOSTEL", true},
		{"“Kostel” — naïve CAFÉ ΣΟΦΙΑ", true},
		{"\u212aostel", false}, // Kelvin sign: three bytes, lower case one
		{"\u0130lse", false},   // two bytes, lower case one
		{"\u023a", false},      // two bytes, lower case three
		{"ẞ", false},           // three bytes, lower case two
		{"bad \xff byte", false},
	}
	for _, tt := range tests {
		if got := lowerKeepsOffsets(tt.text); got != tt.want {
			t.Errorf("lowerKeepsOffsets(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// asciiWordsOf returns the spans of the words asciiWords cuts from text.
func asciiWordsOf(text string) []Span {
	var out []Span
	asciiWords(text, func(start, end int) { out = append(out, Span{Start: start, End: end}) })
	return out
}

// tokenizerWordsOf returns the spans of the words Bleve's tokenizer cuts
// from text, and checks that their positions count from 1.
func tokenizerWordsOf(t testing.TB, tb *tableBuilder, text string) []Span {
	var out []Span
	for k, tk := range tb.tokenizer.Tokenize([]byte(text)) {
		if tk.Position != k+1 {
			t.Fatalf("%q: word %d at position %d", text, k, tk.Position)
		}
		out = append(out, Span{Start: tk.Start, End: tk.End})
	}
	return out
}

// asciiSeeds are texts whose words UAX #29 cuts in every way it can.
var asciiSeeds = []string{
	"", " ", "a", "_", "__init__", "a_", "_a", "1", "a1", "1a", "a1b2", "e.g.", "U.S.A.", "a.b.c", "a..b", "a.", ".a",
	"don't", "'tis", "dogs'", "Kostel's", "o'clock", "a'1", "1'000", "1'a", "3.5", "3.5.", "1,000", "1,000.50", "1,a", "a,b",
	"1;2", "a;b", "a:b", "10:30", "a:1", "a_:b", "a:_b", "1_,2", "1,_2", "a._b", "x\"y", "a-b", "a--b", "a/b", "a\tb",
	"a\r\nb", "a\nb", "a\vb\fc", "a b  c", "(a)", "[1]", "#a", "@everyone", "a@b.c", "http://x.example/a_b?c=1&d=2",
	"The Hague, 1957: talks; Mr. Venn's 3.5% rise (U.K.) -- 1,000 tons.", "a.'b", "a'.b", "1.,2", "__", "_1_", "1_a",
}

func TestASCIIWords(t *testing.T) {
	tb := newTestTableBuilder(t, testDocs())
	texts := slices.Clone(asciiSeeds)
	for _, docs := range scanCorpora(t) {
		for _, d := range docs {
			texts = append(texts, d.Title, d.Summary)
			for _, p := range d.Paragraphs {
				texts = append(texts, p.Text)
			}
		}
	}
	ascii := 0
	for _, text := range texts {
		if !isASCII(text) {
			continue
		}
		ascii++
		if diff := gocmp.Diff(tokenizerWordsOf(t, tb, text), asciiWordsOf(text)); diff != "" {
			t.Errorf("%q: words (-tokenizer +asciiWords):\n%s", text, diff)
		}
	}
	if ascii < 1000 {
		t.Errorf("only %d texts in ASCII", ascii)
	}
}

func FuzzASCIIWords(f *testing.F) {
	for _, s := range asciiSeeds {
		f.Add(s)
	}
	tb, err := newTableBuilder(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i := range b {
			b[i] &= 0x7f // ASCII
		}
		text := string(b)
		if diff := gocmp.Diff(tokenizerWordsOf(t, tb, text), asciiWordsOf(text)); diff != "" {
			t.Errorf("%q: words (-tokenizer +asciiWords):\n%s", text, diff)
		}
	})
}

// TestTopCompanionsAsSorted checks that topCompanions gives the first of
// a sort of all the companions, with few and many of them, and with people
// of the same name and counts.
func TestTopCompanionsAsSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, names := range []int{3, 40, 5000} {
		for _, n := range []int{0, 1, 9, 10, 11, 30, 400} {
			t.Run(fmt.Sprintf("%d companions, %d names", n, names), func(t *testing.T) {
				tab := &peopleTable{persons: make([]tablePerson, 500)}
				for i := range tab.persons {
					tab.persons[i].name = fmt.Sprint("person ", r.IntN(names))
				}
				for range 20 {
					cs := make([]tableCompanion, n)
					for i := range cs {
						cs[i] = tableCompanion{person: int32(r.IntN(len(tab.persons))), docs: int32(r.IntN(5)), mentions: int32(r.IntN(8))}
					}
					want := slices.Clone(cs)
					slices.SortFunc(want, func(a, b tableCompanion) int {
						return cmp.Or(cmp.Compare(b.docs, a.docs), cmp.Compare(b.mentions, a.mentions),
							strings.Compare(tab.persons[a.person].name, tab.persons[b.person].name))
					})
					want = want[:min(n, NamedCompanions)]
					if diff := gocmp.Diff(want, tab.topCompanions(cs), gocmp.AllowUnexported(tableCompanion{})); diff != "" {
						t.Fatalf("(-sorted +topCompanions):\n%s", diff)
					}
				}
			})
		}
	}
}
