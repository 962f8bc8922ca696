package bot

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/index"
)

// openRetrievalArchive indexes the sample, the test archive and the
// paraphrase fixture (corpus/testdata/retrieval).
func openRetrievalArchive(t *testing.T) *Bot {
	t.Helper()
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/archive", "../corpus/testdata/retrieval")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return New(ix, Options{})
}

// TestQuoteInTheAskersWords asks for passages in other words than the
// text's: a missing word, numbers in words, a synonym, a name spelt
// another way, and words only the summary holds.
func TestQuoteInTheAskersWords(t *testing.T) {
	b := openRetrievalArchive(t)
	tests := []struct {
		name     string
		ask      string
		want     string // in the first three passages
		section  string // of the passage holding want
		partial  bool   // the headline says how close
		notFound bool
	}{
		{"all words still rank first", "quote friendship assured 10,000 years", "our friendship is assured for 10,000 years", "", false, false},
		{"a word the text lacks", "quote Castellan says friendship will last forever for 10,000 years", "our friendship is assured for 10,000 years", "", true, false},
		{"numbers in words find figures", "quote friendship assured for ten thousand years", "our friendship is assured for 10,000 years", "", false, false},
		{"the asker's verb of speaking is no word of the question", "quote Castellan remarks that our friendship is assured for 10,000 years", "our friendship is assured for 10,000 years", "", false, false},
		{"thesaurus: nuclear arms ban", "quote Varga wants a ban on nuclear arms", "prohibit atomic and thermonuclear weapons", "", false, false},
		{"the summary is searched and labelled", "quote harbour handed to a joint shipping company", "handed over to a joint shipping company", "summary", false, false},
		{"a known spelling widens the query", "quote Mao Tse-tung Kim", "Mao Zedong", "", false, false},
		{"one word of two is nothing found", "quote Castellan bury", "", "", false, true},
		{"auxiliaries are not words of the question", "quote Castellan we will bury you", "", "", false, true},
		{"a name the archive never mentions", "quote Castellan and Kowalczyk on the harbour shipping company", "", "", false, true},
		{"a capitalised word of the thesaurus is a name too", "quote Castellan and Khartoum on the harbour shipping company", "", "", false, true},
		{"an unknown adjective of place only describes", "quote Scandinavian harbour handed to a joint shipping company", "handed over to a joint shipping company", "summary", false, false},
		{"a weak share is nothing found", "quote Castellan zeppelin airship hangar balloon", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
			if tt.notFound {
				if r.Kind != KindNotFound || len(r.Citations) > 0 || len(r.Passages) > 0 {
					t.Fatalf("kind %s with %d passages (%s), want nothing found", r.Kind, len(r.Passages), r.Headline)
				}
				return
			}
			if r.Kind != KindAnswer {
				t.Fatalf("kind %s (%s), want an answer", r.Kind, r.Headline)
			}
			i := slices.IndexFunc(r.Passages, func(p Passage) bool { return strings.Contains(p.Text, tt.want) })
			if i < 0 {
				t.Fatalf("no passage holds %q: %+v", tt.want, r.Passages)
			}
			p := r.Passages[i]
			if p.Section != tt.section {
				t.Errorf("section %q, want %q", p.Section, tt.section)
			}
			if tt.section == "summary" && p.Paragraph != 0 {
				t.Errorf("a summary passage cites paragraph %d", p.Paragraph)
			}
			if got := strings.Contains(r.Headline, "words"); got != tt.partial {
				t.Errorf("headline %q: says how close = %v, want %v", r.Headline, got, tt.partial)
			}
			if tt.partial && (r.Passages[0].Of == 0 || r.Passages[0].Matched >= r.Passages[0].Of) {
				t.Errorf("first passage holds %d of %d words, want a partial count", r.Passages[0].Matched, r.Passages[0].Of)
			}
		})
	}
}

// TestCiteByDescription cites documents by words of their title and date
// as an asker writes them.
func TestCiteByDescription(t *testing.T) {
	b := openRetrievalArchive(t)
	tests := []struct {
		ask, want string // want: the id cited, "" for nothing found
	}{
		{"cite conversation Castellan Varga June 1959", "930001"},
		{"cite Castellan Varga record 1959", "930001"},
		{"cite talks on the Orinoco delta 1999", ""},
	}
	for _, tt := range tests {
		t.Run(tt.ask, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
			if tt.want == "" {
				if r.Kind != KindNotFound {
					t.Fatalf("kind %s (%s), want nothing found", r.Kind, r.Headline)
				}
				return
			}
			if len(r.Citations) != 1 || r.Citations[0].DocID != tt.want || r.Citations[0].Formatted == "" {
				t.Fatalf("cited %+v (%s), want %s", r.Citations, r.Headline, tt.want)
			}
		})
	}
}

