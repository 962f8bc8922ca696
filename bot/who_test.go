package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// TestWhoPeopleFixtures asks who on the fictional records of
// corpus/testdata/people: spellings in other romanisations, a surname
// alone, roles as written, and the date of every document.
func TestWhoPeopleFixtures(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/people")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := New(ix, Options{})
	tests := []struct {
		name, ask string
		want      []string // in the headline or details
		wantNot   []string
	}{
		{"a surname nobody in the archive has", "who Dobrowsky",
			nil, nil},
		{"another romanisation of a known surname", "who Dobrowolsky",
			[]string{"Konstantin Dobrowolski in 2 documents", "Valdorian Marshal Konstantin Dobrowolski (March 3, 1958)", "March 3, 1958", "June 9, 1959"}, nil},
		{"given name and surname for initials and surname", "who Vladimir Fedyonov",
			[]string{"in 2 documents", "March 3, 1958", "June 9, 1959"}, nil},
		{"a name only the title gives, said to be there", "who Pavel Iurchenko",
			[]string{"Pavel Iurchenko in 1 document", "June 9, 1959: title"}, nil},
		{"a role after the name", "who Tomas Vrell",
			[]string{"Tomas Vrell, Minister of Trade of Valdoria (March 3, 1958)"}, nil},
		{"a known person only a title names, said to be there", "who Tomas Vrell",
			[]string{"Tomas Vrell in 2 documents", "February 2, 1960: title"}, nil},
		{"two people with one surname stay apart", "who Ivan Holub",
			[]string{"[Defense Minister] Ivan HOLUB"}, []string{"Marek"}},
		{"an office is no name", "who Ambassador", nil, nil},
		{"nor is an office of two words", "who Prime Minister", nil, nil},
		{"a label is no name", "who Those Taking Part", nil, nil},
		{"a surname two people have says so", "who Holub",
			[]string{"Several people are called Holub: Ivan HOLUB, Marek HOLUB"}, nil},
		{"a title before the name", "who Marshal Dobrowolsky",
			[]string{"Konstantin Dobrowolski in 2 documents"}, nil},
		{"titles of two words", "who Prime Minister Tomas Vrell",
			[]string{"Tomas Vrell in 2 documents"}, nil},
		{"a given name no record writes", "who Zdzisław Kowalczyk",
			[]string{"Kowalczyk in 1 document", "April 11, 1961", "No record names \u201cZdzisław Kowalczyk\u201d in full: these write Kowalczyk alone."}, nil},
		{"a given name the archive has is another person", "who Tomas Kowalczyk", nil, nil},
		{"a surname only written to open a sentence is no name", "who Menachem Begin", nil, nil},
		{"quote: a given name no record writes", "quote Zdzisław Kowalczyk turbines damaged on the river",
			[]string{"for \u201cKowalczyk turbines damaged on the river\u201d", "No record names \u201cZdzisław Kowalczyk\u201d in full: these write Kowalczyk alone."}, nil},
		{"when: a given name no record writes", "when Zdzisław Kowalczyk heard of the damaged turbines",
			[]string{"No record names \u201cZdzisław Kowalczyk\u201d in full"}, nil},
		{"quote: a sentence-opening word is no surname", "quote Menachem Begin the inspection at once", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
			text := r.Headline
			for _, d := range r.Details {
				text += "\n" + d.Label + ": " + d.Value
			}
			for _, m := range r.Mentions {
				text += "\n" + m.Name
			}
			text += "\n" + r.Hint
			if tt.want == nil {
				if r.Kind != KindNotFound {
					t.Errorf("%s: %s %q, want nothing found", tt.ask, r.Kind, r.Headline)
				}
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s: %q missing from\n%s", tt.ask, w, text)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("%s: %q in\n%s", tt.ask, w, text)
				}
			}
		})
	}
}

