package bot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivebot/archivebot/bot/bottest"
	"github.com/archivebot/archivebot/corpus"
	"github.com/archivebot/archivebot/index"
)

// datesArchive is a real index of the sample and the fictional documents
// of corpus/testdata/dates, whose dates are of every kind a text states.
func datesArchive(t *testing.T) *index.Index {
	t.Helper()
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), filepath.Join("..", "corpus", "testdata", "dates"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// TestWhenFromEvents asks when through Handle, over the dated events of
// a real index: each answer's stated dates, how they were read and where,
// with the sentence they come from.
func TestWhenFromEvents(t *testing.T) {
	b := New(datesArchive(t), Options{})
	tests := []struct {
		name, ask string
		want      []string // Date | Stated | Reading | Place of the stated dates
		doc       string   // the date of a document in the timeline
		evidence  string   // in the first stated date's evidence
	}{
		{"a date only the summary states", "when Marsek answers Vrell's letter on the Orbek pass road",
			[]string{"September 11, 1963 | 11 September | read against the document's date: 11 September 1963 | the archive's summary"}, "September 28, 1963", "Marsek answers Vrell's 11 September letter"},
		{"the entry's date line, not the record's, for the entry and its today", "when State Secretary message of Minister Vrell",
			[]string{"October 3, 1970 | Today | read against the date line of its entry | paragraph 4", "October 3, 1970 | October 3, 1970 | date line of the entry | paragraph 3"}, "October 2, 1970", "Today I called on the State Secretary"},
		{"days without a year and yesterday", "when did the harbour office of Port Sarel cable",
			[]string{"November 2, 1968 | 2 November | read against the document's date: 2 November 1968 | paragraph 3", "November 4, 1968 | yesterday, 4 November | read against the document's date: 4 November 1968 | paragraph 3"}, "November 5, 1968", "On 2 November"},
		{"a list of days, not the next sentence's day", "when grain loaded while the river is open",
			[]string{"November 12, 1968 | November 12 and 19 | read against the document's date | paragraph 4", "November 19, 1968 | November 12 and 19 | read against the document's date | paragraph 4"}, "November 5, 1968", "while the river is open"},
		{"years ago", "when Ostland commission marked the river border",
			[]string{"1954 | four years ago | read against the document's date | paragraph 1"}, "May 15, 1958", "four years ago an Ostland commission"},
		{"an anniversary", "when festivities of the land reform",
			[]string{"1953 | fifth anniversary of the Valdorian land reform | read against the document's date | paragraph 3"}, "May 15, 1958", "festivities for the fifth anniversary"},
		{"the editor's insertion", "when was the regency dissolved",
			[]string{"March 1949 | mid-March 1949 | the editor's insertion | paragraph 4", "c. 1938 | about twenty years ago | read against the document's date | paragraph 4"}, "May 15, 1958", "[in mid-March 1949]"},
		{"an illegible month", "when the ministry studied the letter on the river border",
			[]string{"1960 | o(ctober 3, 1960 | month illegible, year only | paragraph 4"}, "September 8, 1961", "your letter of o(ctober 3, 1960"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
			if r.Kind != KindAnswer {
				t.Fatalf("%s: %s %q %q", tt.ask, r.Kind, r.Headline, r.Hint)
			}
			var got []string
			var first *Event
			docDate := false
			for i, e := range r.Timeline {
				switch e.Source {
				case "text":
					got = append(got, strings.Join([]string{e.Date, e.Stated, e.Reading(), e.Place()}, " | "))
					if first == nil {
						first = &r.Timeline[i]
					}
				case "document":
					docDate = docDate || e.Date == tt.doc
				}
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("timeline lacks %q; it has\n%s", w, strings.Join(got, "\n"))
				}
			}
			if !docDate {
				t.Errorf("timeline lacks the document's date %s: %+v", tt.doc, r.Timeline)
			}
			if first == nil || !strings.Contains(first.Evidence, tt.evidence) {
				t.Errorf("first stated date %+v lacks the evidence %q", first, tt.evidence)
			}
			if len(r.Citations) == 0 || len(r.Citations) > maxWhenDocs {
				t.Errorf("%d citations", len(r.Citations))
			}
		})
	}
}