func TestSplitDateWords(t *testing.T) {
	tests := []struct {
		in   string
		rest string
		d    dateWords
	}{
		{"Castellan memorandum November 1962", "Castellan memorandum", dateWords{year: 1962, month: 11, hasAnyDate: true}},
		{"notes 20 October 1956", "notes", dateWords{year: 1956, month: 10, day: 20, hasAnyDate: true}},
		{"the 18 countries", "the 18 countries", dateWords{}},
		{"may we cite", "may we cite", dateWords{}},
	}
	for _, tt := range tests {
		rest, d := splitDateWords(strings.Fields(tt.in))
		if strings.Join(rest, " ") != tt.rest || d != tt.d {
			t.Errorf("%q: %q %+v, want %q %+v", tt.in, rest, d, tt.rest, tt.d)
		}
	}
}

func TestNumberAlternatives(t *testing.T) {
	tests := []struct {
		in     string
		rest   string
		groups [][]string
	}{
		{"ten thousand years", "years", [][]string{{"ten thousand", "10000", "10,000"}}},
		{"two parties", "two parties", nil},
		{"twenty five divisions", "divisions", [][]string{{"twenty five", "25", "25"}}},
		{"three hundred tanks", "tanks", [][]string{{"three hundred", "300", "300"}}},
	}
	for _, tt := range tests {
		rest, groups := numberAlternatives(strings.Fields(tt.in))
		if strings.Join(rest, " ") != tt.rest || !slices.EqualFunc(groups, tt.groups, slices.Equal) {
			t.Errorf("%q: %q %q, want %q %q", tt.in, rest, groups, tt.rest, tt.groups)
		}
	}
}

// TestPassageQueryBudget keeps the widened query within the index's bounds.
func TestPassageQueryBudget(t *testing.T) {
	words := strings.Fields(strings.Repeat("nuclear arms treaty border war talks ", 6))
	c := call{args: args{page: 1}, archive: testArchive}
	for _, w := range words {
		c.args.tokens = append(c.args.tokens, token{text: w})
	}
	q := c.passageQuery(3)
	n := 0
	for _, g := range q.Alternatives {
		n += len(g)
	}
	if n > index.MaxTerms {
		t.Errorf("%d alternative phrases, over %d", n, index.MaxTerms)
	}
}

// TestWhenTimelineIsBounded keeps a broad when short.
func TestWhenTimelineIsBounded(t *testing.T) {
	b := openRetrievalArchive(t)
	r := b.Handle(context.Background(), Request{Text: "when Ostland", Platform: "test"})
	if r.Kind != KindAnswer {
		t.Fatalf("kind %s (%s)", r.Kind, r.Headline)
	}
	if len(r.Citations) > maxWhenDocs {
		t.Errorf("%d documents in one timeline, the most is %d", len(r.Citations), maxWhenDocs)
	}
	// The index reads only the documents the timeline cites: none of
	// them, and no event, may come from a hit that carries an id alone.
	cited := map[string]bool{}
	for _, c := range r.Citations {
		cited[c.DocID] = true
		if c.Title == "" || c.Text == "" {
			t.Errorf("citation of %s without its title or text: %+v", c.DocID, c)
		}
	}
	for _, e := range r.Timeline {
		if !cited[e.DocID] || e.Date == "" {
			t.Errorf("event %+v of a document the timeline does not cite", e)
		}
	}
	if !strings.Contains(r.Hint, "More documents match") {
		t.Errorf("hint %q: the question should find more documents than a timeline shows", r.Hint)
	}
}

func TestNameAlternatives(t *testing.T) {
	tests := []struct {
		in    string
		rest  string
		names []string // the first spelling of each group
	}{
		{"Mao Zedong Kim Il Sung visit Moscow", "visit Moscow", []string{"Mao Zedong", "Kim Il Sung"}},
		{"Mao Tse-tung visit", "visit", []string{"Mao Tse-tung"}},
		{"Mao Tse-tung's visit", "visit", []string{"Mao Tse-tung"}},
		{"Moscow talks", "Moscow talks", nil},
		{"the cotton harvest", "the cotton harvest", nil},
	}
	for _, tt := range tests {
		rest, groups := nameAlternatives(testArchive, strings.Fields(tt.in))
		var names []string
		for _, g := range groups {
			names = append(names, g[0])
		}
		if strings.Join(rest, " ") != tt.rest || !slices.Equal(names, tt.names) {
			t.Errorf("%q: rest %q, names %q; want %q, %q", tt.in, rest, names, tt.rest, tt.names)
		}
	}
}

func TestNeverMentionedHint(t *testing.T) {
	b := openRetrievalArchive(t)
	for _, ask := range []string{"quote Kowalczyk harbour", "when Kowalczyk harbour", "search Kowalczyk harbour", "cite Kowalczyk harbour record"} {
		r := b.Handle(context.Background(), Request{Text: ask, Platform: "test"})
		if r.Kind != KindNotFound || !strings.Contains(r.Hint, "never mentions \u201cKowalczyk\u201d") {
			t.Errorf("%s: %s %q, want nothing found and a hint naming Kowalczyk", ask, r.Kind, r.Hint)
		}
	}
}