func TestSomeMentions(t *testing.T) {
	ms := []Mention{
		{Name: "A", Where: "title"}, {Name: "A", Where: "summary"},
		{Name: "A", Where: "body", Paragraph: 1}, {Name: "A", Where: "body", Paragraph: 2, Role: "Minister"},
		{Name: "A. B.", Where: "signature", Role: "AMBASSADOR"},
	}
	got := someMentions(ms, 3)
	var where []string
	for _, m := range got {
		where = append(where, fmt.Sprintf("%s/%d/%s", m.Where, m.Paragraph, m.Role))
	}
	want := "title/0/ body/2/Minister signature/0/AMBASSADOR"
	if strings.Join(where, " ") != want {
		t.Errorf("someMentions = %v, want %s", where, want)
	}
}

// countingArchive is the index, with the documents loaded and the
// searches asked for counted (the index may answer a search from its
// cache of results, without running one).
type countingArchive struct {
	*index.Index
	loaded   []string
	searches int
}

func (a *countingArchive) Paragraphs(ctx context.Context, q index.Query) (index.ParagraphResult, error) {
	a.searches++
	return a.Index.Paragraphs(ctx, q)
}

func (a *countingArchive) Documents(ctx context.Context, q index.Query) (index.DocumentResult, error) {
	a.searches++
	return a.Index.Documents(ctx, q)
}

func (a *countingArchive) Document(ctx context.Context, id string) (corpus.Document, error) {
	a.loaded = append(a.loaded, id)
	return a.Index.Document(ctx, id)
}

// TestWhoFromTable asks who of people the person table knows: no search
// runs, and only the documents of the page shown are loaded. Names the
// table does not cover are still searched.
func TestWhoFromTable(t *testing.T) {
	tests := []struct {
		name, ask string
		searched  bool
		loaded    []string
		page      *Page
		want      []string // in the headline or details
	}{
		{"first page", "who Tomas Vrell", false,
			[]string{"900001", "900002", "900004", "valdoria-trade-talks", "900012"},
			&Page{Number: 1, Of: 2, Total: 6, Next: "who Tomas Vrell page:2"},
			[]string{"Tomas Vrell in 6 documents", "Also named in: ", "(see the other pages)"}},
		{"second page", "who Tomas Vrell page:2", false, []string{"900005"},
			&Page{Number: 2, Of: 2, Total: 6, Prev: "who Tomas Vrell"},
			[]string{"Tomas Vrell in 6 documents", "Named in: "}},
		{"the roles of every document, on any page", "who Tomas Vrell page:2", false, nil, nil,
			[]string{"Tomas Vrell in 6 documents: Minister TOMAS VRELL (April 14, 1961)"}},
		{"a page past the last", "who Tomas Vrell page:3", false, nil,
			&Page{Number: 3, Of: 2, Total: 6, Prev: "who Tomas Vrell page:2"}, []string{"Tomas Vrell in 6 documents"}},
		{"a surname alone", "who Puzanov", false, []string{"115932"}, nil,
			[]string{"A. M. Puzanov in 1 document: SOVIET AMBASSADOR IN THE DPRK", "Spellings merged: "}},
		{"in lower case", "who tomas vrell page:2", false, []string{"900005"},
			&Page{Number: 2, Of: 2, Total: 6, Prev: "who tomas vrell"}, nil},
		{"filtered by date", "who Tomas Vrell to:1961-05", false, nil, nil, []string{"Tomas Vrell in "}},
		{"a spelling with initials, as typed", "who A. M. Puzanov", false, []string{"115932"}, nil,
			[]string{"A. M. Puzanov in 1 document"}},
		{"a spelling only the alias table knows is searched", "who Mao Tse-tung", true, nil, nil, []string{"Mao Zedong in "}},
		{"an unknown name is searched", "who Nobody Atall", true, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &countingArchive{Index: testArchive}
			before, _ := testArchive.SearchTime()
			r := New(a, Options{}).Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
			after, _ := testArchive.SearchTime()
			if searched := a.searches > 0; searched != tt.searched {
				t.Errorf("%s: searched %v (%d searches asked for), want %v", tt.ask, searched, a.searches, tt.searched)
			}
			if !tt.searched && after != before {
				t.Errorf("%s: %d searches ran", tt.ask, after-before)
			}
			if tt.searched {
				return
			}
			if tt.loaded != nil || tt.page != nil {
				if diff := cmp.Diff(tt.loaded, a.loaded); diff != "" {
					t.Errorf("%s: documents loaded (-want +got):\n%s", tt.ask, diff)
				}
				if diff := cmp.Diff(tt.page, r.Page); diff != "" {
					t.Errorf("%s: page (-want +got):\n%s", tt.ask, diff)
				}
			}
			if len(a.loaded) > whoDocsPerPage {
				t.Errorf("%s: %d documents loaded, more than a page", tt.ask, len(a.loaded))
			}
			text := r.Headline
			for _, d := range r.Details {
				text += "\n" + d.Label + ": " + d.Value
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s: %q missing from\n%s", tt.ask, w, text)
				}
			}
			assertVerbatim(t, r)
		})
	}
}