// TestWhenFiltersAndUnknownNames: a date filter narrows the documents
// whose events are searched, and a name the archive never mentions is
// said so, with no timeline.
func TestWhenFiltersAndUnknownNames(t *testing.T) {
	b := New(datesArchive(t), Options{})
	tests := []struct {
		name, ask string
		kind      Kind
		docs      []string // the dates of the documents in the timeline; nil for none
		hint      string
	}{
		{"no filter", "when Marsek letter", KindAnswer, []string{"September 28, 1963"}, ""},
		{"outside the range", "when harbour office cabled from:1969", KindNotFound, nil, "Try fewer or different words"},
		{"inside the range", "when harbour office cabled from:1968 to:1969", KindAnswer, []string{"November 5, 1968"}, ""},
		{"unknown name", "when did Zebulon visit Lindmar", KindNotFound, nil, "never mentions \u201cZebulon\u201d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.Handle(context.Background(), Request{Text: tt.ask, Platform: "test"})
			if r.Kind != tt.kind {
				t.Fatalf("%s: %s %q %q", tt.ask, r.Kind, r.Headline, r.Hint)
			}
			if !strings.Contains(r.Hint, tt.hint) {
				t.Errorf("hint %q lacks %q", r.Hint, tt.hint)
			}
			var docs []string
			for _, e := range r.Timeline {
				if e.Source == "document" {
					docs = append(docs, e.Date)
				}
			}
			for _, d := range tt.docs {
				if !slices.Contains(docs, d) {
					t.Errorf("timeline's documents %q lack %s", docs, d)
				}
			}
			if tt.docs == nil && len(r.Timeline) > 0 {
				t.Errorf("a timeline with nothing found: %+v", r.Timeline)
			}
		})
	}
}

// datesDoc reads one fictional document of corpus/testdata/dates.
func datesDoc(t *testing.T, name string) corpus.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "corpus", "testdata", "dates", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// hitOn is a paragraph hit on paragraph n (0: the summary), matching the
// words of words.
func hitOn(t *testing.T, d corpus.Document, n int, words string) index.ParagraphHit {
	t.Helper()
	p := corpus.Paragraph{N: 0, Text: d.Summary}
	if n > 0 {
		p = d.Paragraphs[n-1]
	}
	h := index.ParagraphHit{Doc: d, Paragraph: p}
	for _, w := range strings.Fields(words) {
		at := strings.Index(p.Text, w)
		if at < 0 {
			t.Fatalf("%q not in paragraph %d of %s", w, n, d.Source)
		}
		h.Matches = append(h.Matches, span{Start: at, End: at + len(w)})
	}
	return h
}

// TestStatedDates tests the dates whenFromPassages takes from a passage.
func TestStatedDates(t *testing.T) {
	tests := []struct {
		name, file string
		paragraph  int
		word       string
		want       []string // Date | Stated | Reading | Place
		evidence   string   // in the first event's evidence
	}{
		{"a date only the summary states", "030_summary_date.txt", 0, "letter",
			[]string{"September 11, 1963 | 11 September | read against the document's date: 11 September 1963 | the archive's summary"}, "Marsek answers Vrell's 11 September letter"},
		{"the entry's date line, not the record's, for the entry and its today", "050_journal_entry.txt", 4, "State Secretary",
			[]string{"October 3, 1970 | Today | read against the date line of its entry | paragraph 4", "October 3, 1970 | October 3, 1970 | date line of the entry | paragraph 3"}, "Today I called on the State Secretary"},
		{"days without a year and yesterday", "010_politburo_days_without_year.txt", 3, "cabled",
			[]string{"November 2, 1968 | 2 November | read against the document's date: 2 November 1968 | paragraph 3", "November 4, 1968 | yesterday, 4 November | read against the document's date: 4 November 1968 | paragraph 3"}, "On 2 November"},
		{"a list of days", "010_politburo_days_without_year.txt", 4, "loaded",
			[]string{"November 12, 1968 | November 12 and 19 | read against the document's date | paragraph 4", "November 19, 1968 | November 12 and 19 | read against the document's date | paragraph 4"}, "while the river is open"},
		{"years ago", "040_relative_years.txt", 1, "commission",
			[]string{"1954 | four years ago | read against the document's date | paragraph 1"}, "four years ago an Ostland commission"},
		{"an anniversary", "040_relative_years.txt", 3, "festivities",
			[]string{"1953 | fifth anniversary of the Valdorian land reform | read against the document's date | paragraph 3"}, "festivities for the fifth anniversary"},
		{"the editor's insertion", "040_relative_years.txt", 4, "regency",
			[]string{"March 1949 | mid-March 1949 | the editor's insertion | paragraph 4", "c. 1938 | about twenty years ago | read against the document's date | paragraph 4"}, "[in mid-March 1949]"},
		{"an illegible month", "060_illegible_month.txt", 4, "ministry",
			[]string{"1960 | o(ctober 3, 1960 | month illegible, year only | paragraph 4"}, "your letter of o(ctober 3, 1960"},
		{"a heading that states no date: the dated sentence sharing its words", "060_illegible_month.txt", 2, "Letter Marsek",
			[]string{"1960 | o(ctober 3, 1960 | month illegible, year only | paragraph 4"}, "your letter of o(ctober 3, 1960"},
		{"one shared word is not enough", "060_illegible_month.txt", 2, "Tomas", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := datesDoc(t, tt.file)
			es := statedDates(hitOn(t, d, tt.paragraph, tt.word))
			var got []string
			for _, e := range es {
				got = append(got, strings.Join([]string{e.Date, e.Stated, e.Reading(), e.Place()}, " | "))
				if e.Source != "text" || e.DocID != d.ID {
					t.Errorf("event %+v is not a stated date of %s", e, d.ID)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("statedDates\n got %q\nwant %q", got, tt.want)
			}
			if len(es) > 0 && !strings.Contains(es[0].Evidence, tt.evidence) {
				t.Errorf("evidence %q lacks %q", es[0].Evidence, tt.evidence)
			}
		})
	}
}