// TestPassageQueryAsked: the asker's own words an excerpt looks for leave
// out the people the question names (widened to their spellings, which
// are the people's words) and the words that only frame the question;
// other capitalised words are the asker's own. The known people are
// marked for the index (index.Query.People), in the order the question
// names them.
func TestPassageQueryAsked(t *testing.T) {
	tests := []struct {
		in                  string
		own, notOwn, people []string
		marked              []string
	}{
		{"Peng Dehuai tells the Ostland farmers cotton exports grew",
			[]string{"farmer", "cotton", "export", "grew", "ostland"}, []string{"peng", "dehuai", "tell"}, []string{"peng", "dehuai"}, []string{"Peng Dehuai"}},
		{"Tomas Vrell tells Kim Il Sung about tariffs",
			[]string{"tariff"}, []string{"tomas", "vrell", "kim", "il", "sung"}, []string{"tomas", "vrell", "kim", "il", "sung"}, []string{"Tomas Vrell", "Kim Il Sung"}},
	}
	for _, tt := range tests {
		c := call{args: args{page: 1}, archive: testArchive}
		for _, w := range strings.Fields(tt.in) {
			c.args.tokens = append(c.args.tokens, token{text: w})
		}
		q, asked := c.passageQueryAsked(3)
		for _, w := range tt.own {
			if !asked.own[w] {
				t.Errorf("%q: own lacks %q: %v", tt.in, w, asked.own)
			}
		}
		for _, w := range tt.notOwn {
			if asked.own[w] {
				t.Errorf("%q: own holds %q: %v", tt.in, w, asked.own)
			}
		}
		for _, w := range tt.people {
			if !asked.people[matchKey(w)] {
				t.Errorf("%q: people lack %q: %v", tt.in, w, asked.people)
			}
		}
		if !slices.Equal(q.People, tt.marked) {
			t.Errorf("%q: People %q, want %q", tt.in, q.People, tt.marked)
		}
	}
}

// TestWhenShowsTheRecordsDateLine gives a record's own date line, with its
// hour, beside the archive's date of the document.
func TestWhenShowsTheRecordsDateLine(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), "../corpus/testdata/dates")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	r := New(ix, Options{}).Handle(context.Background(), Request{Text: "when Vrell talk with Ambassador Castellan", Platform: "test"})
	if r.Kind != KindAnswer {
		t.Fatalf("kind %s (%s)", r.Kind, r.Headline)
	}
	i := slices.IndexFunc(r.Timeline, func(e Event) bool { return e.Source == "document" && e.DocID == "900207" })
	if i < 0 {
		t.Fatalf("no date of document 900207 in %+v", r.Timeline)
	}
	if e := r.Timeline[i]; e.Evidence != "Time: 14 March 1971, 9:45 a.m." || e.Paragraph != 2 {
		t.Errorf("document row %+v, want its date line of paragraph 2", e)
	}
	// A heading's line with the hour, though no date line: a telegram's
	// "Rec'd:" line.
	r = New(ix, Options{}).Handle(context.Background(), Request{Text: "when the telegram from Ambassador Castellan to the Foreign Ministry", Platform: "test"})
	i = slices.IndexFunc(r.Timeline, func(e Event) bool { return e.Source == "document" && e.DocID == "900208" })
	if i < 0 || r.Timeline[i].Evidence != "Control: 4411 Rec'd: March 20, 1971 6:10 p.m." {
		t.Errorf("timeline %+v: want the telegram's Rec'd line beside its date", r.Timeline)
	}
	for _, e := range r.Timeline {
		if e.Source == "document" && e.DocID != "900207" && e.DocID != "900208" && e.Evidence != "" {
			t.Errorf("document %s shows %q: its heading holds no date line of its own date", e.DocID, e.Evidence)
		}
	}
}

// TestSynonymsOfCapitals: "US" in capitals is the country, "us" a pronoun.
func TestSynonymsOfCapitals(t *testing.T) {
	tests := []struct {
		word string
		want string // a word of its group, "" for none
	}{
		{"US", "american"},
		{"U.S.", "american"},
		{"U.S.A.", "washington"},
		{"us", ""},
		{"Us", ""},
		{"phone", "telephone"},
		{"causes", "reason"},
	}
	for _, tt := range tests {
		got := synonymsOf(tt.word)
		if tt.want == "" && got != nil || tt.want != "" && !slices.Contains(got, tt.want) {
			t.Errorf("synonymsOf(%q) = %q, want a group holding %q", tt.word, got, tt.want)
		}
	}
}

// TestDropFramingOfAChat: words that point at the source or hedge are no
// words of the question; two words always remain.
func TestDropFramingOfAChat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"since roughly when did the ambassadors leave", "since when the ambassadors leave"},
		{"per the summary what was Mikoyan saying", "the what Mikoyan"},
		{"according to Varga", "to Varga"},
		{"exactly according", "exactly according"},
	}
	for _, tt := range tests {
		if got := strings.Join(dropFraming(strings.Fields(tt.in)), " "); got != tt.want {
			t.Errorf("dropFraming(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