// searchOnly is the index without its person table, so who searches as
// it did before the table.
type searchOnly struct{ Archive }

// TestWhoTableAnswersAsSearch checks that who answers every person of the
// test archive from the table as it does by searching: the same reply,
// on the first and the second page, with and without filters.
func TestWhoTableAnswersAsSearch(t *testing.T) {
	people, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/people")
	if err != nil {
		t.Fatal(err)
	}
	defer people.Close()
	for _, ix := range []*index.Index{testArchive, people} {
		table, search := New(ix, Options{}), New(searchOnly{ix}, Options{})
		n := 0
		for _, e := range ix.Names("", 1000) {
			p, _ := ix.Person(e.Name)
			names := append([]string{p.Name}, p.Variants...)
			for _, v := range p.Variants {
				if f := strings.Fields(v); len(f) > 1 {
					names = append(names, f[len(f)-1])
				}
			}
			for _, name := range names {
				for _, filters := range []string{"", " page:2", " from:1958 to:1962"} {
					ask := "who " + name + filters
					want := search.Handle(context.Background(), Request{Text: ask, Platform: "test"})
					got := table.Handle(context.Background(), Request{Text: ask, Platform: "test"})
					got.Source, want.Source = nil, nil
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("%s: table's reply differs from the search's (-search +table):\n%s", ask, diff)
					}
					n++
				}
			}
		}
		if n < 30 {
			t.Errorf("only %d questions asked", n)
		}
	}
}

// TestTypedForm checks that corpus.TypedForm, with which the person table
// lists the spellings as typed, reads a name as the argument parser does.
func TestTypedForm(t *testing.T) {
	for _, name := range []string{"A. M. Puzanov", "PALVASSKA V. R.", "Kim Il-sung", "O'Brien, Ota", "Dr. Tomas Vrell (Minister)", "Ivo Marsek.", "Ota Zeman"} {
		a, err := parseArgs(name)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := corpus.TypedForm(name), a.text(); got != want {
			t.Errorf("TypedForm(%q) = %q, the parser reads %q", name, got, want)
		}
	}
}

// TestUnlistedMentions: where a search finds a name that the names read
// from a document lack (a title "between X and Y"), who says so, as
// written there, and still counts the body the search found it in.
func TestUnlistedMentions(t *testing.T) {
	tests := []struct {
		title, summary string
		want           []Mention
	}{
		{"Discussion between Mira Kostel and Jan Oravec", "", []Mention{{DocID: "9", Date: "1960", Name: "Jan Oravec", Where: "title", Count: 1}}},
		{"DISCUSSION WITH JAN ORAVEC", "Oravec and jan oravec met.", []Mention{
			{DocID: "9", Date: "1960", Name: "JAN ORAVEC", Where: "title", Count: 1},
			{DocID: "9", Date: "1960", Name: "jan oravec", Where: "summary", Count: 1},
		}},
		{"Letter from Jan Oravecz", "", nil},      // a longer name
		{"Talks with Jan Oravec Kostel", "", nil}, // run on into a longer one
		{"Talks with Jan Oravec, Kostel", "", []Mention{{DocID: "9", Date: "1960", Name: "Jan Oravec", Where: "title", Count: 1}}},
	}
	for _, tt := range tests {
		e := &whoEntry{id: "9", date: "1960", doc: corpus.Document{ID: "9", Title: tt.title, Summary: tt.summary}}
		if got := unlistedMentions(e, []string{"Jan Oravec"}); !slices.Equal(got, tt.want) {
			t.Errorf("%q / %q: %+v, want %+v", tt.title, tt.summary, got, tt.want)
		}
	}
	e := &whoEntry{id: "9", date: "1960", doc: corpus.Document{ID: "9", Title: "Talks with Jan Oravec"}}
	e.unlisted = unlistedMentions(e, []string{"Jan Oravec"})
	if got := namedIn(e, e.unlisted); got != "1960: title" {
		t.Errorf("namedIn = %q, want the title only", got)
	}
	e.first = &index.ParagraphHit{}
	if got := namedIn(e, e.unlisted); got != "1960: title, body" {
		t.Errorf("namedIn with a paragraph found = %q, want the title and the body", got)
	}
}