// TestWhenFallsBackToPassages: words that no dated event holds, but a
// passage does, still get the dates of the passages' documents rather
// than "nothing matches".
func TestWhenFallsBackToPassages(t *testing.T) {
	b := New(datesArchive(t), Options{})
	r := b.Handle(context.Background(), Request{Text: "when scan of the original", Platform: "test"})
	if r.Kind != KindAnswer {
		t.Fatalf("%s %q %q", r.Kind, r.Headline, r.Hint)
	}
	if len(r.Timeline) != 1 || r.Timeline[0].Source != "document" || r.Timeline[0].Date != "September 8, 1961" {
		t.Errorf("timeline %+v, want the date of the scanned letter only", r.Timeline)
	}
	if !strings.Contains(r.Hint, "state no date of their own") {
		t.Errorf("hint %q", r.Hint)
	}
}

func TestTimelineOrdersAndDropsRepeats(t *testing.T) {
	entry := Event{Date: "October 3, 1970", Sort: "1970-10-03", Stated: "October 3, 1970", Source: "text", Dateline: true, DocID: "9", Paragraph: 3}
	doc := Event{Date: "October 2, 1970", Sort: "1970-10-02", Stated: "October 2, 1970", Source: "document", DocID: "9"}
	got := timeline([]Event{entry, doc, entry})
	if len(got) != 2 || got[0].Source != "document" || got[1] != entry {
		t.Errorf("timeline = %+v, want the document's date, then the entry's once", got)
	}
}