// TestWhoFamilyNameFirst finds a person the records name family name
// first ("Comrade Halász Ferenc") when asked given name first, with or
// without the letters' accents.
func TestWhoFamilyNameFirst(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "testdata/names")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := New(ix, Options{})
	for _, ask := range []string{"who Ferenc Halász", "who Ferenc Halasz", "who Halasz Ferenc"} {
		r := b.Handle(context.Background(), Request{Text: ask, Platform: "test"})
		if !strings.HasPrefix(r.Headline, "Halász Ferenc in 1 document: Halász Ferenc, head") {
			t.Errorf("%s: headline %q", ask, r.Headline)
		}
		if len(r.Passages) == 0 || r.Passages[0].Speaker != "Halász Ferenc" {
			t.Errorf("%s: passages %+v, want Halász Ferenc's words", ask, r.Passages)
		}
	}
	r := b.Handle(context.Background(), Request{Text: "who Ferenc Halász", Platform: "test"})
	if !strings.Contains(r.Hint, "The records write the family name first: Halász Ferenc.") {
		t.Errorf("hint %q", r.Hint)
	}
}

// TestWhoInitialsWrittenApart: a name asked with initials that the records
// write after the surname ("comrade Varenko, P.S.") is found by the
// surname; initials the records contradict are another person.
func TestWhoInitialsWrittenApart(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "testdata/names")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := New(ix, Options{})
	tests := []struct {
		ask   string
		found bool
	}{
		{"who P.S. Varenko", true},
		{"who P. S. Varenko", true},
		{"who P. Varenko", true},
		{"who K. Varenko", false},
		{"who K.L. Varenko", false},
	}
	for _, tt := range tests {
		r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
		if got := r.Kind == KindAnswer; got != tt.found {
			t.Errorf("%s: %s %q, want found=%v", tt.ask, r.Kind, r.Headline, tt.found)
			continue
		}
		if tt.found && (!strings.HasPrefix(r.Headline, "Varenko in 1 document") || !strings.Contains(r.Hint, "these name Varenko")) {
			t.Errorf("%s: headline %q, hint %q", tt.ask, r.Headline, r.Hint)
		}
	}
}

// TestWhoFamilyNamesInCapitals: a record writes "Osmundo VARGAS
// LLOSETA"; the first name in capitals is the surname. A given name
// spelt otherwise finds the person by the surname, with a note of how the
// records write the name.
func TestWhoFamilyNamesInCapitals(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "testdata/names")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := New(ix, Options{})
	for _, tt := range []struct{ ask, hint string }{
		{"who Vargas", ""},
		{"who VARGAS", ""},
		{"who Osmundo Vargas Lloseta", ""},
		{"who Emilo Tavora", "No record writes “Emilo Tavora” in that form: these name Emilio TAVORA."},
	} {
		r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
		if r.Kind != KindAnswer || !strings.Contains(r.Headline, " in 1 document") {
			t.Errorf("%s: %s %q", tt.ask, r.Kind, r.Headline)
			continue
		}
		if !strings.Contains(r.Hint, tt.hint) {
			t.Errorf("%s: hint %q, want %q", tt.ask, r.Hint, tt.hint)
		}
	}
}