// TestWhenTimelineFitsAMessage: a question matched by more dated passages
// than a message holds gets the best maxWhenStated of them, and a hint.
func TestWhenTimelineFitsAMessage(t *testing.T) {
	ix, err := bottest.OpenArchive(context.Background(), t.TempDir(), filepath.Join("testdata", "timeline"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	r := New(ix, Options{}).Handle(context.Background(), Request{Text: "when did the keeper relight the lighthouse lamp", Platform: "test"})
	if r.Kind != KindAnswer {
		t.Fatalf("%s: %s", r.Kind, r.Headline)
	}
	stated := 0
	for _, e := range r.Timeline {
		if e.Source == "text" {
			stated++
		}
	}
	if stated != maxWhenStated {
		t.Errorf("%d stated dates, want %d (of 12)", stated, maxWhenStated)
	}
	if !strings.Contains(r.Hint, fmt.Sprintf("the best %d", maxWhenStated)) {
		t.Errorf("hint %q does not say the timeline is cut", r.Hint)
	}
}

// TestResolvedDay writes a day read from relative words as the record
// writes its days.
func TestResolvedDay(t *testing.T) {
	day := func(y int, m time.Month, d int) corpus.Date {
		return corpus.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	}
	dayFirst := corpus.Document{Dates: []corpus.DateMention{{Text: "28 August 1962", Date: day(1962, 8, 28)}}}
	monthFirst := corpus.Document{Dates: []corpus.DateMention{{Text: "August 28, 1962", Date: day(1962, 8, 28)}}}
	tests := []struct {
		name string
		doc  corpus.Document
		m    corpus.DateMention
		want string
	}{
		{"yesterday in a record that writes days first", dayFirst, corpus.DateMention{Text: "yesterday", Date: day(1962, 8, 27), Relative: true}, "27 August 1962"},
		{"yesterday in a record that writes months first", monthFirst, corpus.DateMention{Text: "yesterday", Date: day(1962, 8, 27), Relative: true}, ""},
		{"the words' own order wins", monthFirst, corpus.DateMention{Text: "9 December", Date: day(1981, 12, 9), Relative: true}, "9 December 1981"},
		{"a correction", dayFirst, corpus.DateMention{Text: "12 September [sic; November] 1957", Date: day(1957, 11, 12), Corrected: true}, "12 November 1957"},
		{"a day stated whole needs nothing", dayFirst, corpus.DateMention{Text: "28 August 1962", Date: day(1962, 8, 28)}, ""},
		{"a year is no day", dayFirst, corpus.DateMention{Text: "last year", Date: corpus.Date{Time: time.Date(1961, 1, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionYear}, Relative: true}, ""},
	}
	for _, tt := range tests {
		if got := resolvedDay(tt.doc, tt.m); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestOpeningDateline finds the heading's line that dates the record.
func TestOpeningDateline(t *testing.T) {
	day := func(y int, m time.Month, d int) corpus.Date {
		return corpus.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	}
	long := strings.Repeat("The talks went on. ", 15)
	doc := func(paras []string, dates []corpus.DateMention) corpus.Document {
		d := corpus.Document{Date: day(1958, 4, 19), Dates: dates}
		for i, p := range paras {
			d.Paragraphs = append(d.Paragraphs, corpus.Paragraph{N: i + 1, Text: p})
		}
		return d
	}
	tests := []struct {
		name string
		doc  corpus.Document
		n    int
		line string
	}{
		{"the day's date line", doc([]string{"Record", "Lindmar, 19 April 1958", long},
			[]corpus.DateMention{{Text: "19 April 1958", Date: day(1958, 4, 19), Dateline: true, Paragraph: 2, Start: 9, End: 22}}), 2, "Lindmar, 19 April 1958"},
		{"a heading line with the hour", doc([]string{"Control: 6596 Rec'd: April 19, 1958 4:20 p.m.", long},
			[]corpus.DateMention{{Text: "April 19, 1958", Date: day(1958, 4, 19), Paragraph: 1, Start: 21, End: 35}}), 1, "Control: 6596 Rec'd: April 19, 1958 4:20 p.m."},
		{"a heading line with the hour, in characters that take several bytes", doc([]string{"From…Lindmar……sent on 19.04.58 at 11:00 hours……received 19.04.58 17:40 hours…", long},
			[]corpus.DateMention{{Text: "19.04.58", Date: day(1958, 4, 19), Paragraph: 1, Start: len("From…Lindmar……sent on "), End: len("From…Lindmar……sent on 19.04.58")}}), 1,
			"From…Lindmar……sent on 19.04.58 at 11:00 hours……received 19.04.58 17:40 hours…"},
		{"a date line of another day, when the heading has none of its own", doc([]string{"From the Diary", "5 April 1958", long},
			[]corpus.DateMention{{Text: "5 April 1958", Date: day(1958, 4, 5), Dateline: true, Paragraph: 2}}), 2, "5 April 1958"},
		{"a line of the date alone says nothing more", doc([]string{"Record", "19 April 1958", long},
			[]corpus.DateMention{{Text: "19 April 1958", Date: day(1958, 4, 19), Dateline: true, Paragraph: 2, Start: 0, End: 13}}), 0, ""},
		{"a title line that repeats the date is none", doc([]string{"Working Notes of the Session on 19 April 1958", long},
			[]corpus.DateMention{{Text: "19 April 1958", Date: day(1958, 4, 19), Paragraph: 1}}), 0, ""},
		{"a date line in the body is none", doc([]string{long, "Lindmar, 19 April 1958"},
			[]corpus.DateMention{{Text: "19 April 1958", Date: day(1958, 4, 19), Dateline: true, Paragraph: 2}}), 0, ""},
	}
	for _, tt := range tests {
		if n, line := openingDateline(tt.doc); n != tt.n || line != tt.line {
			t.Errorf("%s: %d %q, want %d %q", tt.name, n, line, tt.n, tt.line)
		}
	}
}

// TestFitEvidence: a timeline whose sentences are longer together than
// maxTimelineEvidence shows each cut around its date, verbatim; a short
// one is left whole.
func TestFitEvidence(t *testing.T) {
	long := "The keeper wrote in the log that the lamp of the lighthouse on the northern cape was lit again after the storm had passed, on 14 March 1931, and that the"
	long += strings.Repeat(" supply boat came late and the oil ran low", 6) + "."
	ending := strings.Repeat("The harbour master and his clerk counted the barrels twice over ", 4) + "in 1932."
	event := func(stated, evidence string) Event {
		return Event{Source: "text", Stated: stated, Evidence: evidence, DocID: "9", Paragraph: 2}
	}
	tests := []struct {
		name   string
		events []Event
		whole  bool
	}{
		{"short timeline", []Event{event("14 March 1931", long), event("1932", ending)}, true},
		{"many long sentences", []Event{
			event("14 March 1931", long), event("1932", ending), event("14 March 1931", long),
			event("1932", ending), event("14 March 1931", long), event("1932", ending),
			event("14 March 1931", long), event("1932", ending),
			{Source: "document", Stated: "March 15, 1931", Evidence: "Lighthouse Station, 15 March 1931, 6 a.m."},
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.events)
			got := fitEvidence(slices.Clone(tt.events))
			total := 0
			for i, e := range got {
				total += len(e.Evidence)
				if tt.whole || e.Source != "text" {
					if e.Evidence != in[i].Evidence {
						t.Errorf("event %d cut to %q, want it whole", i, e.Evidence)
					}
					continue
				}
				if !strings.Contains(in[i].Evidence, e.Evidence) || !strings.Contains(e.Evidence, e.Stated) {
					t.Errorf("event %d: %q is not a verbatim part of its sentence holding %q", i, e.Evidence, e.Stated)
				}
				if e.Stated == "1932" && (!strings.HasSuffix(e.Evidence, "in 1932.") || len(e.Evidence) < 100) {
					t.Errorf("event %d: %q does not keep the words before its date", i, e.Evidence)
				}
			}
			if !tt.whole && total > maxTimelineEvidence {
				t.Errorf("evidence is %d bytes in all, over %d", total, maxTimelineEvidence)
			}
		})
	}
}

// TestPassageEntry: a passage under a journal entry's date line of
// another day than the document's says which entry it stands in.
func TestPassageEntry(t *testing.T) {
	day := func(d int) corpus.Date {
		return corpus.Date{Time: time.Date(1956, 3, d, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	}
	doc := corpus.Document{Date: day(14), Paragraphs: []corpus.Paragraph{
		{N: 1, Text: "Journal of the Ambassador"}, {N: 2, Text: "7 March 1956"},
		{N: 3, Text: "I visited the Minister at his request."}, {N: 4, Text: "14 March 1956"},
		{N: 5, Text: "The Minister returned my call."},
	}, Dates: []corpus.DateMention{
		{Text: "7 March 1956", Date: day(7), Dateline: true, Paragraph: 2},
		{Text: "14 March 1956", Date: day(14), Dateline: true, Paragraph: 4},
	}}
	tests := []struct {
		n     int
		entry string
		place string
	}{
		{1, "", "paragraph 1"},
		{3, "7 March 1956", "paragraph 3, in the entry of “7 March 1956”"},
		{5, "", "paragraph 5"}, // the entry of the document's own day
	}
	for _, tt := range tests {
		p := Passage{Paragraph: tt.n, Entry: entryLine(doc, tt.n)}
		if p.Entry != tt.entry || p.Place() != tt.place {
			t.Errorf("paragraph %d: entry %q, place %q; want %q, %q", tt.n, p.Entry, p.Place(), tt.entry, tt.place)
		}
	}
}
